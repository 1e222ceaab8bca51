"""Whose stance a clause states: adverbial clauses keep their own subject, a demand that
another take a step is the demander's, and "Y must accept P" is a demand of whoever says it."""

import pytest

import stance


def found(text):
    return {(s.party, s.kind, s.issue, s.stance) for s in stance.extract(text, date="2024-06-01")}


@pytest.mark.parametrize("text, wanted, unwanted", [
    # concessive, contrastive and temporal clauses belong to their own subject
    ("Although Israel rejected the proposal, Hamas accepted it.",
     ("israel", "position", "deal", "reject"), ("hamas", "blame", "deal", "")),
    ("Hamas accepted the deal after Israel agreed to withdraw from Gaza.",
     ("israel", "position", "withdrawal", "accept"), None),
    # a condition is one clause with its main clause: its setter demands it
    ("Hamas will accept the deal if Israel withdraws from Gaza.",
     ("hamas", "position", "withdrawal", "demand"), ("israel", "position", "withdrawal", "accept")),
    # a demand that another take a step is the demander's demand
    ("Hamas demanded that Israel accept a permanent ceasefire.",
     ("hamas", "position", "ceasefire", "demand"), ("israel", "position", "ceasefire", "accept")),
    ("Biden called on Qatar to make sure Hamas accepts the deal.",
     ("usa", "position", "deal", "demand"), ("hamas", "position", "deal", "demand")),
    ("Israel wants Hamas to accept the deal.",
     ("israel", "position", "deal", "demand"), ("hamas", "position", "deal", "accept")),
    # ... but one's own demand under another's report stays one's own
    ("Hamas demanded a permanent ceasefire, Qatar said.",
     ("hamas", "position", "ceasefire", "demand"), ("qatar", "position", "ceasefire", "demand")),
    # "Y must accept P" said by X is X's demand, not Y's acceptance
    ("Blinken said Hamas must accept the deal.",
     ("usa", "position", "deal", "demand"), ("hamas", "position", "deal", "accept")),
    ("\"Hamas should accept the deal,\" Biden said.",
     ("usa", "position", "deal", "demand"), ("hamas", "position", "deal", "accept")),
    # "it must accept": the speaker's own acceptance
    ("Israel said it must accept the deal.", ("israel", "position", "deal", "accept"), None),
    # ... also where the pronoun is the subject of the verb before ("we met and must accept")
    ("Israel said it met the mediators and must accept the deal.", ("israel", "position", "deal", "accept"),
     ("israel", "position", "deal", "demand")),
])
def test_the_holder_of_a_clause(text, wanted, unwanted):
    statements = found(text)
    assert wanted in statements
    if unwanted is not None:
        assert unwanted not in statements
