"""Benchmark the dashboard on a large store: time to first render and to re-render after a filter change.

Usage::

    python benchmarks/bench_dashboard.py [--statements 100000] [--db PATH-OR-URL] [--json OUT]
    python benchmarks/bench_dashboard.py --statements 1000000 --db postgresql+psycopg://USER@HOST:PORT/DB

Builds a store of N statements generated from the real ones (the seeds and, when present,
``labels/corpus/dev`` are ingested first): a new SQLite file, or an empty database at a
SQLAlchemy URL (PostgreSQL). Then:

* ``summary rebuilt``: the store changed, so the summary of distinct statements the dashboard
  queries is rebuilt (``stance.analysis.summary.prepare``: the store read, duplicates folded,
  the summary written): once per change of the store, whoever renders first;

and the app runs under Streamlit's AppTest, which executes the script exactly as the server
does (no browser: the times are the server's share of a page view):

* ``first render``: the first run in this process (empty caches; the summary is current);
* ``filter change``: a rerun after choosing two parties in the sidebar, then after
  changing the dates, and one rerun per view;
* ``first render after the store changed``: one article more is stored, and a new session
  renders (the summary rebuilt, then the first view drawn);
* the two stages of a rebuild that grow with the store, timed alone afterwards in the same
  process: reading it (``stance.analysis.statement_frame.load_statements``, sentence
  fingerprints included) and folding duplicate statements (``stance.analysis.duplicates.collapse``).

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


def build_store(db: str, n: int, corpus: list[Path], articles: int = 5000, seed: int = 7) -> int:
    """Fill the store at ``db`` (a file or a URL) with ``n`` statements generated from those
    extracted from ``corpus``."""
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
        for chunk in range(0, len(statement_rows), 50_000):
            conn.execute(insert(tables.StatementRow.__table__), statement_rows[chunk:chunk + 50_000])
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return len(real) + len(statement_rows)


def timed(at) -> float:
    started = time.perf_counter()
    at.run()
    took = time.perf_counter() - started
    if at.exception:
        sys.exit(f"the app failed: {at.exception[0].value}")
    return took


def measure(db: str) -> dict[str, float]:
    """Seconds per run of the app on ``db``: the summary rebuilt, first render, then reruns after
    filter changes, then a first render after the store changed."""
    from streamlit.testing.v1 import AppTest

    from stance.analysis.summary import prepare
    from stance.records import Article, Statement
    from stance.store import store

    engine = store.open_store(db, create=False)
    started = time.perf_counter()
    prepare(engine)
    out = {"summary rebuilt (once per change of the store)": time.perf_counter() - started}
    os.environ["STANCE_DB"] = db if "://" in db else f"sqlite:///{db}"
    at = AppTest.from_file(str(APP), default_timeout=600)
    out["first render (positions, cold caches)"] = timed(at)
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
    text = "Hamas demanded a ceasefire."
    new_id = f"bench-new-{time.time_ns()}"  # new on every run, so the store changes
    store.add_article(engine, Article(id=new_id, text=text, date=dt.date(2024, 5, 1), source="new.txt"),
                      [Statement(article_id=new_id, party="hamas", kind="position", issue="ceasefire",
                                 stance="demand", target="", sentence=text, start=0, end=len(text),
                                 date=dt.date(2024, 5, 1), source="new.txt")], profile="gaza")
    engine.dispose()
    import streamlit as st

    st.cache_data.clear()  # as when the app's check for changes comes round (every 10 s)
    out["first render after the store changed (summary rebuilt)"] = timed(AppTest.from_file(str(APP),
                                                                                      default_timeout=600))
    return out


def stages(db: str) -> dict[str, float]:
    """Seconds to read the store and to fold its duplicates, each on its own."""
    from stance.analysis import duplicates, statement_frame
    from stance.store import store

    engine = store.open_store(db, create=False)
    started = time.perf_counter()
    raw = statement_frame.load_statements(engine)
    read = time.perf_counter() - started
    started = time.perf_counter()
    duplicates.collapse(raw)
    fold = time.perf_counter() - started
    engine.dispose()
    return {"alone: reading the store (load_statements)": read, "alone: folding duplicates (collapse)": fold}


def _holds_statements(url: str) -> int:
    """How many statements the database at ``url`` holds (0 when it has no stance tables)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        if not inspect(engine).has_table("statement"):
            return 0
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM statement")).scalar())
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--db", help="keep the generated store here: a new SQLite file, or the URL of an "
                                     "empty database (default: a temporary SQLite file)")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    parser.add_argument("--existing", action="store_true",
                        help="measure the store at --db as it is (one an earlier run built) instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        if args.existing:
            if not args.db:
                sys.exit("--existing needs --db")
            total = _holds_statements(db if "://" in db else f"sqlite:///{db}")
            print(f"store: {total:,} statements in {db}")
        else:
            if "://" not in db and Path(db).exists():
                sys.exit(f"{db} exists; give a new path")
            if "://" in db and _holds_statements(db):
                sys.exit(f"{db} holds statements already; give an empty database")
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
