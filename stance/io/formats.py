"""Input formats: the decoded text of one file to article drafts, or failures.

Each ``parse_*`` function is pure: it takes the text and the file's location (used in
failures and as the fallback source) and returns :class:`Draft` records; reading
bytes, ids, ``--date`` and date/title fallbacks are :mod:`stance.io.ingest`'s job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from stance.io.dates import parse_date
from stance.records import Failure


@dataclass(frozen=True)
class Draft:
    """An article's fields as one input gives them, before ids and fallbacks.

    Attributes:
        text: The article body.
        location: Where it came from: the file, or ``file:N`` for record N.
        date: The date the input states, or None.
        date_source: ``header`` or ``date-line`` when ``date`` is set.
        source: URL or source the input states, or ``""``.
        title: Title the input states, or ``""``.
        meta: Further metadata of the input.
    """

    text: str
    location: str
    date: dt.date | None = None
    date_source: str = ""
    source: str = ""
    title: str = ""
    meta: dict = field(default_factory=dict, hash=False, compare=False)


# Fields with a place of their own in an Article; every other field goes to meta.
ARTICLE_FIELDS = ("date", "title", "source", "url")

# A header line is "key: value" with a lowercase identifier key. Prose such as
# "Update: Israel said ..." fails the key test; a long line under an unknown key is
# taken for prose too, while the known keys may carry long URLs and titles.
_HEADER_LINE = re.compile(r"(?P<key>[a-z][a-z0-9_ -]{0,29}):(?:[ \t]+(?P<value>.*))?")
_PROSE_LENGTH = 100

# What trafilatura's metadata gives that we keep (url becomes the source).
_HTML_FIELDS = ("title", "date", "url", "author", "sitename", "description")

# The seed files' form: " date 2025-01-03 Prime Minister ..." (article on the same
# line or the next).
_DATE_LINE = re.compile(r"\s*date[ \t]+(?P<value>\d{4}-\d{1,2}-\d{1,2})(?:[ \t]+|[ \t]*\n|\Z)")


def parse_plain(text: str, location: str) -> Draft | Failure:
    """Read a plain-text article, with an optional header block or date line.

    Args:
        text: The decoded file, line ends normalised to ``\\n``.
        location: The file, for failures and as the fallback source.

    Returns:
        The draft, or a Failure for a bad header date or an empty body.
    """
    split = split_header(text)
    if isinstance(split, HeaderError):
        return Failure(f"{location}:{split.line}", split.problem)
    if split is not None:
        header, body = split
        if not body.strip():
            return Failure(location, "no article text after the header")
        return _draft(header, body, location, date_source="header", where=" in header")
    match = _DATE_LINE.match(text)
    if match is None:
        return Draft(text=text.strip(), location=location)
    body = text[match.end() :]
    if not body.strip():
        return Failure(location, "no article text after the date line")
    fields = {"date": match["value"]}
    return _draft(fields, body, location, date_source="date-line", where=" in the date line")


@dataclass(frozen=True)
class HeaderError:
    """Why a header block is not one: the file's line number and the problem."""

    line: int
    problem: str


def split_header(text: str) -> tuple[dict[str, str], str] | HeaderError | None:
    """Split a leading ``key: value`` block, ended by a blank line, from the body.

    A first paragraph whose first line is a ``date:``, ``title:``, ``source:`` or ``url:``
    line is a header: any other line in it (a missing colon, a missing blank line
    after the header) is a :class:`HeaderError` naming that line, never silently body
    text (the header would shift into the article, its first line becoming the title
    and its source lost). Any other first paragraph is a header only when every line
    of it is a header line, else the file has no header (its first paragraph merely
    contains a colon). Of repeated keys the last one counts.

    Args:
        text: The decoded file.

    Returns:
        ``(header, body)``; a HeaderError; or None when the text does not start with a header.
    """
    stripped = text.lstrip()
    skipped = text[: len(text) - len(stripped)].count("\n")  # blank lines before the header
    lines = stripped.split("\n")
    header: dict[str, str] = {}
    meant = False  # the first line names an article field: this is a header
    for number, line in enumerate(lines):
        if not line.strip():  # the blank line that ends the header
            return header, "\n".join(lines[number + 1 :])
        field = _header_field(line, any_length=meant)
        if number == 0:
            meant = field is not None and field[0] in ARTICLE_FIELDS
        if field is None:
            if not meant:
                return None
            return HeaderError(skipped + number + 1,
                               f"header line {_clip(line)!r} is not 'key: value' (a header is "
                               "'key: value' lines ended by a blank line)")
        header[field[0]] = field[1]
    return (header, "") if header else None  # a header and nothing else


