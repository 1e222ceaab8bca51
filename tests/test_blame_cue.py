"""The blame cue record, each cue of a sentence read once (stance.extraction.rules.blamecue), and
the blame rules that read it (stance.extraction.rules.blame), through the real parser.

The sentences are written for these tests. Each table has cues the rules abstain on, and each
abstention names the rule id it abstains by.
"""

import dataclasses

import pytest

from stance.extraction.attribution import Holder, SentenceContext
from stance.extraction.matching import ProfileMatcher
from stance.extraction.rules import NAMED_RULES
from stance.extraction.rules.blame import (
    BLAME_RULES,
    blame_zone,
    judge,
    obstructed,
    read_blame,
    traced_blame,
)
from stance.nlp.pipelines import parsing_pipeline
from stance.profile import load_profile


@pytest.fixture(scope="module")
def nlp():
    return parsing_pipeline()


@pytest.fixture(scope="module")
def read(nlp):
    """``read(text, profile)``: the sentence's blame cues, each read once, and its context."""
    matchers = {}

    def read(text: str, profile: str = "gaza"):
        if profile not in matchers:
            prof = load_profile(profile)
            matchers[profile] = (prof, ProfileMatcher(prof, nlp))
        prof, matcher = matchers[profile]
        doc = nlp(text)
        mentions, issues, cues = matcher.find(doc, None)
        ctx = SentenceContext(doc, mentions, principals=prof.principals,
                              mediators=tuple(p.id for p in prof.parties if p.role == "mediator"))
        return read_blame(ctx, issues, cues), ctx

    return read


def only(read, text, profile="gaza"):
    """The one blame cue of the sentence (the first of those at one word: "blame" is an
    accusation and an accusation noun)."""
    cues, _ = read(text, profile)
    assert len({c.root.i for c in cues}) == 1, [c.hit.rule_id for c in cues]
    return cues[0]


def parties(holder):
    return holder.parties if holder is not None else None


@pytest.mark.parametrize("text, role, found_by, target, holder", [
    ("Hamas accused Israel of lying.", "accuse", "accusation.active", ("israel",), ("hamas",)),
    ("Israel was blamed by Hamas for the collapse of the talks.", "accuse", "accusation.passive", ("israel",),
     ("hamas",)),
    ("Hamas placed the blame on Israel.", "accuse", "accusation.noun", ("israel",), ("hamas",)),
    ("Hamas said Israel was procrastinating.", "fault", "fault.target", ("israel",), ("hamas",)),
    ("Qatar said it is still waiting for the Israeli response.", "implied", "implied.awaited", ("israel",),
     ("qatar",)),
    # a fault only recorded names no one; no target, no one to say it
    ("Hamas reported dozens of violations of the truce.", "fault", "fault.target", None, None),
])
def test_a_cue_is_read_with_its_target_how_it_was_found_and_its_holder(read, text, role, found_by, target, holder):
    cue = only(read, text)
    assert (cue.hit.label, cue.found_by, parties(cue.target), parties(cue.holder)) == (role, found_by, target, holder)


def test_the_record_is_frozen(read):
    cue = only(read, "Hamas accused Israel of lying.")
    with pytest.raises(AttributeError):
        cue.target = None
    with pytest.raises((AttributeError, dataclasses.FrozenInstanceError)):
        cue.target.parties = ()


@pytest.mark.parametrize("text, imagined, conditional", [
    ("Any violation of the truce by Israel will be met with force, Hamas said.", True, False),
    ("Hamas said Israel violated the truce.", False, False),
    ("Had Israel been serious, a deal would have been reached, Hamas said.", False, True),
])
def test_imagined_and_conditional_cues_are_flagged(read, text, imagined, conditional):
    cue = only(read, text)
    assert (cue.imagined, cue.conditional) == (imagined, conditional)


def test_the_issue_near_the_cue_and_the_cue_span_are_kept(read):
    cue = only(read, "Hamas accused Israel of lying about a permanent ceasefire.")
    assert cue.issue == "ceasefire"
    assert cue.root.lower_ == "accused" and cue.root.i == cue.hit.start


