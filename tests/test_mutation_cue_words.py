"""What benchmarks/mutation.sh found unpinned in three small readings of the cue words
(stance/extraction/rules/cues.py): whose delay is the speaker's own (a pronoun subject, "it",
"we", "they" or "I"; not a passive delay, and not a delay verb a profile makes an accusation),
when an accusation verb accuses (any one but "charge" does, with or without an object; "charge"
only with one, as "charged Israel with", since "charged that ..." reports), and which evaluation
of a fault is a warning (a fault noun, only imagined: not an adjective said of a party, nor a
noun said of what was done).

Through the parser and the gaza profile; the accusing delay verb through the sudan profile with
one cue added, as a profile may add cues to the shared lexicon.
"""

import pytest
from conftest import SentenceReader

import stance
from stance.extraction.rules.blame import read_blame, traced_blame
from stance.extraction.rules.clause import clauses_up
from stance.extraction.rules.cues import CueIndex, warned
from stance.profile import PROFILE_DIR, profile_from_data, read_yaml


@pytest.fixture(scope="module")
def read():
    """``read(text, profile)``: the parsed sentence's context, issue terms and cue hits under a
    profile (a built-in id or a Profile)."""
    readers = {}

    def read(text, profile="gaza"):
        key = profile if isinstance(profile, str) else id(profile)
        if key not in readers:
            readers[key] = SentenceReader(profile)
        return readers[key](text)
    return read


def found(text, profile="gaza"):
    return {(s.party, s.kind, s.issue, s.stance, s.target)
            for s in stance.extract(text, date="2024-06-01", profile=profile)}


def word(ctx, text):
    return next(t for t in ctx.doc if t.text == text)


def words(ctx, indices):
    return None if indices is None else " ".join(ctx.doc[i].text for i in sorted(indices))


def clause_at(ctx, issues, cues, predicate):
    """The clause the walk up from the sentence's first issue term reads at ``predicate``."""
    return next(c for c in clauses_up(issues[0], ctx, CueIndex.of(cues, ctx.doc))
                if c.predicate.text == predicate)


def blame_cue(ctx, issues, cues, label):
    return next(c for c in read_blame(ctx, issues, cues) if c.hit.label == label)


# --- the speaker's own delay --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # "we", "they" and "I" announce the speaker's own delay as "it" does: it withholds the move
    ('"We will delay the release of the hostages," Hamas said.', ("hamas", "hostages")),
    ("Hamas said they would postpone the release of the hostages.", ("hamas", "hostages")),
    ('"I will delay the withdrawal," Netanyahu said.', ("israel", "withdrawal")),
])
def test_a_speaker_delaying_its_own_move_with_a_pronoun_rejects_it(text, expected):
    party, issue = expected
    assert found(text) == {(party, "position", issue, "reject", "")}


def test_a_passive_delay_is_no_own_delay_and_its_blame_covers_its_clause(read):
    # no subject at all: a delay of the release reported, no one's own, and what the fault
    # is about is its clause
    ctx, issues, cues = read("The release of the hostages was delayed, Hamas said.")
    assert clause_at(ctx, issues, cues, "delayed").own_delay is False
    assert words(ctx, blame_cue(ctx, issues, cues, "fault").covers) == "The release of the hostages was delayed"
    ctx, issues, cues = read("The withdrawal was postponed by Israel, Hamas said.")
    assert clause_at(ctx, issues, cues, "postponed").own_delay is False


@pytest.fixture(scope="module")
def suspending_accuses():
    """The sudan profile with "suspend" as an accusation ("the African Union suspended Sudan"
    sanctions it), as a profile may add lemmas to a shared cue group."""
    data = read_yaml((PROFILE_DIR / "sudan.yaml").read_text(encoding="utf-8"))
    data["cues"] = [{"id": "blame.accuse", "role": "accuse", "lemmas": ["suspend"]}]
    return profile_from_data(data, "sudan with suspend as an accusation")


