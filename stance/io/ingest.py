"""Files and folders to :class:`~stance.records.Article` records (text, date, source, id).

An input that cannot be read becomes a :class:`~stance.records.Failure` naming the
file and the problem in one line; it never raises, and the other inputs go on. The
formats themselves are parsed in :mod:`stance.io.formats`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from stance.io.dates import find_date
from stance.io.formats import (
    Draft,
    looks_like_html,
    parse_csv,
    parse_html,
    parse_json,
    parse_jsonl,
    parse_plain,
)
from stance.records import Article, Failure

DEFAULT_MAX_BYTES = 20_000_000

TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
RECORD_PARSERS = {
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
    ".json": parse_json,
    ".csv": parse_csv,
}
# What a folder is searched for; a file named on its own is read whatever its suffix.
READ_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | frozenset(RECORD_PARSERS)
# A folder's notes about itself, never an article ("README.md" beside a corpus)
FOLDER_NOTES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"})
FOLDER_FILES = ", ".join(sorted(s for s in READ_SUFFIXES if s)) + " and files without a suffix"

_SNIFF_BYTES = 8192  # how much of a file the binary checks look at
# Text has next to no control or undecodable characters; binaries are full of them.
# Generous, so that a short Latin-1 note ("Caf\xe9") is reported as not UTF-8.
_MAX_ODD_SHARE = 0.3
_TITLE_LENGTH = 150

# Typographic variants of one character, so that the same article copied from two
# sites (curly or straight quotes, en dash or hyphen) gets one id. Zero-width
# characters and soft hyphens, invisible leftovers of web pages, are dropped.
_PLAIN_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None),
    }
)


def normalize_text(text: str) -> str:
    """The form of a text its id is computed from.

    Unicode NFKC, curly quotes, apostrophes and dashes as ASCII, invisible characters
    dropped, all white space runs as one space, lowercase, stripped.

    Args:
        text: Any text.

    Returns:
        The normalised text.
    """
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN_PUNCTUATION)
    return " ".join(text.split()).lower()


def article_id(text: str) -> str:
    """A stable id of an article's text: the same text in other spacing or quotes has the same id.

    Args:
        text: The article text.

    Returns:
        The first 16 hex digits of the SHA-256 of :func:`normalize_text`.
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def read_paths(
    paths: Iterable[str | Path],
    *,
    date: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Failure]:
    """Read files and folders into articles, with a Failure for each unreadable input.

    Folders are searched recursively in name order, skipping hidden files and
    folders (``.git``), symlinked folders and files whose suffix is not one of
    :data:`READ_SUFFIXES`, and a folder's notes about itself (:data:`FOLDER_NOTES`:
    ``README.md``, ``LICENSE``); a folder with no file left is a Failure.

    Args:
        paths: Files and folders, as the user gave them.
        date: When given (the CLI's ``--date``), the date of every article, with
            ``date_source`` ``option``. Inputs are still checked: a header with a
            bad date is a Failure all the same.
        max_bytes: Files larger than this are not read.

    Yields:
        Articles and Failures in a stable order.
    """
    for given in paths:
        path = Path(given)
        try:
            is_folder = path.is_dir()
        except OSError as error:
            yield Failure(_shown(path), f"cannot read ({_reason(error)})")
            continue
        if is_folder:
            found = False
            for item in _files_in(path):
                found = True
                if isinstance(item, Failure):
                    yield item
                else:
                    yield from read_file(item, date=date, max_bytes=max_bytes)
            if not found:  # a folder of PDFs, or the wrong folder: said, not a silent success
                yield Failure(_shown(path), f"no article files in this folder (read: {FOLDER_FILES})")
        else:
            yield from read_file(path, date=date, max_bytes=max_bytes)


def read_file(
    path: str | Path,
    *,
    date: dt.date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Article | Failure]:
    """Read one file: an article, or many for JSONL, JSON and CSV.

    Args:
        path: The file.
        date: When given, the date of every article (``date_source`` ``option``).
        max_bytes: A larger file is a Failure, found from its size before reading.

    Returns:
        Articles and Failures (one per bad record, or one for the whole file).
    """
    path = Path(path)
    shown = _shown(path)
    text = _load_text(path, shown, max_bytes)
    if isinstance(text, Failure):
        return [text]
    suffix = path.suffix.lower()
    if suffix in RECORD_PARSERS:
        drafts = list(RECORD_PARSERS[suffix](text, shown))
    elif suffix in HTML_SUFFIXES or looks_like_html(text):
        drafts = [parse_html(text, shown)]
    else:
        drafts = [parse_plain(text, shown)]
    return [_finish(d, date) if isinstance(d, Draft) else d for d in drafts]


