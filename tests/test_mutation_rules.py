"""The rules' two public entry points, ``positions`` and ``blame``, on a parsed sentence.

The extractor calls their traced forms; these are what a user of the rule layer calls
directly, so each is pinned here to the statements of a sentence worked out by hand.
"""

import pytest
from conftest import SentenceReader

from stance.extraction.rules import blame, positions


@pytest.fixture(scope="module")
def read():
    return SentenceReader("gaza")


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
