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
import ast
import difflib
import json
import subprocess
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
    status replaces its old one, the others keep theirs, except those of a function that
    changed since (``hashes.json``): mutmut made new mutants of it, not yet tested. The
    first complete run is kept as ``first.json``, the score before any test was added for it.
    """
    kept_path = module_dir / "results.json"
    kept = json.loads(kept_path.read_text(encoding="utf-8")) if kept_path.exists() else {}
    # the hash of each function when its mutants' results were kept: a function changed
    # since has new mutants under the old names, and its old results are dropped
    hashes_path = module_dir / "hashes.json"
    hashes = json.loads(hashes_path.read_text(encoding="utf-8")) if hashes_path.exists() else {}
    seen: set[str] = set()
    fresh: dict[str, str | None] = {}
    for meta in sorted((module_dir / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        current = data.get("hash_by_function_name", {})
        for name, code in data.get("exit_code_by_key", {}).items():
            function = name.split("__mutmut_")[0]
            fresh[function] = now = current.get(function.rpartition(".")[2])
            if hashes.get(function, now) != now:
                kept.pop(name, None)
            status = status_by_exit_code[code]
            if status != "not checked" or name not in kept:
                kept[name] = status
            seen.add(name)
    hashes.update(fresh)
    if seen:  # mutants of code since removed or changed are gone
        kept = {name: kept[name] for name in sorted(seen)}
    resumed = module_dir / "resume.json"
    if resumed.exists():  # a folder started from a record: what was not tested again keeps its result
        then = json.loads(resumed.read_text(encoding="utf-8"))
        for name, status in kept.items():
            if status == "not checked" and name.split("__mutmut_")[0] not in then["changed"]:
                kept[name] = then["not_killed"].get(name, "killed")
    kept_path.write_text(json.dumps(kept, indent=0, sort_keys=True), encoding="utf-8")
    hashes_path.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")
    first = module_dir / "first.json"
    if not first.exists() and kept and "not checked" not in kept.values():
        first.write_text(json.dumps(kept, indent=0, sort_keys=True), encoding="utf-8")
    return kept


def module_functions(path: str, source: str) -> dict[str, str]:
    """Source of each function mutmut mutates in a file (top-level functions and methods),
    by its name in mutant names: ``stance.x.y.x_f`` and ``stance.x.y.xǁClassǁmethod``."""
    module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    lines = source.splitlines()
    out = {}

    def text(node) -> str:
        start = min([node.lineno] + [d.lineno for d in node.decorator_list])
        return "\n".join(lines[start - 1:node.end_lineno])
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[f"{module}.x_{node.name}"] = text(node)
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[f"{module}.x\u01c1{node.name}\u01c1{item.name}"] = text(item)
    return out


def resume(module_dir: Path, record_path: Path, files: list[str]) -> list[str] | None:
    """What to test in a new folder of a module whose complete run is recorded: the mutants
    the record did not count as killed, and every mutant of a function changed since the
    record was committed (as ``fnmatch`` patterns). The other mutants are the same as then
    and keep the record's result (``resume.json`` says which; :func:`statuses` reads it).
    None when there is no complete, committed record to resume from.
    """
    if not record_path.exists():
        return None
    rec = json.loads(record_path.read_text(encoding="utf-8"))
    if rec["counts"].get("not checked"):
        return None
    commit = subprocess.run(["git", "log", "-1", "--format=%H", "--", str(record_path)], capture_output=True,
                            text=True, check=False).stdout.strip()
    if not commit:
        return None
    changed = []
    for path in files:
        then = subprocess.run(["git", "show", f"{commit}:{path}"], capture_output=True, text=True, check=False)
        before = module_functions(path, then.stdout) if then.returncode == 0 else {}
        now = module_functions(path, Path(path).read_text(encoding="utf-8"))
        changed += sorted(name for name, source in now.items() if before.get(name) != source)
    kept = {name: m["status"] for name, m in rec["not_killed"].items()
            if name.split("__mutmut_")[0] not in changed}
    module_dir.mkdir(parents=True, exist_ok=True)
    (module_dir / "resume.json").write_text(json.dumps({"commit": commit, "changed": changed, "not_killed": kept},
                                                       indent=0, sort_keys=True), encoding="utf-8")
    return sorted(kept) + [f"{name}__mutmut_*" for name in changed]


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
    parser.add_argument("--files", nargs="*", default=[],
                        help="with --survivors: the module's files (globs), to resume a new folder from "
                             "the module's record: the record's survivors and every mutant of a function "
                             "changed since it was committed are tested, the others keep its results")
    parser.add_argument("--equivalent", type=Path, default=HERE / "mutation_equivalent.txt")
    parser.add_argument("--records", type=Path, default=HERE / "results" / "mutation",
                        help="one JSON record per module, rewritten from its folder when there is one")
    args = parser.parse_args()
    if args.survivors:
        module_dir = args.work / args.survivors
        if not any(module_dir.glob("mutants/**/*.py.meta")) and not (module_dir / "results.json").exists():
            # a new folder: resume from the module's record where there is one
            names = resume(module_dir, args.records / f"{args.survivors}.json",
                           [str(p) for g in args.files for p in sorted(Path().glob(g))])
            print("\n".join(names or []))
            return
        found = statuses(module_dir) if module_dir.is_dir() else {}
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
