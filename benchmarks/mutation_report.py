"""Write the mutation report from the modules' mutmut folders (run by benchmarks/mutation.sh).

For each module folder under ``--work`` (one ``mutmut run`` each) it reads mutmut's result
files (``mutants/**/*.py.meta``: an exit status per mutant) into a record kept in the
repository (``benchmarks/results/mutation/MODULE.json``), and writes the report from every
record: killed and surviving mutants, and each survivor as a diff, unless
``benchmarks/mutation_equivalent.txt`` lists it as equivalent (the same behaviour as the
original: no test can kill it), with its reason. The score is killed / all mutants, so a
mutant no test reaches counts against it; "score without equivalents" leaves those out.

    python benchmarks/mutation_report.py --work mutation-work --out benchmarks/results/mutation.md
"""

from __future__ import annotations

import argparse
import json
import ast
import difflib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

HERE = Path(__file__).resolve().parent
KILLED = {"killed", "timeout", "caught by type check", "segfault"}


def equivalents(path: Path) -> dict[str, str]:
    """``mutant name | reason`` lines (``#`` starts a comment) as a dict."""
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, reason = line.partition("|")
                out[name.strip()] = reason.strip()
    return out


def statuses(module_dir: Path) -> dict[str, str]:
    """Every mutant of the module with its status (killed, survived, no tests, ...).

    mutmut forgets the other mutants' results when it is given names to re-test, so the
    results are also kept in ``results.json`` beside ``mutants/``: a re-tested mutant's new
    status replaces its old one, the others keep theirs. The first complete run is kept as
    ``first.json``, the score before any test was added for it.
    """
    kept_path = module_dir / "results.json"
    kept = json.loads(kept_path.read_text(encoding="utf-8")) if kept_path.exists() else {}
    for meta in sorted((module_dir / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            status = status_by_exit_code[code]
            if status != "not checked" or name not in kept:
                kept[name] = status
    kept_path.write_text(json.dumps(kept, indent=0, sort_keys=True), encoding="utf-8")
    first = module_dir / "first.json"
    if not first.exists() and kept and "not checked" not in kept.values():
        first.write_text(json.dumps(kept, indent=0, sort_keys=True), encoding="utf-8")
    return kept


def first_score(module_dir: Path) -> str:
    """Killed share of the first complete run, or "" when there was none."""
    first = module_dir / "first.json"
    if not first.exists():
        return ""
    found = json.loads(first.read_text(encoding="utf-8"))
    return f"{sum(status in KILLED for status in found.values()) / len(found):.1%}"


def _functions(path: Path) -> dict[str, str]:
    """Source of each top-level function and method of a mutated file, by name."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = {}
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[node.name] = "\n".join(lines[node.lineno - 1:node.end_lineno])
    return out


def diff(module_dir: Path, name: str, cache: dict) -> str:
    """The lines a mutant changes, from the mutated copy mutmut writes (as ``mutmut show``)."""
    module, _, mutant = name.rpartition(".")
    path = module_dir / "mutants" / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = path.with_suffix("") / "__init__.py"
    if path not in cache:
        cache[path] = _functions(path)
    functions = cache[path]
    orig_name = mutant.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"
    orig = functions.get(orig_name, "")
    changed = functions.get(mutant, "").replace(mutant + "(", orig_name + "(", 1)
    return "\n".join(line for line in difflib.unified_diff(orig.splitlines(), changed.splitlines(),
                                                          lineterm="", n=0)
                     if line[:1] in "+-" and not line.startswith(("+++", "---")))


def record(module_dir: Path) -> dict:
    """What a module's run found, small enough to keep in the repository.

    The mutmut folders are large and not kept, so the report is written from these records
    (``benchmarks/results/mutation/MODULE.json``): the counts, the first run's score and every
    mutant not killed with its status and diff. A module whose folder is gone keeps its record.
    """
    found = statuses(module_dir)
    cache: dict = {}
    seconds = (module_dir / "seconds").read_text().strip() if (module_dir / "seconds").exists() else "?"
    return {"module": module_dir.name, "first": first_score(module_dir), "seconds": seconds,
            "counts": dict(sorted(Counter(found.values()).items())),
            "not_killed": {name: {"status": found[name],
                                  "diff": "" if found[name] == "not checked" else diff(module_dir, name, cache)}
                           for name in sorted(found) if found[name] not in KILLED}}


def module_section(rec: dict, equivalent: dict[str, str]) -> tuple[list[str], tuple]:
    """The module's part of the report, and its row of the table.

    A run that was stopped before every mutant was tested is scored over the mutants tested
    so far, and says how many are left; the untested ones are not listed.
    """
    counts = rec["counts"]
    total = sum(counts.values())
    killed = sum(n for status, n in counts.items() if status in KILLED)
    left = rec["not_killed"]
    untested = [name for name, m in left.items() if m["status"] == "not checked"]
    equiv = [name for name, m in left.items() if name in equivalent and m["status"] != "not checked"]
    open_ = [name for name, m in left.items() if name not in equivalent and m["status"] != "not checked"]
    seconds = rec["seconds"]
    tested = total - len(untested)
    score = killed / tested if tested else 0.0
    adjusted = killed / (tested - len(equiv)) if tested - len(equiv) else 0.0
    size = f"{total} ({tested} tested)" if untested else f"{total}"
    lines = [f"## {rec['module']}", "",
             (f"{total} mutants, {len(untested)} not yet tested (a stopped run: scores over the {tested} "
              "tested); " if untested else f"{total} mutants: ") +
             f"{killed} killed ({score:.1%}), {len(equiv)} equivalent, "
             f"{len(open_)} surviving; score without equivalents {adjusted:.1%}; "
             f"statuses {counts}; last run {seconds} s", ""]
    for name in open_:
        lines += [f"- `{name}` ({left[name]['status']})", "", "```diff", left[name]["diff"], "```", ""]
    if equiv:
        lines += ["Equivalent:", ""] + [f"- `{name}`: {equivalent[name]}" for name in equiv] + [""]
    return lines, (rec["module"], size, rec["first"], killed, score, len(equiv), len(open_),
                   adjusted, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--survivors", metavar="MODULE",
                        help="only print the names of the module's mutants that are not killed, or timed out "
                             "(none while a stopped run has mutants left untested)")
    parser.add_argument("--stopped-too", action="store_true",
                        help="with --survivors: name them also for a run that was stopped (its untested "
                             "mutants then stay untested)")
    parser.add_argument("--equivalent", type=Path, default=HERE / "mutation_equivalent.txt")
    parser.add_argument("--records", type=Path, default=HERE / "results" / "mutation",
                        help="one JSON record per module, rewritten from its folder when there is one")
    args = parser.parse_args()
    if args.survivors:
        found = statuses(args.work / args.survivors) if (args.work / args.survivors).is_dir() else {}
        if "not checked" in found.values() and not args.stopped_too:
            return  # a run that was stopped: mutmut goes on with the untested mutants by itself
        for name in sorted(name for name, status in found.items()
                           if status not in KILLED and status != "not checked" or status == "timeout"):
            print(name)
        return
    if not args.out:
        parser.error("--out is needed to write the report")
    equivalent = equivalents(args.equivalent)
    args.records.mkdir(parents=True, exist_ok=True)
    if args.work.is_dir():
        for module_dir in sorted(p for p in args.work.iterdir() if (p / "mutants").is_dir()):
            path = args.records / f"{module_dir.name}.json"
            rec = record(module_dir)
            if path.exists():  # the first run's score outlives a folder started anew
                rec["first"] = json.loads(path.read_text(encoding="utf-8")).get("first") or rec["first"]
            path.write_text(json.dumps(rec, indent=1) + "\n", encoding="utf-8")
    sections, rows = [], []
    for path in sorted(args.records.glob("*.json")):
        lines, row = module_section(json.loads(path.read_text(encoding="utf-8")), equivalent)
        sections += lines
        rows.append(row)
    head = ["# Mutation testing", "",
            "Written by `bash benchmarks/mutation.sh` (mutmut 3; each mutant against its module's "
            "tests). Killed = the tests fail on the mutant (or it times out).", "",
            "| module | mutants | first run | killed | score | equivalent | surviving | without equivalents | seconds |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    head += [f"| {m} | {t} | {f} | {k} | {s:.1%} | {e} | {o} | {a:.1%} | {sec} |"
             for m, t, f, k, s, e, o, a, sec in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(head + [""] + sections) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
