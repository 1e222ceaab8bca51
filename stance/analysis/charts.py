"""The dashboard's Altair charts. Each takes an aggregated frame and returns a chart whose cells
link (``href``) to the evidence view with the cell's filters applied."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .filters import Filters, view_link

STANCE_COLOURS = {"demand": "#3b6fb6", "accept": "#2e9a5e", "reject": "#d1453b", "mixed": "#9aa3ad"}
BLAME_SCHEME = "orangered"
_ROW_PX = 24


def _last_day(end: pd.Timestamp) -> str:
    """The last day of a period whose exclusive end is ``end``."""
    return (end - pd.Timedelta(days=1)).date().isoformat()


def _links(table: pd.DataFrame, filters: Filters, **fixed: str) -> list[str]:
    """One evidence link per row: the row's party/issue/target and period on top of ``filters``."""
    out = []
    for r in table.itertuples(index=False):
        narrowed = filters.narrowed(
            parties=(r.party,),
            issues=(r.issue,) if getattr(r, "issue", "") else filters.issues,
            target=getattr(r, "target", "") or filters.target,
            since=r.start.date() if hasattr(r, "start") else filters.since,
            until=pd.Timestamp(_last_day(r.end)).date() if hasattr(r, "end") else filters.until)
        out.append(view_link("evidence", narrowed, **fixed))
    return out


def _stance_colour() -> alt.Color:
    return alt.Color("position:N", title="stance",
                     scale=alt.Scale(domain=list(STANCE_COLOURS), range=list(STANCE_COLOURS.values())),
                     legend=alt.Legend(orient="top"))


EMPTY_PERIOD = "#eef0f3"  # the plot's background: a period with no statements shows as an empty cell


def _period_axis(periods: list[str]) -> alt.X:
    """The x encoding of a timeline: every period of the axis, those without data left empty."""
    return alt.X("period:O", sort=periods, scale=alt.Scale(domain=periods), title=None,
                 axis=alt.Axis(labelAngle=0 if len(periods) < 16 else -45, orient="top", labelOverlap=True))


def _cell_text(table: pd.DataFrame) -> pd.Series:
    """What a position cell says: its count, or for a mixed cell its split, pro:con."""
    pro = table["demand"] + table["accept"]
    split = pro.astype(int).astype(str) + ":" + table["reject"].astype(int).astype(str)
    return split.where(table["position"] == "mixed", table["statements"].astype(int).astype(str))


def position_strip(table: pd.DataFrame, filters: Filters, row: str = "row", row_order: list[str] | None = None,
                   row_title: str = "", periods: list[str] | None = None,
                   shifts: frozenset = frozenset()) -> alt.LayerChart:
    """A heat strip: one row per ``row`` label, one cell per period, coloured by the period's
    stance (mixed when pro and con tie), darker with more distinct statements, the count written in
    (a mixed cell's split, pro:con); a cell where a shift takes effect is outlined.

    Args:
        table: :func:`stance.analysis.queries.positions` rows with a ``row`` label column and
            ``party_name``/``issue_label`` for tooltips.
        filters: The filters the chart was drawn with (the links keep them).
        row: The column naming each row.
        row_order: Rows top to bottom.
        row_title: The y axis title.
        periods: Every period of the axis, in order (default: those of ``table``); periods
            without statements are drawn as empty columns.
        shifts: ``(party, issue, period)`` of the cells where a shift takes effect.
    """
    data = table.assign(href=_links(table, filters, kind="position"), text=_cell_text(table),
                        shift=[(p, i, q) in shifts for p, i, q in zip(table["party"], table["issue"],
                                                                     table["period"])])
    most = max(int(data["statements"].max()), 2) if len(data) else 2
    periods = periods or sorted(data["period"].unique())
    base = alt.Chart(data).encode(
        x=_period_axis(periods),
        y=alt.Y(f"{row}:N", sort=row_order, title=row_title or None,
                axis=alt.Axis(labelLimit=260, labelFontSize=12, labelOverlap=False)))
    tooltip = [alt.Tooltip("party_name:N", title="party"), alt.Tooltip("issue_label:N", title="issue"),
               alt.Tooltip("period:N"), alt.Tooltip("position:N", title="stance"),
               alt.Tooltip("statements:Q", title="distinct statements"),
               alt.Tooltip("demand:Q"), alt.Tooltip("accept:Q"), alt.Tooltip("reject:Q"),
               alt.Tooltip("articles:Q"), alt.Tooltip("shift:N", title="a shift takes effect")]
    cells = base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer").encode(
        color=_stance_colour(),
        opacity=alt.Opacity("statements:Q", scale=alt.Scale(domain=[1, most], range=[0.5, 1]), legend=None),
        href="href:N", tooltip=tooltip)
    counts = base.mark_text(fontSize=11, fontWeight="bold", color="white").encode(text="text:N", href="href:N")
    outline = base.transform_filter(alt.datum.shift).mark_rect(
        filled=False, stroke="#111111", strokeWidth=2.5, cursor="pointer").encode(href="href:N", tooltip=tooltip)
    return (cells + counts + outline).properties(height=alt.Step(_ROW_PX), width=_width(len(periods)))


