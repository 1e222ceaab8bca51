"""The dashboard's views, one function each: positions over time, shifts, blame, where the
parties stand, evidence. Each takes the frames :mod:`stance.dashboard.app` prepared and lays
them out; the numbers come from :mod:`stance.analysis.queries` and :mod:`stance.analysis.charts`.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from stance.analysis import charts, queries
from stance.analysis.filters import Filters, view_link
from stance.profile import Profile

ROLE_RANK = {"party": 0, "mediator": 1, "other": 2}
EVIDENCE_ROWS = 2000  # rows drawn in the evidence table; the CSV has them all
SHIFT_CARDS = 25


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
    st.markdown(f"> {plain_markdown(row['sentence'])}")
    st.caption(f"{date}{dated} · {_source_md(row)} · {row['method']}, confidence {row['confidence']:.2f}")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def plain_markdown(text: str) -> str:
    """Article text shown as text in Streamlit's Markdown: every character Markdown (or
    Streamlit's directives, ``:red[...]``, ``$...$``) would read is escaped, so a
    ``[text](url)`` in an article never becomes a live link; line breaks become spaces."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


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
    rows = queries.apply_filters(distinct, Filters(kind="blame", parties=(pair[0],), target=pair[1]))
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


def _evidence_table(rows, names: Names) -> None:
    shown, total = queries.newest(rows, EVIDENCE_ROWS)  # only the rows shown are read
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
    st.markdown(f"**{total:,} distinct statement(s)**"
                + (f", the newest {EVIDENCE_ROWS:,} shown (the CSV has them all)" if total > EVIDENCE_ROWS else ""))
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "link": st.column_config.LinkColumn("link", display_text="open"),
        "sentence": st.column_config.TextColumn("sentence", width="large"),
        "confidence": st.column_config.NumberColumn("confidence", format="%.2f"),
        "dated by": st.column_config.TextColumn("dated by", help="'the text': the sentence gives an earlier "
                                                 "date than the article's, resolved against it"),
    })