def test_a_delay_verb_the_profile_makes_an_accusation_is_no_own_delay(read, suspending_accuses):
    text = "The AU said it would suspend Sudan's participation in the negotiations."
    # under the built-in profile "it would suspend" is the African Union's own delay of the talks ...
    assert clause_at(*read(text, "sudan"), "suspend").own_delay is True
    assert found(text, "sudan") == {("african_union", "position", "negotiations", "reject", "")}
    # ... where suspending accuses, it sanctions Sudan and withholds nothing of the AU's own
    clause = clause_at(*read(text, suspending_accuses), "suspend")
    assert (clause.own_delay, clause.accuses, clause.stance) == (False, True, None)
    assert ("african_union", "position", "negotiations", "reject", "") not in found(text, suspending_accuses)


# --- when an accusation verb accuses ------------------------------------------------------

def test_charging_a_party_with_something_accuses_it(read):
    ctx, issues, cues = read("Hamas charged Israel with delaying the withdrawal.")
    cue = blame_cue(ctx, issues, cues, "accuse")
    assert (cue.root.text, cue.accusing, words(ctx, cue.covers)) == ("charged", True, "with delaying the withdrawal")
    assert cue.target.parties == ("israel",) and cue.holder.parties == ("hamas",)
    assert "blame.not-accusing" not in {a.rule_id for a in traced_blame(read_blame(ctx, issues, cues))[1]}


def test_charging_that_reports_and_leaves_the_blame_to_the_fault_it_reports(read):
    ctx, issues, cues = read("Hamas charged that Israel was delaying the withdrawal.")
    read_cues = read_blame(ctx, issues, cues)
    cue = next(c for c in read_cues if c.hit.label == "accuse")
    assert (cue.root.text, cue.accusing, cue.covers) == ("charged", False, None)
    assert "blame.not-accusing" in {a.rule_id for a in traced_blame(read_cues)[1]}
    fault = next(c for c in read_cues if c.hit.label == "fault")
    assert (fault.root.text, fault.target.parties, fault.holder.parties) == ("delaying", ("israel",), ("hamas",))


def test_an_accusation_verb_other_than_charge_accuses_without_an_object():
    # a passive "blamed" has no object: it still accuses, its subject, of what follows "for"
    assert found("Israel was blamed by Hamas for the collapse of the truce.") == {
        ("hamas", "blame", "truce", "", "israel")}


# --- which evaluation of a fault is a warning ---------------------------------------------

def test_an_imagined_fault_adjective_of_a_party_is_no_warning(read):
    # "if Israel is found responsible": an adjective said of a party, no act to oppose; the
    # fault is only imagined and covers its clause, and nothing is rejected at "found"
    ctx, issues, cues = read("If Israel is found responsible for the collapse of the talks, it will pay a price.")
    assert warned(word(ctx, "responsible")) is None
    assert CueIndex.of(cues, ctx.doc).at(word(ctx, "found").i, "reject") is None
    cue = blame_cue(ctx, issues, cues, "fault")
    assert (cue.root.text, cue.imagined) == ("responsible", True)
    assert words(ctx, cue.covers) == "If Israel is found responsible for the collapse of the talks"


def test_a_fault_noun_said_of_what_was_done_is_a_blame_not_a_warning(read):
    # "described the strikes as violations": the strikes happened, so the noun blames and
    # covers its phrase; only an imagined one ("would be considered a violation") warns
    ctx, issues, cues = read("Hamas described the Israeli strikes as violations of the ceasefire.")
    assert warned(word(ctx, "violations")) is None
    assert CueIndex.of(cues, ctx.doc).at(word(ctx, "described").i, "reject") is None
    cue = blame_cue(ctx, issues, cues, "fault")
    assert words(ctx, cue.covers) == "as violations of the ceasefire"
    assert (cue.target.parties, cue.holder.parties) == (("israel",), ("hamas",))
