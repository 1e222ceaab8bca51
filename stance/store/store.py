"""The store: read and write articles, their sources, statements and human labels (tables in
:mod:`stance.store.tables`, opened by :mod:`stance.store.schema`). The only module that
writes the database.

SQLite file by default (``stance.db``), any SQLAlchemy URL through ``--db`` or
``$STANCE_DB``. Every write of one batch happens in one transaction, so a failure
leaves what was stored before untouched. Writes are idempotent and safe for concurrent
writers: rows are inserted with ``INSERT ... ON CONFLICT DO NOTHING`` (SQLAlchemy's
SQLite and PostgreSQL inserts) against the tables' unique keys, and what a write reports
(a new article, a linked copy, lines added) is what its own transaction inserted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from sqlalchemy import Table, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, delete, select

from ..errors import StoreError
from ..profile import Profile, load_profile, profile_from_data
from ..records import Article, Statement
from .schema import (  # noqa: F401 (the store's public names)
    DEFAULT_DB,
    SCHEMA_VERSION,
    database_url,
    open_store,
    reason,
    shown_url,
    writing,
)
from .tables import ArticleRow, LabelRow, MetaRow, SourceRow, StatementRow

# Rows per multi-row INSERT: under SQLite's limit on bound parameters (32,766) for any table here.
_CHUNK = 500


def _insert_new(conn: Connection, table: Table, rows: Sequence[dict]) -> int:
    """Insert rows, skipping those whose unique key is already stored (by anyone); returns
    how many this transaction inserted."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    added = 0
    for chunk in range(0, len(rows), _CHUNK):
        part = rows[chunk:chunk + _CHUNK]
        if dialect is not None:
            # RETURNING names the rows inserted (a driver's rowcount may say -1 for "unknown")
            query = dialect.insert(table).values(part).on_conflict_do_nothing()
            added += len(conn.execute(query.returning(*table.primary_key.columns)).all())
            continue
        for row in part:  # another database: a row at a time, a duplicate key rolled back alone
            try:
                with conn.begin_nested():
                    conn.execute(insert(table).values(row))
                added += 1
            except IntegrityError:
                pass
    return added


def find_article(engine: Engine, article_id: str) -> ArticleRow | None:
    with Session(engine) as session:
        return session.get(ArticleRow, article_id)


def add_article(engine: Engine, article: Article, statements: Sequence[Statement], *, profile: str) -> str:
    """Store an article and its statements in one transaction.

    Returns:
        ``new``; ``duplicate`` (same text, same source: nothing written); or ``linked``
        (same text from another source: the source is recorded, no new statements). When
        another process stores the same article at the same time, exactly one of them
        gets ``new``.
    """
    row = ArticleRow(id=article.id, profile=profile, date=article.date, date_source=article.date_source,
                     source=article.source, title=article.title, text=article.text,
                     meta=json.dumps(article.meta, ensure_ascii=False, default=str))
    source = {"article_id": article.id, "source": article.source}
    try:
        with writing(engine) as conn:
            if _insert_new(conn, ArticleRow.__table__, [row.model_dump()]):
                _insert_new(conn, SourceRow.__table__, [source])
                _insert_new(conn, StatementRow.__table__, _rows(statements, profile))
                return "new"
            return "linked" if _insert_new(conn, SourceRow.__table__, [source]) else "duplicate"
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {reason(exc)}") from None


def _rows(statements: Iterable[Statement], profile: str) -> list[dict]:
    """Statement rows as the insert takes them (the id left to the database)."""
    return [{"article_id": s.article_id, "profile": profile, "party": s.party, "kind": s.kind,
             "issue": s.issue, "stance": s.stance, "target": s.target, "date": s.date,
             "date_resolved": s.date_resolved, "confidence": s.confidence, "method": s.method,
             "rule_ids": " ".join(s.rule_ids), "model_score": s.model_score,
             "model_version": s.model_version, "sentence": s.sentence, "start": s.start,
             "end": s.end, "source": s.source}
            for s in statements]


