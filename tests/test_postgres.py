"""The same commands on a real PostgreSQL server as on SQLite: ingest, re-extraction, export,
labels and the dashboard's queries give the same answers; foreign databases are refused."""

from __future__ import annotations

import io
import shutil
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest
from conftest import REPO, call_cli
from pg_server import pg_url_of
from sqlalchemy import create_engine, text

from stance.analysis import duplicates, queries, statement_frame
from stance.analysis.filters import Filters
from stance.errors import StoreError
from stance.store import store


@pytest.fixture(scope="module")
def pg_seeded(pg_server, tmp_path_factory, seeds_dir):
    """A PostgreSQL database holding the seeds and the dashboard fixture's articles (those of the
    custom profile too), as
    ``dashboard_db`` holds them in SQLite, with the seeds' gold labels imported into both."""
    import psycopg

    root, port = pg_server
    with psycopg.connect(host=str(root), port=port, user="stance", dbname="postgres", autocommit=True) as conn:
        conn.execute('CREATE DATABASE "seeded"')
    url = pg_url_of(pg_server, "seeded")
    labels = tmp_path_factory.mktemp("pg-labels")
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
        custom = REPO / "tests" / "fixtures" / "custom_profile"
        for argv in (["ingest", seeds_dir, "--db", url, "--quiet"],
                     ["ingest", REPO / "tests" / "fixtures" / "dashboard", "--db", url, "--quiet"],
                     ["ingest", custom / "articles", "--profile", custom / "ukraine_talks.yaml", "--db", url,
                      "--quiet"],
                     ["labels", "import", REPO / "labels" / "gold.jsonl", "--db", url, "--labels", labels]):
            assert call_cli(argv) == 0, err.getvalue()
    return url


@pytest.fixture(scope="module")
def sqlite_seeded(dashboard_db, tmp_path_factory, repo_root):
    """``dashboard_db`` with the same gold labels imported."""
    db = tmp_path_factory.mktemp("sqlite-labelled") / "labelled.db"
    shutil.copyfile(dashboard_db, db)
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
        assert call_cli(["labels", "import", repo_root / "labels" / "gold.jsonl", "--db", db, "--labels",
                         db.parent / "labels"]) == 0, err.getvalue()
    return str(db)


def export(run_cli, db, tmp_path, *extra) -> str:
    out = tmp_path if tmp_path.suffix == ".csv" else tmp_path / "statements.csv"
    code, _, err = run_cli(["export", out, "--db", db, *extra])
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_export_is_the_same_as_from_sqlite(run_cli, pg_seeded, sqlite_seeded, tmp_path):
    pg = export(run_cli, pg_seeded, tmp_path)
    assert pg == export(run_cli, sqlite_seeded, tmp_path)
    assert "human" in pg  # the imported labels override the extractor
    positions = [export(run_cli, db, tmp_path / "positions.csv", "--period", "month")
                 for db in (pg_seeded, sqlite_seeded)]
    assert positions[0] == positions[1] and len(positions[0].splitlines()) > 1


def test_reingest_and_articles_list(run_cli, pg_seeded, sqlite_seeded, seeds_dir):
    code, out, err = run_cli(["ingest", seeds_dir, "--db", pg_seeded, "--quiet"])
    assert code == 0, err
    assert out.startswith("articles: 0 new, 5 duplicate")
    listed = run_cli(["articles", "--db", pg_seeded])[1]
    assert listed == run_cli(["articles", "--db", sqlite_seeded])[1]


def test_the_dashboard_reads_the_same_frame(pg_seeded, sqlite_seeded):
    frames = [duplicates.collapse(statement_frame.load_statements(store.open_store(db, create=False)))
              for db in (pg_seeded, sqlite_seeded)]
    columns = ["article_id", "party", "kind", "issue", "stance", "target", "sentence", "method", "date",
               "copies"]
    pg, lite = (f[columns].assign(date=f["date"].astype("datetime64[ns]")).sort_values(columns[:7])
                .reset_index(drop=True) for f in frames)
    pd.testing.assert_frame_equal(pg, lite, check_dtype=False)
    tables = [queries.position_counts(queries.positions(queries.apply_filters(f, Filters()), "month"))
              for f in frames]
    assert tables[0] == tables[1] and tables[0]


def test_labels_status_and_export(run_cli, pg_seeded, sqlite_seeded, tmp_path):
    statuses = [run_cli(["labels", "status", "--db", db, "--labels", tmp_path / "none"]) for db in
                (pg_seeded, sqlite_seeded)]
    assert statuses[0][0] == 0 and statuses[0][1] == statuses[1][1]


def test_extract_all_keeps_human_labels(run_cli, pg_url, seeds_dir, tmp_path, repo_root):
    assert run_cli(["ingest", seeds_dir, "--db", pg_url, "--quiet"])[0] == 0
    code, _, err = run_cli(["labels", "import", repo_root / "labels" / "gold.jsonl", "--db", pg_url,
                            "--labels", tmp_path / "labels"])
    assert code == 0, err
    before = export(run_cli, pg_url, tmp_path)
    code, _, err = run_cli(["extract", "--all", "--db", pg_url, "--quiet"])
    assert code == 0, err
    assert export(run_cli, pg_url, tmp_path) == before


def test_a_foreign_article_table_is_refused(run_cli, pg_url, seeds_dir):
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE article (id serial PRIMARY KEY, headline text)"))
    engine.dispose()
    code, out, err = run_cli(["ingest", seeds_dir, "--db", pg_url, "--quiet"])
    assert code == 2 and out == ""
    assert "is not a stance database: it holds another application's tables (article)" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(StoreError, match="not a stance database"):
        store.open_store(pg_url)


def test_a_schema_version_that_is_not_a_number_is_refused(pg_url):
    engine = store.open_store(pg_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE meta SET value = 'x2' WHERE key = 'schema_version'"))
    with pytest.raises(StoreError, match="schema version 'x2', which is not a whole number"):
        store.open_store(pg_url)
