"""The Streamlit dashboard: cached frames, the filters (kept in the URL), then one view at a time.

Run it with ``stance dashboard [--db URL] [--port N]`` or ``streamlit run dashboard/app.py``;
the database comes from ``$STANCE_DB`` (``stance.db`` by default). The numbers come from
:mod:`stance.analysis.queries` and :mod:`stance.analysis.aggregate`; this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
import gc
import io

# The imports below (pandas, Altair) make hundreds of thousands of objects that live as long as
# the server; the cyclic collector would walk them again and again while they are made (about a
# third of the time they take to import) and free none of them.
_collecting = gc.isenabled()
gc.disable()
try:
    import pandas as pd
    import streamlit as st

    from stance.analysis import charts, queries
    from stance.analysis.export import write_positions, write_statements
    from stance.analysis.filters import (
        METHOD_FILTERS,
        PERIODS,
        VIEWS,
        Filters,
        filters_from_params,
        filters_to_params,
        view_link,
    )
    from stance.errors import StanceError
    from stance.profile import Profile, load_profile
    from stance.store import store
finally:
    if _collecting:
        gc.freeze()  # and leave them out of later collections
        gc.enable()

VIEW_TITLES = {"positions": "Positions over time", "shifts": "Shifts", "blame": "Blame",
               "standing": "Where the parties stand", "evidence": "Evidence"}
ROLE_RANK = {"party": 0, "mediator": 1, "other": 2}
EVIDENCE_ROWS = 2000  # rows drawn in the evidence table; the CSV has them all
SHIFT_CARDS = 25


# --- data ------------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return store.open_store(url, create=False)


@st.cache_resource(show_spinner="Reading statements…", max_entries=4)
def _frames(url: str, version: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    # cache_resource, not cache_data: the frames are shared read-only, never copied per rerun
    raw = queries.load_statements(_engine(url))
    return raw, queries.collapse(raw)


@st.cache_resource(show_spinner=False)
def _profile(profile_id: str) -> Profile | None:
    try:
        return load_profile(profile_id)
    except StanceError:
        return None  # a profile file that moved: ids are shown instead of names


class Names:
    """Display names and order of a profile's parties and issues (ids when the profile is unknown)."""

    def __init__(self, profile: Profile | None, parties: list[str], issues: list[str]):
        known_parties = [p.id for p in profile.parties] if profile else []
        roles = {p.id: p.role for p in profile.parties} if profile else {}
        self.party = {p.id: p.name for p in profile.parties} if profile else {}
        self.issue = {i.id: i.label for i in profile.issues} if profile else {}
        ids = list(dict.fromkeys(known_parties + sorted(parties)))
        # negotiating parties first, then mediators, then the rest; profile order within a role
        self.parties = sorted(ids, key=lambda p: (ROLE_RANK.get(roles.get(p, ""), 3), ids.index(p)))
        self.negotiating = [p for p in self.parties if roles.get(p) == "party"]
        known_issues = [i.id for i in profile.issues] if profile else []
        self.issues = list(dict.fromkeys(known_issues + sorted(i for i in issues if i)))

    def of_party(self, party_id: str) -> str:
        return self.party.get(party_id, party_id)

    def of_issue(self, issue_id: str) -> str:
        return self.issue.get(issue_id, issue_id) if issue_id else "(no issue)"


# --- filters and the URL ---------------------------------------------------------------------------

def _init_state(span: tuple[dt.date, dt.date] | None, profiles: list[str]) -> None:
    """Seed the widgets from the URL once per session (a shared link opens the same view)."""
    ss = st.session_state
    if ss.get("_ready"):
        return
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    filters, problems = filters_from_params(params)
    view = params.get("view") or "positions"
    if view not in VIEWS:
        problems.append(f"ignored view={view!r}")
        view = "positions"
    period = params.get("period") or "month"
    if period not in PERIODS:
        problems.append(f"ignored period={period!r}")
        period = "month"
    try:
        min_n = max(1, min(10, int(params.get("min_n") or 1)))
    except ValueError:
        problems.append(f"ignored min_n={params.get('min_n')!r}")
        min_n = 1
    if filters.profile and filters.profile not in profiles:
        problems.append(f"no statements of profile {filters.profile!r} in this database")
    ss.view, ss.period, ss.min_n = view, period, min_n
    ss.profile = filters.profile if filters.profile in profiles else profiles[0]
    ss.parties, ss.issues = list(filters.parties), list(filters.issues)
    ss.methods = list(filters.methods)
    ss.min_conf = float(filters.min_confidence)
    ss.kind, ss.target, ss.stance = filters.kind, filters.target, filters.stance
    ss.undated = filters.undated
    if span:
        ss.dates = (filters.since or span[0], filters.until or span[1])
    ss._problems = problems
    ss._ready = True


