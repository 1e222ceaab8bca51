"""The dashboard's time axis: every period from the first date to the last (empty ones included, so
December 2023 never stands next to December 2024 as if they were neighbours), and the period a
first look uses, chosen from the span and density of the data.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..records import POLARITY
from .queries import period_columns, positions

PERIOD_ORDER = ("month", "week", "day")  # coarsest first
MAX_COLUMNS = 120  # periods a timeline can draw legibly across a page


def axis_periods(start: pd.Timestamp, end: pd.Timestamp, period: str) -> list[str]:
    """Every period label from the one holding ``start`` to the one holding ``end``, in order."""
    if pd.isna(start) or pd.isna(end):
        return []
    days = pd.Series(pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D"))
    return list(dict.fromkeys(period_columns(days, period)["period"]))


def table_periods(table: pd.DataFrame, period: str) -> list[str]:
    """The axis of an aggregated table with ``start``/``end`` columns (its first to its last period)."""
    if table.empty:
        return []
    return axis_periods(table["start"].min(), table["end"].max() - pd.Timedelta(days=1), period)


def both_sides(table: pd.DataFrame) -> int:
    """Cells of a :func:`stance.analysis.queries.positions` table that hold pro and con at once:
    a change of position a coarser period hides inside one cell."""
    if table.empty:
        return 0
    pro = table["demand"] + table["accept"]
    return int(((pro > 0) & (table["reject"] > 0)).sum())


def default_period(distinct: pd.DataFrame) -> str:
    """The period a first look at ``distinct`` (:func:`stance.analysis.duplicates.collapse`) uses.

    The rule: among the periods whose axis from the first dated statement to the last has at
    most :data:`MAX_COLUMNS` columns, the one whose cells hide the fewest changes of position
    (:func:`both_sides`), the coarsest on a tie. Two years of daily news stay by month; a few
    weeks of it go by day; the seeds' reversals inside January 2025 show by week.
    """
    dated = distinct[(distinct["kind"] == "position") & distinct["date"].notna()
                     & distinct["stance"].isin(list(POLARITY))]
    if dated.empty:
        return PERIOD_ORDER[0]
    return choose_period(dated["date"].min(), dated["date"].max(), lambda period: positions(dated, period))


def choose_period(first, last, table_of: Callable[[str], pd.DataFrame]) -> str:
    """The rule of :func:`default_period` on dates ``first`` to ``last`` and ``table_of(period)``,
    the positions table by that period (for a store summarised in the database, its GROUP BY)."""
    first, last = pd.Timestamp(first), pd.Timestamp(last)
    best, fewest = PERIOD_ORDER[0], None
    for period in PERIOD_ORDER:
        if len(axis_periods(first, last, period)) > MAX_COLUMNS:
            continue
        hidden = both_sides(table_of(period))
        if fewest is None or hidden < fewest:
            best, fewest = period, hidden
    return best
