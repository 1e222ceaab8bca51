"""The dashboard's summary table: one row per distinct statement, kept beside the schema.

A statement several articles carry counts once (:mod:`stance.analysis.duplicates`), which needs
every statement's sentence fingerprint: no SQL computes that. So the folded statements are
written once per change of the store into ``statement_summary``, counted per cell of what the
views group and filter by into ``statement_summary_cells``, and the dashboard's numbers are
``GROUP BY`` queries on those, whatever the size of the store. The table is derived data: it
is not part of the schema version (its own metadata, created when first written), it can be
dropped at any time, and ``statement_summary_info`` says which state of the store it
summarises. :mod:`stance.analysis.summary` decides when to rebuild it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateTable

from ..errors import StoreError
from ..records import STANCES

METADATA = MetaData()

SUMMARY = Table(
    "statement_summary", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),  # negative: an annotator's statement
    Column("profile", String, nullable=False),
    Column("party", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("issue", String, nullable=False),
    Column("stance", String, nullable=False),
    Column("polarity", String, nullable=False),
    Column("target", String, nullable=False),
    Column("date", Date),
    Column("date_resolved", Boolean, nullable=False),
    Column("date_inferred", Boolean, nullable=False),  # the article's date was inferred from its text
    Column("confidence", Float, nullable=False),
    Column("method", String, nullable=False),
    Column("article_id", String, nullable=False),
    Column("copies", Integer, nullable=False),
    # the period labels of the date (stance.analysis.queries.period_columns), so that the
    # timelines group by a column, the same way on every database
    Column("day", String), Column("week", String), Column("month", String),
    Index("ix_statement_summary_party_issue", "party", "issue", "kind", "polarity", "date"),
)

# The evidence views' order (stance.analysis.selection.newest_rows): the newest rows that pass
# the filters are read in it until enough are found, rather than all sorted.
Index("ix_statement_summary_newest", SUMMARY.c.date.is_(None), SUMMARY.c.date.desc(), SUMMARY.c.article_id,
      SUMMARY.c.id)

# The text of each summary row, apart: the aggregations scan narrow rows, and only the evidence
# rows a view shows are joined with their text.
TEXT = Table(
    "statement_summary_text", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("sentence", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("sources", Text, nullable=False),
)

# The summary folded by every column the views group or filter on but the method and the
# confidence, with how many summary rows each cell holds: the positions, the blame and the summary
# line are the same GROUP BY queries on it, over fewer rows wherever statements share a party,
# issue, stance, article and date (a story quoting several sentences of one side). A filter on
# method or confidence needs the rows themselves (stance.analysis.selection chooses).
PERIODS = ("day", "week", "month")
CELLS = Table(
    "statement_summary_cells", METADATA,
    *(Column(c.name, c.type, nullable=c.nullable) for c in SUMMARY.columns if c.name in (
        "profile", "party", "kind", "issue", "stance", "target", "date", "article_id", *PERIODS)),
    Column("statements", Integer, nullable=False),
    # 1 on one cell of each article's dated positions (a stance of STANCES) per profile, party,
    # issue and period, else 0: summed over cells that hold all of an article's such positions in
    # a period or none, they count the articles without a distinct count (see
    # stance.analysis.selection.position_counts_frame)
    *(Column(f"article_{p}", Integer, nullable=False) for p in PERIODS),
)
CELL_KEYS = tuple(c.name for c in CELLS.columns if c.name not in ("statements", *(f"article_{p}" for p in PERIODS)))

INFO = Table(
    "statement_summary_info", METADATA,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

COLUMNS = tuple(c.name for c in SUMMARY.columns)
TEXT_COLUMNS = tuple(c.name for c in TEXT.columns)
# what a summary written by another version of stance may lack (its tables' columns, the indexes):
# part of the summary's version, so that such a summary is rebuilt
LAYOUT = (tuple((t.name, *(c.name for c in t.columns)) for t in METADATA.sorted_tables),
          tuple(sorted(i.name for t in METADATA.tables.values() for i in t.indexes)))


def read_info(engine: Engine) -> dict | None:
    """What the summary table summarises (as written by :func:`write_summary`), or None when
    there is no summary yet."""
    try:
        if not inspect(engine).has_table(INFO.name):
            return None
        with engine.connect() as conn:
            value = conn.execute(select(INFO.c.value).where(INFO.c.key == "summary")).scalar()
    except SQLAlchemyError:
        return None
    return json.loads(value) if value else None


def write_summary(engine: Engine, rows: Iterable[Sequence], texts: Iterable[Sequence], info: dict) -> None:
    """Replace the summary with ``rows`` (tuples in the order of :data:`COLUMNS`, dates as
    ``YYYY-MM-DD`` text, which every database reads as a date), their ``texts``
    (:data:`TEXT_COLUMNS`) and ``info``, in one transaction: readers see the old summary or the
    new one, never half of one.

    Raises:
        StoreError: The database cannot be written (read-only file, a role without rights).
    """
    try:
        with engine.begin() as conn:
            # made anew each time, the indexes once the rows are in (quicker than row by row)
            METADATA.drop_all(conn)
            for t in METADATA.sorted_tables:
                conn.execute(CreateTable(t))
            for table, columns, values in ((SUMMARY, COLUMNS, rows), (TEXT, TEXT_COLUMNS, texts)):
                if engine.dialect.name == "postgresql":
                    _copy(conn, table.name, columns, values)
                else:
                    # the driver's executemany with plain tuples: no per-row objects of SQLAlchemy's
                    cursor = conn.connection.driver_connection.cursor()
                    marks = ", ".join("?" * len(columns))
                    cursor.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})",
                                       values)
            conn.execute(insert(CELLS).from_select([c.name for c in CELLS.columns], _cells()))
            for index in (i for t in METADATA.sorted_tables for i in t.indexes):
                index.create(conn)
            conn.execute(insert(INFO), {"key": "summary", "value": json.dumps(info, default=str)})
            # statistics for the planner at once, not when autovacuum comes round to the new tables
            for name in (SUMMARY.name, CELLS.name):
                conn.exec_driver_sql(f"ANALYZE {name}")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot write the dashboard's summary: {_reason(exc)}") from None
    except Exception as exc:  # the driver's own errors, raised through its cursor
        if type(exc).__module__.split(".")[0] not in ("sqlite3", "psycopg"):
            raise
        raise StoreError(f"cannot write the dashboard's summary: {_reason(exc)}") from None


def _cells():
    """The rows of :data:`CELLS` from those of the summary: one per distinct key, counted, and
    the article flags (``row_number() = 1`` within each article's positions per period)."""
    keys = [SUMMARY.c[c] for c in CELL_KEYS]
    cells = select(*keys, func.count().label("statements")).group_by(*keys).subquery()
    c = cells.c
    counted = and_(c.kind == "position", c.date.is_not(None), c.stance.in_(STANCES))
    # the article's keys first: the three windows share one sort (PostgreSQL sorts the rest
    # incrementally)
    firsts = [case((and_(counted, func.row_number().over(
        partition_by=[c.profile, c.party, c.issue, c.article_id, c[p], counted]) == 1), 1), else_=0)
        for p in PERIODS]
    return select(*(c[k] for k in CELL_KEYS), c.statements, *firsts)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _copy(conn, name: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """PostgreSQL's COPY (psycopg 3): a million rows in seconds rather than minutes of INSERTs."""
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