def with_empty_background(chart):
    """The chart with the plot's background in :data:`EMPTY_PERIOD`, so empty cells show."""
    return chart.configure_view(fill=EMPTY_PERIOD, strokeWidth=0)


def _count_legend() -> alt.Legend:
    """A legend of counts: whole numbers only."""
    return alt.Legend(format="d", tickMinStep=1, orient="top", direction="horizontal", gradientLength=120)


def _width(columns: int) -> alt.Step | str:
    # a few periods get wide cells; many fill the container
    return alt.Step(90) if columns <= 8 else "container"


def standing_grid(table: pd.DataFrame, filters: Filters, party_order: list[str],
                  issue_order: list[str]) -> alt.LayerChart:
    """Issues × parties: each party's latest settled stance, with the period it dates from.

    Args:
        table: Rows ``party``, ``issue``, ``party_name``, ``issue_label``, ``position``,
            ``period``, ``start``, ``end``, ``statements``.
        filters: Current filters (kept in the links).
        party_order: Party display names, left to right.
        issue_order: Issue labels, top to bottom.
    """
    data = table.assign(href=_links(table, filters, kind="position"),
                        text=table["position"] + " · " + table["period"])
    base = alt.Chart(data).encode(
        x=alt.X("party_name:N", sort=party_order, title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12, labelLimit=125)),
        y=alt.Y("issue_label:N", sort=issue_order, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=220)))
    cells = base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer").encode(
        color=_stance_colour(), href="href:N",
        tooltip=[alt.Tooltip("party_name:N", title="party"), alt.Tooltip("issue_label:N", title="issue"),
                 alt.Tooltip("position:N", title="latest stance"), alt.Tooltip("period:N", title="as of"),
                 alt.Tooltip("statements:Q", title="statements that period")])
    text = base.mark_text(fontSize=11, color="white").encode(text="text:N", href="href:N")
    return (cells + text).properties(height=alt.Step(34), width=alt.Step(130))


def blame_matrix(table: pd.DataFrame, filters: Filters, order: list[str]) -> alt.LayerChart:
    """Who blames whom: blamer rows, blamed columns, distinct statements per cell.

    Args:
        table: :func:`stance.analysis.queries.blame` rows with ``party_name``/``target_name``.
        filters: Current filters (kept in the links).
        order: Party display names, in the order rows and columns are drawn.
    """
    data = table.assign(href=_links(table, filters, kind="blame"))
    base = alt.Chart(data).encode(
        x=alt.X("target_name:N", sort=order, title="is blamed →",
                axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12)),
        y=alt.Y("party_name:N", sort=order, title="blames ↓", axis=alt.Axis(labelFontSize=12)))
    cells = base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer").encode(
        color=alt.Color("statements:Q", title="statements", scale=alt.Scale(scheme=BLAME_SCHEME),
                        legend=_count_legend()),
        href="href:N",
        tooltip=[alt.Tooltip("party_name:N", title="who blames"), alt.Tooltip("target_name:N", title="whom"),
                 alt.Tooltip("statements:Q", title="distinct statements"), alt.Tooltip("articles:Q")])
    text = base.mark_text(fontSize=13, fontWeight="bold").encode(
        text="statements:Q", href="href:N",
        color=alt.condition(alt.datum.statements > data["statements"].max() / 2 if len(data) else False,
                            alt.value("white"), alt.value("black")))
    return (cells + text).properties(height=alt.Step(40), width=alt.Step(90))


def blame_timeline(table: pd.DataFrame, filters: Filters, row_order: list[str],
                   periods: list[str] | None = None) -> alt.LayerChart:
    """Blame per pair over time: one row per ``blamer → blamed``, one cell per period.

    Args:
        table: :func:`stance.analysis.queries.blame` rows with a period and a ``pair`` label.
        filters: Current filters (kept in the links).
        row_order: Pair labels, top to bottom.
        periods: Every period of the axis (default: those of ``table``), empty ones drawn empty.
    """
    data = table.assign(href=_links(table, filters, kind="blame"))
    periods = periods or sorted(data["period"].unique())
    base = alt.Chart(data).encode(
        x=_period_axis(periods),
        y=alt.Y("pair:N", sort=row_order, title=None,
                axis=alt.Axis(labelFontSize=12, labelLimit=260, labelOverlap=False)))
    cells = base.mark_rect(stroke="white", strokeWidth=2, cursor="pointer").encode(
        color=alt.Color("statements:Q", title="statements", scale=alt.Scale(scheme=BLAME_SCHEME),
                        legend=_count_legend()),
        href="href:N",
        tooltip=[alt.Tooltip("pair:N"), alt.Tooltip("period:N"),
                 alt.Tooltip("statements:Q", title="distinct statements"), alt.Tooltip("articles:Q")])
    text = base.mark_text(fontSize=12, fontWeight="bold").encode(text="statements:Q", href="href:N")
    return (cells + text).properties(height=alt.Step(_ROW_PX), width=_width(len(periods)))
