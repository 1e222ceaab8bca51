"""Benchmark the dashboard on a large store: time to first render and to re-render after a filter change.

Usage::

    python benchmarks/bench_dashboard.py [--statements 100000] [--db PATH] [--json OUT]

Builds a SQLite store of N statements generated from the real ones (the seeds and, when
present, ``labels/corpus/dev`` are ingested first), then runs the app with Streamlit's
AppTest, which executes the script exactly as the server does (no browser: the times are
the server's share of a page view):

* ``first render``: the first run in a fresh process (empty caches: the store is read,
  duplicates collapsed, the first view drawn);
* ``filter change``: a rerun after choosing two parties in the sidebar, then after
  changing the dates, and one rerun per view;
* the two stages of the first render that grow with the store, timed alone afterwards in
  the same process: reading it (``stance.analysis.statement_frame.load_statements``, sentence fingerprints
  included) and folding duplicate statements (``stance.analysis.duplicates.collapse``).

The generated statements keep the real sentences, parties, issues and stances, spread
over two years on 5,000 articles; 9 in 10 sentences get a numbered suffix so that they
count as distinct statements, the rest repeat a real sentence (counted once each).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = [REPO / "seeds", REPO / "labels" / "corpus" / "dev"]
APP = REPO / "dashboard" / "app.py"


def build_store(db: Path, n: int, corpus: list[Path], articles: int = 5000, seed: int = 7) -> int:
    """Fill ``db`` with ``n`` statements generated from those extracted from ``corpus``."""
    from sqlalchemy import insert

    from stance.analysis.stored import stored_statements
    from stance.cli import main
    from stance.store import store, tables

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(["ingest", *[str(c) for c in corpus if c.exists()], "--db", str(db), "--quiet"])
    if code not in (0, 1):
        sys.exit(f"ingesting {corpus} failed")
    engine = store.open_store(str(db))
    real = stored_statements(engine)
    if not real:
        sys.exit("no statements extracted from the corpus")
    rng = random.Random(seed)
    start = dt.date(2023, 10, 7)
    article_rows, statement_rows = [], []
    per_article = max(1, n // articles)
    for a in range(articles):
        day = start + dt.timedelta(days=rng.randrange(730))
        article_id = f"bench{a:06d}"
        source = f"https://news.example/{a}"
        article_rows.append({"id": article_id, "profile": "gaza", "date": day, "date_source": "header",
                             "source": source, "title": f"Article {a}", "text": "", "meta": "{}",
                             "ingested_at": dt.datetime.now(dt.timezone.utc)})
        for k in range(per_article if a < articles - 1 else n - per_article * (articles - 1)):
            s = rng.choice(real)
            sentence = s.sentence if rng.random() < 0.1 else f"{s.sentence} ({a}.{k})"
            statement_rows.append({"article_id": article_id, "profile": "gaza", "party": s.party, "kind": s.kind,
                                   "issue": s.issue, "stance": s.stance, "target": s.target, "date": day,
                                   "date_resolved": False, "confidence": s.confidence, "method": s.method,
                                   "rule_ids": " ".join(s.rule_ids), "model_score": None, "model_version": "",
                                   "sentence": sentence, "start": k, "end": k + len(sentence),  # a key of its own
                                   "source": source})
    with engine.begin() as conn:
        conn.execute(insert(tables.ArticleRow.__table__), article_rows)
        conn.execute(insert(tables.SourceRow.__table__),
                     [{"article_id": r["id"], "source": r["source"]} for r in article_rows])
        conn.execute(insert(tables.StatementRow.__table__), statement_rows)
    return len(real) + len(statement_rows)


def timed(at) -> float:
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    if at.exception:
        sys.exit(f"the app failed: {at.exception[0].value}")
    return took


def measure(db: Path) -> dict[str, float]:
    """Seconds per run of the app on ``db``: first render, then reruns after filter changes."""
    from streamlit.testing.v1 import AppTest

    os.environ["STANCE_DB"] = str(db)
    at = AppTest.from_file(str(APP), default_timeout=300)
    out = {"first render (positions, cold caches)": timed(at)}
    at.multiselect(key="parties").set_value(["israel", "hamas"])
    out["filter change: parties"] = timed(at)
    low, high = at.date_input(key="dates").value
    at.date_input(key="dates").set_value((low + dt.timedelta(days=100), high))
    out["filter change: dates"] = timed(at)
    for view in ("shifts", "blame", "standing", "evidence", "positions"):
        at.radio(key="view").set_value(view)
        out[f"view: {view}"] = timed(at)
    at.selectbox(key="period").select("week")
    out["filter change: period week"] = timed(at)
    return out


def stages(db: Path) -> dict[str, float]:
    """Seconds to read the store and to fold its duplicates, each on its own."""
    from stance.analysis import duplicates, statement_frame
    from stance.store import store

    engine = store.open_store(str(db), create=False)
    started = time.perf_counter()
    raw = statement_frame.load_statements(engine)
    read = time.perf_counter() - started
    started = time.perf_counter()
    duplicates.collapse(raw)
    fold = time.perf_counter() - started
    engine.dispose()
    return {"alone: reading the store (load_statements)": read, "alone: folding duplicates (collapse)": fold}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="keep the generated store here (default: a temporary file)")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if db.exists():
            sys.exit(f"{db} exists; give a new path")
        started = time.perf_counter()
        total = build_store(db, args.statements, DEFAULT_CORPUS)
        print(f"store: {total:,} statements in {db} (built in {time.perf_counter() - started:.1f} s)")
        numbers = measure(db)
        numbers.update(stages(db))
    width = max(map(len, numbers))
    for name, seconds in numbers.items():
        print(f"{name:{width}}  {seconds:6.2f} s")
    if args.json:
        args.json.write_text(json.dumps({"statements": total, "seconds": numbers}, indent=2) + "\n")


if __name__ == "__main__":
    main()