def test_the_record_says_what_a_blame_covers_and_what_a_fault_obstructs(read):
    cues, ctx = read("Hamas said Israel is obstructing the return of the displaced.")
    doc = ctx.doc
    ret = next(t.i for t in doc if t.lower_ == "return")
    israel = next(t.i for t in doc if t.lower_ == "israel")
    assert ret in blame_zone(cues) and ret in obstructed(cues)
    assert israel not in obstructed(cues)  # its subject is the one blamed, not what it obstructs
    assert obstructed(cues)[ret] is cues[0].hit


def test_an_own_delay_covers_and_obstructs_nothing(read):
    cues, _ = read("Hamas said it would delay the release of the hostages.")
    assert not blame_zone(cues) and not obstructed(cues)


@pytest.mark.parametrize("text, profile, abstains_as", [
    ("The hostages held in Gaza will be exchanged for prisoners, Hamas said.", "gaza", "blame.not-accusing"),
    ("Any violation of the truce by Israel will be met with force, Hamas said.", "gaza", "blame.hypothetical"),
    ("Hamas reported dozens of violations of the truce.", "gaza", "blame.no-target"),
    ("Kinshasa said Qatar's demands were unacceptable.", "drc_m23", "blame.mediator-owned"),
    ("Hamas said it is still waiting for the Israeli response.", "gaza", "blame.side-waiting"),
    ("Hamas accused Israel of lying.", "gaza", ""),
])
def test_each_blame_rule_reads_the_record_and_names_the_rule_it_abstains_by(read, text, profile, abstains_as):
    cue = only(read, text, profile)
    found, rule_id = judge(cue)
    assert rule_id == abstains_as
    assert bool(found) is (abstains_as == "")


def test_a_blame_with_no_one_said_to_make_it_or_no_one_else_to_blame_abstains(read):
    cue = only(read, "Hamas accused Israel of lying.")
    assert judge(cue._replace(holder=None))[1] == "blame.no-holder"
    israel = Holder(("israel",), "attr.np")
    assert judge(cue._replace(holder=israel, target=israel))[1] == "blame.self"


def test_traced_blame_gives_one_result_per_pair_and_the_cues_abstained_on(read):
    cues, _ = read("Hamas accused Israel of lying, and any violation by Israel will be punished.")
    results, abstained = traced_blame(cues)
    assert [(r.party, r.target) for r in results] == [("hamas", "israel")]
    assert [(a.rule_id, a.holders, a.targets) for a in abstained] == [("blame.hypothetical", ("hamas",), ("israel",))]
    violation = next(c for c in cues if c.hit.rule_id.startswith("cue.blame.fault"))
    assert (abstained[0].start, abstained[0].end) == (violation.hit.start, violation.hit.end)


def test_the_blame_rules_are_named_rules_that_fire_their_abstentions():
    by_function = {rule.function: rule for rule in NAMED_RULES.values()}
    for rule in BLAME_RULES:
        assert by_function[rule.function].fires(rule.abstains_as)


def test_rules_list_prints_the_order_of_the_blame_rules(run_cli):
    code, out, err = run_cli(["rules", "list"])
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.strip().startswith("each cue:"))
    assert line.index("accusation.not-accusing") < line.index("blame.imagined") < line.index("blame.self")


class Recording:
    """A classifier that keeps the rules' statements and records what it was handed."""

    version = "recording"

    def __init__(self):
        self.findings = []

    def decide(self, doc, statements, findings=None):
        self.findings.append(findings)
        return statements


def test_the_extractor_hands_the_blame_abstentions_to_the_classifier():
    from stance.extraction.extractor import Extractor
    from stance.records import Article

    recording = Recording()
    text = "Any violation of the truce by Israel will be met with force, Hamas said."
    statements = [s for _, found in Extractor("gaza", classifier=recording).extract_many(
        [Article("a1", text)]) for s in found]
    assert not [s for s in statements if s.kind == "blame"]
    blamed = [a for f in recording.findings for a in f.blame_abstained]
    assert [(a.rule_id, a.targets) for a in blamed] == [("blame.hypothetical", ("israel",))]