def _header_field(line: str, *, any_length: bool = False) -> tuple[str, str] | None:
    """``(key, value)`` of a header line, or None when the line is not one (prose; a long
    line under an unknown key, unless ``any_length``: inside a header it is a long value)."""
    match = _HEADER_LINE.fullmatch(line.strip())
    if match is None:
        return None
    key = match["key"].strip()
    if key not in ARTICLE_FIELDS and len(line) > _PROSE_LENGTH and not any_length:
        return None
    return key, (match["value"] or "").strip()


def _clip(line: str, length: int = 60) -> str:
    """A line short enough for a one-line message."""
    line = line.strip()
    return line if len(line) <= length else line[: length - 3] + "..."


def parse_jsonl(text: str, location: str) -> Iterator[Draft | Failure]:
    """Read JSON Lines: one record per line, blank lines skipped.

    Args:
        text: The decoded file.
        location: The file; a record's location is ``file:LINE``.

    Yields:
        A draft per good record and a Failure per bad one, in file order.
    """
    # Split on "\n" only: str.splitlines would also split on U+2028, which JSON
    # allows unescaped inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            where = f"{location}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Failure(where, f"invalid JSON: {error.msg} at column {error.colno}")
            except RecursionError:
                yield Failure(where, "invalid JSON: nested too deeply")
            else:
                yield _from_record(record, where)


def parse_json(text: str, location: str) -> Iterator[Draft | Failure]:
    """Read a JSON list of records.

    Args:
        text: The decoded file.
        location: The file; a record's location is ``file:N``, N counting from 1.

    Yields:
        A draft per good record and a Failure per bad one (or one for the file).
    """
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        at = f"line {error.lineno} column {error.colno}"
        yield Failure(location, f"invalid JSON: {error.msg} at {at}")
        return
    except RecursionError:
        yield Failure(location, "invalid JSON: nested too deeply")
        return
    if not isinstance(records, list):
        yield Failure(location, f"expected a JSON list of records, found {_json_type(records)}")
        return
    if not records:
        yield Failure(location, "no records in the JSON list")
    for number, record in enumerate(records, start=1):
        yield _from_record(record, f"{location}:{number}")


def parse_csv(text: str, location: str) -> Iterator[Draft | Failure]:
    """Read CSV with a header row that has a ``text`` column.

    Args:
        text: The decoded file.
        location: The file; a row's location is ``file:LINE`` (the line the row
            ends on, the header being line 1).

    Yields:
        A draft per good row and a Failure per bad one (or one for the file).
    """
    # Article texts outgrow csv's 128 KB field limit; the file size is already
    # bounded by ingest's max_bytes, so allow a field as long as the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        columns = [name.strip() for name in next(reader, [])]
        if "text" not in columns:
            found = ", ".join(columns)
            yield Failure(location, f"no 'text' column in the CSV header (found: {found})")
            return
        rows = 0
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            where = f"{location}:{reader.line_num}"
            if len(row) > len(columns):
                yield Failure(where, f"row has {len(row)} fields, the header has {len(columns)}")
                continue
            yield _from_record(dict(zip(columns, row)), where)
    except csv.Error as error:
        yield Failure(f"{location}:{reader.line_num}", f"bad CSV: {error}")
        return
    if rows == 0:
        yield Failure(location, "no rows after the CSV header")


