"""What the cues read at a predicate decide about the clause it heads (stance/extraction/rules/cues.py):
which clauses are conditions (a subordinator on an adverbial clause, on a clause after a
preposition such as "provided that", on a clause a report verb takes as its complement; an
auxiliary "should", "were" or "had" before the subject, active or passive, and no other
auxiliary), that a fault after an inverted "should" is only imagined and blames no one, and
that a verb which is itself a negation cue ("failed to") negates the clause under it.

On the parser's sentences where it gives the parse; on parses built by hand
(:func:`conftest.hand_built`, one ``word/POS/dep/head`` per token) where it gives a label
only now and then.
"""

import pytest
from conftest import SentenceReader

import stance
from stance.extraction.matching import Hit
from stance.extraction.rules import positions
from stance.extraction.rules.cues import CueIndex, condition_at


@pytest.fixture(scope="module")
def built():
    """A hand-built parse read with the gaza profile: the sentence, its issue terms and cues."""
    reader = SentenceReader("gaza")
    return lambda spec: reader(reader.built(spec))


def statements(text):
    """Who states what on which issue, and whom each blames, in one sentence."""
    return {(s.party, s.kind, s.issue, s.stance, s.target) for s in stance.extract(text, date="2024-06-01")}


def stances(ctx, issues, cues):
    return {(r.party, r.issue, r.stance) for r in positions(ctx, issues, cues)}


# --- which clauses are conditions -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "provided that" hangs the clause on "provided" as the complement of a preposition: the
    # condition is Israel's demand, the ceasefire what it would accept
    ("Israel would accept the ceasefire, provided that Hamas frees the hostages.",
     {("israel", "position", "ceasefire", "accept", ""), ("israel", "position", "hostages", "demand", "")}),
    # a reply that is only a condition, hung on the report verb as its complement
    ("Hamas said only if Israel withdraws from Gaza.", {("hamas", "position", "withdrawal", "demand", "")}),
    # "should" before a passive subject: Israel demands that the hostages be released
    ("Should the hostages be released, Israel would agree to a permanent ceasefire.",
     {("israel", "position", "ceasefire", "accept", ""), ("israel", "position", "hostages", "demand", "")}),
    # "were" before the subject: Hamas demands the withdrawal it would accept the ceasefire for
    ("Were Israel withdrawing its troops, Hamas would accept the ceasefire.",
     {("hamas", "position", "ceasefire", "accept", ""), ("hamas", "position", "withdrawal", "demand", "")}),
])
def test_a_condition_is_demanded_by_whoever_sets_it(text, expected):
    assert statements(text) == expected


# "Were the hostages released, Israel would agree to a permanent ceasefire." with "were" the
# passive auxiliary of "released", as the parser labels it now and then
WERE_PASSIVE = ("Were|be/AUX:VBD/auxpass/3 the/DET/det/2 hostages|hostage/NOUN:NNS/nsubjpass/3 "
                "released|release/VERB:VBN/advcl/7 ,/PUNCT/punct/7 Israel/PROPN/nsubj/7 would/AUX:MD/aux/7 "
                "agree/VERB:VB/ROOT/7 to/ADP/prep/7 a/DET/det/11 permanent/ADJ/amod/11 ceasefire/NOUN/pobj/8 "
                "./PUNCT:./punct/7")


def test_a_passive_auxiliary_before_the_subject_makes_a_condition(built):
    ctx, issues, cues = built(WERE_PASSIVE)
    released = ctx.doc[3]
    assert condition_at(released, CueIndex.of(cues, ctx.doc)) == Hit("cue.condition.inverted", "condition", 0, 1)
    assert stances(ctx, issues, cues) == {("israel", "ceasefire", "accept"), ("israel", "hostages", "demand")}


# "Not only did Hamas reject a permanent ceasefire, it also fired rockets." with the fronted
# clause hung on the main verb as an adverbial clause, as the parser does now and then
NOT_ONLY = ("Not/PART/preconj/4 only/ADV/advmod/0 did|do/AUX:VBD/aux/4 Hamas/PROPN/nsubj/4 "
            "reject/VERB:VB/advcl/11 a/DET/det/7 permanent/ADJ/amod/7 ceasefire/NOUN/dobj/4 ,/PUNCT/punct/11 "
            "it/PRON/nsubj/11 also/ADV/advmod/11 fired|fire/VERB/ROOT/11 rockets|rocket/NOUN:NNS/dobj/11 "
            "./PUNCT:./punct/11")


def test_an_inversion_with_another_auxiliary_is_no_condition(built):
    """"did" before the subject inverts for "not only", not for a condition: Hamas rejects
    the ceasefire outright."""
    ctx, issues, cues = built(NOT_ONLY)
    reject = ctx.doc[4]
    assert condition_at(reject, CueIndex.of(cues, ctx.doc)) is None
    assert stances(ctx, issues, cues) == {("hamas", "ceasefire", "reject")}


# --- a fault after an inverted "should" is only imagined -----------------------------------------------

def test_a_fault_after_an_inverted_should_blames_no_one_and_opposes_what_it_breaks():
    """"Should Hamas renege on the deal" imagines the breach: no blame of Hamas; Israel's
    threat demands the deal (and resuming the war rejects the ceasefire)."""
    assert statements("Should Hamas renege on the deal, Israel will resume the war.") == {
        ("israel", "position", "deal", "demand", ""), ("israel", "position", "ceasefire", "reject", "")}


# --- a verb that is itself a negation ------------------------------------------------------------------

def test_failing_to_accept_rejects():
    assert statements("Hamas failed to accept a permanent ceasefire.") == {
        ("hamas", "position", "ceasefire", "reject", "")}
