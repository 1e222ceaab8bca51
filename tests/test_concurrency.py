"""Concurrent writers, as real processes: two ingests of overlapping folders into one empty
database, two label imports at once; on SQLite and on PostgreSQL.

Each process is the real ``stance`` command; both start at once, so both create the schema
of the empty database and both look up the shared articles before either stores them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from stance.analysis.stored import stored_statements
from stance.labels import Label, label_to_dict, read_labels
from stance.records import Article, Statement
from stance.store import store
from stance.store.tables import ArticleRow, LabelRow, MetaRow, SourceRow, StatementRow

REPO = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"articles: (\d+) new, (\d+) duplicate(?:, (\d+) syndicated cop(?:y|ies) linked)?.*"
                     r"statements found: (\d+)")


def start(*argv) -> subprocess.Popen:
    """``stance ARGV`` in a process of its own (this checkout's package)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    env.pop("STANCE_DB", None)
    return subprocess.Popen([sys.executable, "-c", "from stance.cli import run; run()", *map(str, argv)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)


def finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    outputs = [p.communicate(timeout=600) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs)]


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (ArticleRow, SourceRow, StatementRow, LabelRow)}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request, tmp_path) -> str:
    """The URL of an empty database: a SQLite file not yet created, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return request.getfixturevalue("pg_url")


def overlapping_folders(tmp_path: Path) -> tuple[Path, Path, int, int]:
    """Two folders of the labelled corpus's articles sharing eight: ``(a, b, articles, shared)``."""
    files = sorted((REPO / "labels" / "corpus").rglob("*.txt"))[:24]
    assert len(files) == 24
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, part in ((a, files[:16]), (b, files[8:])):
        folder.mkdir()
        for f in part:
            shutil.copyfile(f, folder / f.name)
    return a, b, len(files), 8


def test_two_ingests_of_overlapping_folders_store_every_article_once(empty_db, tmp_path):
    a, b, n_articles, shared = overlapping_folders(tmp_path)
    results = finish([start("ingest", folder, "--db", empty_db, "--quiet") for folder in (a, b)])
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    summaries = [SUMMARY.search(out).groups(default="0") for _, out, _ in results]
    new, duplicate, linked, found = (sum(int(s[i]) for s in summaries) for i in range(4))
    engine = store.open_store(empty_db, create=False)
    stored = counts(engine)
    assert stored["article"] == n_articles == new  # each article once, counted new once
    assert linked + duplicate == shared  # the other folder's copy: same source, or another one linked
    assert stored["article_source"] == n_articles + linked
    assert stored["statement"] == found  # the statements reported are the ones stored
    with engine.connect() as conn:
        ids = conn.execute(select(ArticleRow.id)).scalars().all()
    assert len(ids) == len(set(ids))


@pytest.fixture
def seeded(request, empty_db, seeded_db, run_cli) -> str:
    """``empty_db`` with the seeds ingested."""
    if empty_db.startswith("sqlite"):
        shutil.copyfile(seeded_db, empty_db.removeprefix("sqlite:///"))
    else:
        code, _, err = run_cli(["ingest", REPO / "seeds", "--db", empty_db, "--quiet"])
        assert code == 0, err
    return empty_db


def labels_to_import(seeded_db, run_cli, tmp_path) -> tuple[Path, int, int]:
    """A file of the seeds' gold labels (article-level: they go to the database only) and the
    same decisions as annotator ``ann``'s journal lines (to the journal and the database);
    with how many lines each part stores, and how many distinct human statements it gives."""
    scratch = tmp_path / "scratch.db"
    shutil.copyfile(seeded_db, scratch)
    gold = [lab for lab in read_labels(REPO / "labels" / "gold.jsonl") if lab.file.startswith("seeds/")]
    code, _, err = run_cli(["labels", "import", REPO / "labels" / "gold.jsonl", "--db", scratch,
                            "--labels", tmp_path / "scratch-labels"])
    assert code == 0, err
    journal = [replace(lab, annotator="ann", decision=f"ann-{lab.decision[-16:]}")
               for lab in store.label_lines(store.open_store(str(scratch)))]
    path = tmp_path / "to-import.jsonl"
    path.write_text("".join(json.dumps(label_to_dict(lab)) + "\n" for lab in gold + journal),
                    encoding="utf-8")
    statements = {(lab.sentence, lab.party, lab.kind, lab.issue, lab.stance, lab.target) for lab in gold}
    return path, len(journal), len(statements)


