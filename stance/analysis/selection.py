"""The dashboard's tables computed by the database: the twins of :mod:`stance.analysis.queries`
on the summary table (:mod:`stance.store.summary`), for stores too large to hold in memory.

A :class:`Selection` is the distinct statements that pass some filters; nothing is read until a
function below asks. Positions, blame and the summary line are ``GROUP BY`` queries; evidence
is only the rows shown (the newest first, ``LIMIT``). :mod:`stance.analysis.queries` hands a
Selection to these functions, so the views call the same functions for either. The tests run
both on the same stores and compare.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select, true
from sqlalchemy.engine import Engine

from ..records import STANCES
from ..store.summary import SUMMARY as S
from ..store.summary import TEXT as T
from .filters import Filters

_METHOD_OF_FILTER = {"rules": "rule", "model": "model", "human": "human"}
# the columns of a frame row as the views read them (those of stance.analysis.duplicates.collapse)
ROW_COLUMNS = ("id", "article_id", "profile", "party", "kind", "issue", "stance", "polarity", "target", "date",
               "date_resolved", "date_inferred", "confidence", "method", "sentence", "source", "title", "url",
               "sources", "copies")
_WITH_TEXT = S.join(T, T.c.id == S.c.id)


def _row_select():
    """The columns of :data:`ROW_COLUMNS`: the summary's, joined with their text."""
    return select(*((T.c[c] if c in T.c and c != "id" else S.c[c]) for c in ROW_COLUMNS)).select_from(_WITH_TEXT)


@dataclass(frozen=True)
class Selection:
    """The distinct statements of a summary that pass every one of ``filters``.

    Args:
        engine: The database holding the summary table.
        version: What the summary summarises: queries are cached per version.
        filters: Each narrows the one before (see :class:`stance.analysis.filters.Filters`).
    """

    engine: Engine
    version: str = ""
    filters: tuple[Filters, ...] = ()

    def narrowed(self, filters: Filters) -> Selection:
        return replace(self, filters=self.filters + (filters,))

    def where(self):
        return and_(true(), *(_condition(f) for f in self.filters))

    @property
    def empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(literal(1)).select_from(S).where(self.where()).limit(1)).first() is None


def _condition(filters: Filters):
    """:func:`stance.analysis.queries.apply_filters` as a SQL condition."""
    parts = []
    if filters.profile:
        parts.append(S.c.profile == filters.profile)
    if filters.parties:
        parts.append(S.c.party.in_(filters.parties))
    if filters.issues:
        parts.append(or_(S.c.issue.in_(filters.issues), and_(S.c.kind == "blame", S.c.issue == "")))
    if filters.since:
        parts.append(S.c.date >= filters.since)
    if filters.until:
        parts.append(S.c.date <= filters.until)
    if filters.methods:
        # "rule+model" counts as both: the method is one of the "+"-joined parts
        wanted = sorted({_METHOD_OF_FILTER[m] for m in filters.methods})
        parts.append(or_(*(or_(S.c.method == m, S.c.method.startswith(f"{m}+", autoescape=True),
                               S.c.method.endswith(f"+{m}", autoescape=True),
                               S.c.method.contains(f"+{m}+", autoescape=True)) for m in wanted)))
    if filters.min_confidence > 0:
        parts.append(S.c.confidence >= filters.min_confidence)
    if filters.kind:
        parts.append(S.c.kind == filters.kind)
    if filters.target:
        parts.append(S.c.target == filters.target)
    if filters.stance:
        parts.append(S.c.stance == filters.stance)
    if not filters.undated:
        parts.append(S.c.date.is_not(None))
    return and_(true(), *parts)


def _period_column(period: str):
    if period not in ("day", "week", "month"):
        raise ValueError(f"period must be one of day, week, month, got {period!r}")
    return S.c[period]


def period_bounds(period: str, label: str) -> tuple[dt.date, dt.date]:
    """The first day of the period ``label`` names and the first day after it
    (labels of :func:`stance.analysis.queries.period_columns`: ``2024-06-03``, ``2024-W23``, ``2024-06``)."""
    if period == "day":
        start = dt.date.fromisoformat(label)
        return start, start + dt.timedelta(days=1)
    if period == "week":
        year, week = label.split("-W")
        start = dt.date.fromisocalendar(int(year), int(week), 1)
        return start, start + dt.timedelta(days=7)
    _period_column(period)
    year, month = map(int, label.split("-"))
    return dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)


def _frame(engine: Engine, query, columns) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