def parse_html(text: str, location: str) -> Draft | Failure:
    """Extract the main text and metadata (title, date, URL) of an HTML page.

    Nothing is fetched: trafilatura works on the given text only.

    Args:
        text: The page's HTML.
        location: The file, for failures and as the fallback source.

    Returns:
        The draft (``date_source`` ``header`` when the page's metadata has a date),
        or a Failure when no article text is found.
    """
    # Imported here: trafilatura is slow to import and most inputs are not HTML.
    import trafilatura

    try:
        page = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            # Markup only (published_time, JSON-LD...): a date picked from the page
            # text by heuristics is a guess, and find_date covers the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # noqa: BLE001 - lxml/trafilatura raise assorted errors on broken pages
        page = None
    body = (page.text or "").strip() if page is not None else ""
    if not body:
        return Failure(location, "no article text found in HTML")
    # The page's <head> metadata plays the part of a text file's header.
    fields = {name: getattr(page, name) for name in _HTML_FIELDS if getattr(page, name)}
    return _draft(fields, body, location, date_source="header", where=" in the page metadata")


def looks_like_html(text: str) -> bool:
    """Whether a text file is in fact a saved web page."""
    return text.lstrip()[:20].lower().startswith(("<!doctype html", "<html"))


def _from_record(record: object, where: str) -> Draft | Failure:
    """A JSON/CSV record to a draft: ``text`` required, ``id`` kept as ``input_id``."""
    if not isinstance(record, dict):
        return Failure(where, f"record is {_json_type(record)}, not an object with a 'text'")
    fields = {("input_id" if key == "id" else key): value for key, value in record.items()}
    text = fields.pop("text", None)
    if text is None:
        return Failure(where, "record has no 'text'")
    if not isinstance(text, str):
        return Failure(where, f"record's 'text' is {_json_type(text)}, not a string")
    if not text.strip():
        return Failure(where, "record has an empty 'text'")
    # A record's own fields are its header.
    return _draft(fields, text, where, date_source="header", where="")


EARLIEST_DATE = dt.date(1900, 1, 1)


def plausible_date(date: dt.date, *, today: dt.date | None = None) -> bool:
    """Whether a stated publication date can be one: from 1900 to tomorrow (time zones)."""
    today = today or dt.date.today()
    return EARLIEST_DATE <= date <= today + dt.timedelta(days=1)


def implausible(date: dt.date, where: str = "") -> str:
    """Why a date is no publication date (see :func:`plausible_date`), for a message;
    ``where`` says where it was (" in header")."""
    return (f"implausible date {date.isoformat()}{where}: before {EARLIEST_DATE.year} or in the future "
            "(a typo in the year?)")


def _draft(
    fields: dict, body: str, location: str, *, date_source: str, where: str
) -> Draft | Failure:
    """Map input fields onto a draft: date, title, source (else url), the rest to meta.

    Args:
        fields: The input's fields; empty values of the article fields count as absent.
        body: The article text, not empty.
        location: Where the input came from.
        date_source: What a stated date is called (``header``, ``date-line``).
        where: Where the date was, for the failure message, e.g. ``" in header"``.

    Returns:
        The draft, or a Failure for a date that is not a date.
    """
    given = {key: _as_text(fields.get(key)) for key in ARTICLE_FIELDS}
    date = None
    if given["date"]:
        try:
            date = parse_date(given["date"])
        except ValueError:
            return Failure(location, f"bad date {given['date']!r}{where} (expected YYYY-MM-DD)")
        if not plausible_date(date):
            return Failure(location, implausible(date, where))
    meta = {key: value for key, value in fields.items() if key not in ARTICLE_FIELDS}
    if given["source"] and given["url"]:
        meta["url"] = given["url"]  # source wins; the url is still worth keeping
    return Draft(
        text=body.strip(),
        location=location,
        date=date,
        date_source=date_source if date else "",
        source=given["source"] or given["url"],
        title=given["title"],
        meta=meta,
    )


def _as_text(value: object) -> str:
    """A field value as stripped text; None (JSON null, missing CSV cell) is empty."""
    return "" if value is None else str(value).strip()


def _json_type(value: object) -> str:
    """How JSON would name the type of a decoded value, for messages."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    return "null" if value is None else names.get(type(value), "a number")
