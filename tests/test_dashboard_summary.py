"""The database computes the dashboard's tables on the summary of distinct statements, and they
are the tables the frame functions compute in memory: positions, blame, shift evidence, the
evidence rows and the summary line, under every filter. The summary is rebuilt when the store
changes and lives in memory when the database may not be written.

``both`` holds the same store in SQLite and in PostgreSQL (the tests' throw-away server), so
that every comparison runs on each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import shutil

import pandas as pd
import pytest
from conftest import REPO, call_cli
from pg_server import pg_url_of
from sqlalchemy import func, select

from stance.analysis import duplicates, queries, selection, statement_frame
from stance.analysis import summary as summary_module
from stance.analysis.filters import Filters
from stance.analysis.selection import Selection
from stance.analysis.summary import prepare
from stance.records import Article, Statement
from stance.store import store
from stance.store import summary as summary_table

D = dt.date


@pytest.fixture(autouse=True)
def _summary_in_the_database(monkeypatch):
    """These stores are small: the summary goes to the database all the same."""
    monkeypatch.setattr(summary_module, "IN_MEMORY_BELOW", 0)


@pytest.fixture
def db_url(dashboard_db, tmp_path):
    """A private copy of the dashboard's test store (the seeds and a March 2024 article)."""
    db = tmp_path / "summary.db"
    shutil.copyfile(dashboard_db, db)
    return f"sqlite:///{db}"