def replace_statements(engine: Engine, article_id: str, statements: Sequence[Statement], *,
                       profile: str) -> None:
    """Swap an article's machine statements for new ones (after rules or the model change)."""
    table = StatementRow.__table__
    try:
        with writing(engine) as conn:
            conn.execute(delete(table).where(table.c.article_id == article_id, table.c.method != "human"))
            _insert_new(conn, table, _rows(statements, profile))
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {reason(exc)}") from None


def set_article_date(engine: Engine, article_id: str, day: dt.date) -> int:
    """Date an article (and its statements that carry the article's date); returns articles changed.

    ``article_id`` may be a unique prefix of the id.
    """
    art, st = ArticleRow.__table__, StatementRow.__table__
    try:
        with writing(engine) as conn:
            full = _by_prefix(conn, article_id)
            conn.execute(update(art).where(art.c.id == full).values(date=day, date_source="user"))
            conn.execute(update(st).where(st.c.article_id == full, st.c.date_resolved == False)  # noqa: E712
                         .values(date=day))
            return 1
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {reason(exc)}") from None


def article_id_of(engine: Engine, prefix: str) -> str:
    """The full id of the one stored article whose id starts with ``prefix``.

    Raises:
        StoreError: No article, or several, have such an id.
    """
    with engine.connect() as conn:
        return _by_prefix(conn, prefix)


def _by_prefix(conn: Connection, prefix: str) -> str:
    # autoescape: "%" and "_" in what the user typed are characters, not LIKE wildcards
    art = ArticleRow.__table__
    ids = conn.execute(select(art.c.id).where(art.c.id.startswith(prefix, autoescape=True))).scalars().all()
    if len(ids) > 1:
        raise StoreError(f"article id prefix '{prefix}' is ambiguous ({len(ids)} articles)")
    if not ids:
        raise StoreError(f"no article with id '{prefix}' (see `stance articles`)")
    return ids[0]


_PROFILE_KEY = "profile:"


def save_profile(engine: Engine, profile_id: str, data: dict) -> None:
    """Keep a copy of a profile file's data (a negotiation of the user's own), so that the
    dashboard shows its names, roles and order, and re-extraction uses it, wherever the file is.
    The latest ingest's copy wins; two ingests at once both succeed."""
    meta = MetaRow.__table__
    key, text = _PROFILE_KEY + profile_id, json.dumps(data, ensure_ascii=False, default=str)
    try:
        with writing(engine) as conn:
            if not _insert_new(conn, meta, [{"key": key, "value": text}]):
                conn.execute(update(meta).where(meta.c.key == key).values(value=text))
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {reason(exc)}") from None


def stored_profile(engine: Engine, profile_id: str) -> dict | None:
    """The profile data :func:`save_profile` kept, or None."""
    with Session(engine) as session:
        row = session.get(MetaRow, _PROFILE_KEY + profile_id)
    return json.loads(row.value) if row is not None else None


def profile_of(engine: Engine, name: str) -> Profile:
    """The profile articles were stored with: the store's copy of a profile file of the user's
    (:func:`save_profile`), else the built-in profile (or the file) ``name`` names.

    Raises:
        ProfileError: Neither is there.
    """
    data = stored_profile(engine, name)
    return profile_from_data(data, f"the stored profile '{name}'") if data is not None else load_profile(name)


def articles(engine: Engine) -> list[ArticleRow]:
    """Every stored article, oldest first, undated last."""
    with Session(engine) as session:
        rows = session.exec(select(ArticleRow)).all()
    return sorted(rows, key=lambda r: (r.date is None, r.date or dt.date.min, r.source))


def articles_by_id(engine: Engine, ids: Iterable[str]) -> dict[str, ArticleRow]:
    """The stored articles with these ids."""
    wanted = sorted(set(ids))
    out: dict[str, ArticleRow] = {}
    with Session(engine) as session:
        for chunk in range(0, len(wanted), 900):  # SQLite's limit on bound parameters
            query = select(ArticleRow).where(ArticleRow.id.in_(wanted[chunk:chunk + 900]))
            out.update((row.id, row) for row in session.exec(query))
    return out


def resolved_statements(engine: Engine, article_ids: Iterable[str]) -> list[StatementRow]:
    """The statements of these articles whose date the text gave (``date_resolved``)."""
    wanted = sorted(set(article_ids))
    rows: list[StatementRow] = []
    with Session(engine) as session:
        for chunk in range(0, len(wanted), 900):
            rows += session.exec(select(StatementRow).where(
                StatementRow.article_id.in_(wanted[chunk:chunk + 900]),
                StatementRow.date_resolved == True)).all()  # noqa: E712
    return rows


