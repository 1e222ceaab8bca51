"""The dashboard's views, one function each: positions over time, shifts, blame, where the
parties stand, evidence. Each takes the frames :mod:`stance.dashboard.app` prepared and lays
them out; the numbers come from :mod:`stance.analysis.queries` and :mod:`stance.analysis.charts`.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from stance.analysis import charts, queries, timeaxis
from stance.analysis.filters import Filters, view_link
from stance.profile import Profile

EVIDENCE_ROWS = 500  # rows drawn in the evidence table; the CSV has them all
SHIFT_CARDS = 25


class Names:
    """Display names and order of a profile's parties and issues (ids when the profile is unknown)."""

    def __init__(self, profile: Profile | None, parties: list[str], issues: list[str]):
        self.party = {p.id: p.name for p in profile.parties} if profile else {}
        self.issue = {i.id: i.label for i in profile.issues} if profile else {}
        # negotiating parties first, then mediators, then the rest (the roles the profile declares)
        self.parties = profile.party_order(parties) if profile else sorted(parties)
        self.negotiating = list(profile.negotiating) if profile else []
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


def _shift_cells(table: pd.DataFrame, min_n: int) -> frozenset:
    """``(party, issue, period)`` of the cells where a shift takes effect."""
    return frozenset((s.party, s.issue, s.after.period) for s in queries.shifts(table, min_n))


def view_positions(table: pd.DataFrame, filters: Filters, names: Names) -> None:
    ss = st.session_state
    st.caption("Each cell is one period: its colour is the stance most of the period's distinct statements "
               "take, darker with more statements; the number is how many (a grey mixed cell, where pro and "
               "con tie, shows its split pro:con). An outlined cell is where a shift takes effect; a light "
               "column is a period without statements. Click a cell for its evidence.")
    if table.empty:
        _nothing("dated positions", filters, names)
        return
    data = _labelled(table, names)
    data["row"] = data["party_name"] + " · " + data["issue_label"]
    rank_p = {p: i for i, p in enumerate(names.parties)}
    rank_i = {p: i for i, p in enumerate(names.issues)}
    order = (data.assign(rp=data["party"].map(rank_p), ri=data["issue"].map(rank_i))
             .sort_values(["rp", "ri"])["row"].unique().tolist())
    _draw(charts.position_strip(data, filters, row_order=order, periods=timeaxis.table_periods(table, ss.period),
                                shifts=_shift_cells(table, ss.min_n)))


def view_shifts(distinct: pd.DataFrame, table: pd.DataFrame, filters: Filters, names: Names) -> None:
    ss = st.session_state
    st.caption(f"A shift is a change between pro (demand, accept) and con (reject) across consecutive "
               f"settled {ss.period}s: a period is settled by at least {ss.min_n} distinct statement(s) "
               "with a majority for one side; tied periods are mixed and skipped. Newest first.")
    found = queries.shifts(table, ss.min_n)
    if not found:
        _why_no_shifts(distinct, table, filters, names)
        return
    st.markdown(f"**{len(found)} shift(s)** found.")
    evidence = queries.ShiftEvidence(distinct, ss.period)
    for shift in found[:SHIFT_CARDS]:
        before, after = evidence.of(shift)
        with st.container(border=True, key=f"shift-{shift.party}-{shift.issue}-{shift.after.period}"):
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


