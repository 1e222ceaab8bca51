"""Databases stance must not use: another application's SQLite file, a foreign ``article`` table,
a schema version that is not a number, a damaged page. Each is refused with one line before
anything is written. And what stance's own files are: WAL, marked, migrated in place."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import table_counts

from stance.errors import StoreError
from stance.store import schema, store

SEED = "003_d0a4de32e8b5d7a0.txt"


def refused(run_cli, db, argv) -> str:
    """Run ``stance ARGV --db DB`` and check it is refused with one line, the file untouched."""
    before = db.read_bytes()
    code, out, err = run_cli([*argv, "--db", db])
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert not db.with_name(db.name + "-wal").exists()
    return err


def another_program(path, *, app_id: int = 0, table: str = "notes (id INTEGER PRIMARY KEY, body TEXT)"):
    con = sqlite3.connect(path)
    if app_id:
        con.execute(f"PRAGMA application_id={app_id}")
    con.execute(f"CREATE TABLE {table}")
    con.execute(f"INSERT INTO {table.split()[0]} VALUES (1, 'x')")
    con.commit()
    con.close()


def test_ingest_adds_nothing_to_another_programs_sqlite_file(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "notes.db"
    another_program(db)
    err = refused(run_cli, db, ["ingest", seeds_dir / SEED, "--quiet"])
    assert "is not a stance database: it holds another application's tables (notes)" in err


def test_a_file_with_another_application_id_is_refused(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "app.db"
    another_program(db, app_id=0x4C4F4F4B)
    err = refused(run_cli, db, ["ingest", seeds_dir / SEED, "--quiet"])
    assert "belongs to another application (application id 0x4c4f4f4b)" in err


def test_a_foreign_article_table_is_refused(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "blog.db"
    another_program(db, table="article (id INTEGER PRIMARY KEY, headline TEXT)")
    err = refused(run_cli, db, ["ingest", seeds_dir / SEED, "--quiet"])
    assert "another application's tables (article)" in err
    refused(run_cli, db, ["export", tmp_path / "out.csv"])
    assert not (tmp_path / "out.csv").exists()


def test_a_schema_version_that_is_not_a_number_is_refused(run_cli, seeded_copy, seeds_dir):
    con = sqlite3.connect(seeded_copy)
    con.execute("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    for argv in (["articles"], ["ingest", seeds_dir / SEED, "--quiet"]):
        err = refused(run_cli, seeded_copy, argv)
        assert "schema version 'abc', which is not a whole number" in err


def damage(db, page: int = 5) -> None:
    """Overwrite one page in the middle of the file (a b-tree page of the seeded database)."""
    size = sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0]
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(b"\xff" * size)


def test_a_damaged_database_is_refused_by_export_and_ingest(run_cli, seeded_copy, seeds_dir, tmp_path):
    damage(seeded_copy)
    out = tmp_path / "statements.csv"
    err = refused(run_cli, seeded_copy, ["export", out])
    assert "is damaged (quick_check: *** in database main *** Page 5:" in err
    assert not out.exists() and list(tmp_path.glob("*.csv*")) == []
    err = refused(run_cli, seeded_copy, ["ingest", seeds_dir / SEED, "--quiet"])
    assert "is damaged" in err


def test_a_new_database_is_marked_and_in_wal_mode(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    code, _, err = run_cli(["ingest", seeds_dir / SEED, "--db", db, "--quiet"])
    assert code == 0, err
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert con.execute("PRAGMA application_id").fetchone() == (schema.APPLICATION_ID,)
    assert dict(con.execute("SELECT key, value FROM meta")) == {
        "schema_version": str(store.SCHEMA_VERSION), "application": "stance"}
    con.close()
    assert not db.with_name("s.db-wal").exists()  # every connection closed: the WAL is in the file


def as_version_2(db) -> None:
    """Turn a database back into what stance wrote at schema version 2: no unique keys, no
    mark, rollback journal."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA application_id=0")
    con.execute("DROP INDEX uq_statement_key")
    con.execute("DROP INDEX uq_label_line")
    con.execute("DELETE FROM meta WHERE key = 'application'")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_a_version_2_database_keeps_opening_and_loses_its_doubled_rows(run_cli, seeded_copy, repo_root,
                                                                       tmp_path):
    code, _, err = run_cli(["labels", "import", repo_root / "labels" / "gold.jsonl", "--db", seeded_copy,
                            "--labels", tmp_path / "labels"])
    assert code == 0, err
    before = table_counts(seeded_copy)
    exported = tmp_path / "before.csv"
    assert run_cli(["export", exported, "--db", seeded_copy])[0] == 0
    as_version_2(seeded_copy)
    con = sqlite3.connect(seeded_copy)  # what two racing writers left in version 2
    columns = [r[1] for r in con.execute("PRAGMA table_info(statement)") if r[1] != "id"]
    con.execute(f"INSERT INTO statement ({', '.join(columns)}) SELECT {', '.join(columns)} FROM statement")
    labels = [r[1] for r in con.execute("PRAGMA table_info(label)") if r[1] != "id"]
    con.execute(f"INSERT INTO label ({', '.join(labels)}) SELECT {', '.join(labels)} FROM label")
    con.commit()
    con.close()
    after = tmp_path / "after.csv"
    code, _, err = run_cli(["export", after, "--db", seeded_copy])
    assert code == 0, err
    assert after.read_text() == exported.read_text()
    assert table_counts(seeded_copy) == before
    con = sqlite3.connect(seeded_copy)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with pytest.raises(sqlite3.IntegrityError):  # the unique keys hold from now on
        con.execute(f"INSERT INTO label ({', '.join(labels)}) SELECT {', '.join(labels)} FROM label")
    con.close()


def test_open_store_refuses_before_creating_anything(tmp_path):
    db = tmp_path / "notes.db"
    another_program(db)
    with pytest.raises(StoreError, match="not a stance database"):
        store.open_store(str(db))
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["notes"]
    con.close()


def test_a_copy_of_a_stance_file_reads_like_the_original(seeded_db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copyfile(seeded_db, copy)
    assert len(store.statements(store.open_store(str(copy), create=False))) == \
        len(store.statements(store.open_store(str(seeded_db), create=False)))
