"""The dashboard's frames agree with the record functions of stance.analysis.aggregate, on the seeds and on
hand-made stores; filters survive a trip through the URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pytest

from stance.analysis import aggregate, duplicates, queries, statement_frame
from stance.analysis.filters import (
    Filters,
    filters_from_params,
    filters_to_params,
    view_link,
)
from stance.analysis.stored import stored_statements
from stance.records import Article, Statement
from stance.store import store
from stance.store.tables import StatementRow

D = dt.date


@pytest.fixture(scope="module")
def seeds(dashboard_db):
    engine = store.open_store(str(dashboard_db), create=False)
    raw = statement_frame.load_statements(engine)
    return engine, raw, duplicates.collapse(raw)


def records(engine) -> list[Statement]:
    return stored_statements(engine)


def test_the_frame_holds_every_stored_statement(seeds):
    engine, raw, _ = seeds
    assert len(raw) == len(records(engine)) > 30
    assert set(raw["article_id"]) == {r.id for r in store.articles(engine)}
    assert raw["date"].isna().sum() == sum(s.date is None for s in records(engine))
    # two seeds are dated by what their text says: their statements are marked
    inferred = {r.id for r in store.articles(engine) if r.date_source == "inferred"}
    assert raw["date_inferred"].sum() == sum(s.article_id in inferred for s in records(engine)) > 0


def test_collapse_agrees_with_collapse_duplicates(seeds):
    engine, raw, distinct = seeds
    expected = aggregate.collapse_duplicates(records(engine), store.article_sources(engine))
    assert len(distinct) == len(expected)
    got = {(*r[:5], aggregate.fingerprint(r[5])): (r[6], r[7])
           for r in distinct[["party", "kind", "issue", "stance", "target", "sentence", "copies", "sources"]]
           .itertuples(index=False)}
    for d in expected:
        copies, sources = got[aggregate.identity(d.statement)]
        assert (copies, set(sources.split("\n"))) == (d.copies, set(d.sources))


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_positions_agree_with_positions_over_time(seeds, period):
    engine, _, distinct = seeds
    expected = aggregate.positions_over_time(
        [d.statement for d in aggregate.collapse_duplicates(records(engine))], period)
    table = queries.positions(distinct, period)
    assert queries.position_counts(table) == expected
    assert len(expected) > 5


@pytest.mark.parametrize("period", [None, "week", "month"])
def test_blame_agrees_with_blame_matrix(seeds, period):
    engine, _, distinct = seeds
    expected = aggregate.blame_matrix([d.statement for d in aggregate.collapse_duplicates(records(engine))], period)
    assert queries.blame_counts(queries.blame(distinct, period)) == expected
    assert expected


def test_shift_evidence_agrees_with_the_record_function(seeds):
    engine, _, distinct = seeds
    statements = [d.statement for d in aggregate.collapse_duplicates(records(engine))]
    found = queries.shifts(queries.positions(distinct, "week"))
    assert found, "the dashboard data (seeds and tests/fixtures/dashboard) shift by week"
    evidence = queries.ShiftEvidence(distinct, "week")
    for shift in found:
        last, first = evidence.of(shift)
        want_last, want_first = aggregate.shift_evidence(shift, statements, "week")
        assert (last["sentence"], first["sentence"]) == (want_last.sentence, want_first.sentence)


def test_period_labels_agree_with_period_of():
    days = pd.Series(pd.to_datetime(["2024-12-30", "2025-01-05", "2021-01-01", "2024-02-29", "2024-05-31"]))
    for period in ("day", "week", "month"):
        labels = queries.period_columns(days, period)["period"].tolist()
        assert labels == [aggregate.period_of(d.date(), period) for d in days]


# --- human labels, syndicated copies and repeated quotes in a real store --------------------------

def _statement(article: str, sentence: str, method: str = "rule", stance: str = "reject", issue: str = "deal",
               day: dt.date | None = D(2024, 6, 1), source: str = "") -> Statement:
    return Statement(article_id=article, party="hamas", kind="position", issue=issue, stance=stance, target="",
                     sentence=sentence, start=0, end=len(sentence), date=day, method=method,
                     confidence=1.0 if method == "human" else 0.7, source=source)


@pytest.fixture
def built(tmp_path):
    engine = store.open_store(str(tmp_path / "built.db"))
    quote = 'Hamas said "it will not accept any deal that leaves troops in Gaza".'
    first = Article(id="a1", text=quote + " More.", date=D(2024, 6, 1), source="https://one.example/a")
    later = Article(id="a2", text="Later. " + quote, date=D(2024, 6, 9), source="https://two.example/b")
    store.add_article(engine, first, [_statement("a1", quote, source=first.source),
                                      _statement("a1", "More.", stance="demand")], profile="gaza")
    store.add_article(engine, later, [_statement("a2", quote, day=D(2024, 6, 9), source=later.source)],
                      profile="gaza")
    # a syndicated copy of the first article, from another outlet
    store.add_article(engine, Article(id="a1", text=first.text, date=first.date,
                                      source="https://copy.example/c"), [], profile="gaza")
    return engine, quote


def test_a_repeated_quote_and_a_syndicated_copy_count_once_with_every_source(built):
    engine, quote = built
    distinct = duplicates.collapse(statement_frame.load_statements(engine))
    row = distinct[distinct["sentence"] == quote].iloc[0]
    assert len(distinct[distinct["sentence"] == quote]) == 1
    assert row["date"] == pd.Timestamp("2024-06-01") and row["copies"] == 2
    assert set(row["sources"].split("\n")) == {"https://one.example/a", "https://copy.example/c",
                                                "https://two.example/b"}
    assert row["url"] == "https://one.example/a"
    (cell,) = [r for r in queries.position_counts(queries.positions(distinct, "month")) if r.reject]
    assert (cell.reject, cell.demand) == (1, 1)  # the quote once, plus "More."


def test_a_human_label_overrides_the_machine_statements_of_its_sentence(built):
    engine, quote = built
    label = _statement("a1", quote, method="human", stance="accept")
    with store.Session(engine) as session:
        session.add_all(StatementRow(**row) for row in store._rows([label], "gaza"))
        session.commit()
    raw = statement_frame.load_statements(engine)
    of_sentence = raw[(raw["article_id"] == "a1") & (raw["sentence"] == quote)]
    assert of_sentence[["method", "stance"]].values.tolist() == [["human", "accept"]]
    assert len(raw[raw["article_id"] == "a1"]) == 2  # the other sentence keeps its machine statement
    # the same rule as the library's reader (exports read through it)
    via_pipeline = {(s.article_id, s.sentence, s.method, s.stance) for s in stored_statements(engine)}
    assert ("a1", quote, "rule", "reject") not in via_pipeline
    assert via_pipeline == {tuple(r) for r in raw[["article_id", "sentence", "method", "stance"]].values}


def test_an_empty_store_gives_empty_frames(tmp_path):
    engine = store.open_store(str(tmp_path / "empty.db"))
    raw = statement_frame.load_statements(engine)
    distinct = duplicates.collapse(raw)
    assert raw.empty and distinct.empty
    assert queries.positions(distinct, "week").empty
    assert queries.blame(distinct).empty and queries.blame(distinct, "week").empty
    assert queries.shifts(queries.positions(distinct, "week")) == []
    assert queries.date_span(raw) is None


# --- filters ---------------------------------------------------------------------------------------

def test_filters(seeds):
    _, _, distinct = seeds
    f = queries.apply_filters
    assert set(f(distinct, Filters(parties=("israel",)))["party"]) == {"israel"}
    only_hostages = f(distinct, Filters(issues=("hostages",)))
    assert set(only_hostages.loc[only_hostages["kind"] == "position", "issue"]) == {"hostages"}
    assert set(only_hostages.loc[only_hostages["kind"] == "blame", "issue"]) <= {"hostages", ""}
    dated = f(distinct, Filters(since=D(2025, 1, 1)))
    assert len(dated) and dated["date"].min() >= pd.Timestamp("2025-01-01")
    assert f(distinct, Filters(until=D(2024, 1, 1)))["date"].max() < pd.Timestamp("2024-01-02")
    assert f(distinct, Filters(min_confidence=0.8))["confidence"].min() >= 0.8
    assert f(distinct, Filters(methods=("human",))).empty
    assert len(f(distinct, Filters(methods=("rules",)))) == len(distinct)
    assert f(distinct, Filters(undated=False))["date"].notna().all()
    blame = f(distinct, Filters(kind="blame", target="usa"))
    assert len(blame) and set(blame["target"]) == {"usa"}
    assert f(distinct, Filters(profile="hezbollah")).empty


def test_rule_plus_model_counts_as_both_methods():
    frame = pd.DataFrame({"method": ["rule", "rule+model", "model", "human"], "date": pd.NaT})
    pick = lambda *m: queries.apply_filters(frame, Filters(methods=m))["method"].tolist()  # noqa: E731
    assert pick("rules") == ["rule", "rule+model"]
    assert pick("model") == ["rule+model", "model"]
    assert pick("human", "model") == ["rule+model", "model", "human"]


@pytest.mark.parametrize("filters", [
    Filters(),
    Filters(profile="gaza", parties=("hamas", "israel"), issues=("withdrawal",), since=D(2024, 1, 1),
            until=D(2024, 12, 31), methods=("rules", "human"), min_confidence=0.65, kind="blame",
            target="israel", stance="", undated=False),
])
def test_filters_survive_the_url(filters):
    assert filters_from_params(filters_to_params(filters)) == (filters, [])


def test_a_bad_url_value_is_reported_and_ignored():
    filters, problems = filters_from_params({"from": "2024-13-01", "min_conf": "high", "party": "hamas",
                                             "method": "rules,guess", "undated": "maybe"})
    assert filters == Filters(parties=("hamas",), methods=("rules",))
    assert len(problems) == 4 and any("2024-13-01" in p for p in problems)


def test_view_link():
    link = view_link("evidence", Filters(parties=("hamas",), since=D(2024, 5, 1)), kind="position")
    assert link == "?view=evidence&party=hamas&from=2024-05-01&kind=position"


def test_view_link_quotes_as_urlencode():
    filters = Filters(profile="my talks/2024", parties=("al-aqsa & co", "é"), issues=("a+b", "c d"),
                      min_confidence=0.25, undated=False)
    for _ in range(2):  # the second time from the quoted names and values kept
        assert view_link("positions", filters, period="week?") == "?" + urlencode(
            {"view": "positions", **filters_to_params(filters), "period": "week?"}, safe=",")


def test_fingerprints_of_a_column_agree_with_fingerprint(seeds):
    _, raw, _ = seeds
    samples = pd.Series([*raw["sentence"], "Élan — “we will never accept a deal that keeps the occupation” ÇA_x 3½",
                         "a_b", "", "   ", 'He said "short" then “a much longer quotation follows here”.',
                         "—", "…x…", "x — ", " — y", "日本語のテキスト、です。", "٣٤ قال ١", "a\u00a0b\u2003c",
                         "café\u0301 naïve", "😀 smile 😀x", "Straße ﬁne ǅ", "tab\tand\nnewline", "‘single’ «guillemets»"])
    got = duplicates.fingerprints(samples).tolist()
    assert got == [aggregate.fingerprint(s) for s in samples]


def test_full_statements_are_the_stored_records(seeds):
    engine, raw, _ = seeds
    ids = raw["id"].tolist()[::-1]
    assert [s.sentence for s in statement_frame.full_statements(engine, ids)] == raw["sentence"].tolist()[::-1]
    full = statement_frame.full_statements(engine, ids)
    assert sorted(full, key=repr) == sorted(records(engine), key=repr)


FIELDS = ["article_id", "profile", "party", "kind", "issue", "stance", "target", "date", "date_resolved",
          "confidence", "method", "sentence", "source"]


def test_the_frame_is_the_stored_statements_sorted_with_their_fingerprints(seeds):
    engine, raw, _ = seeds
    expected = sorted((s.article_id, s.party, s.kind, s.issue, s.stance, s.target,
                       None if s.date is None else pd.Timestamp(s.date), s.date_resolved, s.confidence, s.method,
                       s.sentence, s.source) for s in records(engine))
    got = sorted((r.article_id, r.party, r.kind, r.issue, r.stance, r.target, None if pd.isna(r.date) else r.date,
                  bool(r.date_resolved), float(r.confidence), r.method, r.sentence, r.source)
                 for r in raw.itertuples(index=False))
    assert got == expected
    assert raw["fingerprint"].tolist() == [aggregate.fingerprint(s) for s in raw["sentence"]]
    by_hand = raw.sort_values(["date", "article_id", "id"], na_position="last", ignore_index=True)
    assert raw["id"].tolist() == by_hand["id"].tolist()
    assert (raw["title"] != "").any() and raw["sources"].str.len().gt(0).all()


def test_reading_keys_packed_or_as_columns_gives_the_same_frame(seeds, built):
    for engine in (seeds[0], built[0]):
        packed, columns = statement_frame.load_statements(engine, packed=True), statement_frame.load_statements(engine, packed=False)
        pd.testing.assert_frame_equal(packed, columns)


def test_collapse_on_a_small_table_agrees_with_the_record_definition(tmp_path):
    """Case, punctuation and quotation styles folded; a quote introduced differently; an undated copy;
    another party or stance kept apart; the earliest dated copy kept."""
    engine = store.open_store(str(tmp_path / "small.db"))
    quote = "“We will not accept any deal that leaves the occupation in Gaza,” Hamas said."
    sentences = {
        "a1": [quote, "Hamas REJECTS the deal -- again!", "Israel demanded the release of all hostages."],
        "a2": ['On Monday an official told AFP: "We will not accept any deal that leaves the occupation in Gaza."',
               "hamas rejects the deal, again", "Israel demanded the release of all hostages"],
        "a3": ["Hamas rejects the deal again.", quote],
    }
    days = {"a1": D(2024, 3, 5), "a2": D(2024, 3, 1), "a3": None}
    for article_id, texts in sentences.items():
        article = Article(id=article_id, text=" ".join(texts), date=days[article_id],
                          source=f"https://{article_id}.example/x")
        rows = [_statement(article_id, text, day=days[article_id], source=article.source) for text in texts]
        rows = [replace(s, party="israel", stance="demand") if s.sentence.startswith("Israel") else s for s in rows]
        store.add_article(engine, article, rows, profile="gaza")
    store.add_article(engine, Article(id="a1", text=" ".join(sentences["a1"]), date=days["a1"],
                                      source="https://copy.example/y"), [], profile="gaza")
    distinct = duplicates.collapse(statement_frame.load_statements(engine))
    expected = aggregate.collapse_duplicates(records(engine), store.article_sources(engine))
    assert len(distinct) == len(expected) == 3
    got = {(r.party, r.kind, r.issue, r.stance, r.target, aggregate.fingerprint(r.sentence)):
           (r.copies, set(r.sources.split("\n")), r.article_id, None if pd.isna(r.date) else r.date.date())
           for r in distinct.itertuples(index=False)}
    for d in expected:
        assert got[aggregate.identity(d.statement)] == (d.copies, set(d.sources), d.statement.article_id,
                                                        d.statement.date)


def test_annotators_decisions_replace_the_machine_statements_of_their_sentences(seeded_copy):
    from stance.labels import Label

    engine = store.open_store(str(seeded_copy), create=False)
    before = statement_frame.data_version(engine)
    sentences = list({(r.article_id, r.start): r for r in store.statements(engine)}.values())
    gone, relabelled = sentences[0], sentences[1]

    def line(row, decision, **fields):
        return Label(article_id=row.article_id, profile="gaza", sentence=row.sentence, annotator="ann",
                     task=f"{row.article_id}:{row.start}-{row.end}", start=row.start, end=row.end,
                     decision=decision, lines=1, time="2026-01-01T00:00:00+00:00", **fields)

    store.add_label_lines(engine, [line(gone, "d1", kind="none"),
                                   line(relabelled, "d2", kind="position", party="qatar",
                                        issue="truce", stance="demand")])
    assert statement_frame.data_version(engine) != before  # the dashboard's cache sees the change

    key = lambda s: (s.article_id, s.party, s.kind, s.issue, s.stance, s.target, s.sentence, s.method)  # noqa: E731
    expected = {key(s) for s in stored_statements(engine)}
    frame = statement_frame.load_statements(engine)
    assert set(frame[["article_id", "party", "kind", "issue", "stance", "target", "sentence",
                      "method"]].itertuples(index=False, name=None)) == expected
    assert not ((frame["article_id"] == gone.article_id) & (frame["sentence"] == gone.sentence)).any()
    of_relabelled = frame[(frame["article_id"] == relabelled.article_id)
                          & (frame["sentence"] == relabelled.sentence)]
    assert of_relabelled[["party", "method", "confidence"]].values.tolist() == [["qatar", "human", 1.0]]
    # the CSV download reads full records by id, the annotators' ones included
    assert {key(s) for s in statement_frame.full_statements(engine, frame["id"])} == expected
    dates = frame["date"].to_numpy()
    assert (dates[:-1] <= dates[1:])[~np.isnat(dates[1:])].all()  # still sorted by date
