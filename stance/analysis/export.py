"""CSV exports: statements in the exact columns of the spec, and positions per party × issue × period."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from ..errors import StanceError
from ..records import Statement
from .aggregate import PositionCount

STATEMENT_COLUMNS = ("article_id", "date", "party", "kind", "issue", "stance", "target",
                     "confidence", "method", "sentence", "source")
POSITION_COLUMNS = ("period", "party", "issue", "demand", "accept", "reject", "statements",
                    "articles", "net")


T = TypeVar("T")


def write_file_atomically(path: str | Path, write: Callable[[TextIO], T]) -> T:
    """Call ``write`` on a temporary file beside ``path``, then rename it to ``path``.

    A failed write never leaves half a file, and an existing file stays as it was.

    Raises:
        StanceError: The folder does not exist or the file cannot be written (one line).
    """
    target = Path(path)
    if not target.parent.exists():
        raise StanceError(f"cannot write {target}: folder {target.parent} does not exist")
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            result = write(out)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StanceError(f"cannot write {target}: {exc.strerror or exc}") from None
    return result


def _writer(out: TextIO):
    # RFC 4180: comma, double-quote quoting, CRLF line ends
    return csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def write_statements(statements: Iterable[Statement], out: TextIO) -> int:
    """Write statements as ``statements.csv``; returns the number of rows."""
    writer = _writer(out)
    writer.writerow(STATEMENT_COLUMNS)
    n = 0
    for s in statements:
        writer.writerow([s.article_id, s.date.isoformat() if s.date else "", s.party, s.kind,
                         s.issue, s.stance, s.target, f"{s.confidence:.3f}", s.method, s.sentence, s.source])
        n += 1
    return n


def write_positions(rows: Sequence[PositionCount], out: TextIO) -> int:
    """Write positions per period; returns the number of rows."""
    writer = _writer(out)
    writer.writerow(POSITION_COLUMNS)
    for r in rows:
        writer.writerow([r.period, r.party, r.issue, r.demand, r.accept, r.reject, r.statements,
                         r.articles, r.net])
    return len(rows)


def statements_csv(statements: Iterable[Statement]) -> str:
    """The CSV text of statements (for download buttons and tests)."""
    buf = io.StringIO()
    write_statements(statements, buf)
    return buf.getvalue()