def _sidebar(raw: pd.DataFrame, span, profiles: list[str]) -> tuple[Filters, Names]:
    ss = st.session_state
    side = st.sidebar
    side.header("Filters")
    side.selectbox("Negotiation", profiles, key="profile",
                   format_func=lambda p: (_profile(p).name if _profile(p) else p))
    in_profile = raw[raw["profile"] == ss.profile]
    names = Names(_profile(ss.profile), in_profile["party"].unique().tolist(),
                  in_profile["issue"].unique().tolist())
    # values a link or another profile brought that this profile does not know are dropped
    unknown = [p for p in ss.parties if p not in names.parties] + [i for i in ss.issues if i not in names.issues]
    if unknown:
        ss._problems.append(f"not in this negotiation: {', '.join(unknown)}")
    ss.parties = [p for p in ss.parties if p in names.parties]
    ss.issues = [i for i in ss.issues if i in names.issues]
    side.multiselect("Parties", names.parties, key="parties", format_func=names.of_party,
                     placeholder="all parties", help="Who holds a position or blames.")
    side.multiselect("Issues", names.issues, key="issues", format_func=names.of_issue,
                     placeholder="all issues", help="Narrows positions; blame about another issue is left out.")
    since = until = None
    if span:
        low, high = span
        start, end = ss.get("dates", (low, high)) + (high,) * (2 - len(ss.get("dates", (low, high))))
        ss.dates = (min(max(start, low), high), max(min(end, high), low))
        dates = side.date_input("Dates", key="dates", min_value=low, max_value=high, format="YYYY-MM-DD")
        if isinstance(dates, (tuple, list)) and len(dates) == 2:
            since = dates[0] if dates[0] > low else None
            until = dates[1] if dates[1] < high else None
    side.multiselect("Method", list(METHOD_FILTERS), key="methods", placeholder="rules, model and human",
                     help="How a statement was found: the rules, the learned model, or a person's label.")
    side.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="min_conf")
    side.selectbox("Period", list(PERIODS), key="period", help="The width of a timeline cell.")
    side.number_input("Statements to settle a position", 1, 10, key="min_n",
                      help="A period shows a settled position (and can make a shift) only with at least "
                           "this many distinct statements and a majority for pro or con.")
    filters = Filters(profile=ss.profile, parties=tuple(ss.parties), issues=tuple(ss.issues), since=since,
                      until=until, methods=tuple(ss.methods), min_confidence=round(float(ss.min_conf), 2),
                      kind=ss.kind, target=ss.target, stance=ss.stance, undated=ss.undated)
    return filters, names


def _write_url(filters: Filters) -> None:
    ss = st.session_state
    params = {"view": ss.view, **filters_to_params(filters)}
    if ss.period != "month":
        params["period"] = ss.period
    if ss.min_n != 1:
        params["min_n"] = str(ss.min_n)
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)


def _downloads(url: str, raw: pd.DataFrame, table: pd.DataFrame, filters: Filters) -> None:
    """Download buttons; the CSV is written only when clicked (the same writers as `stance export`)."""

    def statements_csv() -> str:
        ids = queries.apply_filters(raw, filters)["id"]
        out = io.StringIO()
        write_statements(queries.full_statements(_engine(url), ids), out)
        return out.getvalue()

    def positions_csv() -> str:
        out = io.StringIO()
        write_positions(queries.position_counts(table), out)
        return out.getvalue()

    st.sidebar.divider()
    st.sidebar.download_button("Download statements (CSV)", statements_csv, file_name="statements.csv",
                               mime="text/csv", key="dl_statements", on_click="ignore",
                               help="Every statement that passes the filters, in the columns of `stance export`.")
    st.sidebar.download_button("Download positions (CSV)", positions_csv, file_name="positions.csv",
                               mime="text/csv", key="dl_positions", on_click="ignore",
                               help="Distinct statements per party × issue × period, as in the charts.")


# --- views -----------------------------------------------------------------------------------------

def _labelled(table: pd.DataFrame, names: Names) -> pd.DataFrame:
    out = table.copy()
    if "party" in out:
        out["party_name"] = out["party"].map(names.of_party)
    if "issue" in out:
        out["issue_label"] = out["issue"].map(names.of_issue)
    if "target" in out:
        out["target_name"] = out["target"].map(names.of_party)
    return out


