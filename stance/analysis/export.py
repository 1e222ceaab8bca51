"""CSV exports: statements in the exact columns of the spec, and positions per party × issue × period."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from ..errors import StanceError
from ..records import INFERRED, Statement
from .aggregate import PositionCount

STATEMENT_COLUMNS = ("article_id", "date", "party", "kind", "issue", "stance", "target",
                     "confidence", "method", "sentence", "source")
POSITION_COLUMNS = ("period", "party", "issue", "demand", "accept", "reject", "statements",
                    "articles", "net")


T = TypeVar("T")


def write_file_atomically(path: str | Path, write: Callable[[TextIO], T]) -> T:
    """Call ``write`` on a temporary file beside ``path``, then rename it to ``path``.

    A failed write never leaves half a file, and an existing file stays as it was. A link
    to a file is written through (the file is replaced, the link stays), and a pipe or a
    device (a FIFO, ``/dev/stdout``) is written into as it is, never renamed over.

    Raises:
        StanceError: The folder does not exist or the file cannot be written (one line).
    """
    target = _written_through(Path(path))
    if not target.parent.exists():
        raise StanceError(f"cannot write {target}: folder {target.parent} does not exist")
    if target.exists() and not target.is_file() and not target.is_dir():
        try:
            with open(target, "w", encoding="utf-8", newline="") as out:
                return write(out)
        except OSError as exc:
            raise StanceError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        # a new file of a random name, created exclusively: a name planted beforehand (a
        # symlink to another file) is never opened
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise StanceError(f"cannot write {target}: {exc.strerror or exc}") from None
    tmp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            result = write(out)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; an export is read like any output
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StanceError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


def _written_through(target: Path) -> Path:
    """The file a link at ``target`` points at ("/dev/stdout" sent to a file: that file, not
    /dev), or ``target`` itself: not a link, a link to no file, or a loop of links."""
    try:
        real = target.resolve() if target.is_symlink() else None
    except (OSError, RuntimeError):  # a loop of links
        return target
    return real if real is not None and real.is_file() else target


# A cell a spreadsheet would read as a formula ("=HYPERLINK(...)", "+1", "-2+3", "@SUM")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A text cell a spreadsheet shows as text: one starting like a formula gets a leading
    apostrophe, as OWASP advises against CSV injection. Numbers are never passed here."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _writer(out: TextIO):
    # RFC 4180: comma, double-quote quoting, CRLF line ends
    return csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


DATE_SOURCE_COLUMN = "date_source"


def write_statements(statements: Iterable[Statement], out: TextIO, *, raw: bool = False,
                     date_sources: Mapping[str, str] | None = None) -> int:
    """Write statements as ``statements.csv``; returns the number of rows.

    Args:
        statements: The rows.
        out: Where to write.
        raw: Text cells exactly as extracted; by default a cell that starts like a
            formula is prefixed (:func:`spreadsheet_safe`).
        date_sources: Each article's ``date_source``; when given, a last column
            ``date_source`` (outside the spec's columns, so only on request) says where
            each row's date comes from (:func:`date_basis`).
    """
    text = (lambda v: v) if raw else spreadsheet_safe
    writer = _writer(out)
    writer.writerow(STATEMENT_COLUMNS + ((DATE_SOURCE_COLUMN,) if date_sources is not None else ()))
    n = 0
    for s in statements:
        row = [text(s.article_id), s.date.isoformat() if s.date else "", text(s.party), s.kind,
               text(s.issue), s.stance, text(s.target), f"{s.confidence:.3f}", s.method,
               text(s.sentence), text(s.source)]
        if date_sources is not None:
            row.append(date_basis(s, date_sources.get(s.article_id, "")))
        writer.writerow(row)
        n += 1
    return n


def date_basis(statement: Statement, article_date_source: str) -> str:
    """Where a statement's date comes from: ``article`` (the date the article gives or a
    person set), ``inferred`` (the article's date inferred from its text, unconfirmed),
    ``text`` (the sentence dates what it reports earlier) or ``""`` (undated)."""
    if statement.date is None:
        return ""
    if statement.date_resolved:
        return "text"
    return "inferred" if article_date_source == INFERRED else "article"


def write_positions(rows: Sequence[PositionCount], out: TextIO, *, raw: bool = False) -> int:
    """Write positions per period; returns the number of rows (``raw`` as for statements)."""
    text = (lambda v: v) if raw else spreadsheet_safe
    writer = _writer(out)
    writer.writerow(POSITION_COLUMNS)
    for r in rows:
        writer.writerow([r.period, text(r.party), text(r.issue), r.demand, r.accept, r.reject,
                         r.statements, r.articles, r.net])
    return len(rows)


def statements_csv(statements: Iterable[Statement]) -> str:
    """The CSV text of statements (for download buttons and tests)."""
    buf = io.StringIO()
    write_statements(statements, buf)
    return buf.getvalue()
