"""Every view and every filter of the dashboard, run by Streamlit's AppTest on a store filled from the seeds."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import lxml.html
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from stance.analysis import aggregate, duplicates, queries, statement_frame
from stance.analysis import summary as summary_module
from stance.analysis.filters import Filters
from stance.dashboard.views import plain_markdown
from stance.store import store

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.fixture(params=["in memory", "in the database"])
def open_app(request, dashboard_db, monkeypatch, tmp_path):
    """``open_app(**query_params) -> AppTest`` run once on the seeded store, failing on any exception;
    with the store's summary in memory (a small store) and in the database (a large one)."""
    if request.param == "in the database":
        monkeypatch.setattr(summary_module, "IN_MEMORY_BELOW", 0)
        copy = tmp_path / "dashboard.db"  # the summary is written to the store: not the shared one
        shutil.copyfile(dashboard_db, copy)
        dashboard_db = copy

    def make(db=dashboard_db, **params) -> AppTest:
        monkeypatch.setenv("STANCE_DB", str(db))
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return run(at)

    return make


def run(at) -> AppTest:
    """Run (or, after a widget interaction, rerun) the app; its exceptions fail the test."""
    at = at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def distinct(dashboard_db):
    """The distinct statements of the negotiation the dashboard opens on (the one with most statements)."""
    frame = duplicates.collapse(statement_frame.load_statements(store.open_store(str(dashboard_db), create=False)))
    return frame[frame["profile"] == "gaza"]


def charts(at: AppTest) -> list[tuple[dict, pd.DataFrame]]:
    """Each chart's Vega-Lite spec and the rows it draws."""
    out = []
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in el.proto.datasets]
        out.append((spec, pd.concat(frames) if frames else pd.DataFrame()))
    return out


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption", "info", "warning", "error")
                     for e in getattr(at, kind))


def evidence_rows(at: AppTest) -> pd.DataFrame:
    """The evidence table's rows (an HTML table): the text of each cell, ``date`` without its
    badge, ``badge`` (e.g. "date inferred"), ``link`` (the source cell's href, or None)."""
    (el,) = at.get("html")
    doc = lxml.html.fragment_fromstring(el.proto.body, create_parent=True)
    heads = [th.text_content() for th in doc.iter("th")]
    rows = []
    for tr in doc.iter("tr"):
        cells = tr.findall("td")
        if not cells:
            continue
        row = {h: td.text_content() for h, td in zip(heads, cells)}
        row["date"] = (cells[0].text or "").strip()
        statement = cells[heads.index("statement")]
        for part in ("party", "stance", "issue", "blamed"):
            found = statement.find_class(part)
            row[part] = found[0].text_content() if found else ""
        row["badge"] = " ".join(span.text_content() for span in cells[0].iter("span"))
        row["link"] = next((a.get("href") for a in cells[heads.index("source")].iter("a")), None)
        row["confidence"] = float(row["confidence"])
        rows.append(row)
    return pd.DataFrame(rows, columns=[*heads, "party", "stance", "issue", "blamed", "badge", "link"])


def period(at: AppTest) -> str:
    return at.selectbox(key="period").value


# --- views ---------------------------------------------------------------------------------------

def test_positions_over_time_draws_one_cell_per_party_issue_period(open_app, distinct):
    at = open_app()
    assert at.radio(key="view").value == "positions"
    ((spec, data),) = charts(at)
    expected = queries.positions(distinct, period(at))
    cells = data.drop_duplicates(["party", "issue", "period"])
    assert len(cells) == len(expected) > 5
    merged = cells.merge(expected, on=["party", "issue", "period"], suffixes=("", "_want"))
    assert (merged["statements"] == merged["statements_want"]).all()
    assert (merged["position"] == merged["position_want"]).all()
    # display names, negotiating parties first
    assert cells["row"].str.contains("Israel · ").any() and not cells["row"].str.contains("israel").any()
    first_rows = spec["layer"][0]["encoding"]["y"]["sort"][:2]
    assert all(r.startswith(("Israel", "Hamas")) for r in first_rows)
    # every cell links to the evidence of that party, issue and period
    row = cells.iloc[0]
    assert row["href"].startswith("?view=evidence&") and f"party={row['party']}" in row["href"]
    assert f"issue={row['issue']}" in row["href"] and "from=" in row["href"] and "to=" in row["href"]


