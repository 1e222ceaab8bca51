"""The dashboard's views of the statement frame: filtered and aggregated without row loops.

The frame is read once (:func:`stance.analysis.statement_frame.load_statements`) and folded
by duplicates (:func:`stance.analysis.duplicates.collapse`, the rule of
:func:`stance.analysis.aggregate.identity`); the functions here filter it and build the
positions, shifts and blame tables. Each has a record twin in :mod:`stance.analysis.aggregate`,
and the tests check that both agree. Given a :class:`~stance.analysis.selection.Selection`
instead of a frame (the dashboard's, on a store of any size), the same functions let the
database filter and aggregate (:mod:`stance.analysis.selection`) and return the same tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from ..records import STANCES, Statement
from .aggregate import (
    BlameCount,
    PositionCount,
    Settled,
    Shift,
    detect_shifts,
    settled_position,
)
from .filters import Filters
from .selection import Overview, Selection, blame_frame, newest_rows, position_counts_frame, shift_rows
from .selection import overview as _overview

PERIOD_FREQ = {"day": "D", "week": "W", "month": "M"}


def apply_filters(frame: pd.DataFrame | Selection, filters: Filters) -> pd.DataFrame | Selection:
    """The rows of ``frame`` that pass ``filters`` (see :class:`stance.analysis.filters.Filters`)."""
    if isinstance(frame, Selection):
        return frame.narrowed(filters)
    mask = pd.Series(True, index=frame.index)
    if filters.profile:
        mask &= frame["profile"] == filters.profile
    if filters.parties:
        mask &= frame["party"].isin(filters.parties)
    if filters.issues:
        # the issue filter narrows positions; a blame is kept unless it names another issue
        on_issue = frame["issue"].isin(filters.issues)
        mask &= on_issue | ((frame["kind"] == "blame") & (frame["issue"] == ""))
    if filters.since:
        mask &= frame["date"] >= pd.Timestamp(filters.since)
    if filters.until:
        mask &= frame["date"] <= pd.Timestamp(filters.until)
    if filters.methods:
        parts = frame["method"].str.split("+")
        wanted = {_METHOD_OF_FILTER[m] for m in filters.methods}
        mask &= parts.map(lambda ms: not wanted.isdisjoint(ms))
    if filters.min_confidence > 0:
        mask &= frame["confidence"] >= filters.min_confidence
    if filters.kind:
        mask &= frame["kind"] == filters.kind
    if filters.target:
        mask &= frame["target"] == filters.target
    if filters.stance:
        mask &= frame["stance"] == filters.stance
    if not filters.undated:
        mask &= frame["date"].notna()
    # every row passes (no filter set): the frame itself, not a copy; callers never modify it
    return frame if mask.all() else frame[mask]


_METHOD_OF_FILTER = {"rules": "rule", "model": "model", "human": "human"}


def period_columns(dates: pd.Series, period: str) -> pd.DataFrame:
    """``period`` labels (as :func:`stance.analysis.aggregate.period_of`) and ``start``/``end`` timestamps."""
    if period not in PERIOD_FREQ:
        raise ValueError(f"period must be one of {', '.join(PERIOD_FREQ)}, got {period!r}")
    # statements share few dates (an article's): the labels are computed once per distinct date
    codes, distinct = pd.factorize(dates, use_na_sentinel=False)
    if len(distinct) < len(dates):
        once = _period_columns(pd.Series(distinct, dtype=dates.dtype), period)
        return pd.DataFrame({c: once[c].take(codes).to_numpy() for c in once}, index=dates.index).astype(
            once.dtypes.to_dict())
    return _period_columns(dates, period)


def _period_columns(dates: pd.Series, period: str) -> pd.DataFrame:
    if period == "day":
        start = dates.dt.normalize()
        label = start.dt.strftime("%Y-%m-%d")
        end = start + pd.Timedelta(days=1)
    elif period == "week":
        iso = dates.dt.isocalendar()
        start = dates.dt.normalize() - pd.to_timedelta(iso["day"].astype("int64") - 1, unit="D")
        label = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
        end = start + pd.Timedelta(days=7)
    else:
        start = dates.dt.to_period("M").dt.start_time
        label = start.dt.strftime("%Y-%m")
        end = start + pd.offsets.MonthBegin(1)
    return pd.DataFrame({"period": label, "start": start, "end": end}, index=dates.index)


def positions(distinct: pd.DataFrame | Selection, period: str = "week") -> pd.DataFrame:
    """Distinct position statements per party × issue × period (:func:`stance.analysis.aggregate.positions_over_time`).

    Columns: ``period``, ``start``, ``end``, ``party``, ``issue``, ``demand``, ``accept``,
    ``reject``, ``statements``, ``articles``, ``net``, ``position`` (the settled stance, or
    ``mixed``), sorted by period, party, issue.
    """
    if isinstance(distinct, Selection):
        return _positions_in_the_database(distinct, period)
    rows = distinct.loc[(distinct["kind"] == "position") & distinct["date"].notna()
                        & distinct["stance"].isin(STANCES), ["party", "issue", "stance", "article_id", "date"]]
    if rows.empty:
        return pd.DataFrame(columns=_POSITION_COLUMNS)
    rows = pd.concat([rows[["party", "issue", "stance", "article_id"]], period_columns(rows["date"], period)],
                     axis=1)
    keys = ["period", "start", "end", "party", "issue"]
    counts = pd.crosstab([rows[k] for k in keys], rows["stance"]).reindex(columns=list(STANCES), fill_value=0)
    counts.columns.name = None
    counts["statements"] = counts[list(STANCES)].sum(axis=1)
    counts["articles"] = rows.groupby(keys)["article_id"].nunique()
    return _settled(counts.reset_index())


_POSITION_COLUMNS = ["period", "start", "end", "party", "issue", *STANCES, "statements", "articles", "net",
                     "position"]


def _positions_in_the_database(selection: Selection, period: str) -> pd.DataFrame:
    got = position_counts_frame(selection, period)
    if got.empty:
        return pd.DataFrame(columns=_POSITION_COLUMNS)
    spans = period_columns(pd.to_datetime(got["first"]), period)
    counts = pd.concat([got[["period"]], spans[["start", "end"]], got[["party", "issue"]],
                        got[list(STANCES)].astype("int64")], axis=1)
    counts["statements"] = counts[list(STANCES)].sum(axis=1)
    counts["articles"] = got["articles"].astype("int64")
    return _settled(counts)


def _settled(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts per cell to the positions table: net balance and the settled stance, sorted."""
    counts["net"] = ((counts["demand"] + counts["accept"] - counts["reject"]) / counts["statements"]).round(3)
    pro, con = counts["demand"] + counts["accept"], counts["reject"]
    counts["position"] = "mixed"
    counts.loc[con > pro, "position"] = "reject"
    counts.loc[(pro > con) & (counts["demand"] >= counts["accept"]), "position"] = "demand"
    counts.loc[(pro > con) & (counts["demand"] < counts["accept"]), "position"] = "accept"
    return counts.sort_values(["period", "party", "issue"], ignore_index=True)[_POSITION_COLUMNS]


