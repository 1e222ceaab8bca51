"""The store: open the database and read and write articles, their sources, statements and
human labels (tables in :mod:`stance.store.tables`). The only module that writes the database.

SQLite file by default (``stance.db``), any SQLAlchemy URL through ``--db`` or
``$STANCE_DB``. Every write of one batch happens in one transaction, so a failure
leaves what was stored before untouched. A ``meta`` row records the schema version;
a database of another version gets a clear message instead of wrong answers
(version 1, which lacked the ``label`` table, is upgraded in place by adding it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine, delete, select

from ..errors import StoreError
from ..records import Article, Statement
from .tables import ArticleRow, LabelRow, MetaRow, SourceRow, StatementRow

SCHEMA_VERSION = 2
# Versions upgraded in place: only tables were added since, which create_all adds.
_UPGRADABLE = (1,)
DEFAULT_DB = "sqlite:///stance.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$STANCE_DB``, else ``sqlite:///stance.db``.

    A bare file path is taken as a SQLite file.
    """
    url = url or os.environ.get("STANCE_DB") or DEFAULT_DB
    return url if "://" in url else f"sqlite:///{url}"


def shown_url(url: str) -> str:
    """The URL as messages show it: a password in it is masked (``alice:***@host``)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def open_store(url: str | None = None, *, create: bool = True) -> Engine:
    """Open (and by default create) the database, checking its schema version.

    Raises:
        StoreError: The path cannot be opened or written, or the schema is another version.
    """
    url = database_url(url)
    path = _sqlite_file(url)
    if path is not None:
        if not path.exists() and not create:
            raise StoreError(f"no database at {path} (run `stance ingest` first, or give --db)")
        if not path.parent.exists():
            raise StoreError(f"cannot create database {path}: folder {path.parent} does not exist")
        if path.exists() and not os.access(path, os.R_OK):
            raise StoreError(f"cannot read database {path}: permission denied")
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
    except (SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open database {shown_url(url)}: {_reason(exc)}") from None
    _check_schema(engine, shown_url(url), create)
    return engine


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, also in SQLite's URI form (``sqlite:///file:x.db?mode=ro&uri=true``);
    None for an in-memory database or another kind of database."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # create_engine gives the message
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if parsed.query.get("uri") == "true" and name.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        name = name.removeprefix("file:")
        name = name[2:] if name.startswith("///") else name  # file:///abs/x.db
    return Path(name)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else exc.__class__.__name__


def _check_schema(engine: Engine, url: str, create: bool) -> None:
    try:
        with Session(engine) as session:
            existing = engine.dialect.has_table(session.connection(), "meta")
            if existing:
                row = session.get(MetaRow, "schema_version")
                found = int(row.value) if row else 0
                if found in _UPGRADABLE:
                    SQLModel.metadata.create_all(engine)
                    row.value = str(SCHEMA_VERSION)
                    session.add(row)
                    session.commit()
                    return
                if found != SCHEMA_VERSION:
                    raise StoreError(
                        f"database {url} has schema version {found}, this stance needs "
                        f"{SCHEMA_VERSION}: export what you need and re-ingest into a new database")
                return
        if not create:
            raise StoreError(f"{url} is not a stance database")
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            session.add(MetaRow(key="schema_version", value=str(SCHEMA_VERSION)))
            session.commit()
    except OperationalError as exc:
        raise StoreError(f"cannot write database {url}: {_reason(exc)}") from None
    except SQLAlchemyError as exc:  # e.g. "file is not a database"
        raise StoreError(f"cannot open database {url}: {_reason(exc)}") from None


def find_article(engine: Engine, article_id: str) -> ArticleRow | None:
    with Session(engine) as session:
        return session.get(ArticleRow, article_id)


def add_article(engine: Engine, article: Article, statements: Sequence[Statement], *, profile: str) -> str:
    """Store an article and its statements in one transaction.

    Returns:
        ``new``; ``duplicate`` (same text, same source: nothing written); or ``linked``
        (same text from another source: the source is recorded, no new statements).
    """
    try:
        with Session(engine) as session:
            existing = session.get(ArticleRow, article.id)
            if existing is not None:
                known = session.get(SourceRow, (article.id, article.source))
                if known is not None:
                    return "duplicate"
                session.add(SourceRow(article_id=article.id, source=article.source))
                session.commit()
                return "linked"
            session.add(ArticleRow(id=article.id, profile=profile, date=article.date,
                                   date_source=article.date_source, source=article.source,
                                   title=article.title, text=article.text,
                                   meta=json.dumps(article.meta, ensure_ascii=False, default=str)))
            session.flush()
            session.add(SourceRow(article_id=article.id, source=article.source))
            session.add_all(_rows(statements, profile))
            session.commit()
            return "new"
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {_reason(exc)}") from None


def _rows(statements: Iterable[Statement], profile: str) -> list[StatementRow]:
    return [StatementRow(article_id=s.article_id, profile=profile, party=s.party, kind=s.kind,
                         issue=s.issue, stance=s.stance, target=s.target, date=s.date,
                         date_resolved=s.date_resolved, confidence=s.confidence, method=s.method,
                         rule_ids=" ".join(s.rule_ids), model_score=s.model_score,
                         model_version=s.model_version, sentence=s.sentence, start=s.start,
                         end=s.end, source=s.source)
            for s in statements]


def replace_statements(engine: Engine, article_id: str, statements: Sequence[Statement], *,
                       profile: str) -> None:
    """Swap an article's machine statements for new ones (after rules or the model change)."""
    try:
        with Session(engine) as session:
            session.exec(delete(StatementRow).where(StatementRow.article_id == article_id,
                                                    StatementRow.method != "human"))
            session.add_all(_rows(statements, profile))
            session.commit()
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {_reason(exc)}") from None