def article_sources(engine: Engine) -> dict[str, list[str]]:
    with Session(engine) as session:
        out: dict[str, list[str]] = {}
        for row in session.exec(select(SourceRow)):
            out.setdefault(row.article_id, []).append(row.source)
    return out


def statements(engine: Engine, *, party: Sequence[str] = (), issue: Sequence[str] = (),
               kind: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None) -> list[StatementRow]:
    """Stored statements matching the filters, by date then article then offset."""
    query = select(StatementRow)
    if party:
        query = query.where(StatementRow.party.in_(list(party)))
    if issue:
        query = query.where(StatementRow.issue.in_(list(issue)))
    if kind:
        query = query.where(StatementRow.kind == kind)
    if since:
        query = query.where(StatementRow.date >= since)
    if until:
        query = query.where(StatementRow.date <= until)
    with Session(engine) as session:
        rows = session.exec(query).all()
    return sorted(rows, key=lambda r: (r.date is None, r.date or dt.date.min, r.article_id, r.start,
                                       r.party, r.kind, r.issue, r.target))


def to_statement(row: StatementRow) -> Statement:
    """The record form of a stored statement."""
    return Statement(article_id=row.article_id, party=row.party, kind=row.kind, issue=row.issue,
                     stance=row.stance, target=row.target, sentence=row.sentence, start=row.start,
                     end=row.end, date=row.date, date_resolved=row.date_resolved,
                     confidence=row.confidence, method=row.method,
                     rule_ids=tuple(row.rule_ids.split()), model_score=row.model_score,
                     model_version=row.model_version, source=row.source)


def add_label_lines(engine: Engine, labels: Sequence) -> int:
    """Store journal lines (:class:`stance.labels.Label` with a task) in one transaction.

    A decision's lines are numbered in order, an exact copy of a line left out (a journal
    that received the same decision twice); lines already stored are skipped by the
    database, so writing the same lines twice (a re-import, a resync from the files, two
    imports at once) adds nothing. Returns the number of lines this call added.
    """
    position: dict[str, int] = {}
    seen: set = set()
    rows = []
    for lab in labels:
        if lab in seen:
            continue
        seen.add(lab)
        position[lab.decision] = position.get(lab.decision, -1) + 1
        rows.append(dict(
            decision=lab.decision, line=position[lab.decision], task=lab.task,
            article_id=lab.article_id, start=lab.start if lab.start is not None else -1,
            end=lab.end if lab.end is not None else -1, annotator=lab.annotator,
            profile=lab.profile, kind=lab.kind, party=lab.party, issue=lab.issue,
            stance=lab.stance, target=lab.target, sentence=lab.sentence, note=lab.note,
            comment=lab.comment, retracts=lab.retracts, lines=lab.lines, time=lab.time))
    if not rows:
        return 0
    try:
        with writing(engine) as conn:
            return _insert_new(conn, LabelRow.__table__, rows)
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {reason(exc)}") from None


def label_lines(engine: Engine) -> list:
    """Every stored journal line as a :class:`stance.labels.Label`, in the order stored."""
    from ..labels import Label

    with Session(engine) as session:
        rows = session.exec(select(LabelRow).order_by(LabelRow.id)).all()
    return [Label(article_id=r.article_id, profile=r.profile, sentence=r.sentence, party=r.party,
                  kind=r.kind, issue=r.issue, stance=r.stance, target=r.target,
                  annotator=r.annotator, note=r.note, task=r.task, start=r.start, end=r.end,
                  decision=r.decision, lines=r.lines, time=r.time, comment=r.comment,
                  retracts=r.retracts)
            for r in rows]


def human_statement_sentences(engine: Engine) -> set[tuple[str, str]]:
    """``(article_id, sentence)`` of the statements stored with ``method="human"``."""
    with Session(engine) as session:
        rows = session.exec(select(StatementRow.article_id, StatementRow.sentence).where(
            StatementRow.method == "human")).all()
    return {(a, s) for a, s in rows}
