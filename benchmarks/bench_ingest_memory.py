"""Benchmark ingest memory: peak RSS of `stance ingest` for batches of different sizes.

Usage::

    python benchmarks/bench_ingest_memory.py [--articles 2000 20000] [--workers 1] [--json OUT]

For each size N, N small articles (a header and four sentences, each article its own
text; one in four names a party taking a position, so it has a sentence to parse, the
others have none) are written to a temporary folder and ingested by `stance ingest` in
a fresh process into a fresh SQLite file. Printed per size: the peak resident memory of
that process (``ru_maxrss`` from ``wait4``, so the process alone, without its parsing
workers when ``--workers`` is over 1), the wall time, and the summary line; the script
checks that every article was stored once. Ingest streams (reading, extraction and
storing overlap), so the peak should not grow with N.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TOPICAL = ("Hamas said on Monday it rejects the proposal for a temporary ceasefire, "
           "official number {i} told reporters.")
FILLER = ("Residents of district {i} queued for bread in the morning. "
          "The weather stayed mild and the market reopened. "
          "Shops on street {i} sold vegetables and fuel at higher prices.")


def write_articles(folder: Path, n: int) -> None:
    """``n`` small articles, one file each, in sub-folders of 1,000."""
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        lead = TOPICAL.format(i=i) + " " if i % 4 == 0 else ""
        day = 1 + i % 28
        (sub / f"{i:06d}.txt").write_text(
            f"date: 2024-05-{day:02d}\ntitle: Report {i}\nsource: https://example.com/{i}\n\n"
            f"{lead}{FILLER.format(i=i)}\n", encoding="utf-8")


def measure(n: int, workers: int) -> dict:
    """Ingest ``n`` generated articles in a fresh process; its peak RSS, time and summary."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write_articles(folder, n)
        db = Path(tmp) / "bench.db"
        command = [sys.executable, "-c", "import sys; from stance.cli import main; sys.exit(main())",
                   "ingest", str(folder), "--db", str(db), "--quiet", "--workers", str(workers)]
        env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out = process.stdout.read().decode()
        err = process.stderr.read().decode()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or f"{n} new" not in out:
            raise SystemExit(f"ingest of {n} articles: exit {code}\n{out}{err}")
        return {"articles": n, "workers": workers, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "seconds": round(seconds, 1), "summary": out.splitlines()[0]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", help="write the numbers to this file")
    args = parser.parse_args(argv)
    rows = []
    for n in args.articles:
        row = measure(n, args.workers)
        rows.append(row)
        print(f"{row['articles']:6d} articles, --workers {row['workers']}: peak RSS "
              f"{row['peak_rss_mb']:.0f} MB, {row['seconds']:.0f} s; {row['summary']}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
