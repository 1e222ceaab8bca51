"""The Streamlit dashboard: cached frames, the filters (kept in the URL), then one view at a time.

Run it with ``stance dashboard [--db URL] [--port N]`` or ``streamlit run dashboard/app.py``;
the database comes from ``$STANCE_DB`` (``stance.db`` by default). The numbers come from
:mod:`stance.analysis.queries` and :mod:`stance.analysis.aggregate`, computed on the summary of
distinct statements (:mod:`stance.analysis.summary`, rebuilt when the store changes: in memory
for a small store, in the database for a large one); this module filters them,
:mod:`stance.dashboard.views` lays each view out.
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

    from stance.analysis import queries, statement_frame, timeaxis
    from stance.analysis import summary as summaries
    from stance.analysis.export import write_positions, write_statements
    from stance.analysis.filters import (
        METHOD_FILTERS,
        PERIODS,
        VIEWS,
        Filters,
        filters_from_params,
        filters_to_params,
    )
    from stance.dashboard.views import (
        Names,
        view_blame,
        view_evidence,
        view_positions,
        view_shifts,
        view_standing,
    )
    from stance.errors import StanceError
    from stance.profile import Profile
    from stance.store import store
finally:
    if _collecting:
        gc.freeze()  # and leave them out of later collections
        gc.enable()

CHECK_EVERY = 10  # seconds between two checks whether the store changed

VIEW_TITLES = {"positions": "Positions over time", "shifts": "Shifts", "blame": "Blame",
               "standing": "Where the parties stand", "evidence": "Evidence"}


# --- data ------------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return store.open_store(url, create=False)


@st.cache_data(show_spinner=False, ttl=CHECK_EVERY)
def _version(url: str) -> tuple:
    # counting a large store's rows takes a while: a rerun within seconds of the last one
    # (a click on a filter) trusts what that one found
    return statement_frame.data_version(_engine(url))


@st.cache_resource(show_spinner="Summarising statements…", max_entries=4)
def _prepared(url: str, version: tuple) -> summaries.Summary:
    # once per change of the store, for every session: later renders only query the summary
    return summaries.prepare(_engine(url), version)


@st.cache_resource(show_spinner=False, max_entries=4)
def _first_period(url: str, version: tuple) -> str:
    # once per change of the store's contents, shared by every session; a store summarised in
    # the database (too large to fold in memory) is grouped there, once per period
    summary = _prepared(url, version)
    if summary.frame is not None:
        return timeaxis.default_period(summary.frame)
    if summary.span is None:
        return timeaxis.PERIOD_ORDER[0]
    return timeaxis.choose_period(*summary.span, lambda period: queries.positions(summary.distinct, period))


@st.cache_resource(show_spinner=False)
def _profile(profile_id: str) -> Profile | None:
    """The profile the statements were extracted with: the store's copy of a profile file of the
    user's (``stance ingest --profile my.yaml`` keeps one), else the built-in of that id."""
    try:
        return store.profile_of(_engine(store.database_url(None)), profile_id)
    except StanceError:
        return None  # neither: ids are shown instead of names


# --- filters and the URL ---------------------------------------------------------------------------

def _init_state(span: tuple[dt.date, dt.date] | None, profiles: list[str], first_period: str) -> None:
    """Seed the widgets from the URL once per session (a shared link opens the same view); without
    a period in the URL, the period fits the span and density of the data
    (:func:`stance.analysis.timeaxis.default_period`)."""
    ss = st.session_state
    if ss.get("_ready"):
        return
    params = {k: st.query_params.get(k) for k in st.query_params.keys()}
    filters, problems = filters_from_params(params)
    view = params.get("view") or "positions"
    if view not in VIEWS:
        problems.append(f"ignored view={view!r}")
        view = "positions"
    ss._default_period = first_period
    period = params.get("period") or ss._default_period
    if period not in PERIODS:
        problems.append(f"ignored period={period!r}")
        period = ss._default_period
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


def _sidebar(choices: dict, span, profiles: list[str]) -> tuple[Filters, Names]:
    ss = st.session_state
    side = st.sidebar
    side.header("Filters")
    side.selectbox("Negotiation", profiles, key="profile",
                   format_func=lambda p: (_profile(p).name if _profile(p) else p))
    names = Names(_profile(ss.profile), *choices.get(ss.profile, ([], [])))
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
    side.selectbox("Period", list(PERIODS), key="period", help="The width of a timeline cell. The first look picks the one that fits the data's span "
                        "and shows the most changes of position.")
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
    if ss.period != ss._default_period:
        params["period"] = ss.period
    if ss.min_n != 1:
        params["min_n"] = str(ss.min_n)
    if dict(st.query_params.to_dict()) != params:
        st.query_params.from_dict(params)


def _downloads(url: str, table: pd.DataFrame, filters: Filters) -> None:
    """Download buttons; the CSV is written only when clicked (the same writers as `stance export`),
    so only then is every statement (copies included) read."""

    def statements_csv() -> str:
        ids = queries.apply_filters(statement_frame.load_statements(_engine(url)), filters)["id"]
        out = io.StringIO()
        write_statements(statement_frame.full_statements(_engine(url), ids), out)
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


# --- the page --------------------------------------------------------------------------------------

def main() -> None:
    """Draw the dashboard."""
    st.set_page_config(page_title="stance: positions over time", layout="wide")
    url = store.database_url(None)
    try:
        version = _version(url)
    except StanceError as exc:
        st.error(f"{exc}")
        st.stop()
    summary = _prepared(url, version)
    st.title("Who demands, accepts, rejects and blames")
    if not summary.stored:
        st.info(f"The database {store.shown_url(url)} holds no statements yet. Ingest articles first, e.g. "
                "`stance ingest seeds/ --db stance.db`, then reload this page.")
        st.stop()
    profiles, span = list(summary.profiles), summary.span
    _init_state(span, profiles, _first_period(url, version))
    ss = st.session_state
    distinct = summary.distinct
    filters, names = _sidebar(summary.choices, span, profiles)
    for problem in ss._problems:
        st.warning(f"From the link: {problem}.")
    ss._problems = []

    st.radio("View", list(VIEWS), key="view", horizontal=True, format_func=VIEW_TITLES.get,
             label_visibility="collapsed")
    selected = queries.apply_filters(distinct, filters.narrowed(kind="", target="", stance=""))
    _summary(selected, summary.stored, filters, names)
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
    _downloads(url, table, filters)
    _write_url(filters)


def _summary(selected, stored: int, filters: Filters, names: Names) -> None:
    seen = queries.overview(selected)
    parts = [f"{seen.statements:,} distinct statements ({stored:,} stored)", f"{seen.articles:,} articles"]
    if seen.first:
        parts.append(f"{seen.first:%d %b %Y} – {seen.last:%d %b %Y}")
    st.caption(" · ".join(parts))
    undated = seen.undated_articles
    if len(undated) and not (filters.since or filters.until):
        n = seen.undated_statements
        ids = ", ".join(a[:8] for a in undated[:5]) + (" …" if len(undated) > 5 else "")
        st.info(f"{n} statement(s) from {len(undated)} undated article(s) are not on the timelines (they are "
                f"in the evidence table and the blame matrix): date them with `stance date ID YYYY-MM-DD` "
                f"({ids}).", icon=":material/event_busy:")
    missing = [p for p in filters.parties if p not in seen.parties]
    if missing:
        st.info(f"No statements of {', '.join(names.of_party(p) for p in missing)} match these filters.")


if __name__ == "__main__":
    main()