def test_shifts_lists_each_detected_shift_with_its_evidence(open_app, distinct):
    at = open_app(view="shifts")
    found = queries.shifts(queries.positions(distinct, period(at)))
    assert found
    page = texts(at)
    assert f"**{len(found)} shift(s)**" in page
    assert page.count("*Last evidence before*") == len(found) == page.count("*First evidence after*")
    before, after = queries.ShiftEvidence(distinct, period(at)).of(found[0])
    # the sentences as the page writes them: escaped for Markdown, shown as plain text
    assert plain_markdown(before["sentence"]) in page and plain_markdown(after["sentence"]) in page
    assert f"{found[0].before.period} (" in page


def test_the_first_look_shows_shifts_and_an_empty_view_says_why(open_app, distinct):
    # the default period fits the data: by month the seeds' changes fall inside one month
    at = open_app(view="shifts")
    assert period(at) == "week" and "shift(s)** found" in texts(at)
    assert not queries.shifts(queries.positions(distinct, "month"))
    at = open_app(view="shifts", period="month")
    page = texts(at)
    assert "No shifts of position" in page and "by week" in page
    (offer,) = [b for b in at.button if b.label.startswith("Show by week")]
    run(offer.click())
    assert period(at) == "week" and "shift(s)** found" in texts(at)


def test_the_grid_marks_shifts_splits_mixed_cells_and_keeps_empty_periods(open_app, distinct):
    at = open_app()
    ((spec, data), ) = charts(at)
    table = queries.positions(distinct, period(at))
    shifted = {(s.party, s.issue, s.after.period) for s in queries.shifts(table)}
    marked = data.drop_duplicates(["party", "issue", "period"])
    assert {(r.party, r.issue, r.period) for r in marked.itertuples() if r.shift} == shifted != set()
    assert len(spec["layer"]) == 3  # cells, their text, the outline of shift cells
    mixed = marked[marked["position"] == "mixed"]
    assert len(mixed) and all(t == f"{d + a}:{r}" for t, d, a, r in
                              zip(mixed["text"], mixed["demand"], mixed["accept"], mixed["reject"]))
    # a true time axis: every week from the first statement to the last, empty ones included
    axis = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert axis[0] == min(data["period"]) and axis[-1] == max(data["period"])
    assert len(axis) > 50 and "2024-W30" in axis and "2024-W30" not in set(data["period"])


def test_legends_count_in_whole_numbers(open_app):
    at = open_app(view="blame")
    for spec, _ in charts(at):
        legend = spec["layer"][0]["encoding"]["color"]["legend"]
        assert legend["format"] == "d" and legend["tickMinStep"] == 1


def test_the_evidence_is_readable(open_app, distinct):
    rows = evidence_rows(open_app(view="evidence"))
    # whole sentences, a link only for URLs, the file name for files, the basis of a date
    assert set(rows["sentence"]) == {" ".join(s.split()) for s in distinct["sentence"]}
    assert rows["link"].isna().all() and rows["source"].str.endswith(".txt").any()
    assert not rows["source"].str.contains("/").any()
    assert (rows.loc[rows["date"] == "2024-03-26", "badge"] == "date inferred").all()
    assert (rows["badge"] == "date inferred").sum() == distinct["date_inferred"].sum() > 0


def test_shifts_need_more_statements_when_asked(open_app, distinct):
    at = open_app(view="shifts", min_n="3")
    assert at.number_input(key="min_n").value == 3
    expected = queries.shifts(queries.positions(distinct, period(at)), 3)
    page = texts(at)
    assert (f"**{len(expected)} shift(s)**" in page) if expected else ("No shifts of position" in page)


def test_blame_matrix_timeline_and_the_statements_behind_a_cell(open_app, distinct):
    at = open_app(view="blame")
    (_, matrix), (_, timeline) = charts(at)
    expected = queries.blame(distinct)
    got = matrix.drop_duplicates(["party", "target"]).merge(expected, on=["party", "target"])
    assert len(got) == len(expected) and (got["statements_x"] == got["statements_y"]).all()
    assert set(timeline["pair"]) >= {"Hamas → Israel", "Israel → Hamas"}
    assert all("kind=blame" in h and "target=" in h for h in matrix["href"])
    for index in (0, 1):
        run(at.selectbox(key="blame_pair").select_index(index))
        party, target = at.selectbox(key="blame_pair").value
        behind = distinct[(distinct["kind"] == "blame") & (distinct["party"] == party)
                          & (distinct["target"] == target)]
        rows = evidence_rows(at)
        assert len(rows) == len(behind) > 0
        assert set(rows["sentence"]) == set(behind["sentence"])