@pytest.fixture(scope="module")
def pg_dashboard_url(request, tmp_path_factory):
    """A PostgreSQL database holding what ``dashboard_db`` holds (ingested the same way)."""
    import psycopg

    server = request.getfixturevalue("pg_server")
    root, port = server
    with psycopg.connect(host=str(root), port=port, user="stance", dbname="postgres", autocommit=True) as conn:
        conn.execute('CREATE DATABASE "dashboard_summary"')
    url = pg_url_of(server, "dashboard_summary")
    custom = REPO / "tests" / "fixtures" / "custom_profile"
    for argv in (["ingest", REPO / "seeds"], ["ingest", REPO / "tests" / "fixtures" / "dashboard"],
                 ["ingest", custom / "articles", "--profile", custom / "ukraine_talks.yaml"]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert call_cli([*argv, "--db", url, "--quiet"]) == 0, err.getvalue()
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def both(request, dashboard_db, tmp_path_factory):
    """``(frame of distinct statements, Selection on the summary)`` of the same store (a copy of
    the dashboard's test store, or the same articles in PostgreSQL), once per database for the
    module: the tests only read them. The Selection is the dashboard's (``Summary.distinct``):
    it knows the summary's profiles, so that a filter on one of them counts articles by the
    cells' flags (see ``selection.position_counts_frame``)."""
    if request.param == "sqlite":
        db = tmp_path_factory.mktemp("both") / "summary.db"
        shutil.copyfile(dashboard_db, db)
        url = f"sqlite:///{db}"
    else:
        url = request.getfixturevalue("pg_dashboard_url")
    engine = store.open_store(url, create=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summary_module, "IN_MEMORY_BELOW", 0)
        summary = prepare(engine)
    assert summary.frame is None and len(summary.profiles) == 2
    return duplicates.collapse(statement_frame.load_statements(engine)), summary.distinct


FILTERS = [
    Filters(),
    Filters(profile="gaza", parties=("israel", "hamas")),
    Filters(issues=("hostages",)),
    Filters(since=D(2024, 1, 1), until=D(2025, 6, 30)),
    Filters(methods=("rules",), min_confidence=0.8),  # a confidence many statements have: >= not >
    Filters(methods=("human", "model")),
    Filters(kind="blame", undated=False),
    Filters(stance="reject"),
    # a profile: articles counted by the cells' flags
    Filters(profile="gaza"),
    Filters(profile="ukraine_talks", issues=("ceasefire",)),
    # dates that cut periods at both ends (the cut periods counted per article), or none (month)
    Filters(profile="gaza", since=D(2024, 1, 10), until=D(2025, 1, 8)),
    Filters(profile="gaza", since=D(2024, 3, 1), until=D(2025, 1, 31)),
    Filters(profile="gaza", since=D(2025, 1, 6), until=D(2025, 1, 7)),
    Filters(profile="gaza", parties=("hamas",), stance="demand"),
    Filters(profile="gaza", kind="position", target="israel"),
    Filters(profile="gaza", methods=("rules",)),
]


TABLES = [(queries.positions, "day"), (queries.positions, "week"), (queries.positions, "month"),
          (queries.blame, None), (queries.blame, "week"), (queries.blame, "month")]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("table, period", TABLES)
def test_positions_and_blame_in_the_database_are_those_in_memory(both, filters, table, period):
    frame, database = both
    expected = table(queries.apply_filters(frame, filters), period)
    got = table(queries.apply_filters(database, filters), period)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_the_seeds_have_positions_and_blame(both):
    frame, database = both
    assert len(queries.positions(database, "month")) > 5
    assert len(queries.blame(database)) > 2


def test_shift_evidence_in_the_database_is_that_in_memory(both):
    frame, database = both
    found = queries.shifts(queries.positions(database, "month"))
    assert found == queries.shifts(queries.positions(frame, "month")) and found
    in_memory, in_database = queries.ShiftEvidence(frame, "month"), queries.ShiftEvidence(database, "month")
    for shift in found:
        for want, got in zip(in_memory.of(shift), in_database.of(shift)):
            assert (want is None) == (got is None)
            if want is not None:
                assert got["id"] == want["id"] and got["sentence"] == want["sentence"]
                assert got["date"] == want["date"] and got["sources"] == want["sources"]


@pytest.mark.parametrize("filters", FILTERS)
def test_evidence_rows_are_the_newest_in_memory(both, filters):
    frame, database = both
    want, n = queries.newest(queries.apply_filters(frame, filters), 7)
    got, total = queries.newest(queries.apply_filters(database, filters), 7)
    assert total == n
    assert got["id"].tolist() == want["id"].tolist()
    columns = list(selection.ROW_COLUMNS)
    got, want = (f[columns].reset_index(drop=True).astype({"date": "datetime64[ns]"}) for f in (got, want))
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


@pytest.mark.parametrize("filters", FILTERS)
def test_the_overview_counts_what_the_frame_holds(both, filters):
    frame, database = both
    rows = queries.apply_filters(frame, filters)
    seen = selection.overview(queries.apply_filters(database, filters))
    assert (seen.statements, seen.articles) == (len(rows), rows["article_id"].nunique())
    assert seen.undated_articles == tuple(queries.undated_articles(rows))
    assert seen.parties == set(rows["party"])
    span = queries.date_span(rows)
    assert (seen.first, seen.last) == (span if span else (None, None))


def test_the_summary_is_rebuilt_when_the_store_changes(db_url):
    engine = store.open_store(db_url, create=False)
    before = prepare(engine)
    assert prepare(engine).version == before.version  # unchanged: not rebuilt
    text = "Qatar demanded a ceasefire in Gaza."
    store.add_article(engine, Article(id="new1", text=text, date=D(2024, 7, 1), source="new.txt"),
                      [Statement(article_id="new1", party="qatar", kind="position", issue="ceasefire",
                                 stance="demand", target="", sentence=text, start=0, end=len(text),
                                 date=D(2024, 7, 1), source="new.txt")], profile="gaza")
    after = prepare(engine)
    assert after.version != before.version and after.stored == before.stored + 1
    cells = queries.positions(Selection(after.engine, after.version, (Filters(parties=("qatar",)),)), "month")
    assert ("2024-07", "ceasefire", 1) in {(r.period, r.issue, r.demand) for r in cells.itertuples()}


def test_a_database_that_cannot_be_written_gets_its_summary_in_memory(db_url):
    path = db_url.removeprefix("sqlite:///")
    read_only = store.open_store(f"sqlite:///file:{path}?mode=ro&uri=true", create=False)
    summary = prepare(read_only)
    assert summary.engine is not read_only
    assert summary_table.read_info(read_only) is None  # nothing was written
    writable = prepare(store.open_store(db_url, create=False))
    pd.testing.assert_frame_equal(queries.positions(Selection(summary.engine, summary.version), "week"),
                                  queries.positions(Selection(writable.engine, writable.version), "week"))


def test_an_empty_store_has_an_empty_summary(tmp_path):
    summary = prepare(store.open_store(str(tmp_path / "empty.db")))
    database = Selection(summary.engine, summary.version)
    assert summary.stored == 0 and summary.profiles == () and summary.span is None
    assert queries.positions(database, "week").empty and queries.blame(database, "week").empty
    assert database.empty


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_period_bounds_hold_the_dates_of_their_label(period):
    days = pd.Series(pd.to_datetime(["2023-12-31", "2024-01-01", "2024-02-29", "2024-12-30", "2025-01-05"]))
    for day, label, start in zip(days, *(queries.period_columns(days, period)[c] for c in ("period", "start"))):
        first, after = selection.period_bounds(period, label)
        assert first == start.date() <= day.date() < after
        assert queries.period_columns(pd.Series([pd.Timestamp(after - dt.timedelta(days=1))]), period)["period"][0] \
            == label


def test_a_small_store_is_summarised_in_memory(db_url, monkeypatch):
    monkeypatch.setattr(summary_module, "IN_MEMORY_BELOW", 250_000)
    engine = store.open_store(db_url, create=False)
    summary = prepare(engine)
    assert summary.frame is not None and summary_table.read_info(engine) is None  # nothing written
    pd.testing.assert_frame_equal(summary.distinct, duplicates.collapse(statement_frame.load_statements(engine)))


@pytest.mark.parametrize("filters", FILTERS)
def test_the_overview_of_a_frame_is_that_of_the_database(both, filters):
    frame, database = both
    assert queries.overview(queries.apply_filters(frame, filters)) == \
        queries.overview(queries.apply_filters(database, filters))


def test_the_cells_hold_every_summary_row_once(both):
    _, database = both
    with database.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(summary_table.SUMMARY)).scalar_one()
        cells, counted = conn.execute(select(func.count(), func.sum(summary_table.CELLS.c.statements))).one()
    assert counted == rows and 0 < cells <= rows