@lru_cache(maxsize=64)
def position_counts_frame(selection: Selection, period: str) -> pd.DataFrame:
    """Per period × party × issue: distinct statements per stance, articles, and the period's
    first date (columns ``period``, ``party``, ``issue``, ``first``, ``demand``, ``accept``,
    ``reject``, ``articles``). Two hash aggregations: per article first, then per cell, so that
    counting distinct articles needs no sort."""
    p = _period_column(period)
    per_stance = [func.sum(case((S.c.stance == s, 1), else_=0)).label(s) for s in STANCES]
    inner = (select(p.label("period"), S.c.party, S.c.issue, func.min(S.c.date).label("first"), *per_stance)
             .where(selection.where(), S.c.kind == "position", S.c.date.is_not(None), S.c.stance.in_(STANCES))
             .group_by(p, S.c.party, S.c.issue, S.c.article_id).subquery())
    query = (select(inner.c.period, inner.c.party, inner.c.issue, func.min(inner.c.first),
                    *(func.sum(inner.c[s]) for s in STANCES), func.count())
             .group_by(inner.c.period, inner.c.party, inner.c.issue))
    return _frame(selection.engine, query, ["period", "party", "issue", "first", *STANCES, "articles"])


@lru_cache(maxsize=64)
def blame_frame(selection: Selection, period: str | None) -> pd.DataFrame:
    """Blame statements and articles per blamer × blamed (and ``period``, with its first date)."""
    keys = [S.c.party, S.c.target]
    where = [selection.where(), S.c.kind == "blame", S.c.target != ""]
    if period is not None:
        keys = [_period_column(period).label("period"), *keys]
        where.append(S.c.date.is_not(None))
    query = (select(*keys, func.min(S.c.date), func.count(), func.count(func.distinct(S.c.article_id)))
             .where(*where).group_by(*keys))
    names = ["period", "party", "target"] if period is not None else ["party", "target"]
    return _frame(selection.engine, query, [*names, "first", "statements", "articles"])


def rows(selection: Selection, query) -> pd.DataFrame:
    """Summary rows as a frame with the columns and types of a folded statement frame."""
    frame = _frame(selection.engine, query, ROW_COLUMNS)
    frame["date"] = pd.to_datetime(pd.Series(frame["date"].tolist(), dtype=object))  # as load_statements
    frame["date_resolved"] = frame["date_resolved"].astype(bool)
    frame["date_inferred"] = frame["date_inferred"].astype(bool)
    frame["confidence"] = frame["confidence"].astype(float)
    return frame


def newest_rows(selection: Selection, limit: int) -> tuple[pd.DataFrame, int]:
    """The newest ``limit`` statements (undated last; within a date in stored order) and how many there are."""
    # the rows are ordered and cut in the summary alone; only those shown are joined with their text
    shown = (select(S.c.id, S.c.date, S.c.article_id).where(selection.where())
             .order_by(S.c.date.is_(None), S.c.date.desc(), S.c.article_id, S.c.id).limit(limit).subquery())
    query = (_row_select().join(shown, shown.c.id == S.c.id)
             .order_by(shown.c.date.is_(None), shown.c.date.desc(), shown.c.article_id, shown.c.id))
    with selection.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(S).where(selection.where())).scalar_one()
    return rows(selection, query), int(total)


def shift_rows(selection: Selection, party: str, issue: str, period: str, label: str, polarity: str,
               last: bool) -> pd.Series | None:
    """The last (or first) statement of ``party`` on ``issue`` with ``polarity`` in the period
    ``label``: latest date, then highest confidence (first: earliest date, highest confidence)."""
    order = ([S.c.date.desc(), S.c.confidence.desc(), S.c.article_id.desc(), S.c.id.desc()] if last else
             [S.c.date, S.c.confidence.desc(), S.c.article_id, S.c.id])
    start, end = period_bounds(period, label)  # a date range, which the index on dates serves
    query = (_row_select()
             .where(selection.where(), S.c.kind == "position", S.c.party == party, S.c.issue == issue,
                    S.c.polarity == polarity, S.c.date >= start, S.c.date < end)
             .order_by(*order).limit(1))
    found = rows(selection, query)
    return None if found.empty else found.iloc[0]


@dataclass(frozen=True)
class Overview:
    """What the line above the views says about a selection."""

    statements: int
    articles: int
    first: dt.date | None
    last: dt.date | None
    undated_statements: int
    undated_articles: tuple[str, ...]
    parties: frozenset[str]


@lru_cache(maxsize=64)
def overview(selection: Selection) -> Overview:
    """Counts per article, then per party: hash aggregations, no count of distinct values to sort."""
    where = selection.where()
    undated = func.sum(case((S.c.date.is_(None), 1), else_=0))
    with selection.engine.connect() as conn:
        per_article = conn.execute(select(S.c.article_id, func.count(), func.min(S.c.date), func.max(S.c.date),
                                          undated).where(where).group_by(S.c.article_id)).all()
        parties = conn.execute(select(S.c.party).where(where).group_by(S.c.party)).scalars().all()
    dated = [r for r in per_article if r[2] is not None]
    return Overview(sum(r[1] for r in per_article), len(per_article),
                    min((r[2] for r in dated), default=None), max((r[3] for r in dated), default=None),
                    sum(int(r[4]) for r in per_article),
                    tuple(sorted(r[0] for r in per_article if r[4])), frozenset(parties))
