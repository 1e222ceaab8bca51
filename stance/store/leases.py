"""Leases on labelling tasks: the shared queue claimed in the database.

Annotators on one machine or many, sharing one database, must never get the same sentence
unless ``--overlap`` asks for it. Reading the queue and then writing a claim would race (two
annotators started together read the same free task), so each claim is one atomic statement
that works alike on SQLite and PostgreSQL:

- a task has ``overlap`` slots, rows keyed by ``(task, slot)``; taking a free slot is an
  ``INSERT ... ON CONFLICT DO NOTHING``: of two annotators at once, the primary key lets one
  insert, the other inserts nothing;
- taking a slot whose lease expired (its annotator quit, lost the connection, was killed) is
  an ``UPDATE ... WHERE expires < now``, which one annotator's statement changes and the
  next finds changed;

and whoever's statement changed a row holds the slot. A decided task's lease never expires
(``expires`` NULL), so the slot stays taken; a skipped or left one is freed at once.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..errors import StoreError
from .schema import reason, writing
from .store import _insert_new
from .tables import LeaseRow

LEASE_SECONDS = 20 * 60  # how long a sentence on screen stays one annotator's without a decision

_lease = LeaseRow.__table__


def claim(engine: Engine, task: str, annotator: str, *, now: int, overlap: int = 1,
          seconds: int = LEASE_SECONDS) -> bool:
    """Lease ``task`` to ``annotator`` until ``now + seconds``; whether they hold it now.

    An annotator's own lease is renewed (also a decided one: a withdrawn decision is
    decided again). Otherwise the first free or expired slot of ``overlap`` is taken.
    """
    until = now + seconds
    try:
        with writing(engine) as conn:
            if _changed(conn, update(_lease).where(_lease.c.task == task, _lease.c.annotator == annotator)
                        .values(expires=until)):
                return True
        for slot in range(overlap):
            with writing(engine) as conn:
                row = {"task": task, "slot": slot, "annotator": annotator, "expires": until}
                if _insert_new(conn, _lease, [row]) == 1:
                    return True
                if _changed(conn, update(_lease).where(
                        _lease.c.task == task, _lease.c.slot == slot, _lease.c.expires.is_not(None),
                        _lease.c.expires < now).values(annotator=annotator, expires=until)):
                    return True
    except (OperationalError, ProgrammingError) as exc:
        raise _cannot_write(exc) from None
    return False


def finish(engine: Engine, task: str, annotator: str) -> None:
    """The annotator decided ``task``: their lease on it no longer expires."""
    _write(engine, update(_lease).where(_lease.c.task == task, _lease.c.annotator == annotator)
           .values(expires=None))


def release(engine: Engine, task: str, annotator: str) -> None:
    """Free the annotator's undecided lease on ``task`` (skipped, or on screen when they quit)."""
    _write(engine, delete(_lease).where(_lease.c.task == task, _lease.c.annotator == annotator,
                                        _lease.c.expires.is_not(None)))


def taken(engine: Engine, annotator: str, *, now: int, overlap: int = 1) -> set[str]:
    """The tasks others hold all ``overlap`` slots of (live leases and decisions): one query,
    so the queue skips them without trying a claim each."""
    held = _lease.c.expires.is_(None) | (_lease.c.expires >= now)
    query = (select(_lease.c.task).where(_lease.c.annotator != annotator, held)
             .group_by(_lease.c.task).having(func.count() >= overlap))
    with engine.connect() as conn:
        return set(conn.execute(query).scalars())


def prepare(engine: Engine) -> None:
    """Create the lease table in a database made before it existed (a table more is all it
    takes, so the schema version stays); two annotators starting at once may both try."""
    try:
        _lease.create(engine, checkfirst=True)
    except (OperationalError, ProgrammingError) as exc:
        with engine.connect() as conn:
            if not engine.dialect.has_table(conn, _lease.name):
                raise _cannot_write(exc) from None


def _changed(conn, statement) -> bool:
    """Run an UPDATE; whether it changed a row. Asked with RETURNING: a driver's rowcount
    may be -1."""
    return conn.execute(statement.returning(_lease.c.slot)).first() is not None


def _write(engine: Engine, statement) -> None:
    try:
        with writing(engine) as conn:
            conn.execute(statement)
    except (OperationalError, ProgrammingError) as exc:
        raise _cannot_write(exc) from None


def _cannot_write(exc: Exception) -> StoreError:
    return StoreError(f"cannot write database: {reason(exc)}")