def _nothing(what: str, filters: Filters, names: Names) -> None:
    who = ", ".join(names.of_party(p) for p in filters.parties) if filters.parties else ""
    hint = f" for {who}" if who else ""
    st.info(f"No {what}{hint} match these filters. Widen the dates, lower the minimum confidence, "
            "or choose other parties and issues in the sidebar.")


def view_positions(table: pd.DataFrame, filters: Filters, names: Names) -> None:
    st.caption("Each cell is one period: its colour is the stance most of the period's distinct statements "
               "take (mixed when pro and con tie), darker with more statements; the number is how many. "
               "Click a cell for its evidence.")
    if table.empty:
        _nothing("dated positions", filters, names)
        return
    data = _labelled(table, names)
    data["row"] = data["party_name"] + " · " + data["issue_label"]
    rank_p = {p: i for i, p in enumerate(names.parties)}
    rank_i = {p: i for i, p in enumerate(names.issues)}
    order = (data.assign(rp=data["party"].map(rank_p), ri=data["issue"].map(rank_i))
             .sort_values(["rp", "ri"])["row"].unique().tolist())
    _draw(charts.position_strip(data, filters, row_order=order))


def view_shifts(distinct: pd.DataFrame, table: pd.DataFrame, filters: Filters, names: Names) -> None:
    ss = st.session_state
    st.caption(f"A shift is a change between pro (demand, accept) and con (reject) across consecutive "
               f"settled {ss.period}s: a period is settled by at least {ss.min_n} distinct statement(s) "
               "with a majority for one side; tied periods are mixed and skipped. Newest first.")
    found = queries.shifts(table, ss.min_n)
    if not found:
        _nothing("shifts of position", filters, names)
        return
    st.markdown(f"**{len(found)} shift(s)** found.")
    evidence = queries.ShiftEvidence(distinct, ss.period)
    for shift in found[:SHIFT_CARDS]:
        before, after = evidence.of(shift)
        with st.container(border=True):
            st.markdown(f"**{names.of_party(shift.party)}** on **{names.of_issue(shift.issue)}**: "
                        f"{_badge(shift.before.stance)} → {_badge(shift.after.stance)}  \n"
                        f"{shift.before.period} ({shift.before.statements} statement(s)) → "
                        f"{shift.after.period} ({shift.after.statements} statement(s))")
            left, right = st.columns(2)
            with left:
                st.markdown("*Last evidence before*")
                _quote(before, names)
            with right:
                st.markdown("*First evidence after*")
                _quote(after, names)
            link = view_link("evidence", filters.narrowed(
                parties=(shift.party,), issues=(shift.issue,), kind="position",
                since=before["date"].date() if before is not None else None,
                until=after["date"].date() if after is not None else None))
            st.markdown(f"[All evidence of this shift]({link})")
    if len(found) > SHIFT_CARDS:
        st.markdown(f"All {len(found)} shifts:")
        st.dataframe(pd.DataFrame([{"party": names.of_party(s.party), "issue": names.of_issue(s.issue),
                                    "shift": s.label, "from": s.before.period, "to": s.after.period}
                                   for s in found]), hide_index=True, width="stretch")


def _draw(chart) -> None:
    """Draw a chart at its own width, or the page's when it asks for the container's."""
    st.altair_chart(chart, width="stretch" if chart.width == "container" else "content")


def _badge(stance: str) -> str:
    colour = {"demand": "blue", "accept": "green", "reject": "red"}.get(stance, "gray")
    return f":{colour}-badge[{stance}]"


def _quote(row: pd.Series | None, names: Names) -> None:
    if row is None:
        st.write("—")
        return
    date = row["date"].date().isoformat()
    dated = " (date from the text)" if row["date_resolved"] else ""
    st.markdown(f"> {row['sentence']}")
    st.caption(f"{date}{dated} · {_source_md(row)} · {row['method']}, confidence {row['confidence']:.2f}")


def _source_md(row: pd.Series) -> str:
    sources = row["sources"].split("\n") if row["sources"] else [row["source"]]
    first = row["url"] or ""
    shown = f"[{_short(sources[0])}]({first})" if first else f"`{_short(sources[0])}`"
    return shown + (f" and {len(sources) - 1} more source(s)" if len(sources) > 1 else "")


def _short(source: str) -> str:
    return source.rsplit("/", 1)[-1] if not source.startswith("http") else source


