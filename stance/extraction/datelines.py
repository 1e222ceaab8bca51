"""Datelines: the place (and outlet, and date) a wire story opens with, which is never a speaker.

"CAIRO (Reuters) - Hamas rejected the proposal" is Hamas's rejection, not Egypt's; "DOHA,
Nov 15 — Israel rejected a full withdrawal" is Israel's, not Qatar's. A dateline names the
place the story was filed from, in capitals ("GAZA CITY, Gaza Strip (AP) —") or followed by
the outlet in brackets ("Doha (Brussels Morning Newspaper) –"), then a dash. The extractor
parses a sentence without its dateline, so the place neither becomes a party mention nor
breaks the parse of the clause after it; the sentence, its offsets and its evidence stay whole.
"""

from __future__ import annotations

import re

_STORED_DATE = r"(?:date \d{4}-\d{2}-\d{2}\s+)?"  # how stored pages mark their date
_CAPS_WORD = r"[A-Z][A-Z.'’\-]+"
_CAPS_PLACE = rf"{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
_TITLE_PLACE = r"[A-Z][a-z.'’\-]+(?: [A-Z][a-z.'’\-]+){0,2}"
_REGION = r"(?:, [A-Z][A-Za-z.'’\-]+(?: [A-Z][A-Za-z.'’\-]+){0,2})?"
_DAY = r"(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2})?"
_OUTLET = r"\([A-Z][^()]{0,40}\)"
_DASH = r"\s*[—–-]{1,2}\s+"

DATELINE = re.compile(
    rf"{_STORED_DATE}(?:{_CAPS_PLACE}{_REGION}{_DAY}(?: {_OUTLET})?"
    rf"|{_TITLE_PLACE}{_REGION}{_DAY} {_OUTLET}){_DASH}")


def dateline_length(text: str) -> int:
    """How many characters of ``text`` a dateline takes at its start (0 without one).

    >>> dateline_length("CAIRO (Reuters) - Hamas rejected the proposal.")
    18
    >>> dateline_length("Hamas rejected the proposal - again.")
    0
    """
    match = DATELINE.match(text)
    if match is None or match.end() >= len(text):
        return 0
    rest = text[match.end():]
    # a dateline is followed by the story's first words, never by lowercase continuation
    return match.end() if rest[:1].isupper() or rest[:1] in "“\"'‘" else 0