def position_counts(table: pd.DataFrame) -> list[PositionCount]:
    """The rows of :func:`positions` as records (for :func:`stance.analysis.export.write_positions` and shifts)."""
    return [PositionCount(r.period, r.party, r.issue, int(r.demand), int(r.accept), int(r.reject),
                          int(r.articles))
            for r in table.itertuples(index=False)]


def shifts(table: pd.DataFrame, min_statements: int = 1) -> list[Shift]:
    """:func:`stance.analysis.aggregate.detect_shifts` over a :func:`positions` table."""
    return detect_shifts(position_counts(table), min_statements)


def latest_settled(table: pd.DataFrame, min_statements: int = 1) -> dict[tuple[str, str], Settled]:
    """Each party × issue's most recent settled position (see :func:`stance.analysis.aggregate.settled_position`)."""
    out: dict[tuple[str, str], Settled] = {}
    for row in position_counts(table):  # sorted by period
        settled = settled_position(row, min_statements)
        if settled is not None:
            out[(row.party, row.issue)] = settled
    return out


class ShiftEvidence:
    """The last statement of the old position and the first of the new one, for many shifts
    (:func:`stance.analysis.aggregate.shift_evidence` on a frame; period labels computed once).

    Args:
        distinct: Distinct statements (:func:`collapse`).
        period: The period the shifts were found with.
    """

    def __init__(self, distinct: pd.DataFrame | Selection, period: str):
        self._selection, self._period = (distinct, period) if isinstance(distinct, Selection) else (None, period)
        if self._selection is not None:
            return  # each shift's two rows are asked of the database
        rows = distinct[(distinct["kind"] == "position") & distinct["date"].notna()]
        rows = rows.assign(period=period_columns(rows["date"], period)["period"], _neg=-rows["confidence"])
        self._groups = dict(iter(rows.groupby(["party", "issue"], sort=False)))

    def of(self, shift: Shift) -> tuple[pd.Series | None, pd.Series | None]:
        """``(last before, first after)``; either is None when no statement qualifies."""
        if self._selection is not None:
            return (shift_rows(self._selection, shift.party, shift.issue, self._period, shift.before.period,
                               shift.before.polarity, last=True),
                    shift_rows(self._selection, shift.party, shift.issue, self._period, shift.after.period,
                               shift.after.polarity, last=False))
        rows = self._groups.get((shift.party, shift.issue))
        if rows is None:
            return None, None
        before = rows[(rows["period"] == shift.before.period) & (rows["polarity"] == shift.before.polarity)]
        after = rows[(rows["period"] == shift.after.period) & (rows["polarity"] == shift.after.polarity)]
        last = before.sort_values(["date", "confidence"], kind="stable").iloc[-1] if len(before) else None
        first = after.sort_values(["date", "_neg"], kind="stable").iloc[0] if len(after) else None
        return last, first


