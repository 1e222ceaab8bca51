"""A date for an undated article, inferred from what its text says, with the evidence and a confidence.

An article with no date in its header, first line or byline falls off every timeline. Its text
usually dates it all the same: the full dates it mentions ("the attacks on October 7, 2023")
are behind it, a dateline ("DOHA, Nov 15 —") gives its day, and the events it names do, when
the profile lists them as dated milestones ("the Security Council adopted a resolution on
Monday demanding an immediate ceasefire": 2024-03-25; "before his inauguration on January 20":
still ahead of 2025-01-20; "15 months into the war": the war began 2023-10-07).

Every clue becomes a bound: the article is on or after a date it reports in the past, before
an event it says is still to come, on a day a dateline or a weekday counted from an anchored
event gives. :func:`suggest_date` combines the bounds into one date and a confidence:

- ``0.85`` a day: a dateline day, or a weekday counted from an event whose weekday the text
  confirms, inside the bounds;
- ``0.7`` a window of at most 31 days between a lower and an upper bound (the earliest day
  is given);
- ``0.45`` a lower bound from a full date in the opening paragraph, no upper bound;
- ``0.3`` any other lower bound.

``stance ingest`` applies a suggestion of at least :data:`APPLY_AT` and marks the date as
inferred; the rest are listed by ``stance articles --undated`` for a person to confirm. Dates
written out are read with ``dateparser`` (offline; no year is ever guessed for a date without
one); the words that say whether an event is past or ahead are listed here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..profile import Milestone
from .datelines import DATELINE
from .timex import MONTHS, WEEKDAYS

APPLY_AT = 0.6
MAX_WINDOW_DAYS = 31

# a sentence that speaks of an event still to come: the article is before it
_AHEAD = re.compile(
    r"\b(?:will|would|shall|by|before|until|ahead of|nears?|nearing|upcoming|incoming|coming|"
    r"final (?:days|weeks)|due to|expected|scheduled|set to|plans? to)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ISO = re.compile(r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b")
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
                         + r")\b\.?")
_DAY_NUMBER = re.compile(r"(?<![\d-])\d{1,2}(?:st|nd|rd|th)?(?![\d-])")
_WEEKDAY = re.compile(r"\b(" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20}
_INTO = re.compile(r"\b(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(months?|weeks?|days?)\s+into\s+the\s+"
                   r"(?:war|conflict|fighting|offensive)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])|\n+")
_LEAD_CHARS = 600


@dataclass(frozen=True)
class Clue:
    """One thing the text says about when it was written."""

    text: str  # the words of the article
    reading: str  # what they say, e.g. "on or after 2023-10-07"
    after: dt.date | None = None  # the article is on or after this day
    before: dt.date | None = None  # the article is before this day
    day: dt.date | None = None  # the article's own day


@dataclass(frozen=True)
class Suggestion:
    """A date for an undated article: the day, how sure, and the clues behind it."""

    date: dt.date
    confidence: float
    clues: tuple[Clue, ...]

    @property
    def evidence(self) -> str:
        """The clues as one line: ``"words" (reading); ...``."""
        return "; ".join(f"“{c.text}” ({c.reading})" for c in self.clues)

    @property
    def applies(self) -> bool:
        """Whether ``stance ingest`` dates the article with it."""
        return self.confidence >= APPLY_AT

    def as_meta(self) -> dict:
        """What the store keeps in the article's metadata."""
        return {"date": self.date.isoformat(), "confidence": self.confidence, "evidence": self.evidence}


def suggest_date(text: str, milestones: Sequence[Milestone] = (), *,
                 today: dt.date | None = None) -> Suggestion | None:
    """The date an undated article's text gives, or None when it gives none.

    Args:
        text: The article text.
        milestones: The profile's dated events (:attr:`stance.profile.Profile.milestones`).
        today: No suggestion is later than this day (default: today).

    Returns:
        A :class:`Suggestion`, or None when nothing in the text bounds the date from below
        (a weekday or a month without a year alone never dates an article).
    """
    today = today or dt.date.today()
    sentences = _sentences(text)
    clues: list[Clue] = []
    anchors: list[tuple[dt.date, int]] = []  # an event's day whose weekday the text confirms
    for index, (start, sentence) in enumerate(sentences):
        ahead = bool(_AHEAD.search(sentence))
        clues.extend(_written_dates(sentence, ahead))
        for milestone in milestones:
            clue, anchored = _milestone(milestone, sentence, ahead)
            if clue is not None:
                clues.append(clue)
                if anchored:
                    anchors.append((milestone.date, index))
        clues.extend(_into_the_war(sentence, milestones))
    low, high = _bounds(clues, today)
    if low is None:
        return None
    tomorrow = today + dt.timedelta(days=1)
    ceiling = min(high, tomorrow) if high else tomorrow  # a day found is never after today
    day_clue = _dateline_day(text, low, ceiling) or _weekday_after(sentences, anchors, low, ceiling)
    if day_clue is not None:
        return Suggestion(day_clue.day, 0.85, (*_used(clues, low, high), day_clue))
    used = _used(clues, low, high)
    if high is not None and (high - low).days <= MAX_WINDOW_DAYS:
        return Suggestion(low, 0.7, used)
    lead = any(c.after == low and c.text in text[:_LEAD_CHARS] for c in used)
    return Suggestion(low, 0.45 if lead else 0.3, used)


