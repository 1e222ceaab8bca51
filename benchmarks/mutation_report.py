"""Write the mutation report from the modules' mutmut folders (run by benchmarks/mutation.sh).

For each module folder under ``--work`` (one ``mutmut run`` each) it reads mutmut's result
files (``mutants/**/*.py.meta``: an exit status per mutant), counts killed and surviving
mutants, and shows each survivor as the diff ``mutmut show`` gives, unless
``benchmarks/mutation_equivalent.txt`` lists it as equivalent (the same behaviour as the
original: no test can kill it), with its reason. The score is killed / all mutants, so a
mutant no test reaches counts against it; "score without equivalents" leaves those out.

    python benchmarks/mutation_report.py --work mutation-work --mutmut .venv-mut/bin/mutmut \\
        --out benchmarks/results/mutation.md
"""

from __future__ import annotations

import argparse
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
    """Every mutant of the module with its status (killed, survived, no tests, ...)."""
    out = {}
    for meta in sorted((module_dir / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            out[name] = status_by_exit_code[code]
    return out


def diff(module_dir: Path, mutmut: str, name: str) -> str:
    """The mutant as a diff against the original, from ``mutmut show``."""
    shown = subprocess.run([mutmut, "show", name], cwd=module_dir, capture_output=True,
                           text=True, check=False)
    lines = shown.stdout.splitlines()
    changed = [ln for ln in lines if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    return "\n".join(changed) or shown.stdout.strip() or shown.stderr.strip()


def module_section(module_dir: Path, mutmut: str, equivalent: dict[str, str]) -> tuple[list[str], tuple]:
    found = statuses(module_dir)
    counts = Counter(found.values())
    total = len(found)
    killed = sum(n for status, n in counts.items() if status in KILLED)
    left = sorted(name for name, status in found.items() if status not in KILLED)
    equiv = [name for name in left if name in equivalent]
    open_ = [name for name in left if name not in equivalent]
    seconds = (module_dir / "seconds").read_text().strip() if (module_dir / "seconds").exists() else "?"
    score = killed / total if total else 0.0
    adjusted = killed / (total - len(equiv)) if total - len(equiv) else 0.0
    lines = [f"## {module_dir.name}", "",
             f"{total} mutants: {killed} killed ({score:.1%}), {len(equiv)} equivalent, "
             f"{len(open_)} surviving; score without equivalents {adjusted:.1%}; "
             f"statuses {dict(sorted(counts.items()))}; last run {seconds} s", ""]
    for name in open_:
        lines += [f"- `{name}` ({found[name]})", "", "```diff", diff(module_dir, mutmut, name), "```", ""]
    if equiv:
        lines += ["Equivalent:", ""] + [f"- `{name}`: {equivalent[name]}" for name in equiv] + [""]
    return lines, (module_dir.name, total, killed, score, len(equiv), len(open_), adjusted, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--mutmut", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--equivalent", type=Path, default=HERE / "mutation_equivalent.txt")
    args = parser.parse_args()
    equivalent = equivalents(args.equivalent)
    sections, rows = [], []
    for module_dir in sorted(p for p in args.work.iterdir() if (p / "mutants").is_dir()):
        lines, row = module_section(module_dir, args.mutmut, equivalent)
        sections += lines
        rows.append(row)
    head = ["# Mutation testing", "",
            "Written by `bash benchmarks/mutation.sh` (mutmut 3; each mutant against its module's "
            "tests). Killed = the tests fail on the mutant (or it times out).", "",
            "| module | mutants | killed | score | equivalent | surviving | without equivalents | seconds |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    head += [f"| {m} | {t} | {k} | {s:.1%} | {e} | {o} | {a:.1%} | {sec} |"
             for m, t, k, s, e, o, a, sec in rows]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(head + [""] + sections) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