def blame(distinct: pd.DataFrame | Selection, period: str | None = None) -> pd.DataFrame:
    """Distinct blame statements per blamer × blamed (:func:`stance.analysis.aggregate.blame_matrix`).

    Columns ``party``, ``target``, ``statements``, ``articles``, and with a ``period`` also
    ``period``, ``start`` and ``end`` (undated blame then left out).
    """
    if isinstance(distinct, Selection):
        return _blame_in_the_database(distinct, period)
    rows = distinct[(distinct["kind"] == "blame") & (distinct["target"] != "")]
    keys = ["party", "target"]
    if period is not None:
        rows = rows[rows["date"].notna()]
        rows = pd.concat([rows[["party", "target", "article_id"]], period_columns(rows["date"], period)], axis=1)
        keys = ["period", "start", "end", *keys]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "statements", "articles"])
    grouped = rows.groupby(keys)["article_id"]
    out = pd.DataFrame({"statements": grouped.size(), "articles": grouped.nunique()}).reset_index()
    return out.sort_values(keys, ignore_index=True)


def _blame_in_the_database(selection: Selection, period: str | None) -> pd.DataFrame:
    got = blame_frame(selection, period)
    keys = ["party", "target"] if period is None else ["period", "start", "end", "party", "target"]
    if got.empty:
        return pd.DataFrame(columns=[*keys, "statements", "articles"])
    if period is not None:
        spans = period_columns(pd.to_datetime(got["first"]), period)
        got = got.assign(start=spans["start"], end=spans["end"])
    got = got.astype({"statements": "int64", "articles": "int64"})
    return got[[*keys, "statements", "articles"]].sort_values(keys, ignore_index=True)


def newest(rows: pd.DataFrame | Selection, limit: int) -> tuple[pd.DataFrame, int]:
    """The newest ``limit`` rows (undated last, a date's rows in stored order) and how many there are."""
    if isinstance(rows, Selection):
        return newest_rows(rows, limit)
    ordered = rows.sort_values("date", ascending=False, na_position="last", kind="stable")
    return ordered.head(limit), len(rows)


def blame_counts(table: pd.DataFrame) -> list[BlameCount]:
    """The rows of :func:`blame` as records."""
    period = table["period"] if "period" in table else [""] * len(table)
    return [BlameCount(p, r.party, r.target, int(r.statements), int(r.articles))
            for p, r in zip(period, table.itertuples(index=False))]


def to_statements(frame: pd.DataFrame) -> list[Statement]:
    """Frame rows as :class:`stance.records.Statement` records (for the CSV writers)."""
    out = []
    for r in frame.itertuples(index=False):
        out.append(Statement(
            article_id=r.article_id, party=r.party, kind=r.kind, issue=r.issue, stance=r.stance,
            target=r.target, sentence=r.sentence, start=int(r.start), end=int(r.end),
            date=None if pd.isna(r.date) else r.date.date(), date_resolved=bool(r.date_resolved),
            confidence=float(r.confidence), method=r.method, rule_ids=tuple(r.rule_ids.split()),
            model_score=None if pd.isna(r.model_score) else float(r.model_score),
            model_version=r.model_version, source=r.source))
    return out


def date_span(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """First and last statement date of ``frame``, or None when nothing is dated."""
    dates = frame["date"].dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def undated_articles(frame: pd.DataFrame) -> Sequence[str]:
    """Ids of the articles whose statements have no date."""
    return sorted(frame.loc[frame["date"].isna(), "article_id"].unique())


def overview(rows: pd.DataFrame | Selection) -> Overview:
    """What the line above the views says: statements, articles, dates, undated articles, parties."""
    if isinstance(rows, Selection):
        return _overview(rows)
    dated = rows["date"].dropna()
    return Overview(len(rows), rows["article_id"].nunique(),
                    dated.min().date() if len(dated) else None, dated.max().date() if len(dated) else None,
                    int(rows["date"].isna().sum()), tuple(undated_articles(rows)), frozenset(rows["party"]))
