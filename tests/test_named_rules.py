"""The named rules of the walk, each alone: a sentence is parsed, its issue term's path read
into clauses (:func:`stance.extraction.rules.clause.clauses_up`), and one rule is asked
about one clause. Every table has cases where the rule abstains (returns None or False)."""

import pytest

from stance.extraction.attribution import SentenceContext
from stance.extraction.matching import ProfileMatcher
from stance.extraction.rules import NAMED_RULES
from stance.extraction.rules.catalog import named_rules_of
from stance.extraction.rules.clause import clauses_up
from stance.extraction.rules.conditions import condition, threat, ultimatum
from stance.extraction.rules.cues import CueIndex
from stance.extraction.rules.frames import sets_frame
from stance.extraction.rules.walk import Walk
from stance.nlp.pipelines import parsing_pipeline
from stance.profile import load_profile


@pytest.fixture(scope="module")
def read():
    """``read(text, issue)``: the sentence's context, its first term of ``issue`` and the
    clauses on that term's path."""
    profile = load_profile("gaza")
    nlp = parsing_pipeline()
    matcher = ProfileMatcher(profile, nlp)

    def read(text: str, issue: str):
        doc = nlp(text)
        mentions, issues, cues = matcher.find(doc, None)
        term = next(hit for hit in issues if hit.label == issue)
        ctx = SentenceContext(doc, mentions, principals=profile.principals)
        return ctx, term, list(clauses_up(term, ctx, CueIndex.of(cues, doc)))

    return read


def first(rule, clauses, walk):
    """The first clause ``rule(walk, clause)`` fires on, and what it returned."""
    for clause in clauses:
        out = rule(walk, clause)
        if out is not None:
            return clause, out
    return None, None


def test_every_named_rule_has_a_summary_and_a_unique_name():
    assert len(NAMED_RULES) >= 15
    for name, rule in NAMED_RULES.items():
        assert name == rule.name and "." in name
        assert rule.summary.endswith((".", ")", "\"")), name
        assert callable(rule.function)


@pytest.mark.parametrize("rule_ids, names", [
    (("issue.ceasefire", "cue.condition", "attr.np"), {"conditions.threat", "conditions.condition"}),
    (("issue.deal", "cue.reject.verb", "attr.np"), {"positions.stance-cues"}),
    (("cue.blame.accuse", "blame.mutual", "attr.np"), {"accusation.accusations"}),
    (("issue.deal", "attr.np"), set()),  # no named rule of the walk fired
])
def test_rule_ids_are_credited_to_the_named_rules_that_fire_them(rule_ids, names):
    assert set(named_rules_of(rule_ids)) == names


@pytest.mark.parametrize("text, issue, sets", [
    ("Israel will not withdraw its troops during the ceasefire.", "ceasefire", True),
    ("Hamas wants a ceasefire.", "ceasefire", False),
])
def test_frames(read, text, issue, sets):
    ctx, term, _ = read(text, issue)
    assert sets_frame(ctx.doc[term.start:term.end].root) is sets


@pytest.mark.parametrize("text, issue, fires", [
    ("Hamas will not free the captives unless Israel agrees to end the war.", "ceasefire", True),
    ("Hamas said it wants a ceasefire.", "ceasefire", False),
])
def test_condition(read, text, issue, fires):
    _, term, clauses = read(text, issue)
    clause, walk = first(condition, clauses, Walk.start(term, None))
    assert (walk is not None) is fires
    if fires:
        assert walk.kind == "demand" and walk.frozen and walk.stance_holder is None
        assert walk.rules[-1] == clause.condition.rule_id


@pytest.mark.parametrize("text, issue, fires", [
    ("If Hamas does not release the hostages, Israel will resume the war.", "hostages", True),
    ("Hamas said it will release the hostages.", "hostages", False),
])
def test_threat(read, text, issue, fires):
    _, term, clauses = read(text, issue)
    clause, walk = first(threat, clauses, Walk.start(term, None))
    assert (walk is not None) is fires
    if fires:
        assert walk.kind == "demand" and walk.frozen and clause.threat is not None


@pytest.mark.parametrize("text, issue, fires", [
    ("The United States gave Hamas until Sunday to accept the proposal.", "deal", True),
    ("Hamas accepted the proposal on Sunday.", "deal", False),
])
def test_ultimatum(read, text, issue, fires):
    _, term, clauses = read(text, issue)
    _, walk = first(ultimatum, clauses, Walk.start(term, None))
    assert (walk is not None) is fires
    if fires:
        assert walk.kind == "demand" and "cue.ultimatum" in walk.rules


def test_rules_list_names_every_rule(run_cli):
    code, out, err = run_cli(["rules", "list"])
    assert code == 0, err
    for name in NAMED_RULES:
        assert name in out


def test_the_step_rules_are_named_rules_in_a_fixed_order():
    from stance.extraction.rules.steps import STEP_RULES

    names = [next(n for n, r in NAMED_RULES.items() if r.function is rule.function) for rule in STEP_RULES]
    assert names[0] == "positions.obstructed-demand" and names[-1] == "positions.holder"
    # a stance is read before a condition settles it, and the holder last
    assert names.index("positions.stance-cues") < names.index("positions.settled") < names.index("positions.holder")
    # every rule that can abstain names the rule id it abstains by
    assert {r.abstains_as for r in STEP_RULES} - {""} == {"blame.topic", "cue.report.object",
                                                           "attr.passive-unnamed"}


@pytest.fixture(scope="module")
def traced():
    """``traced(text)``: the positions the rules state in the sentence and the terms they
    abstained on."""
    from stance.extraction.rules import traced_positions

    profile = load_profile("gaza")
    nlp = parsing_pipeline()
    matcher = ProfileMatcher(profile, nlp)

    def traced(text: str):
        doc = nlp(text)
        mentions, issues, cues = matcher.find(doc, None)
        ctx = SentenceContext(doc, mentions, principals=profile.principals)
        return traced_positions(ctx, issues, cues, profile.blame_issue)

    return traced


@pytest.mark.parametrize("text, issue, rule_id", [
    ("Israel will not withdraw from the Netzarim corridor during the truce, Katz said.", "truce", "issue.frame"),
    ("Hamas rejected the prisoner swap proposal.", "prisoners", "issue.package-name"),
    ("Israeli forces will maintain a presence in the Philadelphi Corridor, Katz said.", "withdrawal",
     "issue.nested"),
    ("Hamas said Israel had been thwarting efforts to conclude a ceasefire.", "ceasefire",
     "blame.obstructed-talks"),
    ("Hamas and Israel blamed each other for the failure to agree on a ceasefire.", "ceasefire", "blame.topic"),
    ("Egypt will announce a ceasefire on Sunday.", "ceasefire", "cue.report.object"),
    ("Egypt said the proposal had been accepted.", "deal", "attr.passive-unnamed"),
])
def test_an_abstention_names_the_rule_it_abstains_by(traced, text, issue, rule_id):
    _, abstained = traced(text)
    assert (rule_id, issue) in {(a.rule_id, a.issue) for a in abstained}


@pytest.mark.parametrize("text", [
    "Hamas rejected the proposal.",
    "Netanyahu said Israel will not agree to a complete withdrawal.",
])
def test_a_stated_position_is_no_abstention(traced, text):
    stated, abstained = traced(text)
    assert stated and not abstained
