"""Dates a sentence gives for what it reports, resolved against the article's date.

"Hamas said on Thursday", "In December, Hamas had said", "late last month" and
"on May 6" date the statement earlier than the article that carries it. This module
finds such an expression in a parsed sentence and resolves it, under a strict rule:

1. The expression modifies the sentence's main predicate chain (the root, or a verb
   reached from it through clausal complements and conjuncts), not a relative or
   adverbial clause ("Hamas, which attacked on October 7, rejected...").
2. That verb is in the past ("said", "had said", "has said"): a future or
   deadline reading ("will withdraw in March", "by Saturday") is never moved.
3. The resolved date is on or before the article's date and at most
   :data:`MAX_DAYS_BACK` days before it; otherwise the article's date stands.

Month-level expressions resolve to a day of that month: the 1st ("in December",
"early last month"), the 15th ("mid-December") or the 21st ("late last month").
Everything here is a pure function of the parsed sentence and the article date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Token

MAX_DAYS_BACK = 400

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Prepositions that make a time a deadline or a span, not the time of the report.
_NOT_WHEN = {"by", "until", "till", "before", "after", "from", "through", "since", "to", "between",
             "within", "next", "this", "coming"}
_PART_DAY = {"early": 1, "mid": 15, "late": 21}
_CLAUSE_LINKS = {"ROOT", "ccomp", "xcomp", "conj", "parataxis"}
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "one": 1}


@dataclass(frozen=True)
class Resolved:
    """A resolved date, the words that gave it and their token span."""

    date: dt.date
    text: str
    start: int
    end: int


def resolve(doc: Doc, article_date: dt.date | None) -> Resolved | None:
    """The earlier date a sentence gives for what it reports, or None.

    Args:
        doc: A parsed sentence (tags and dependencies).
        article_date: The article's date; None resolves nothing.

    Returns:
        The first expression (by position) that passes the rule of this module.
    """
    if article_date is None:
        return None
    for start, end, date in _expressions(doc, article_date):
        if date is None or not (0 <= (article_date - date).days <= MAX_DAYS_BACK):
            continue
        if date == article_date:
            return None  # "on Thursday" in Thursday's paper: nothing to move
        if _reports_in_the_past(doc[start:end]):
            return Resolved(date, doc[start:end].text, start, end)
    return None


def _expressions(doc: Doc, today: dt.date):
    """Candidate time expressions as ``(start, end, date)``, in sentence order."""
    words = [t.lower_.rstrip(".") for t in doc]
    i = 0
    while i < len(doc):
        word = words[i]
        before = words[i - 1] if i else ""
        if before in _NOT_WHEN:
            i += 1
            continue
        if word == "yesterday":
            yield i, i + 1, today - dt.timedelta(days=1)
        elif word in WEEKDAYS:
            back = (today.weekday() - WEEKDAYS.index(word)) % 7
            if before == "last" and back == 0:
                back = 7
            yield _with_modifier(i, before), i + 1, today - dt.timedelta(days=back)
        elif word in MONTHS and (doc[i].pos_ == "PROPN" or doc[i].text[0].isupper()):
            yield from _month(doc, words, i, today)
        elif word in ("week", "month") and before == "last":
            part = words[i - 2] if i >= 2 and words[i - 2] in _PART_DAY else ""
            first = i - 2 if part else i - 1
            if word == "week":
                yield first, i + 1, today - dt.timedelta(days=7)
            else:
                prev = today.replace(day=1) - dt.timedelta(days=1)
                yield first, i + 1, prev.replace(day=_PART_DAY.get(part, 1))
        elif word == "ago" and i >= 2 and words[i - 1] in _UNITS:
            n = _number(words[i - 2])
            if n:
                yield i - 2, i + 1, today - dt.timedelta(days=n * _UNITS[words[i - 1]])
        i += 1


def _with_modifier(i: int, before: str) -> int:
    return i - 1 if before in ("last", "on", "late", "early") else i


def _month(doc: Doc, words: list[str], i: int, today: dt.date):
    """``December``, ``December 15``, ``15 December``, ``December 15, 2024``, ``mid-December``."""
    month = MONTHS[words[i]]
    day = None
    end = i + 1
    if end < len(doc) and words[end].isdigit() and 1 <= int(words[end]) <= 31:
        day, end = int(words[end]), end + 1
    elif i and words[i - 1].isdigit() and 1 <= int(words[i - 1]) <= 31:
        day = int(words[i - 1])
    year = None
    j = end + (end < len(doc) and words[end] == ",")
    if j < len(doc) and words[j].isdigit() and len(words[j]) == 4:
        year, end = int(words[j]), j + 1
    part = ""
    if i >= 2 and words[i - 1] == "-" and words[i - 2] in _PART_DAY:
        part = words[i - 2]
    elif i and words[i - 1] in _PART_DAY:
        part = words[i - 1]
    if day is None and year is None and i + 1 < len(doc) and words[i + 1].isdigit():
        return  # "May 2024" style handled above; anything else numeric is not a date
    if year is None:
        year = today.year if (month, day or 1) <= (today.month, today.day) else today.year - 1
    try:
        date = dt.date(year, month, day or _PART_DAY.get(part, 1))
    except ValueError:
        return
    if day is None and year == today.year and month == today.month and not part:
        return  # "in November" in a November article: no earlier date to give
    yield i, end, date


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _reports_in_the_past(span) -> bool:
    """Whether the expression hangs from a past-tense verb of the main predicate chain."""
    verb = _governing_verb(span.root)
    if verb is None:
        return False
    subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ in ("ccomp", "xcomp") and subjects and span.end <= min(subjects):
        # "said on Tuesday it would accept": the parser often hangs the time on the
        # complement; before the complement's subject it belongs to the reporting verb
        verb = verb.head
    if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "to") for c in verb.children):
        return False
    past = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children))
    if not past:
        return False
    node = verb
    while node.dep_ != "ROOT":
        if node.dep_ not in _CLAUSE_LINKS:
            return False
        node = node.head
    return True


def _governing_verb(token: Token) -> Token | None:
    node = token
    while node.head.i != node.i:  # spaCy makes a new Token on each access: compare indices
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return node if node.pos_ in ("VERB", "AUX") else None
