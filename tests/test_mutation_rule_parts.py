"""What benchmarks/mutation.sh still found unpinned in the shared parts of the rules
(stance/extraction/rules/: the cue index, the blame cue record, the clause record, the blame
zone, holders, positions): that only a warning ("would be considered a violation") rejects at
the verb that evaluates it, not a fault a party is described as committing; that a price to
pay covers its own "for" phrase, and a price a profile names without "for" covers nothing;
that a fault is imagined by its head word, an implied blame also by the clause it is read in;
that a relative clause on a proposal whose passive subject names a party is that party's, not
the proposal's content; that a blame's cover counts beside another blame's at another word;
who holds a stance no subject names; how sure a goal held by a pronoun is; and that
traced_positions reads no package issue unless given one.

Through the parser and the gaza profile where it gives the parse, on a parse built by hand
(:func:`conftest.hand_built`) for a tag it gives only now and then, and with a copy of the
gaza profile that extends one cue group, as a profile may.
"""

import pytest
from conftest import REPO, SentenceReader

import stance
from stance.extraction.rules.blame import read_blame, traced_blame
from stance.extraction.rules.cues import CueIndex
from stance.extraction.rules.positions import position_on, traced_positions
from stance.extraction.rules.walk import Abstention
from stance.profile import load_profile


@pytest.fixture(scope="module")
def read():
    return SentenceReader("gaza")


def statements(text, profile="gaza"):
    """What the tool states for one sentence: party, kind, issue, stance, target."""
    return {(s.party, s.kind, s.issue, s.stance, s.target)
            for s in stance.extract(text, date="2024-06-01", profile=profile)}


def walked(text, read, focus=None):
    """What the walk from the sentence's one issue term states: party, stance, the rule that
    named the holder, confidence."""
    ctx, [issue], cues = read(text, focus=focus)
    found, _ = position_on(ctx, issue, CueIndex.of(cues, ctx.doc))
    return [(r.party, r.stance, r.rule_ids[-1], r.confidence) for r in found]


# --- a fault described by an evaluating verb is blame, no warning ---------------------------

def test_a_fault_a_party_is_described_as_committing_rejects_nothing():
    # "described ... as a violation" blames Israel for what it did; only a warning ("would be
    # considered a violation") opposes what it evaluates. Hamas does not reject the hostages.
    assert statements("Hamas described Israel's treatment of the hostages as a violation.") == {
        ("hamas", "blame", "hostages", "", "israel")}


# --- what a price to pay covers ------------------------------------------------------------

def test_a_price_covers_its_own_for_phrase_not_an_earlier_one():
    # "called for a permanent ceasefire" is Hamas's demand; only "for the massacre" is what
    # Israel is to pay for
    assert statements("Hamas called for a permanent ceasefire and said Israel will pay a price for the massacre.") == {
        ("hamas", "position", "ceasefire", "demand", ""), ("hamas", "blame", "deal", "", "israel")}


@pytest.fixture(scope="module")
def dearly(tmp_path_factory):
    """The gaza profile with one more way to name a price to pay: "pay dearly", with no "for"."""
    path = tmp_path_factory.mktemp("profile") / "gaza_dearly.yaml"
    path.write_text((REPO / "stance" / "profiles" / "gaza.yaml").read_text(encoding="utf-8")
                    + "\ncues:\n  - id: blame.punished\n    role: implied\n"
                      "    patterns:\n      - [{LEMMA: pay}, {LOWER: dearly}]\n", encoding="utf-8")
    return str(path)


def test_a_price_a_profile_names_without_for_blames_whoever_pays_and_covers_nothing(dearly):
    # nothing is named to pay for: the blame is about the profile's blame issue, and the
    # sentence is read, not failed on
    text = "Netanyahu said Hamas will pay dearly."
    assert statements(text, dearly) == {("israel", "blame", "deal", "", "hamas")}
    ctx, issues, cues = SentenceReader(load_profile(dearly))(text)
    [price] = read_blame(ctx, issues, cues)
    assert (price.hit.rule_id, price.covers) == ("cue.blame.punished", frozenset())


# --- imagined: a fault by its head word, an implied blame by its clause ---------------------

# "If Hamas is not interested, Israel will leave.", "interested" tagged as a participle (as the
# small model tags it now and then): "not" and "interested" both hang on "is", which the
# condition marks; "not", the first, is the cue's head
NOT_INTERESTED = ("If/SCONJ:IN/mark/2 Hamas/PROPN/nsubj/2 is/AUX/advcl/8 not/PART:RB/neg/2 "
                  "interested/VERB:VBN/acomp/2 ,/PUNCT/punct/8 Israel/PROPN/nsubj/8 will/AUX/aux/8 "
                  "leave/VERB/ROOT/8 ./PUNCT:./punct/8")