def _sentences(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            out.append((start, text[start:match.start()]))
        start = match.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def _written_dates(sentence: str, ahead: bool) -> list[Clue]:
    """Full dates (with a year) the sentence writes out, read by dateparser."""
    from dateparser.search import search_dates

    if not (_YEAR.search(sentence) and (_MONTH_WORD.search(sentence) or _ISO.search(sentence))):
        return []  # dateparser is slow; most sentences name no full date
    found = search_dates(sentence, languages=["en"], settings=_DATEPARSER) or []
    out = []
    for words, when in found:
        words = words.strip()
        if not _YEAR.search(words) or not (_MONTH_WORD.search(words) or _ISO.search(words)):
            continue  # a year alone ("the 2024 race") or a month alone says too little
        day = when.date()
        has_day = bool(_ISO.search(words) or _DAY_NUMBER.search(_YEAR.sub("", words)))
        first = day if has_day else day.replace(day=1)
        last = day if has_day else day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if ahead:
            out.append(Clue(words, f"still ahead: before {first.isoformat()}", before=first))
        else:
            out.append(Clue(words, f"in the past: on or after {last.isoformat()}", after=last))
    return out


_DATEPARSER = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
               "RELATIVE_BASE": dt.datetime(1900, 1, 1)}


def _milestone(milestone: Milestone, sentence: str, ahead: bool) -> tuple[Clue | None, bool]:
    """A clue when the sentence names the milestone; whether a weekday in it confirms the day."""
    match = milestone.cue.search(sentence)
    if match is None:
        return None, False
    words = match.group(0)
    day = milestone.date
    if ahead:
        return Clue(words, f"{milestone.name} ({day.isoformat()}) still ahead: before it", before=day), False
    weekdays = {w.lower() for w in _WEEKDAY.findall(sentence)}
    anchored = WEEKDAYS[day.weekday()] in weekdays
    confirm = f", on a {WEEKDAYS[day.weekday()].capitalize()} as the text says" if anchored else ""
    return Clue(words, f"{milestone.name} ({day.isoformat()}{confirm}) in the past: on or after it",
                after=day), anchored


def _into_the_war(sentence: str, milestones: Sequence[Milestone]) -> list[Clue]:
    """"15 months into the war", counted from the milestone that starts it."""
    start = next((m for m in milestones if m.war_start), None)
    match = _INTO.search(sentence)
    if start is None or match is None:
        return []
    number = match.group(1).lower()
    n = int(number) if number.isdigit() else _NUMBER_WORDS[number]
    unit = match.group(2).lower().rstrip("s")
    if unit == "month":
        low, high = _add_months(start.date, n), _add_months(start.date, n + 1)
    else:
        days = n * (7 if unit == "week" else 1)
        low, high = start.date + dt.timedelta(days=days), start.date + dt.timedelta(days=days + 7)
    return [Clue(match.group(0), f"{start.name} {start.date.isoformat()} + {n} {unit}(s): "
                                 f"{low.isoformat()} to {high.isoformat()}", after=low, before=high)]


def _add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _bounds(clues: list[Clue], today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The latest lower bound and the earliest upper bound after it."""
    lows = [c.after for c in clues if c.after is not None and c.after <= today]
    if not lows:
        return None, None
    low = max(lows)
    highs = [c.before for c in clues if c.before is not None and c.before > low]
    return low, min(highs) if highs else None


def _used(clues: list[Clue], low: dt.date, high: dt.date | None) -> tuple[Clue, ...]:
    """The clues that set the bounds (the lower first), each once."""
    lower = [c for c in clues if c.after == low]
    upper = [c for c in clues if high is not None and c.before == high and c not in lower]
    return tuple(dict.fromkeys(lower[:1] + upper[:1]))


def _in_bounds(day: dt.date, low: dt.date, high: dt.date) -> bool:
    return low <= day < high


def _dateline_day(text: str, low: dt.date, high: dt.date) -> Clue | None:
    """The day of a dateline ("DOHA, Nov 15 —"), its year the one the bounds allow."""
    import dateparser

    match = DATELINE.match(text.lstrip())
    if match is None or not _MONTH_WORD.search(match.group(0)):
        return None
    words = match.group(0).strip(" —–-")
    month_day = re.search(_MONTH_WORD.pattern + r"\s*\d{1,2}", words)
    if month_day is None:
        return None
    for year in (low.year, low.year + 1):
        parsed = dateparser.parse(f"{month_day.group(0)} {year}", languages=["en"], settings=_DATEPARSER)
        if parsed is not None and _in_bounds(parsed.date(), low, high):
            return Clue(words, f"dateline: {parsed.date().isoformat()}", day=parsed.date())
    return None


def _weekday_after(sentences: list[tuple[int, str]], anchors: list[tuple[dt.date, int]],
                   low: dt.date, high: dt.date) -> Clue | None:
    """"Qatar said Tuesday", counted from an event whose weekday the text confirms: the first
    such weekday on or after the event's day, within the bounds."""
    if not anchors:
        return None
    anchor, where = max(anchors)
    for index, (_, sentence) in enumerate(sentences):
        if index == where:
            continue
        for name in _WEEKDAY.findall(sentence):
            back = (WEEKDAYS.index(name.lower()) - anchor.weekday()) % 7  # the same day, or the next such
            day = anchor + dt.timedelta(days=back)
            if _in_bounds(day, low, high):
                when = f"the {name} after {anchor.isoformat()}" if back else f"{name}, the day of {anchor.isoformat()}"
                return Clue(name, f"{when}: {day.isoformat()}", day=day)
    return None