def test_where_the_parties_stand(open_app, distinct):
    at = open_app(view="standing")
    (_, grid), (_, over_time) = charts(at)
    latest = queries.latest_settled(queries.positions(distinct, period(at)))
    cells = grid.drop_duplicates(["party", "issue"])
    assert len(cells) == len(latest)
    for r in cells.itertuples():
        assert r.position == latest[(r.party, r.issue)].stance
    (side_by_side, ) = at.dataframe
    table = side_by_side.value
    assert {"Israel", "Hamas", "between the negotiating parties"} <= set(table.columns)
    assert set(table["between the negotiating parties"]) <= {"converge", "diverge", "both against", "one side only"}
    assert over_time["issue"].nunique() == 1
    issue = at.selectbox(key="standing_issue")
    choice = issue.options[1]
    run(issue.select(next(i for i in distinct["issue"].unique() if issue.format_func(i) == choice)))
    (_, _), (_, over_time) = charts(at)
    assert set(over_time["issue_label"]) == {choice}


def test_evidence_from_a_chart_link(open_app, distinct):
    at = open_app(view="evidence", party="israel", issue="hostages", **{"from": "2025-01-01", "to": "2025-01-31"},
                  kind="position")
    rows = evidence_rows(at)
    want = queries.apply_filters(distinct, Filters(parties=("israel",), issues=("hostages",), kind="position",
                                                   since=dt.date(2025, 1, 1)))
    assert len(rows) == len(want) > 0
    assert set(rows["party"]) == {"Israel"} and set(rows["issue"]) == {"Hostages"}
    assert (rows["date"] >= "2025-01-01").all()
    assert list(rows["date"]) == sorted(rows["date"], reverse=True)
    assert {"sentence", "source", "method", "confidence"} <= set(rows.columns)
    assert at.multiselect(key="parties").value == ["israel"]


def test_evidence_kind_stance_target_and_undated(open_app, distinct):
    at = open_app(view="evidence")
    everything = len(evidence_rows(at))
    assert everything == len(distinct)
    assert "undated" in set(evidence_rows(at)["date"])
    run(at.selectbox(key="kind").select("blame"))
    assert set(evidence_rows(at)["stance"]) == {"blames"}
    run(at.selectbox(key="target").select("usa"))
    assert set(evidence_rows(at)["blamed"]) == {"United States"}
    assert at.query_params["target"] == "usa"
    at.selectbox(key="kind").select("position")
    run(at.selectbox(key="target").select(""))
    run(at.selectbox(key="stance").select("reject"))
    assert set(evidence_rows(at)["stance"]) == {"reject"}
    run(at.toggle(key="undated").set_value(False))
    assert "undated" not in set(evidence_rows(at)["date"])
    assert at.query_params["undated"] == "0"


# --- filters -------------------------------------------------------------------------------------

def test_party_filter_narrows_every_view_and_goes_into_the_url(open_app):
    at = open_app()
    run(at.multiselect(key="parties").set_value(["hamas"]))
    ((_, data),) = charts(at)
    assert set(data["party"]) == {"hamas"}
    assert at.query_params["party"] == "hamas"
    run(at.radio(key="view").set_value("evidence"))
    assert set(evidence_rows(at)["party"]) == {"Hamas"}
    assert at.query_params["view"] == "evidence"


def test_issue_filter(open_app):
    at = open_app()
    run(at.multiselect(key="issues").set_value(["hostages", "withdrawal"]))
    ((_, data),) = charts(at)
    assert set(data["issue"]) == {"hostages", "withdrawal"}
    assert at.query_params["issue"] == "hostages,withdrawal"


def test_date_filter(open_app):
    at = open_app()
    run(at.date_input(key="dates").set_value((dt.date(2025, 1, 1), dt.date(2025, 1, 3))))
    ((_, data),) = charts(at)
    assert set(data["period"]) == {aggregate.period_of(dt.date(2025, 1, 2), period(at))}
    assert at.query_params["from"] == "2025-01-01" and at.query_params["to"] == "2025-01-03"
    run(at.radio(key="view").set_value("evidence"))
    dates = set(evidence_rows(at)["date"])
    assert dates and dates <= {"2025-01-01", "2025-01-02", "2025-01-03"}