def test_a_filter_on_the_only_profile_is_no_filter():
    """So that the first look (every profile) and the page (its profile) share cached tables."""
    one = Selection(None, "v", profiles=("gaza",))
    assert one.narrowed(Filters(profile="gaza")) == one
    assert one.narrowed(Filters(profile="gaza", parties=("hamas",))) == one.narrowed(Filters(parties=("hamas",)))
    two = Selection(None, "v", profiles=("gaza", "ukraine_talks"))
    assert two.narrowed(Filters(profile="gaza")) != two


# One article's positions on several dates (sentences that date what they report): the cases
# where a date range or a period keeps part of an article, which the seeds' articles (one date
# each) never make.
SPREAD = {  # article date -> (party, issue, stance, statement date)
    D(2024, 3, 15): [("hamas", "ceasefire", "demand", D(2024, 3, 15)), ("hamas", "ceasefire", "reject", D(2024, 2, 28)),
                     ("hamas", "ceasefire", "accept", D(2024, 3, 4)), ("israel", "hostages", "reject", D(2024, 3, 15)),
                     ("hamas", "ceasefire", "demand", D(2024, 3, 5))],
    D(2024, 3, 20): [("hamas", "ceasefire", "demand", D(2024, 3, 20)), ("hamas", "ceasefire", "reject", D(2024, 3, 18)),
                     ("hamas", "hostages", "accept", D(2024, 3, 1))],
    D(2024, 4, 2): [("hamas", "ceasefire", "reject", D(2024, 3, 31)), ("israel", "hostages", "demand", D(2024, 4, 2))],
}
SPREAD_FILTERS = [Filters(), Filters(profile="gaza"), Filters(since=D(2024, 3, 5)), Filters(until=D(2024, 3, 18)),
                  Filters(since=D(2024, 3, 2), until=D(2024, 3, 19)),
                  Filters(since=D(2024, 3, 4), until=D(2024, 3, 17)),
                  Filters(since=D(2024, 3, 1), until=D(2024, 3, 31)), Filters(parties=("hamas",), stance="reject")]


@pytest.fixture(params=["sqlite", "postgresql"])
def spread(request, tmp_path):
    """``(frame, Selection)`` of a store of :data:`SPREAD`, in SQLite and in PostgreSQL."""
    url = f"sqlite:///{tmp_path / 'spread.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = store.open_store(url)
    for n, (day, said) in enumerate(SPREAD.items()):
        article = f"spread{n}"
        text = " ".join(f"{party} says {stance} on {issue} ({when})." for party, issue, stance, when in said)
        statements, start = [], 0
        for party, issue, stance, when in said:
            sentence = f"{party} says {stance} on {issue} ({when})."
            statements.append(Statement(article_id=article, party=party, kind="position", issue=issue, stance=stance,
                                        target="", sentence=sentence, start=start, end=start + len(sentence),
                                        date=when, date_resolved=when != day, source=f"{article}.txt"))
            start += len(sentence) + 1
        store.add_article(engine, Article(id=article, text=text, date=day, source=f"{article}.txt"), statements,
                          profile="gaza")
    summary = prepare(engine)
    assert summary.profiles == ("gaza",)
    return duplicates.collapse(statement_frame.load_statements(engine)), summary.distinct


@pytest.mark.parametrize("filters", SPREAD_FILTERS)
@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_articles_are_counted_once_per_period_when_their_positions_have_several_dates(spread, filters, period):
    frame, database = spread
    expected = queries.positions(queries.apply_filters(frame, filters), period)
    got = queries.positions(queries.apply_filters(database, filters), period)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert len(expected)