def view_blame(distinct: pd.DataFrame, filters: Filters, names: Names) -> None:
    ss = st.session_state
    matrix = queries.blame(distinct)
    if matrix.empty:
        _nothing("blame statements", filters, names)
        return
    st.caption("Rows blame columns; the number is how many distinct statements (undated ones included). "
               "Click a cell for the statements behind it.")
    data = _labelled(matrix, names)
    order = [names.of_party(p) for p in names.parties]
    _draw(charts.blame_matrix(data, filters, order))
    timeline = queries.blame(distinct, ss.period)
    st.subheader(f"Over time (per {ss.period})")
    if timeline.empty:
        st.info("None of these blame statements is dated, so there is no timeline.")
    else:
        timeline = _labelled(timeline, names)
        timeline["pair"] = timeline["party_name"] + " → " + timeline["target_name"]
        rank = {p: i for i, p in enumerate(names.parties)}
        pairs = (timeline.assign(a=timeline["party"].map(rank), b=timeline["target"].map(rank))
                 .sort_values(["a", "b"])["pair"].unique().tolist())
        _draw(charts.blame_timeline(timeline, filters, pairs))
    st.subheader("Statements behind a cell")
    pairs = [(r.party, r.target) for r in matrix.sort_values("statements", ascending=False).itertuples()]
    counts = {(r.party, r.target): r.statements for r in matrix.itertuples()}
    pair = st.selectbox("Who blames whom", pairs, key="blame_pair",
                        format_func=lambda p: f"{names.of_party(p[0])} → {names.of_party(p[1])} ({counts[p]})")
    rows = distinct[(distinct["kind"] == "blame") & (distinct["party"] == pair[0]) & (distinct["target"] == pair[1])]
    _evidence_table(rows, names)


def view_standing(table: pd.DataFrame, filters: Filters, names: Names) -> None:
    ss = st.session_state
    latest = queries.latest_settled(table, ss.min_n)
    if not latest:
        _nothing("settled positions", filters, names)
        return
    st.caption(f"Each party's latest settled stance per issue (at least {ss.min_n} distinct statement(s), "
               "a majority for pro or con), with the period it dates from. Click a cell for its evidence.")
    spans = {(r.party, r.issue, r.period): (r.start, r.end) for r in table.itertuples()}
    grid = pd.DataFrame([{"party": s.party, "issue": s.issue, "position": s.stance, "period": s.period,
                          "statements": s.statements, "start": spans[(s.party, s.issue, s.period)][0],
                          "end": spans[(s.party, s.issue, s.period)][1]} for s in latest.values()])
    grid = _labelled(grid, names)
    party_order = [names.of_party(p) for p in names.parties if p in set(grid["party"])]
    issue_order = [names.of_issue(i) for i in names.issues if i in set(grid["issue"])]
    _draw(charts.standing_grid(grid, filters, party_order, issue_order))
    sides = names.negotiating
    if len(sides) >= 2:
        rows = []
        for issue in names.issues:
            held = {p: latest.get((p, issue)) for p in sides}
            if not any(held.values()):
                continue
            known = [s for s in held.values() if s]
            if len(known) < 2:
                verdict = "one side only"
            elif len({s.polarity for s in known}) == 1:
                verdict = "converge" if known[0].polarity == "pro" else "both against"
            else:
                verdict = "diverge"
            rows.append({"issue": names.of_issue(issue), "between the negotiating parties": verdict,
                         **{names.of_party(p): f"{s.stance} ({s.period})" if s else "—" for p, s in held.items()}})
        if rows:
            st.subheader("Negotiating parties, side by side")
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.subheader("Over time")
    issues = [i for i in names.issues if i in set(table["issue"])]
    issue = st.selectbox("Issue", issues, key="standing_issue", format_func=names.of_issue)
    data = _labelled(table[table["issue"] == issue], names)
    data["row"] = data["party_name"]
    order = [names.of_party(p) for p in names.parties if p in set(data["party"])]
    _draw(charts.position_strip(data, filters, row_order=order))


def view_evidence(distinct: pd.DataFrame, filters: Filters, names: Names) -> None:
    ss = st.session_state
    cols = st.columns(4)
    kinds = ["", "position", "blame"]
    cols[0].selectbox("Kind", kinds, key="kind", format_func=lambda k: k or "positions and blame")
    cols[1].selectbox("Stance", ["", "demand", "accept", "reject"], key="stance", format_func=lambda s: s or "any")
    targets = [""] + names.parties
    if ss.target not in targets:
        ss.target = ""
    cols[2].selectbox("Blamed party", targets, key="target", format_func=lambda p: names.of_party(p) if p else "any")
    cols[3].toggle("Undated statements", key="undated", help="Statements of articles without a date.")
    rows = queries.apply_filters(distinct, filters.narrowed(kind=ss.kind, stance=ss.stance, target=ss.target,
                                                            undated=ss.undated))
    if rows.empty:
        _nothing("statements", filters, names)
        return
    _evidence_table(rows, names)