def test_period_filter(open_app, distinct):
    at = open_app(period="week")
    ((_, data),) = charts(at)
    assert data["period"].str.match(r"^\d{4}-W\d{2}$").all()
    run(at.selectbox(key="period").select("day"))
    ((_, data),) = charts(at)
    assert data["period"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    assert len(data.drop_duplicates(["party", "issue", "period"])) == len(queries.positions(distinct, "day"))
    assert at.query_params["period"] == "day"


def test_method_filter(open_app):
    at = open_app(view="evidence")
    run(at.multiselect(key="methods").set_value(["human"]))
    assert "No statements match these filters" in texts(at)
    run(at.multiselect(key="methods").set_value(["rules"]))
    assert len(evidence_rows(at)) > 0
    assert at.query_params["method"] == "rules"


def test_minimum_confidence_filter(open_app, distinct):
    at = open_app(view="evidence")
    run(at.slider(key="min_conf").set_value(0.8))
    rows = evidence_rows(at)
    assert len(rows) == (distinct["confidence"] >= 0.8).sum() < len(distinct)
    assert rows["confidence"].min() >= 0.8
    assert at.query_params["min_conf"] == "0.8"


def test_profile_filter_lists_the_profiles_in_the_store(open_app):
    at = open_app()
    profile = at.selectbox(key="profile")
    assert profile.value == "gaza"
    assert profile.options == ["Israel–Hamas ceasefire and hostage talks", "Russia–Ukraine talks (test profile)"]


def test_a_profile_file_of_the_users_own_is_first_class(open_app):
    # the profile file lists the mediator between the two sides; its names, order and
    # principals come from the copy the store keeps, wherever the file is now
    at = open_app(profile="ukraine_talks", view="standing")
    (_, grid), _ = charts(at)
    assert set(grid["party_name"]) <= {"Russian Federation", "Ukraine (Kyiv)", "United States"}
    assert "security_guarantees" not in texts(at) and "Security guarantees" in set(grid["issue_label"])
    (spec, _), _ = charts(at)
    assert spec["layer"][0]["encoding"]["x"]["sort"][:2] == ["Russian Federation", "Ukraine (Kyiv)"]
    (side_by_side,) = at.dataframe
    assert list(side_by_side.value.columns) == ["issue", "between the negotiating parties", "Russian Federation",
                                                "Ukraine (Kyiv)"]
    assert at.multiselect(key="parties").options == ["Russian Federation", "Ukraine (Kyiv)", "United States"]
    shifts = texts(run(at.radio(key="view").set_value("shifts")))
    assert "**Russian Federation** on **Ceasefire**" in shifts


def test_a_shared_link_opens_the_same_view(open_app):
    at = open_app(view="blame", party="hamas,israel", min_conf="0.7", period="week")
    assert at.radio(key="view").value == "blame"
    assert at.multiselect(key="parties").value == ["hamas", "israel"]
    assert at.slider(key="min_conf").value == 0.7
    assert at.selectbox(key="period").value == "week"


# --- the hard cases: never an exception ---------------------------------------------------------

def test_undated_articles_are_named_with_how_to_date_them(open_app):
    page = texts(open_app())
    assert "undated article(s) are not on the timelines" in page and "stance date ID YYYY-MM-DD" in page


def test_a_party_with_no_statements(open_app):
    at = open_app(party="egypt")
    page = texts(at)
    assert "No statements of Egypt match these filters" in page
    for view in ("shifts", "blame", "standing", "evidence"):
        assert "match these filters" in texts(run(at.radio(key="view").set_value(view)))


def test_bad_link_values_are_reported_not_raised(open_app):
    at = open_app(view="nowhere", period="year", party="nobody", **{"from": "2024-02-30"}, min_n="many")
    page = texts(at)
    for bad in ("view='nowhere'", "period='year'", "nobody", "'2024-02-30'", "min_n='many'"):
        assert bad in page
    assert at.radio(key="view").value == "positions"


def test_an_empty_store(open_app, tmp_path):
    db = tmp_path / "empty.db"
    store.open_store(str(db))
    at = open_app(db=db)
    assert "holds no statements yet" in texts(at) and "stance ingest" in texts(at)
    assert not at.get("vega_lite_chart")


def test_a_missing_database(open_app, tmp_path):
    at = open_app(db=tmp_path / "nowhere.db")
    assert "no database at" in texts(at)
    assert not (tmp_path / "nowhere.db").exists()


def test_download_buttons_are_there(open_app):
    at = open_app()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download statements (CSV)", "Download positions (CSV)"]