def test_two_label_imports_at_once_store_each_line_once(seeded, seeded_db, run_cli, tmp_path):
    path, journal_lines, statements = labels_to_import(seeded_db, run_cli, tmp_path)
    folder = tmp_path / "labels"
    for code, _, err in finish([start("labels", "import", path, "--db", seeded, "--labels", folder)
                                for _ in range(2)]):
        assert code == 0, err
    engine = store.open_store(seeded, create=False)
    assert counts(engine)["label"] == 2 * journal_lines  # the gold lines and the same as ann's
    with engine.connect() as conn:
        keys = conn.execute(select(LabelRow.decision, LabelRow.line)).all()
    assert len(keys) == len(set(keys))
    assert len((folder / "ann.jsonl").read_text(encoding="utf-8").splitlines()) == journal_lines
    human = human_statements(engine)
    assert len(human) == statements  # the export never doubles them
    assert len(human) == len({(s.article_id, s.start, s.party, s.kind, s.issue, s.stance, s.target)
                              for s in human})


def human_statements(engine) -> list:
    return [s for s in stored_statements(engine) if s.method == "human"]


# --- the same races, made to happen: a writer blocked behind another's open transaction ------

@contextmanager
def open_transaction(url: str):
    """A second writer's transaction, open until the block ends (then committed)."""
    engine = store.open_store(url)
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn
        conn.commit()


def blocked(call) -> tuple[threading.Thread, list]:
    """Start ``call`` in a thread and give it time to reach the other writer's lock."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(call()))
    thread.start()
    thread.join(timeout=2)
    return thread, out


def test_an_article_another_writer_stores_meanwhile_is_linked_not_an_error(empty_db):
    engine = store.open_store(empty_db)
    first = Article(id="a1", text="Hamas demands a lasting ceasefire.", source="a.txt")
    mine = [Statement(article_id="a1", party="hamas", kind="position", issue="ceasefire", stance="demand",
                      target="", sentence=first.text, start=0, end=34)]
    with open_transaction(empty_db) as conn:
        conn.execute(ArticleRow.__table__.insert().values(
            ArticleRow(id="a1", profile="gaza", text=first.text, source="a.txt").model_dump()))
        conn.execute(SourceRow.__table__.insert().values(article_id="a1", source="a.txt"))
        thread, outcome = blocked(lambda: store.add_article(engine, replace(first, source="b.txt"), mine,
                                                            profile="gaza"))
    thread.join()
    assert outcome == ["linked"]
    assert counts(engine) == {"article": 1, "article_source": 2, "statement": 0, "label": 0}


def test_label_lines_another_writer_stores_meanwhile_are_not_doubled(empty_db):
    engine = store.open_store(empty_db)
    lines = [Label(article_id="a1", task="a1:0-10", start=0, end=10, annotator="ann", kind="position",
                   party="hamas", issue="ceasefire", stance="demand", sentence="x", decision="d1", lines=2),
             Label(article_id="a1", task="a1:0-10", start=0, end=10, annotator="ann", kind="position",
                   party="israel", issue="ceasefire", stance="reject", sentence="x", decision="d1", lines=2)]
    with open_transaction(empty_db) as conn:
        conn.execute(LabelRow.__table__.insert(), [
            {"decision": "d1", "line": n, "task": "a1:0-10", "article_id": "a1", "start": 0, "end": 10,
             "annotator": "ann", "kind": "position", "party": lab.party} for n, lab in enumerate(lines)])
        thread, added = blocked(lambda: store.add_label_lines(engine, lines))
    thread.join()
    assert added == [0]
    assert len(store.label_lines(engine)) == 2


def test_processes_opening_one_empty_database_at_once_create_it_once(empty_db, tmp_path):
    """Several openers of an empty (or version 2) database: one creates (migrates) it under the
    lock, the others find it done."""
    barrier = threading.Barrier(4)
    results: list = []

    def opener():
        barrier.wait()
        try:
            results.append(store.open_store(empty_db).dialect.name)
        except Exception as exc:  # noqa: BLE001 (the test reports what went wrong)
            results.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(isinstance(r, str) for r in results), results
    engine = store.open_store(empty_db)
    with engine.connect() as conn:
        meta = conn.execute(select(MetaRow.key, MetaRow.value)).all()
    assert sorted(meta) == [("application", "stance"), ("schema_version", str(store.SCHEMA_VERSION))]