def _why_no_shifts(distinct, table: pd.DataFrame, filters: Filters, names: Names) -> None:
    """Say why the Shifts view is empty (undated statements, a period too coarse, too few
    statements to settle a position) and offer the change that would show shifts.
    ``distinct``: the folded statements, or a selection of the database's summary of them
    (a large store), which the queries read alike; undated ones are counted in the first."""
    ss = st.session_state
    if isinstance(distinct, pd.DataFrame):
        positions = distinct[distinct["kind"] == "position"]
        undated, what = int(positions["date"].isna().sum()), "position statement(s)"
    else:  # the database's count (queries.positions keeps the dated positions itself)
        positions, undated, what = distinct, queries.overview(distinct).undated_statements, "statement(s)"
    reasons = []
    if undated:
        reasons.append(f"{undated} {what} come from undated articles and are on no timeline "
                       "(`stance articles --undated` lists them with the date their text suggests)")
    finer = [p for p in timeaxis.PERIOD_ORDER[timeaxis.PERIOD_ORDER.index(ss.period) + 1:]]
    offers = []
    for period in finer:
        n = len(queries.shifts(queries.positions(positions, period), ss.min_n))
        if n:
            reasons.append(f"by {ss.period}, changes of position fall inside one period; by {period} "
                           f"{n} shift(s) show")
            offers.append(("period", period, f"Show by {period} ({n} shift(s))"))
            break
    if ss.min_n > 1:
        n = len(queries.shifts(table, 1))
        if n:
            reasons.append(f"at least {ss.min_n} statements settle a position; with 1, {n} shift(s) show")
            offers.append(("min_n", 1, f"Settle with 1 statement ({n} shift(s))"))
    if not reasons:
        settled = queries.latest_settled(table, ss.min_n)
        reasons.append("too few statements: no party has two settled periods of opposite sides on one issue"
                       + (f" ({len(settled)} party × issue pair(s) settled at all)" if settled else ""))
    st.info("**No shifts of position match these filters.** " + " ".join(r[0].upper() + r[1:] + "." for r in reasons),
            icon=":material/info:")
    for i, (key, value, label) in enumerate(offers):
        st.button(label, key=f"offer-{i}", on_click=_set_state, args=(key, value))


def _set_state(key: str, value) -> None:
    st.session_state[key] = value


def _draw(chart) -> None:
    """Draw a chart at its own width, or the page's when it asks for the container's."""
    wide = chart.width == "container"
    st.altair_chart(charts.with_empty_background(chart), width="stretch" if wide else "content")


def _badge(stance: str) -> str:
    colour = {"demand": "blue", "accept": "green", "reject": "red"}.get(stance, "gray")
    return f":{colour}-badge[{stance}]"


INFERRED_BADGE = ":orange-badge[date inferred]"


def _quote(row: pd.Series | None, names: Names) -> None:
    if row is None:
        st.write("—")
        return
    date = row["date"].date().isoformat()
    dated = " (date from the text)" if row["date_resolved"] else ""
    inferred = f" {INFERRED_BADGE}" if row.get("date_inferred", False) else ""
    st.markdown(f"> {plain_markdown(row['sentence'])}")
    st.markdown(f"{date}{dated}{inferred} · {_source_md(row)} · {row['method']}, "
                f"confidence {row['confidence']:.2f}", help=_INFERRED_HELP if inferred else None)


_INFERRED_HELP = ("The article gives no date; this one is inferred from what its text says (dates it "
                  "mentions, events of the profile's milestones). `stance articles --undated` shows the "
                  "evidence; `stance date ID YYYY-MM-DD` confirms or corrects it.")


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
        _draw(charts.blame_timeline(timeline, filters, pairs, periods=timeaxis.table_periods(timeline, ss.period)))
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
    # the profile's negotiating parties; one without a settled position has nothing to compare
    sides = [p for p in names.negotiating if any(party == p for party, _ in latest)]
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
    _draw(charts.position_strip(data, filters, row_order=order, periods=timeaxis.table_periods(table, ss.period),
                                shifts=_shift_cells(table, ss.min_n)))


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