def test_a_fault_in_a_condition_is_imagined_by_its_head_word(read):
    ctx, issues, cues = read(read.built(NOT_INTERESTED))
    [fault] = [c for c in read_blame(ctx, issues, cues) if c.hit.label == "fault"]
    assert (fault.root.text, fault.imagined) == ("not", True)
    blamed, abstained = traced_blame((fault,))
    assert blamed == []
    assert [a.rule_id for a in abstained] == ["blame.hypothetical"]


@pytest.mark.parametrize("text", [
    "The talks will collapse if Israel says the Hamas demands are unrealistic.",
    "If Israel believes the Hamas demands are excessive, the talks will fail, Qatar said.",
])
def test_an_evaluation_in_a_clause_a_condition_governs_is_imagined(text, read):
    # the evaluation itself is no condition; the clause that says it ("if Israel says") is
    ctx, issues, cues = read(text)
    [cue] = read_blame(ctx, issues, cues)
    assert (cue.hit.rule_id, cue.imagined, cue.clause_imagined) == ("cue.blame.evaluation", False, True)
    blamed, abstained = traced_blame((cue,))
    assert blamed == []
    assert [(a.rule_id, a.holders, a.targets) for a in abstained] == [("blame.hypothetical", ("israel",), ("hamas",))]
    assert statements(text) == set()


def test_an_evaluation_said_outright_blames():
    # the same evaluation with no condition over it: Israel blames Hamas
    assert statements("Israel says the Hamas demands are unrealistic.") == {("israel", "blame", "deal", "", "hamas")}


# --- a relative clause on a proposal whose passive subject names a party ---------------------

@pytest.mark.parametrize("text", [
    "Israel rejected the proposal in which Hamas was reported to demand a permanent ceasefire.",
    "Israel rejected the proposal in which Hamas was said to have accepted a permanent ceasefire.",
])
def test_rejecting_a_proposal_is_no_rejection_of_what_its_passive_subject_is_said_to_do(text):
    # what Hamas is reported to want is Hamas's, not the proposal's content: Israel rejects the
    # proposal, and says nothing of the ceasefire
    assert {s for s in statements(text) if s[0] == "israel"} == {("israel", "position", "deal", "reject", "")}


# --- what blames at different words cover ---------------------------------------------------

def test_what_a_price_covers_counts_beside_an_accusation_at_another_word():
    # "accused Hamas of lying" covers "of lying"; "pay a price for rejecting the ceasefire" covers
    # what Hamas is to pay for: no position of Israel's on the ceasefire
    assert statements("Netanyahu, who accused Hamas of lying, said the group would pay a price for rejecting "
                      "the ceasefire.") == {("israel", "blame", "deal", "", "hamas")}


# --- who holds a stance no subject names ----------------------------------------------------

def test_a_named_reporter_holds_a_stance_no_subject_names_before_a_pronoun_above_it(read):
    # "a rejection" has no subject: Israel, who announced it, holds it, not "he" (Qatar in focus)
    assert walked("He said Israel had announced a rejection of the permanent ceasefire.", read,
                  focus="qatar") == [("israel", "reject", "attr.np", 0.8)]


# --- how sure a goal is ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # an aim 0.65, held by "he" * 0.85 = 0.5525, to three places
    ("He aims to achieve a permanent ceasefire.", [("hamas", "demand", "attr.anaphor", 0.552)]),
    # ... and on a weak term ("a ceasefire") * 0.85 again = 0.469625
    ("He seeks to secure a ceasefire.", [("hamas", "demand", "attr.anaphor", 0.47)]),
])
def test_a_goal_held_by_a_pronoun_is_rounded_to_three_places(text, expected, read):
    assert walked(text, read, focus="hamas") == expected


# --- traced_positions reads no package issue unless given one -------------------------------

def test_traced_positions_without_a_package_issue_reads_a_packages_parts(read):
    ctx, issues, cues = read("Hamas accepted the ceasefire and prisoner swap proposal.")
    found, abstained = traced_positions(ctx, issues, cues)
    assert ("hamas", "prisoners", "accept") in {(r.party, r.issue, r.stance) for r in found}
    assert not [a for a in abstained if a.rule_id == "issue.package-name"]
    # given the deal as the package, the same term only names it
    _, abstained = traced_positions(ctx, issues, cues, "deal")
    assert Abstention("issue.package-name", "prisoners", 5, 7) in abstained
