"""Dates from users, metadata and the top of articles, never guessed.

``parse_date`` is strict (one value that must be a date); ``find_date`` scans the top
of an article for an explicit full date. Neither fills in a missing year: a dateline
such as "TEL AVIV, January 16. /TASS/." gives no date rather than a wrong one.
"""

from __future__ import annotations

import datetime as dt
import re

# Full names first so that "June" is not read as "Jun" followed by "e".
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"

# The forms news sites print. Slashed day/month orders (04/10/2025) are left out on
# purpose: they are ambiguous between US and European use.
_ISO = r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/])(?P<mon>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
_MONTH_DAY_YEAR = rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}"
_DAY_MONTH_YEAR = rf"(?<!\d){_DAY}\s+{_MONTH},?\s+{_YEAR}"
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE) for p in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR)
)

# A whole value given by a user or a metadata field: a date, optionally an ISO time.
_ISO_TIME = r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_WHOLE_VALUE = (
    re.compile(_ISO + _ISO_TIME, re.IGNORECASE),
    re.compile(_MONTH_DAY_YEAR, re.IGNORECASE),
    re.compile(_DAY_MONTH_YEAR, re.IGNORECASE),
)

FIRST_YEAR, LAST_YEAR = 1990, 2100
# Where a publication date is printed: a short line (byline, "Updated ...", a date on
# its own) or the start of a paragraph (a dateline). A full date deep inside a long
# sentence is usually an event ("next Saturday, February 15, 2025"), not publication.
SHORT_LINE, DATELINE_COLUMNS = 150, 60


def parse_date(value: str) -> dt.date:
    """Parse one date value given by a user or in an input's metadata.

    Accepts ``YYYY-MM-DD``, ``YYYY/MM/DD``, an ISO datetime (its date part is kept,
    the time zone is not applied) and written months: ``May 31, 2024``,
    ``31 May 2024``, ``31 Jul 2024``.

    Args:
        value: The text to parse; surrounding white space is ignored.

    Returns:
        The date.

    Raises:
        ValueError: When ``value`` is not one of these forms or not a real date,
            e.g. ``'2024-13-45' is not a valid date (expected YYYY-MM-DD)``.
    """
    text = str(value).strip()
    for pattern in _WHOLE_VALUE:
        match = pattern.fullmatch(text)
        date = _to_date(match) if match else None
        if date is not None:
            return date
    raise ValueError(f"{text!r} is not a valid date (expected YYYY-MM-DD)")


def find_date(text: str, *, window: int = 600) -> dt.date | None:
    """Find an explicit full date near the top of an article.

    Recognises the forms news pages print above an article, e.g.
    "Published: Wed 31 Jul 2024, 6:28 PM", "REUTERS October 04, 2025",
    "Updated October 15, 2025 at 3:52 PM EDT" or "2024-02-15".

    Args:
        text: The article text.
        window: How many characters from the start to search.

    Returns:
        The first date (by position) that is a real date with a year from 1990 to
        2100, printed on a short line or near the start of a line, or None. A date
        without a year is never completed with a guessed one.
    """
    head = text[:window]
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(head):
            date = _to_date(match)
            if (
                date is not None
                and FIRST_YEAR <= date.year <= LAST_YEAR
                and _where_dates_are_printed(text, match.start())
            ):
                found.append((match.start(), date))
    return min(found)[1] if found else None


def _where_dates_are_printed(text: str, start: int) -> bool:
    """Whether a date at ``start`` sits on a short line or near its line's start."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    return line_end - line_start <= SHORT_LINE or start - line_start < DATELINE_COLUMNS


def _to_date(match: re.Match) -> dt.date | None:
    """The date a pattern match spells, or None when it is not a real date."""
    parts = match.groupdict()
    month = parts.get("mon") or _MONTHS[parts["month"].lower()]
    try:
        return dt.date(int(parts["year"]), int(month), int(parts["day"]))
    except ValueError:  # 31 February, month 13, year 0
        return None