_EVIDENCE_STYLE = """<style>
.stance-evidence {border-collapse: collapse; width: 100%; font-size: 0.86rem; table-layout: fixed;}
.stance-evidence th {text-align: left; border-bottom: 2px solid #d0d4da; padding: 4px 6px; position: sticky;
  top: 0; background: white;}
.stance-evidence td {vertical-align: top; border-bottom: 1px solid #eceef1; padding: 5px 6px;
  overflow-wrap: break-word;}
.stance-evidence td.sentence {white-space: normal; line-height: 1.35;}
.stance-evidence .stance {font-style: italic;}
.stance-evidence .badge {display: inline-block; border-radius: 4px; padding: 0 3px; font-size: 0.7rem; white-space: nowrap;
  margin-top: 2px;}
.stance-evidence .inferred {background: #fdebd3; color: #8a4b00;}
.stance-evidence .resolved {background: #e3ecf8; color: #244b84;}
.stance-evidence-wrap {max-height: 760px; overflow-y: auto;}
</style>"""
# shares of the width that keep method and confidence on screen at 1280 px beside the sidebar,
# the sentence taking the most
_EVIDENCE_COLUMNS = (("date", "11%"), ("statement", "17%"), ("sentence", "42%"), ("source", "13%"),
                     ("method", "8%"), ("confidence", "9%"))


def evidence_html(rows: pd.DataFrame, names: Names) -> str:
    """The evidence as an HTML table: whole sentences, wrapped; who takes which stance on what
    (or blames whom); a link for a URL, the file name for a file; the date's basis as a badge
    (inferred from the article's text, or dated by the sentence). Every text is escaped: an
    article cannot put markup on the page."""
    def span(cls: str, text: str) -> str:
        return f'<span class="{cls}">{html.escape(text)}</span>'

    body = []
    for r in rows.itertuples(index=False):
        date = "undated" if pd.isna(r.date) else r.date.strftime("%Y-%m-%d")
        if getattr(r, "date_inferred", False):
            date += '<br><span class="badge inferred" title="inferred from the article\'s text; confirm with ' \
                    '`stance date`">date inferred</span>'
        elif r.date_resolved and not pd.isna(r.date):
            date += '<br><span class="badge resolved" title="the sentence dates what it reports earlier ' \
                    'than the article">sentence date</span>'
        who = f'<b class="party">{html.escape(names.of_party(r.party))}</b> '
        if r.kind == "position":
            what = f'{span("stance", r.stance)} {span("issue", names.of_issue(r.issue))}'
        else:
            what = f'{span("stance", "blames")} {span("blamed", names.of_party(r.target))}' + (
                f' <br>about {span("issue", names.of_issue(r.issue))}' if r.issue else "")
        sources = r.sources.split("\n") if r.sources else [r.source]
        if r.url:
            shown = f'<a href="{html.escape(r.url, quote=True)}" target="_blank" rel="noopener noreferrer">' \
                    f"{html.escape(_host(r.url))}</a>"
        else:
            shown = html.escape(_short(sources[0]))
        if len(sources) > 1:
            shown += f"<br>+{len(sources) - 1} more"
        cells = [date, who + what, html.escape(" ".join(r.sentence.split())), shown, html.escape(r.method),
                 f"{r.confidence:.2f}"]
        body.append("<tr>" + "".join(f'<td class="{name}">{c}</td>'
                                     for (name, _), c in zip(_EVIDENCE_COLUMNS, cells)) + "</tr>")
    cols = "".join(f'<col style="width:{w}">' for _, w in _EVIDENCE_COLUMNS)
    head = "".join(f"<th>{name}</th>" for name, _ in _EVIDENCE_COLUMNS)
    return (f'{_EVIDENCE_STYLE}<div class="stance-evidence-wrap"><table class="stance-evidence">'
            f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _host(url: str) -> str:
    """A link's readable name: its host and the start of its path."""
    rest = url.split("://", 1)[-1]
    return rest if len(rest) <= 40 else rest[:38] + "…"


def _evidence_table(rows, names: Names) -> None:
    shown, total = queries.newest(rows, EVIDENCE_ROWS)  # only the rows shown are read
    st.markdown(f"**{total:,} distinct statement(s)**"
                + (f", the newest {EVIDENCE_ROWS:,} shown (the CSV has them all)" if total > EVIDENCE_ROWS else ""))
    st.html(evidence_html(shown, names))
