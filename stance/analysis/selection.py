"""The dashboard's tables computed by the database: the twins of :mod:`stance.analysis.queries`
on the summary table (:mod:`stance.store.summary`), for stores too large to hold in memory.

A :class:`Selection` is the distinct statements that pass some filters; nothing is read until a
function below asks. Positions, blame and the summary line are ``GROUP BY`` queries, on the
summary's cells (``statement_summary_cells``: its rows counted per party, issue, stance, article
and date) unless a filter on method or confidence needs the rows themselves; evidence is only
the rows shown (the newest first, ``LIMIT``). :mod:`stance.analysis.queries` hands a
Selection to these functions, so the views call the same functions for either. The tests run
both on the same stores and compare.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select, true, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.sql import ColumnElement

from ..records import STANCES
from ..store.summary import CELLS as C
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
        profiles: Every profile the summary holds: a filter on the only one is no filter, so that
            a view of it shares its cached tables with those of the whole summary.
    """

    engine: Engine
    version: str = ""
    filters: tuple[Filters, ...] = ()
    profiles: tuple[str, ...] = ()

    def narrowed(self, filters: Filters) -> Selection:
        if filters.profile and self.profiles == (filters.profile,):
            filters = replace(filters, profile="")
        if filters == Filters():
            return self  # every row passes: the same selection, the same cache entries
        return replace(self, filters=self.filters + (filters,))

    def where(self, table=S):
        """The filters as a condition on ``table``: the summary, or its cells (see :func:`_source`)."""
        return and_(true(), *(_condition(f, table) for f in self.filters))

    @property
    def empty(self) -> bool:
        table, _ = _source(self)
        with self.engine.connect() as conn:
            return conn.execute(select(literal(1)).select_from(table).where(self.where(table)).limit(1)).first() is None


def _source(selection: Selection) -> tuple:
    """The table the counts of ``selection`` read, and what a row of it counts for: the cells
    (their ``statements``) unless a filter on method or confidence needs the summary's rows (1 each)."""
    if any(f.methods or f.min_confidence > 0 for f in selection.filters):
        return S, literal(1)
    return C, C.c.statements


def _condition(filters: Filters, t=S) -> ColumnElement:
    """:func:`stance.analysis.queries.apply_filters` as a SQL condition on ``t`` (the summary or its cells)."""
    parts = []
    if filters.profile:
        parts.append(t.c.profile == filters.profile)
    if filters.parties:
        parts.append(t.c.party.in_(filters.parties))
    if filters.issues:
        parts.append(or_(t.c.issue.in_(filters.issues), and_(t.c.kind == "blame", t.c.issue == "")))
    if filters.since:
        parts.append(t.c.date >= filters.since)
    if filters.until:
        parts.append(t.c.date <= filters.until)
    if filters.methods:
        # "rule+model" counts as both: the method is one of the "+"-joined parts
        wanted = sorted({_METHOD_OF_FILTER[m] for m in filters.methods})
        parts.append(or_(*(or_(t.c.method == m, t.c.method.startswith(f"{m}+", autoescape=True),
                               t.c.method.endswith(f"+{m}", autoescape=True),
                               t.c.method.contains(f"+{m}+", autoescape=True)) for m in wanted)))
    if filters.min_confidence > 0:
        parts.append(t.c.confidence >= filters.min_confidence)
    if filters.kind:
        parts.append(t.c.kind == filters.kind)
    if filters.target:
        parts.append(t.c.target == filters.target)
    if filters.stance:
        parts.append(t.c.stance == filters.stance)
    if not filters.undated:
        parts.append(t.c.date.is_not(None))
    return and_(true(), *parts)


def _period_column(period: str, t=S):
    if period not in ("day", "week", "month"):
        raise ValueError(f"period must be one of day, week, month, got {period!r}")
    return t.c[period]


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