def set_article_date(engine: Engine, article_id: str, day: dt.date) -> int:
    """Date an article (and its statements that carry the article's date); returns articles changed.

    ``article_id`` may be a unique prefix of the id.
    """
    try:
        return _set_article_date(engine, article_id, day)
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {_reason(exc)}") from None


def article_id_of(engine: Engine, prefix: str) -> str:
    """The full id of the one stored article whose id starts with ``prefix``.

    Raises:
        StoreError: No article, or several, have such an id.
    """
    with Session(engine) as session:
        return _by_prefix(session, prefix).id


def _by_prefix(session: Session, prefix: str) -> ArticleRow:
    # autoescape: "%" and "_" in what the user typed are characters, not LIKE wildcards
    rows = session.exec(select(ArticleRow).where(
        ArticleRow.id.startswith(prefix, autoescape=True))).all()
    if len(rows) > 1:
        raise StoreError(f"article id prefix '{prefix}' is ambiguous ({len(rows)} articles)")
    if not rows:
        raise StoreError(f"no article with id '{prefix}' (see `stance articles`)")
    return rows[0]


def _set_article_date(engine: Engine, article_id: str, day: dt.date) -> int:
    with Session(engine) as session:
        row = _by_prefix(session, article_id)
        row.date, row.date_source = day, "user"
        for st in session.exec(select(StatementRow).where(StatementRow.article_id == row.id,
                                                         StatementRow.date_resolved == False)):  # noqa: E712
            st.date = day
            session.add(st)
        session.add(row)
        session.commit()
        return 1


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

    Decisions already stored are skipped, so writing the same lines twice (a re-import,
    a resync from the files) adds nothing. Returns the number of lines added.
    """
    decisions = {lab.decision for lab in labels}
    if not decisions:
        return 0
    try:
        with Session(engine) as session:
            known = set(session.exec(select(LabelRow.decision).where(
                LabelRow.decision.in_(sorted(decisions)))).all())
            position: dict[str, int] = {}
            rows = []
            for lab in labels:
                if lab.decision in known:
                    continue
                position[lab.decision] = position.get(lab.decision, -1) + 1
                rows.append(LabelRow(
                    decision=lab.decision, line=position[lab.decision], task=lab.task,
                    article_id=lab.article_id, start=lab.start if lab.start is not None else -1,
                    end=lab.end if lab.end is not None else -1, annotator=lab.annotator,
                    profile=lab.profile, kind=lab.kind, party=lab.party, issue=lab.issue,
                    stance=lab.stance, target=lab.target, sentence=lab.sentence, note=lab.note,
                    comment=lab.comment, retracts=lab.retracts, lines=lab.lines, time=lab.time))
            session.add_all(rows)
            session.commit()
            return len(rows)
    except OperationalError as exc:
        raise StoreError(f"cannot write database: {_reason(exc)}") from None


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