def _finish(draft: Draft, override: dt.date | None) -> Article:
    """A draft to an Article: id, the ``--date`` override, date and title fallbacks."""
    date, date_source = draft.date, draft.date_source
    if override is not None:
        date, date_source = override, "option"
    elif date is None:
        date = find_date(draft.text)
        date_source = "dateline" if date else ""
    return Article(
        id=article_id(draft.text),
        text=draft.text,
        date=date,
        date_source=date_source,
        source=draft.source or draft.location,
        title=draft.title or first_line_title(draft.text),
        # Where it was read from, also when the source is a URL.
        meta={"file": draft.location, **draft.meta},
    )


def first_line_title(text: str) -> str:
    """The first line as a title, when it looks like one.

    Args:
        text: The article text.

    Returns:
        The first line when it is short (under 150 characters), does not end with
        a period and more text follows; else ``""``.
    """
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if first and len(first) < _TITLE_LENGTH and not first.endswith(".") and rest.strip():
        return first
    return ""


def _files_in(folder: Path) -> Iterator[Path | Failure]:
    """The readable files of a folder and its subfolders, in name order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Failure(_shown(folder), f"cannot read folder ({_reason(error)})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            # Symlinked folders are not followed: a link to a parent would loop.
            if entry.is_dir(follow_symlinks=False):
                yield from _files_in(path)
            elif entry.is_file() and path.suffix.lower() in READ_SUFFIXES and \
                    path.stem.upper() not in FOLDER_NOTES:
                yield path
        except OSError as error:
            yield Failure(_shown(path), f"cannot read ({_reason(error)})")


def _load_text(path: Path, shown: str, max_bytes: int) -> str | Failure:
    """A file's text, decoded, with ``\\n`` line ends; or why it cannot be had."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return Failure(shown, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
            return Failure(shown, "not a regular file")
        if info.st_size > max_bytes:  # from the size, so a huge file is never loaded
            return Failure(shown, _too_big(info.st_size, max_bytes))
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # in case it grew since stat
            if len(data) > max_bytes:
                return Failure(shown, _too_big(os.fstat(file.fileno()).st_size, max_bytes))
    except FileNotFoundError:
        return Failure(shown, "no such file or folder")
    except OSError as error:
        return Failure(shown, f"cannot read file ({_reason(error)})")
    return _decode(data, shown)


def _decode(data: bytes, shown: str) -> str | Failure:
    """Bytes as text: UTF-8 (BOM stripped) or UTF-16 with a BOM; else a Failure."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            return Failure(shown, f"not UTF-16 text ({error.reason} at offset {error.start})")
    elif b"\x00" in data[:_SNIFF_BYTES]:
        return Failure(shown, "binary file, not text")
    else:
        bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        try:
            text = data[bom:].decode("utf-8")
        except UnicodeDecodeError as error:
            if _mostly_not_text(data[:_SNIFF_BYTES].decode("utf-8", errors="replace")):
                return Failure(shown, "binary file, not text")
            at = bom + error.start
            return Failure(shown, f"not UTF-8 text (invalid byte 0x{data[at]:02x} at offset {at})")
    if _mostly_not_text(text[:_SNIFF_BYTES]):
        return Failure(shown, "binary file, not text")
    if not text.strip():
        return Failure(shown, "empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mostly_not_text(sample: str) -> bool:
    """Whether a sample has too many control or undecodable characters to be text."""
    odd = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    )
    return bool(sample) and odd / len(sample) > _MAX_ODD_SHARE


def _too_big(size: int, max_bytes: int) -> str:
    """The message for a file over the size limit, in decimal megabytes."""
    return (
        f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit"
        " (use --max-mb to raise it)"
    )


def _shown(path: Path) -> str:
    """A path as shown to the user, and as an article's source: one spelling per file
    ("./seeds/a.txt" and "seeds/../seeds/a.txt" are "seeds/a.txt"), relative to the working
    folder when inside it, so a file named twice is a duplicate, never a copy of itself."""
    path = Path(os.path.normpath(path))
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except (ValueError, OSError):  # outside the working folder, or it is gone
            return str(path)
    return str(path)


def _reason(error: OSError) -> str:
    """An OS error in a few words, e.g. ``permission denied``."""
    return (error.strerror or type(error).__name__).lower()