def _evidence_table(rows: pd.DataFrame, names: Names) -> None:
    rows = rows.sort_values("date", ascending=False, na_position="last", kind="stable")
    shown = rows.head(EVIDENCE_ROWS)
    table = pd.DataFrame({
        "date": shown["date"].dt.strftime("%Y-%m-%d").fillna("undated"),
        "party": shown["party"].map(names.of_party),
        "issue": shown["issue"].map(lambda i: names.of_issue(i) if i else ""),
        "stance": shown["stance"].where(shown["kind"] == "position", "blames"),
        "blamed": shown["target"].map(lambda p: names.of_party(p) if p else ""),
        "sentence": shown["sentence"],
        "link": shown["url"].replace("", None),
        "sources": shown["sources"].map(lambda s: " · ".join(_short(x) for x in s.split("\n"))),
        "method": shown["method"],
        "confidence": shown["confidence"],
        "dated by": shown["date_resolved"].map({True: "the text", False: "the article"}).where(
            shown["date"].notna(), ""),
    })
    st.markdown(f"**{len(rows):,} distinct statement(s)**"
                + (f", the newest {EVIDENCE_ROWS:,} shown (the CSV has them all)" if len(rows) > EVIDENCE_ROWS else ""))
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "link": st.column_config.LinkColumn("link", display_text="open"),
        "sentence": st.column_config.TextColumn("sentence", width="large"),
        "confidence": st.column_config.NumberColumn("confidence", format="%.2f"),
        "dated by": st.column_config.TextColumn("dated by", help="'the text': the sentence gives an earlier "
                                                 "date than the article's, resolved against it"),
    })


# --- the page --------------------------------------------------------------------------------------

def main() -> None:
    """Draw the dashboard."""
    st.set_page_config(page_title="stance: positions over time", layout="wide")
    url = store.database_url(None)
    try:
        engine = _engine(url)
        version = queries.data_version(engine)
    except StanceError as exc:
        st.error(f"{exc}")
        st.stop()
    raw, distinct = _frames(url, version)
    st.title("Who demands, accepts, rejects and blames")
    if raw.empty:
        st.info(f"The database {url} holds no statements yet. Ingest articles first, e.g. "
                "`stance ingest seeds/ --db stance.db`, then reload this page.")
        st.stop()
    profiles = raw["profile"].value_counts().index.tolist()
    span = queries.date_span(raw)
    _init_state(span, profiles)
    ss = st.session_state
    filters, names = _sidebar(raw, span, profiles)
    for problem in ss._problems:
        st.warning(f"From the link: {problem}.")
    ss._problems = []

    st.radio("View", list(VIEWS), key="view", horizontal=True, format_func=VIEW_TITLES.get,
             label_visibility="collapsed")
    selected = queries.apply_filters(distinct, filters.narrowed(kind="", target="", stance=""))
    _summary(selected, raw, filters, names)
    table = queries.positions(selected, ss.period)
    view = ss.view
    if view == "positions":
        view_positions(table, filters, names)
    elif view == "shifts":
        view_shifts(selected, table, filters, names)
    elif view == "blame":
        view_blame(selected, filters, names)
    elif view == "standing":
        view_standing(table, filters, names)
    else:
        view_evidence(distinct, filters, names)
    _downloads(url, raw, table, filters)
    _write_url(filters)


def _summary(selected: pd.DataFrame, raw: pd.DataFrame, filters: Filters, names: Names) -> None:
    dated = selected["date"].notna()
    parts = [f"{len(selected):,} distinct statements ({len(raw):,} stored)",
             f"{selected['article_id'].nunique():,} articles"]
    if dated.any():
        parts.append(f"{selected.loc[dated, 'date'].min():%d %b %Y} – {selected.loc[dated, 'date'].max():%d %b %Y}")
    st.caption(" · ".join(parts))
    undated = queries.undated_articles(selected)
    if len(undated) and not (filters.since or filters.until):
        n = int((~dated).sum())
        ids = ", ".join(a[:8] for a in undated[:5]) + (" …" if len(undated) > 5 else "")
        st.info(f"{n} statement(s) from {len(undated)} undated article(s) are not on the timelines (they are "
                f"in the evidence table and the blame matrix): date them with `stance date ID YYYY-MM-DD` "
                f"({ids}).", icon=":material/event_busy:")
    missing = [p for p in filters.parties if p not in set(selected["party"])]
    if missing:
        st.info(f"No statements of {', '.join(names.of_party(p) for p in missing)} match these filters.")


if __name__ == "__main__":
    main()
