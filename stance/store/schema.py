"""Opening the database: the URL, refusing what is not a sound stance database, and creating
or migrating the schema under a lock.

Before anything is written, a database is checked: a SQLite file must pass
``PRAGMA quick_check`` (a damaged page is refused, not read), carry stance's application
id or none, and hold either no table at all or stance's tables with a ``meta`` table whose
schema version is a whole number this stance understands. Anything else (another
program's tables, a foreign ``article`` table, a version like ``"abc"``) is one clear line.

Creating or migrating takes a lock first (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
advisory lock held to the end of the transaction) and looks again under it, so two
processes opening the same empty database create it once. SQLite files are put in WAL
mode (readers never wait for a writer) with a busy timeout (a writer waits its turn
instead of failing), and get a connection per use, so the last one closed leaves no
``-wal`` file behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel, create_engine

from ..errors import StoreError
from .tables import LABEL_KEY, STATEMENT_KEY, LabelRow, MetaRow, StatementRow

SCHEMA_VERSION = 3
# Versions upgraded in place under the lock: 1 lacked the label table, 2 the unique keys.
_UPGRADABLE = (1, 2)
DEFAULT_DB = "sqlite:///stance.db"
# ``PRAGMA application_id`` of a stance SQLite file ("stnc"); ``file`` names it.
APPLICATION_ID = int.from_bytes(b"stnc", "big")
# The row of ``meta`` that marks a stance database on any backend.
MARKER = ("application", "stance")
# How long a SQLite writer waits for another's transaction before giving up.
BUSY_SECONDS = 60
# PostgreSQL advisory lock taken while the schema is created or migrated ("stance").
_PG_LOCK = int.from_bytes(b"stance", "big")
_TABLES = frozenset(t.name for t in SQLModel.metadata.sorted_tables)


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
    """Open (and by default create) the database, after checking that it is a sound stance
    database of a schema version this stance reads (older ones are migrated).

    Raises:
        StoreError: The path cannot be opened or written, the database is damaged or
            another application's, or its schema is another version.
    """
    url = database_url(url)
    path = sqlite_file(url)
    if path is not None:
        if not path.exists() and not create:
            raise StoreError(f"no database at {path} (run `stance ingest` first, or give --db)")
        if not path.parent.exists():
            raise StoreError(f"cannot create database {path}: folder {path.parent} does not exist")
        if path.exists() and not os.access(path, os.R_OK):
            raise StoreError(f"cannot read database {path}: permission denied")
    shown = shown_url(url)
    try:
        engine = _engine(url, path)
        with engine.connect():
            pass
    except ImportError as exc:  # the URL's driver is not installed
        raise StoreError(f"cannot open database {shown}: {reason(exc)} ({_driver_hint(url)})") from None
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {shown}: {reason(exc)}") from None
    try:
        _check_schema(engine, shown, create)
        if path is not None:
            _use_wal(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot write database {shown}: {reason(exc)}") from None
    except SQLAlchemyError as exc:  # e.g. "file is not a database"
        raise StoreError(f"cannot open database {shown}: {reason(exc)}") from None
    return engine


def _driver_hint(url: str) -> str:
    """What to install for a database URL whose driver is missing."""
    if make_url(url).get_backend_name() == "postgresql":
        return 'for PostgreSQL: pip install "stance[postgres]" and a postgresql+psycopg:// URL'
    return "install the driver the URL names"


def _engine(url: str, path: Path | None) -> Engine:
    if path is None:
        return create_engine(url)
    # A connection per use (no pool): the file is never held open between uses, and the
    # last connection closed checkpoints the WAL into the file.
    return create_engine(url, poolclass=NullPool, connect_args={"timeout": BUSY_SECONDS})


def sqlite_file(url: str) -> Path | None:
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


def reason(exc: Exception) -> str:
    """The first line of what the driver said (never the SQL or its parameters)."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0] if text else exc.__class__.__name__


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction, committed at the end (rolled back on an error).

    On SQLite it starts with ``BEGIN IMMEDIATE``: the write lock is taken first (waiting up
    to the busy timeout for another writer), so nothing read in the transaction can be
    changed by another process before it writes.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _check_schema(engine: Engine, url: str, create: bool) -> None:
    """Refuse a damaged or foreign database; create or migrate the schema when needed."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _check_pages(conn, url)
        found = _version(conn, url)
        conn.rollback()
    if found == SCHEMA_VERSION:
        return
    if found is None and not create:
        raise StoreError(f"{url} is not a stance database")
    if found is not None and found not in _UPGRADABLE:
        raise StoreError(
            f"database {url} has schema version {found}, this stance needs "
            f"{SCHEMA_VERSION}: export what you need and re-ingest into a new database")
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
        found = _version(conn, url)  # again, under the lock: another process may have been first
        if found is None:
            _create(conn)
        elif found in _UPGRADABLE:
            _migrate(conn)


def _check_pages(conn: Connection, url: str) -> None:
    """``PRAGMA quick_check``: every page readable and every b-tree well formed."""
    rows = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
    if [tuple(r) for r in rows] != [("ok",)]:
        problem = " ".join(str(rows[0][0]).split())
        raise StoreError(f"database {url} is damaged (quick_check: {problem}); nothing was read or "
                         "written: restore it from a copy or re-ingest into a new database")


def _version(conn: Connection, url: str) -> int | None:
    """The schema version of a stance database, or None for an empty one.

    Raises:
        StoreError: The database holds tables of another application, or its version is
            not a whole number.
    """
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        app = conn.exec_driver_sql("PRAGMA application_id").scalar()
        if app not in (0, APPLICATION_ID):
            raise StoreError(f"{url} is not a stance database: it belongs to another application "
                             f"(application id {app:#x}); stance writes nothing to it")
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return None
    if "meta" not in tables:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(f"{url} is not a stance database: it holds another application's tables "
                         f"({shown}); give stance a new file or an empty database")
    try:
        meta = dict(conn.execute(select(MetaRow.key, MetaRow.value)).all())
    except SQLAlchemyError:
        raise StoreError(f"{url} is not a stance database: its meta table is not stance's") from None
    value = meta.get("schema_version")
    if value is None:
        raise StoreError(f"{url} is not a stance database: its meta table has no schema version")
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise StoreError(f"{url} has schema version {value!r}, which is not a whole number: "
                         "it is damaged or not a stance database") from None
    if version >= 3 and meta.get(MARKER[0]) != MARKER[1]:
        raise StoreError(f"{url} is not a stance database: its meta table lacks stance's mark")
    missing = {"article", "article_source", "statement"} - tables
    if missing:
        raise StoreError(f"{url} is not a stance database: it lacks the {', '.join(sorted(missing))} "
                         "table(s)")
    return version


def _create(conn: Connection) -> None:
    SQLModel.metadata.create_all(conn)
    conn.execute(MetaRow.__table__.insert(), [
        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
        {"key": MARKER[0], "value": MARKER[1]}])
    _mark(conn)


def _migrate(conn: Connection) -> None:
    """Bring a version 1 or 2 database to the current schema: add the tables it lacks, drop
    rows that concurrent writers doubled (the first copy is kept), add the unique keys."""
    SQLModel.metadata.create_all(conn)  # the label table (version 1)
    for table, key in ((StatementRow.__table__, STATEMENT_KEY), (LabelRow.__table__, LABEL_KEY)):
        first = select(func.min(table.c.id)).group_by(*(table.c[c] for c in key))
        conn.execute(delete(table).where(table.c.id.not_in(first)))
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    meta = MetaRow.__table__
    conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))
    conn.execute(meta.delete().where(meta.c.key == MARKER[0]))
    conn.execute(meta.insert().values(key=MARKER[0], value=MARKER[1]))
    _mark(conn)


def _mark(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")


def _use_wal(engine: Engine) -> None:
    """Put a SQLite file in WAL mode (it stays so): readers go on while one process writes."""
    with engine.connect() as conn:
        if conn.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal":
            try:
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            except OperationalError:
                pass  # a read-only file: it is read in the mode it has
