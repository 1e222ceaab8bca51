"""The database tables (SQLModel): articles, their sources, statements, annotators' label lines,
leases on labelling tasks, and the schema version row. :mod:`stance.store.store` reads and writes
them (the leases: :mod:`stance.store.leases`).

Every table has a natural key the database enforces (an article's id, an article and
source, a statement's key, a label line's decision and position), so that writers
insert with ``ON CONFLICT DO NOTHING`` and two processes writing the same thing store
it once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

# What makes a statement the same statement: a writer that repeats one (two processes
# re-extracting an article at once) adds nothing.
STATEMENT_KEY = ("article_id", "start", "end", "party", "kind", "issue", "stance", "target", "method")
# A journal line is its decision's line number ``line``.
LABEL_KEY = ("decision", "line")


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class ArticleRow(SQLModel, table=True):
    __tablename__ = "article"
    id: str = Field(primary_key=True)
    profile: str = Field(index=True)
    date: dt.date | None = Field(default=None, index=True)
    date_source: str = ""
    source: str = ""
    title: str = ""
    text: str
    meta: str = "{}"  # JSON
    ingested_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


class SourceRow(SQLModel, table=True):
    """Every source an article came from: a syndicated copy adds a row here, not an article."""

    __tablename__ = "article_source"
    article_id: str = Field(foreign_key="article.id", primary_key=True)
    source: str = Field(primary_key=True)


class StatementRow(SQLModel, table=True):
    __tablename__ = "statement"
    __table_args__ = (Index("uq_statement_key", *STATEMENT_KEY, unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: str = Field(foreign_key="article.id", index=True)
    profile: str = Field(index=True)
    party: str = Field(index=True)
    kind: str = Field(index=True)
    issue: str = Field(default="", index=True)
    stance: str = ""
    target: str = ""
    date: dt.date | None = Field(default=None, index=True)
    date_resolved: bool = False
    confidence: float = 0.5
    method: str = "rule"
    rule_ids: str = ""  # space-separated
    model_score: float | None = None
    model_version: str = ""
    sentence: str
    start: int
    end: int
    source: str = ""


class LabelRow(SQLModel, table=True):
    """One line of an annotator's journal (``labels/<annotator>.jsonl``), mirrored here.

    The files are the record people keep in git; the store holds the same lines so that
    exports can let human labels override the extractor.
    """

    __tablename__ = "label"
    __table_args__ = (Index("uq_label_line", *LABEL_KEY, unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    decision: str = Field(index=True)
    line: int = 0  # position of the line within its decision
    task: str = Field(index=True)
    article_id: str = Field(index=True)
    start: int
    end: int
    annotator: str = Field(index=True)
    profile: str = ""
    kind: str
    party: str = ""
    issue: str = ""
    stance: str = ""
    target: str = ""
    sentence: str = ""
    note: str = ""
    comment: str = ""
    retracts: str = ""
    lines: int = 0
    time: str = ""


class LeaseRow(SQLModel, table=True):
    """One of a labelling task's ``--overlap`` slots, held by an annotator until ``expires``
    (seconds since the epoch); NULL once the annotator decided it: the slot is theirs for good.
    :mod:`stance.store.leases` claims and frees them."""

    __tablename__ = "task_lease"
    task: str = Field(primary_key=True)
    slot: int = Field(primary_key=True)
    annotator: str = Field(index=True)
    expires: int | None = None
