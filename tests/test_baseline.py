"""The keyword co-occurrence baseline: the floor the extractor is measured against."""

import datetime as dt

import pytest

from stance.extraction.baseline import KeywordBaseline
from stance.records import Article


@pytest.fixture(scope="module")
def baseline():
    return KeywordBaseline("gaza")


@pytest.mark.parametrize("text, expected", [
    ("Hamas demands a permanent ceasefire.", {("hamas", "position", "ceasefire", "demand", "")}),
    ("Israel rejected a complete withdrawal.", {("israel", "position", "withdrawal", "reject", "")}),
    # co-occurrence is all it knows: the hostages' release is "demanded" by both parties named
    ("Qatar said Hamas would free the hostages.", {("qatar", "position", "hostages", "demand", ""),
                                                   ("hamas", "position", "hostages", "demand", "")}),
    ("Hamas accused Israel of stalling.", {("hamas", "blame", "deal", "", "israel")}),
    ("Hamas accused Israel of violating the truce.", {("hamas", "blame", "truce", "", "israel"),
                                                      ("hamas", "position", "truce", "demand", ""),
                                                      ("israel", "position", "truce", "demand", "")}),
    # a blame word with one party blames no one
    ("Israel accused the group of stalling.", set()),
    # no party, or no issue term: nothing
    ("The ceasefire held overnight.", set()),
    ("Netanyahu met Blinken in Jerusalem.", set()),
])
def test_keyword_cooccurrence(baseline, text, expected):
    found = baseline.extract(Article(id="a", text=text, date=dt.date(2024, 5, 1)))
    assert {(s.party, s.kind, s.issue, s.stance, s.target) for s in found} == expected
    assert all(s.rule_ids == ("baseline.keywords",) and s.sentence == text for s in found)
