"""The store: no duplicates, syndicated copies, schema versions, dating, human labels, where the DB is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3

import pytest
from conftest import table_counts

from stance.errors import StoreError
from stance.records import Article, Statement
from stance.store import store

SEED = "003_d0a4de32e8b5d7a0.txt"  # dated 2023-12-02, several statements


def statement(article_id: str, *, method: str = "rule", party: str = "hamas", start: int = 0) -> Statement:
    return Statement(article_id=article_id, party=party, kind="position", issue="ceasefire",
                     stance="demand", target="", sentence="Hamas demands a lasting ceasefire.",
                     start=start, end=start + 34, date=dt.date(2024, 5, 1), method=method)


def article(article_id: str, *, source: str = "a.txt", date: dt.date | None = None) -> Article:
    return Article(id=article_id, text=f"text of {article_id}", date=date, source=source)


# --- re-ingest and syndicated copies ----------------------------------------------------------

def test_reingest_adds_nothing(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    run_cli(["ingest", seeds_dir, "--db", db, "--quiet"])
    first = table_counts(db)
    code, out, err = run_cli(["ingest", seeds_dir, "--db", db, "--quiet"])
    assert code == 0, err
    assert table_counts(db) == first
    assert out.startswith("articles: 0 new, 5 duplicate")
    assert "statements found: 0" in out


def test_syndicated_copy_in_a_later_run_is_linked(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    run_cli(["ingest", seeds_dir / SEED, "--db", db, "--quiet"])
    before = table_counts(db)
    copy = tmp_path / "wire" / "other-name.txt"
    copy.parent.mkdir()
    shutil.copyfile(seeds_dir / SEED, copy)
    code, out, err = run_cli(["ingest", copy, "--db", db, "--quiet"])
    assert code == 0, err
    assert "0 new" in out and "1 syndicated copy linked" in out
    after = table_counts(db)
    assert after["statement"] == before["statement"]
    assert after["article"] == before["article"] == 1
    assert after["article_source"] == 2
    _, out, _ = run_cli(["articles", "--db", db])
    assert "(+1 copy)" in out


def test_syndicated_copy_in_the_same_run_is_linked(run_cli, seeds_dir, tmp_path):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    shutil.copyfile(seeds_dir / SEED, folder / "a" / "first.txt")
    shutil.copyfile(seeds_dir / SEED, folder / "b" / "copy.txt")
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", folder, "--db", db, "--quiet"])
    assert code == 0, err
    assert "1 new" in out and "1 syndicated copy linked" in out
    con = sqlite3.connect(db)
    sources = sorted(r[0] for r in con.execute("SELECT source FROM article_source"))
    con.close()
    assert [s.replace("\\", "/").rsplit("/", 2)[-2:] for s in sources] == [["a", "first.txt"],
                                                                            ["b", "copy.txt"]]


def test_same_file_twice_in_one_run_is_a_duplicate(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    code, out, _ = run_cli(["ingest", seeds_dir / SEED, seeds_dir / SEED, "--db", db, "--quiet"])
    assert code == 0
    assert "1 new, 1 duplicate" in out
    assert table_counts(db)["article_source"] == 1


def test_add_article_outcomes(tmp_path):
    engine = store.open_store(str(tmp_path / "s.db"))
    assert store.add_article(engine, article("a1"), [statement("a1")], profile="gaza") == "new"
    assert store.add_article(engine, article("a1"), [statement("a1")], profile="gaza") == "duplicate"
    assert store.add_article(engine, article("a1", source="b.txt"), [statement("a1")],
                             profile="gaza") == "linked"
    assert len(store.statements(engine)) == 1
    assert store.article_sources(engine) == {"a1": ["a.txt", "b.txt"]}


# --- schema version ---------------------------------------------------------------------------

def test_schema_version_mismatch_is_a_clear_error(tmp_path):
    db = tmp_path / "s.db"
    store.open_store(str(db)).dispose()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as info:
        store.open_store(str(db))
    message = str(info.value)
    assert "schema version 99" in message
    assert f"needs {store.SCHEMA_VERSION}" in message
    assert "\n" not in message


def test_schema_version_mismatch_in_the_cli(run_cli, seeded_copy):
    con = sqlite3.connect(seeded_copy)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    code, out, err = run_cli(["articles", "--db", seeded_copy])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "schema version 0" in err


def test_a_sqlite_file_of_another_program_is_not_a_stance_database(tmp_path):
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(StoreError, match="not a stance database"):
        store.open_store(str(db), create=False)


def test_a_file_that_is_not_a_database(run_cli, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("hello, not a database\n" * 100)
    code, out, err = run_cli(["articles", "--db", junk])
    assert code == 2
    assert err.count("\n") == 1 and "not a database" in err
    assert "Traceback" not in err


# --- dating an article ------------------------------------------------------------------------

@pytest.fixture
def two_articles(tmp_path):
    engine = store.open_store(str(tmp_path / "s.db"))
    store.add_article(engine, article("aaaa1111"), [statement("aaaa1111")], profile="gaza")
    store.add_article(engine, article("aaaa2222", source="b.txt"), [], profile="gaza")
    return engine


def test_set_article_date_by_unique_prefix(two_articles):
    day = dt.date(2025, 1, 9)
    assert store.set_article_date(two_articles, "aaaa1", day) == 1
    dates = {a.id: (a.date, a.date_source) for a in store.articles(two_articles)}
    assert dates == {"aaaa1111": (day, "user"), "aaaa2222": (None, "")}
    assert [s.date for s in store.statements(two_articles)] == [day]


def test_set_article_date_keeps_dates_resolved_from_the_text(tmp_path):
    engine = store.open_store(str(tmp_path / "s.db"))
    resolved = dataclasses.replace(statement("a1", start=40), date_resolved=True)
    store.add_article(engine, article("a1"), [statement("a1"), resolved], profile="gaza")
    store.set_article_date(engine, "a1", dt.date(2025, 1, 9))
    assert sorted(s.date for s in store.statements(engine)) == [dt.date(2024, 5, 1), dt.date(2025, 1, 9)]


def test_set_article_date_ambiguous_prefix(two_articles):
    with pytest.raises(StoreError, match=r"'aaaa' is ambiguous \(2 articles\)"):
        store.set_article_date(two_articles, "aaaa", dt.date(2025, 1, 9))


@pytest.mark.parametrize("prefix", ["bbbb", "aaaa1111x", "%", "aaaa_111"])
def test_set_article_date_missing_prefix(two_articles, prefix):
    # "%" and "_" are characters of the id, not SQL wildcards
    with pytest.raises(StoreError, match="no article with id"):
        store.set_article_date(two_articles, prefix, dt.date(2025, 1, 9))
    assert all(a.date is None for a in store.articles(two_articles))


def test_date_command_errors_are_one_line(run_cli, seeded_copy):
    before = table_counts(seeded_copy)
    code, out, err = run_cli(["date", "zzzz", "2025-01-09", "--db", seeded_copy])
    assert code == 2
    assert err.count("\n") == 1 and "no article with id 'zzzz'" in err
    code, out, err = run_cli(["date", "", "2025-01-09", "--db", seeded_copy])
    assert code == 2
    assert err.count("\n") == 1 and "ambiguous" in err
    assert table_counts(seeded_copy) == before


# --- re-extraction keeps human labels ---------------------------------------------------------

def test_replace_statements_keeps_human_rows(tmp_path):
    engine = store.open_store(str(tmp_path / "s.db"))
    store.add_article(engine, article("a1"), [statement("a1", method="rule"),
                                              statement("a1", method="human", party="israel"),
                                              statement("a1", method="rule+model", party="qatar")],
                      profile="gaza")
    store.replace_statements(engine, "a1", [statement("a1", method="model", party="egypt")],
                             profile="gaza")
    kept = sorted((s.party, s.method) for s in store.statements(engine))
    assert kept == [("egypt", "model"), ("israel", "human")]


def test_replace_statements_touches_only_its_article(tmp_path):
    engine = store.open_store(str(tmp_path / "s.db"))
    store.add_article(engine, article("a1"), [statement("a1")], profile="gaza")
    store.add_article(engine, article("b2", source="b.txt"), [statement("b2")], profile="gaza")
    store.replace_statements(engine, "a1", [], profile="gaza")
    assert [s.article_id for s in store.statements(engine)] == ["b2"]


def test_extract_all_keeps_human_rows(run_cli, seeded_copy):
    con = sqlite3.connect(seeded_copy)
    article_id = con.execute("SELECT id FROM article ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("INSERT INTO statement (article_id, profile, party, kind, issue, stance, target, "
                "date_resolved, confidence, method, rule_ids, model_version, sentence, start, \"end\", "
                "source) VALUES (?, 'gaza', 'egypt', 'position', 'aid', 'demand', '', 0, 1.0, 'human', "
                "'', '', 'Egypt demands aid.', 0, 18, 'x')", (article_id,))
    con.commit()
    con.close()
    code, _, err = run_cli(["extract", "--all", "--db", seeded_copy, "--quiet"])
    assert code == 0, err
    con = sqlite3.connect(seeded_copy)
    humans = con.execute("SELECT article_id, sentence FROM statement WHERE method = 'human'").fetchall()
    con.close()
    assert humans == [(article_id, "Egypt demands aid.")]


# --- where the database is --------------------------------------------------------------------

@pytest.mark.parametrize("given, url", [
    ("stance.db", "sqlite:///stance.db"),
    ("data/x.db", "sqlite:///data/x.db"),
    ("/abs/x.db", "sqlite:////abs/x.db"),
    ("sqlite:///y.db", "sqlite:///y.db"),
    ("postgresql://u@h/db", "postgresql://u@h/db"),
])
def test_database_url(given, url):
    assert store.database_url(given) == url


def test_database_url_default_and_environment(monkeypatch):
    assert store.database_url(None) == store.DEFAULT_DB
    monkeypatch.setenv("STANCE_DB", "env.db")
    assert store.database_url(None) == "sqlite:///env.db"
    assert store.database_url("arg.db") == "sqlite:///arg.db"  # the argument wins


def test_db_as_a_bare_path(run_cli, seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["ingest", seeds_dir / SEED, "--db", "bare.db", "--quiet"])
    assert code == 0, err
    assert (tmp_path / "bare.db").is_file()
    assert table_counts(tmp_path / "bare.db")["article"] == 1
    assert not (tmp_path / "stance.db").exists()


def test_stance_db_environment_variable(run_cli, seeds_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "from-env.db"
    monkeypatch.setenv("STANCE_DB", str(db))
    code, _, err = run_cli(["ingest", seeds_dir / SEED, "--quiet"])
    assert code == 0, err
    assert table_counts(db)["article"] == 1
    code, out, _ = run_cli(["articles"])
    assert code == 0
    assert len(out.splitlines()) == 1 and SEED in out
    assert not (tmp_path / "stance.db").exists()


def test_sqlite_uri_form(run_cli, seeded_db):
    code, out, err = run_cli(["articles", "--db", f"sqlite:///file:{seeded_db}?mode=ro&uri=true"])
    assert code == 0, err
    assert len(out.splitlines()) == 5


@pytest.mark.parametrize("url", ["postgresql+psycopg://alice:S3cret@127.0.0.1:1/stance",
                                 "mysql://alice:S3cret@127.0.0.1:1/stance"])
def test_a_password_in_a_database_url_never_reaches_a_message(run_cli, url):
    code, out, err = run_cli(["articles", "--db", url])
    assert code == 2 and "S3cret" not in out + err
    assert "alice:***@127.0.0.1" in err and len(err.strip().splitlines()) == 1