def _period_of(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """:func:`period_bounds` of the period holding ``day``."""
    if period == "week":
        year, week, _ = day.isocalendar()
        return period_bounds(period, f"{year}-W{week:02d}")
    return period_bounds(period, day.isoformat() if period == "day" else f"{day.year}-{day.month:02d}")


@lru_cache(maxsize=64)
def position_counts_frame(selection: Selection, period: str) -> pd.DataFrame:
    """Per period × party × issue: distinct statements per stance, articles, and the period's
    first date (columns ``period``, ``party``, ``issue``, ``first``, ``demand``, ``accept``,
    ``reject``, ``articles``).

    Articles are counted without a count of distinct values (a sort): where the filters keep all
    of an article's positions in a period or none (see :func:`_whole_periods`), by summing the
    cells' article flags, in one hash aggregation; elsewhere (the two periods a date range cuts,
    or under a filter on stance, target, method or confidence) per article first, then per cell.
    """
    t, weight = _source(selection)
    whole = _whole_periods(selection, period) if t is C else None
    if whole is None:
        query = _position_counts(selection, period, t, weight, true(), per_article=True)
    else:
        inside, cut = whole
        query = _position_counts(selection, period, t, weight, inside, per_article=False)
        if cut is not None:
            query = union_all(query, _position_counts(selection, period, t, weight, cut, per_article=True))
    return _frame(selection.engine, query, ["period", "party", "issue", "first", *STANCES, "articles"])


def _whole_periods(selection: Selection, period: str) -> tuple | None:
    """Conditions on the cells' dates: the periods whose articles' positions the filters keep or
    drop whole, and those a date bound cuts (None when none is cut). None instead when another
    filter can keep part of an article's positions in a period (a stance, a target), or when no
    filter names a profile and several may share an article."""
    filters = selection.filters
    if any(f.stance or f.target for f in filters):
        return None
    if not any(f.profile for f in filters) and len(selection.profiles) != 1:
        return None
    since = max((f.since for f in filters if f.since), default=None)
    until = min((f.until for f in filters if f.until), default=None)
    inside, cut = [], []
    if since is not None:
        start, end = _period_of(since, period)
        low = since if since == start else end
        inside.append(C.c.date >= low)
        if low != since:
            cut.append(C.c.date < low)
    if until is not None:
        start, end = _period_of(until, period)
        high = end if until + dt.timedelta(days=1) == end else start
        inside.append(C.c.date < high)
        if high != end:
            cut.append(C.c.date >= high)
    return and_(true(), *inside), (or_(*cut) if cut else None)


def _position_counts(selection: Selection, period: str, t, weight, dates, per_article: bool):
    """The query of :func:`position_counts_frame` on the rows of ``t`` within ``dates``: articles
    counted per article (a subquery grouped by article), or by the cells' flags."""
    p = _period_column(period, t)
    per_stance = [func.sum(case((t.c.stance == s, weight), else_=0)).label(s) for s in STANCES]
    where = (selection.where(t), t.c.kind == "position", t.c.date.is_not(None), t.c.stance.in_(STANCES), dates)
    first = func.min(t.c.date).label("first")
    if not per_article:
        return (select(p.label("period"), t.c.party, t.c.issue, first, *per_stance, func.sum(t.c[f"article_{period}"]))
                .where(*where).group_by(p, t.c.party, t.c.issue))
    inner = (select(p.label("period"), t.c.party, t.c.issue, first, *per_stance)
             .where(*where).group_by(p, t.c.party, t.c.issue, t.c.article_id).subquery())
    return (select(inner.c.period, inner.c.party, inner.c.issue, func.min(inner.c.first),
                   *(func.sum(inner.c[s]) for s in STANCES), func.count())
            .group_by(inner.c.period, inner.c.party, inner.c.issue))


@lru_cache(maxsize=64)
def blame_frame(selection: Selection, period: str | None) -> pd.DataFrame:
    """Blame statements and articles per blamer × blamed (and ``period``, with its first date)."""
    t, weight = _source(selection)
    keys = [t.c.party, t.c.target]
    where = [selection.where(t), t.c.kind == "blame", t.c.target != ""]
    if period is not None:
        keys = [_period_column(period, t).label("period"), *keys]
        where.append(t.c.date.is_not(None))
    query = (select(*keys, func.min(t.c.date), func.sum(weight), func.count(func.distinct(t.c.article_id)))
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
    t, weight = _source(selection)
    with selection.engine.connect() as conn:
        total = conn.execute(select(func.coalesce(func.sum(weight), 0)).select_from(t).where(selection.where(t))
                             ).scalar_one()
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
    with selection.engine.connect() as conn:
        found = conn.execute(query).first()
    if found is None:
        return None
    # one row as a Series of the types rows() gives (a frame per row costs more than the query)
    row = dict(zip(ROW_COLUMNS, found))
    row.update(date=pd.Timestamp(row["date"]), date_resolved=bool(row["date_resolved"]),
               date_inferred=bool(row["date_inferred"]), confidence=float(row["confidence"]))
    return pd.Series(row, dtype=object)


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
    """Counts per article, then of them; the undated articles; the parties. Hash aggregations (no
    count of distinct values to sort), and only a few rows come back however many articles match."""
    t, weight = _source(selection)
    where = selection.where(t)
    per_article = (select(func.sum(weight).label("n"), func.min(t.c.date).label("first"),
                          func.max(t.c.date).label("last"),
                          func.sum(case((t.c.date.is_(None), weight), else_=0)).label("undated"))
                   .where(where).group_by(t.c.article_id).subquery())
    with selection.engine.connect() as conn:
        statements, articles, first, last, undated = conn.execute(
            select(func.sum(per_article.c.n), func.count(), func.min(per_article.c.first),
                   func.max(per_article.c.last), func.sum(per_article.c.undated))).one()
        undated_articles = conn.execute(select(t.c.article_id).where(where, t.c.date.is_(None))
                                        .group_by(t.c.article_id)).scalars().all() if undated else ()
        parties = conn.execute(select(t.c.party).where(where).group_by(t.c.party)).scalars().all()
    return Overview(int(statements or 0), int(articles), first, last, int(undated or 0),
                    tuple(sorted(undated_articles)), frozenset(parties))
