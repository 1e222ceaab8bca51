"""The rules' two public entry points, ``positions`` and ``blame``, on a parsed sentence.

The extractor calls their traced forms; these are what a user of the rule layer calls
directly, so each is pinned here to the statements of a sentence worked out by hand.
"""

import datetime as dt

import pytest

from stance.extraction.attribution import SentenceContext
from stance.extraction.matching import ProfileMatcher
from stance.extraction.rules import blame, positions
from stance.nlp.pipelines import parsing_pipeline
from stance.profile import load_profile


@pytest.fixture(scope="module")
def read():
    profile = load_profile("gaza")
    nlp = parsing_pipeline()
    matcher = ProfileMatcher(profile, nlp)

    def sentence(text):
        doc = nlp(text)
        mentions, issues, cues = matcher.find(doc, dt.date(2024, 6, 1))
        ctx = SentenceContext(doc, mentions, principals=profile.principals)
        return ctx, issues, cues
    return sentence


def test_positions_gives_who_holds_which_stance_on_each_issue(read):
    ctx, issues, cues = read("Hamas demanded a permanent ceasefire and rejected a temporary truce.")
    found = {(r.party, r.issue, r.stance) for r in positions(ctx, issues, cues, "deal")}
    assert found == {("hamas", "ceasefire", "demand"), ("hamas", "truce", "reject")}
    assert all(r.kind == "position" and r.rule_ids for r in positions(ctx, issues, cues))


def test_blame_gives_who_blames_whom(read):
    ctx, issues, cues = read("Hamas accused Israel of blocking the hostage deal.")
    found = [(r.party, r.kind, r.target) for r in blame(ctx, issues, cues)]
    assert found == [("hamas", "blame", "israel")]
    ctx, issues, cues = read("Hamas demanded a permanent ceasefire.")
    assert blame(ctx, issues, cues) == []
