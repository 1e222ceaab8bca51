"""Datelines are found at the start of a sentence, and only there."""

import pytest

from stance.extraction.datelines import dateline_length


@pytest.mark.parametrize("text, dateline", [
    ("CAIRO (Reuters) - Hamas rejected the proposal.", "CAIRO (Reuters) - "),
    ("DOHA — Hamas has agreed to the proposal.", "DOHA — "),
    ("DOHA, Nov 15 — Israel rejected a full withdrawal.", "DOHA, Nov 15 — "),
    ("GAZA CITY, Gaza Strip (AP) — Hamas demanded a permanent ceasefire.",
     "GAZA CITY, Gaza Strip (AP) — "),
    ("CAIRO, March 3 (Reuters) - The Israeli delegation left.", "CAIRO, March 3 (Reuters) - "),
    ("Doha (Brussels Morning Newspaper) – Qatar said talks go on.",
     "Doha (Brussels Morning Newspaper) – "),
    ("date 2023-11-15 DOHA, Nov 15 — Qatar urged a deal.", "date 2023-11-15 DOHA, Nov 15 — "),
    ("TEL AVIV, Israel — “We will not stop,” Netanyahu said.", "TEL AVIV, Israel — "),
])
def test_a_dateline_is_found(text, dateline):
    assert text[:dateline_length(text)] == dateline


@pytest.mark.parametrize("text", [
    "Hamas rejected the proposal - again.",
    "Israel — which rejected the proposal — said talks would go on.",   # a title-case word, no outlet
    "Doha — the talks resumed.",                                       # no capitals, no outlet
    "US President Joe Biden - speaking on Friday - urged a deal.",       # capitals, then lowercase
    "HAMAS REJECTS PROPOSAL",                                           # a headline, no dash
    "UN — ",                                                            # nothing after the dash
])
def test_no_dateline_is_invented(text):
    assert dateline_length(text) == 0
