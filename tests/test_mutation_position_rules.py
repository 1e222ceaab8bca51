"""What benchmarks/mutation.sh found unpinned in the position rules of
stance/extraction/rules/: the stances clauses on an appositive demand noun take ("a demand
that Hamas has rejected") and whose demand that noun is, the relative clause on the term and
the way up from its gap, the threat a condition hangs on, the subject a relative clause names
of its own, who holds a position the walk finds and how sure it is, and the catalog of named
rules with the first sentence of their docstrings; the cues read at a predicate (its modal,
the condition it is, the deadline it sets, whether it blames), the apposition after a term,
participle clauses, whose claim a reported stance is, and an obstructed term's demand; what a
clause on the way up reads (its stance, negation, threat, and how the clause below hangs on it).

On the parser's sentences where it gives the parse, on parses built by hand (one
``word/POS/dep/head`` per token, as in test_mutation_attribution.py) where it gives a label
only now and then."""


import pytest
from conftest import SentenceReader

import stance
from stance.extraction.matching import Hit
from stance.extraction.rules import positions as rule_positions
from stance.extraction.rules.catalog import NAMED_RULES, NamedRule, _first_sentence, named_rule
from stance.extraction.rules.clause import clauses_up, read_clause
from stance.extraction.rules.cues import (CueIndex, blaming, condition_at, modal_at, negation_at, sets_deadline,
                                          threat_of)
from stance.extraction.rules.positions import position_on, traced_positions
from stance.extraction.rules.relatives import appositive_stances, clause_stances_on, noun_holder, relative_stances
from stance.extraction.rules.result import RuleResult

@pytest.fixture(scope="module")
def setup():
    return SentenceReader("gaza", mediators=False)


def _sentence(setup, doc, focus, roles=None):
    ctx, issues, cues = setup(doc, focus=focus, roles=roles)
    return ctx, issues, CueIndex.of(cues, ctx.doc)


@pytest.fixture(scope="module")
def read(setup):
    """The parser's sentence, its issue terms and its cues (the party in focus, and the roles
    the article has named, if given)."""
    def sentence(text, focus=None, roles=None):
        return _sentence(setup, text, focus, roles)
    return sentence


@pytest.fixture(scope="module")
def built(setup):
    """A hand-built parse (:func:`conftest.hand_built`), with its issue terms and cues, for
    labels the parser gives only now and then."""
    def sentence(spec, focus=None):
        return _sentence(setup, setup.built(spec), focus)
    return sentence


def word(ctx, text):
    return next(t for t in ctx.doc if t.text == text)


def on_demand(ctx, issues, cues):
    """What the clauses on the noun "demand" say of the sentence's one issue term."""
    [issue] = issues
    return clause_stances_on(word(ctx, "demand"), ctx, issue, cues)


def result(party, stance, cue, holder_rule, confidence):
    return RuleResult(party, "position", "ceasefire", stance, "",
                      ("issue.ceasefire", cue, "stance.appositive", holder_rule), confidence)


# --- clauses on an appositive demand noun ----------------------------------------------------------

CEASEFIRE = "Netanyahu spoke of a permanent ceasefire, a demand that Hamas has"


@pytest.mark.parametrize("text, expected", [
    (f"{CEASEFIRE} rejected.", result("hamas", "reject", "cue.reject.verb", "attr.np", 0.7)),
    (f"{CEASEFIRE} accepted.", result("hamas", "accept", "cue.accept.verb", "attr.np", 0.7)),
    # a negated rejection accepts
    (f"{CEASEFIRE} not rejected.", result("hamas", "accept", "cue.reject.verb", "attr.np", 0.7)),
])
def test_a_clause_on_the_demand_noun_gives_its_subjects_stance(read, text, expected):
    assert on_demand(*read(text)) == [expected]


def test_a_clause_on_the_demand_noun_with_no_stance_cue_says_nothing(read):
    # "made" is no stance: the subject is not even looked for
    assert on_demand(*read("Netanyahu spoke of a permanent ceasefire, a demand that Hamas made.")) == []


def test_a_pronoun_subject_of_the_clause_is_the_sentences_subject_before_the_party_in_focus(read):
    """The pronoun in "a demand that it has rejected" points back at the sentence's own
    subject (Hamas), not at the party in focus (Qatar); with an anaphor, less sure."""
    found = on_demand(*read("Hamas spoke of a permanent ceasefire, a demand that it has rejected.", focus="qatar"))
    assert found == [result("hamas", "reject", "cue.reject.verb", "attr.anaphor", 0.595)]


def test_a_pronoun_subject_of_the_clause_is_the_party_in_focus_when_the_sentence_names_no_subject(read):
    """"He" names no party: the pronoun keeps what it resolves to, the party in focus."""
    ctx, issues, cues = read("He spoke of a permanent ceasefire, a demand that it has rejected.", focus="qatar")
    [found] = on_demand(ctx, issues, cues)
    assert (found.party, found.stance, found.confidence) == ("qatar", "reject", 0.595)


# "a ceasefire, a demand Hamas rejected", with the clause hung on the noun by DEP
ON_DEMAND = ("a/DET/det/1 ceasefire/NOUN/ROOT/1 ,/PUNCT/punct/1 a/DET/det/4 demand/NOUN/appos/1 "
             "Hamas/PROPN/nsubj/6 rejected|reject/VERB/{dep}/4")


@pytest.mark.parametrize("dep, expected", [
    ("relcl", [result("hamas", "reject", "cue.reject.verb", "attr.np", 0.7)]),
    ("acl", [result("hamas", "reject", "cue.reject.verb", "attr.np", 0.7)]),
    ("advcl", []),     # a clause on the noun that is neither relative nor adnominal
])
def test_only_a_relative_or_adnominal_clause_on_the_demand_noun_is_read(built, dep, expected):
    assert on_demand(*built(ON_DEMAND.format(dep=dep))) == expected


def test_a_clause_on_the_demand_noun_with_no_subject_of_its_own_takes_none_from_the_noun(built):
    # "a ceasefire, Israel's demand rejecting it": the noun's possessor is no subject of the clause
    ctx = built("a/DET/det/1 ceasefire/NOUN/ROOT/1 ,/PUNCT/punct/1 Israel/PROPN/poss/4 demand/NOUN/appos/1 "
                "rejecting|reject/VERB:VBG/acl/4")
    assert on_demand(*ctx) == []


def test_every_clause_on_the_demand_noun_is_read(built):
    # "a ceasefire, a demand Hamas rejected, Qatar accepted": two clauses, two stances
    ctx = built("a/DET/det/1 ceasefire/NOUN/ROOT/1 ,/PUNCT/punct/1 a/DET/det/4 demand/NOUN/appos/1 "
                "Hamas/PROPN/nsubj/6 rejected|reject/VERB/relcl/4 ,/PUNCT/punct/4 "
                "Qatar/PROPN/nsubj/9 accepted|accept/VERB/relcl/4")
    assert on_demand(*ctx) == [result("hamas", "reject", "cue.reject.verb", "attr.np", 0.7),
                               result("qatar", "accept", "cue.accept.verb", "attr.np", 0.7)]


# --- whose demand the noun is ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "They discussed the release of hostages, Israel's demand.",        # possessor
    "They discussed the release of hostages, an Israel demand.",       # compound
    "They discussed the release of hostages, the Israeli demand.",     # adjective
    "They discussed the release of hostages, the demand of Israel.",
    "They discussed the release of hostages, the demand by the Israelis.",
    "They discussed the release of hostages, the demand from Israel.",
])
def test_the_demand_noun_is_the_demand_of_the_party_named_before_it_or_in_its_phrase(read, text):
    ctx, _, _ = read(text)
    holder = noun_holder(word(ctx, "demand"), ctx)
    assert (holder.parties, holder.rule_id) == (("israel",), "attr.np")


def test_a_phrase_with_in_names_no_demander(read):
    ctx, _, _ = read("They discussed the release of hostages, the demand in Israel.")
    assert noun_holder(word(ctx, "demand"), ctx) is None


@pytest.mark.parametrize("spec, parties", [
    ("the/DET/det/2 Israel/PROPN/nmod/2 demand/NOUN/ROOT/2", ("israel",)),      # a nominal modifier
    ("the/DET/det/2 Israel/PROPN/npadvmod/2 demand/NOUN/ROOT/2", None),         # not a modifier of whose
    ("the/DET/det/1 demand/NOUN/ROOT/1 from/ADP/prep/1 afar/ADV/pcomp/2", None),  # "from" with no object
])
def test_whose_demand_on_hand_built_parses(built, spec, parties):
    ctx, _, _ = built(spec)
    holder = noun_holder(word(ctx, "demand"), ctx)
    assert (holder.parties if holder else None) == parties


def test_the_appositive_gives_the_demand_of_the_noun_holder(read):
    ctx, [issue], cues = read("The release of all hostages, a key demand by Israel, was discussed.")
    assert appositive_stances(ctx, issue, cues) == [RuleResult(
        "israel", "position", "hostages", "demand", "",
        ("issue.hostages", "cue.demand.verb", "stance.appositive", "attr.np"), 0.75)]


# --- the catalog ---------------------------------------------------------------------------------------

def test_a_named_rule_is_registered_with_its_name_ids_summary_and_function():
    assert NAMED_RULES["relatives.appositive"] == NamedRule(
        "relatives.appositive", ("stance.appositive",),
        "An issue named, then called someone's demand in apposition: \"a stipulation that it disarm, a key "
        "demand by Israel and the United States\", \"the release of all hostages, Israel's main demand\".",
        appositive_stances)


def test_a_rule_without_a_docstring_has_no_summary():
    # registered here, not at import: its name, ids and function are kept with the empty summary
    def undocumented():
        pass
    try:
        assert named_rule("test.undocumented", "test.id")(undocumented) is undocumented
        assert NAMED_RULES["test.undocumented"] == NamedRule("test.undocumented", ("test.id",), "", undocumented)
    finally:
        NAMED_RULES.pop("test.undocumented", None)


@pytest.mark.parametrize("doc, first", [
    ("Stop... then go. More here.\n\nOther.", "Stop... then go."),    # an ellipsis ends no sentence
    ("No full stop\n    on this line\n\nA second paragraph. Here.", "No full stop on this line"),
    ("One.", "One."),                                                  # the stop at the very end
])
def test_the_summary_is_the_docstrings_first_sentence_on_one_line(doc, first):
    assert _first_sentence(doc) == first


def test_a_starred_rule_id_matches_by_its_prefix_up_to_the_dot():
    rule = NamedRule("test.threat", ("cue.threat.*",), "", None)
    assert rule.fires("cue.threat.verb")
    assert not rule.fires("cue.threats")


# --- the threat a condition hangs on ----------------------------------------------------------------

@pytest.mark.parametrize("text, condition, threat", [
    # the verb the condition hangs on, "to resume fighting" (no threat cue: "fighting" is a verb
    # here), is what "threatened" threatens: the threat is "threatened" itself, word 1
    ("Israel threatened to resume fighting if Hamas does not free the hostages.", "free",
     Hit("cue.threat.verb", "threat", 1, 2)),
    # "decided to" is no threat
    ("Israel decided to move on if Hamas does not free the hostages.", "free", None),
    # the threat is the subject of the verb the condition hangs on
    ("Unless Hamas frees the hostages, hell will break out.", "frees", Hit("cue.threat.phrase", "threat", 6, 7)),
    # a threat below the verb that is neither its subject nor joined to it is not the condition's
    ("Unless Hamas frees the hostages, Israel will decide to attack.", "frees", None),
])
def test_the_threat_a_condition_hangs_on(read, text, condition, threat):
    ctx, _, cues = read(text)
    assert threat_of(word(ctx, condition), cues) == threat


def test_a_threat_joined_to_the_verb_the_condition_hangs_on_is_its_threat(built):
    # "unless Hamas frees them, Israel moves and attacks"
    ctx, _, cues = built("unless/SCONJ/mark/2 Hamas/PROPN/nsubj/2 frees|free/VERB/advcl/5 ,/PUNCT/punct/5 "
                         "Israel/PROPN/nsubj/5 moves|move/VERB/ROOT/5 and/CCONJ/cc/5 attacks|attack/VERB/conj/5")
    assert threat_of(word(ctx, "frees"), cues) == Hit("cue.threat.verb", "threat", 7, 8)


# --- the relative clause on the term -----------------------------------------------------------------

def on_term(ctx, issues, cues, clause, label="ceasefire"):
    """What the relative clause whose verb is ``clause`` says of the term of ``label``."""
    issue = next(i for i in issues if i.label == label)
    return [(r.party, r.stance, r.rule_ids) for r in relative_stances(ctx, issue, word(ctx, clause), cues)]


@pytest.mark.parametrize("text, clause, expected", [
    # "which" is the object of "on": Hamas insists on the ceasefire
    ("They discussed the ceasefire, which Hamas insisted on.", "insisted",
     [("hamas", "demand", ("issue.ceasefire", "cue.demand.verb", "rel.object", "attr.np"))]),
    # "that" (tagged as a conjunction) is the object of "sign": the clause is on the ceasefire
    ("They discussed the ceasefire that Hamas has refused to sign.", "refused",
     [("hamas", "reject", ("issue.ceasefire", "cue.reject.verb", "rel.object", "attr.np"))]),
    # no pronoun: the gap is the object of the innermost complement, "accept", read on the way up
    ("They discussed the ceasefire Hamas refused to accept.", "refused",
     [("hamas", "reject", ("issue.ceasefire", "cue.accept.verb", "cue.reject.verb", "rel.object", "attr.np"))]),
    ("They discussed the ceasefire that Hamas has not accepted.", "accepted",
     [("hamas", "reject", ("issue.ceasefire", "cue.accept.verb", "cue.negation", "rel.object", "attr.np"))]),
    # one side's word on the other's stance is a claim, not the other's statement
    ("They discussed the ceasefire that Israel said Hamas rejected.", "said", []),
    # the term inside the clause: the clause is not on it
    ("They discussed the plan which Hamas rejected over the ceasefire.", "rejected", []),
    # the clause is on "plan", whose phrase does not hold the term after it
    ("The plan which Israel rejected calls for a ceasefire.", "rejected", []),
    # a participle with no subject of its own is no relative clause with a gap
    ("They discussed the ceasefire rejected by Hamas.", "rejected", []),
    # a clause whose only subject is the passive "it": the gap is in "Hamas had rejected" below
    ("They discussed the ceasefire it was reported Hamas had rejected.", "reported",
     [("hamas", "reject", ("issue.ceasefire", "cue.reject.verb", "rel.object", "attr.np"))]),
    # an aim is no stance a relative clause takes on the noun
    ("They discussed the ceasefire which Hamas aims to achieve.", "aims", []),
    # the stance is the lower subject's ("Hamas accept"); Israel's demand above it makes it
    # one side's word on the other's stance, not Israel's acceptance
    ("They discussed the ceasefire which Israel demanded Hamas accept.", "demanded", []),
])
def test_the_stance_a_relative_clause_takes_on_the_term(read, text, clause, expected):
    assert on_term(*read(text), clause) == expected


@pytest.mark.parametrize("spec, expected", [
    # "a ceasefire Hamas rejected talks": the verb has an object of its own, so no gap for the noun
    ("a/DET/det/1 ceasefire/NOUN/ROOT/1 Hamas/PROPN/nsubj/3 rejected|reject/VERB/relcl/1 talks/NOUN/dobj/3", []),
    # "the Hamas ceasefire which rejects": the pronoun is the subject, the clause the noun's content
    ("the/DET/det/2 Hamas/PROPN/compound/2 ceasefire/NOUN/ROOT/2 which/PRON:WDT/nsubj/4 rejects|reject/VERB/relcl/2",
     []),
    # "a ceasefire for which Hamas demanded guarantees": the pronoun is the object of "for", so the
    # object of the verb is no gap
    ("a/DET/det/1 ceasefire/NOUN/ROOT/1 for/ADP/prep/5 which/PRON:WDT/pobj/2 Hamas/PROPN/nsubj/5 "
     "demanded|demand/VERB/relcl/1 guarantees/NOUN/dobj/5",
     [("hamas", "demand", ("issue.ceasefire", "cue.demand.verb", "rel.object", "attr.np"))]),
    # "the plan which Israel rejected brings a ceasefire": the clause is on "plan", and the
    # ceasefire is no part of its phrase
    ("the/DET/det/1 plan/NOUN/nsubj/5 which/PRON:WDT/dobj/4 Israel/PROPN/nsubj/4 rejected|reject/VERB/relcl/1 "
     "brings|bring/VERB/ROOT/5 a/DET/det/7 ceasefire/NOUN/dobj/5", []),
    # "a ceasefire which was accepted by Hamas to save lives": the passive pronoun is the gap,
    # not the complement "save", whose object is its own
    ("a/DET/det/1 ceasefire/NOUN/ROOT/1 which/PRON:WDT/nsubjpass/4 was/AUX/auxpass/4 "
     "accepted|accept/VERB:VBN/relcl/1 by/ADP/agent/4 Hamas/PROPN/pobj/5 to/PART:TO/aux/8 save/VERB:VB/xcomp/4 "
     "lives|life/NOUN:NNS/dobj/8",
     [("hamas", "accept", ("issue.ceasefire", "cue.accept.verb", "rel.object", "attr.np"))]),
])
def test_the_stance_of_a_relative_clause_on_hand_built_parses(built, spec, expected):
    ctx = built(spec)
    clause = next(t.text for t in ctx[0].doc if t.dep_ == "relcl")
    assert on_term(*ctx, clause) == expected


# --- a relative clause on a proposal noun with a subject of its own ------------------------------------

def positions(text):
    return {(s.party, s.issue, s.stance) for s in stance.extract(text, date="2024-06-01")}


@pytest.mark.parametrize("text", [
    "Qatar welcomed the proposal in which Hamas demanded a ceasefire.",                # the subject
    "Qatar welcomed the proposal in which a ceasefire was demanded by Hamas.",        # the agent
])
def test_a_party_named_in_a_proposals_relative_clause_holds_its_stance_alone(text):
    """The clause is that party's stance, not the proposal's content: welcoming the proposal
    is no stance on the ceasefire Hamas demanded in it."""
    found = positions(text)
    assert ("hamas", "ceasefire", "demand") in found
    assert not {f for f in found if f[:2] == ("qatar", "ceasefire")}


@pytest.mark.parametrize("text, expected", [
    # its subject names a party
    ("Israel rejected the proposal in which Hamas demanded a permanent ceasefire.", {("hamas", "demand")}),
    # its passive subject names a party: the clause is Qatar's urging, not the plan's content
    ("Israel rejected the plan in which Hamas was urged by Qatar to accept a permanent ceasefire.",
     {("qatar", "demand")}),
])
def test_rejecting_a_proposal_is_no_rejection_of_what_a_party_says_in_its_relative_clause(text, expected):
    assert {(party, stance) for party, issue, stance in positions(text) if issue == "ceasefire"} == expected


@pytest.mark.parametrize("text, expected", [
    # the party is the agent of a passive relative clause: it is its stance, not the plan's
    ("Israel rejected the plan in which a permanent ceasefire was demanded by Hamas.", {("hamas", "demand")}),
    ("Qatar rejected the plan in which a permanent ceasefire was demanded by Hamas.", {("hamas", "demand")}),
    # as for the active clause
    ("Israel rejected the plan in which Hamas demanded a permanent ceasefire.", {("hamas", "demand")}),
])
def test_a_proposals_relative_clause_whose_agent_names_a_party_is_that_partys(text, expected):
    assert {(party, stance) for party, issue, stance in positions(text) if issue == "ceasefire"} == expected


def test_an_agent_that_names_no_party_leaves_the_clause_to_the_proposal(built):
    """"the plan in which a ceasefire was demanded by mediators": no party of its own, so the
    clause is the plan's content and Israel's rejection of the plan reaches it."""
    ctx, issues, cues = built(
        "Israel/PROPN/nsubj/1 rejected|reject/VERB/ROOT/1 the/DET/det/3 plan/NOUN/dobj/1 in/ADP/prep/10 "
        "which/PRON:WDT/pobj/4 a/DET/det/8 permanent/ADJ/amod/8 ceasefire/NOUN/nsubjpass/10 was/AUX/auxpass/10 "
        "demanded|demand/VERB:VBN/relcl/3 by/ADP/agent/10 mediators/NOUN:NNS/pobj/11 ./PUNCT:./punct/1")
    issue = next(i for i in issues if i.label == "ceasefire")
    found, _ = position_on(ctx, issue, cues)
    assert [r.party for r in found] == ["israel"]


def test_a_proposals_relative_clause_without_a_party_is_its_content():
    assert ("qatar", "ceasefire", "demand") in positions("Qatar welcomed the proposal which demanded a ceasefire.")


def test_a_term_that_names_the_package_is_no_position_only_when_the_package_issue_is_given(setup):
    """With the deal as the package, "prisoner swap" in "the ... prisoner swap proposal" only
    names the proposal; without a package issue (the default) it is a position of its own."""
    ctx, issues, cues = setup("Hamas accepted the ceasefire and prisoner swap proposal.")
    swap = ("hamas", "prisoners", "accept")
    assert swap not in {(r.party, r.issue, r.stance) for r in rule_positions(ctx, issues, cues, "deal")}
    assert swap in {(r.party, r.issue, r.stance) for r in rule_positions(ctx, issues, cues)}


# --- who holds what the walk finds, and how sure ---------------------------------------------------------

def walked(ctx, issues, cues):
    """What the walk from the sentence's one issue term states: party, stance, the rule that
    named the holder, confidence."""
    [issue] = issues
    found, _ = position_on(ctx, issue, cues)
    return [(r.party, r.stance, r.rule_ids[-1], r.confidence) for r in found]


@pytest.mark.parametrize("text, focus, expected", [
    ("Hamas rejected a permanent ceasefire.", None, [("hamas", "reject", "attr.np", 0.8)]),
    ("Hamas accepted a permanent ceasefire.", None, [("hamas", "accept", "attr.np", 0.8)]),
    ("Hamas demanded a permanent ceasefire.", None, [("hamas", "demand", "attr.np", 0.8)]),
    # an aim is a demand, less sure than a stated one
    ("Hamas aims to achieve a permanent ceasefire.", None, [("hamas", "demand", "attr.np", 0.65)]),
    # "he" resolved to the party in focus: less sure than a name
    ("He rejected a permanent ceasefire.", "hamas", [("hamas", "reject", "attr.anaphor", 0.68)]),
])
def test_a_stated_stance_is_surer_than_an_aim_and_a_name_surer_than_a_pronoun(read, text, focus, expected):
    assert walked(*read(text, focus=focus)) == expected


@pytest.mark.parametrize("text, focus, roles, expected", [
    # "it" is whoever the reporter names (Hamas), not the party in focus (Qatar)
    ('"It rejected a permanent ceasefire," Hamas said.', "qatar", None, [("hamas", "reject", "attr.np", 0.8)]),
    # "the movement" names its party itself (the one last named with that role), not the reporter's
    ("Qatar said the movement rejected a permanent ceasefire.", None, {"movement": "hamas"},
     [("hamas", "reject", "attr.anaphor.role", 0.68)]),
])
def test_a_pronoun_holder_is_the_reporters_party_and_a_role_noun_its_own(read, text, focus, roles, expected):
    assert walked(*read(text, focus=focus, roles=roles)) == expected


@pytest.mark.parametrize("text", [
    # one side's word on the other's acceptance is no statement, and "according to" does not
    # make it the source's
    "Israel said Hamas accepted a permanent ceasefire, according to Qatar.",
    # an aim no subject holds is nobody's position, even according to someone
    "Efforts to secure a permanent ceasefire continue, according to Qatar.",
])
def test_according_to_names_no_holder_for_a_claim_or_an_unheld_aim(read, text):
    assert walked(*read(text)) == []


def test_an_aim_without_a_subject_of_its_own_leaves_the_stance_above_to_its_subject(read):
    """A goal names its holder only as its own subject: "efforts to secure" has none (Israel
    is the subject of "rejected", not of "secure"), so the rejection above is Israel's, which
    Qatar only reports."""
    ctx = read("Qatar said Israel rejected efforts to secure a permanent ceasefire.")
    assert walked(*ctx) == [("israel", "reject", "attr.np", 0.8)]


# --- the modal a predicate carries -------------------------------------------------------------------

@pytest.mark.parametrize("text, verb, modal", [
    # "has to" obliges as "must" does, at "has"
    ("Hamas has to accept a permanent ceasefire.", "has", Hit("cue.demand.must", "modal_demand", 1, 2)),
    # "is going to" commits as "will" does, at "going"
    ("Israel is going to accept a permanent ceasefire.", "going", Hit("cue.modal.commit", "modal_commit", 2, 3)),
    # "have" with nothing to do is no obligation, nor is a complement of another verb a future
    ("Hamas has reservations about a permanent ceasefire.", "has", None),
    ("Hamas refused to accept a permanent ceasefire.", "refused", None),
    # "it should be noted that ...": the writer's aside on a passive report verb
    ("It should be noted that Hamas rejected a permanent ceasefire.", "noted", None),
    # an auxiliary before the subject (active or passive) sets a condition and obliges no one
    ("Should Hamas violate the ceasefire, Israel will resume fighting.", "violate", None),
    ("Should the ceasefire be rejected by Hamas, Israel will strike.", "rejected", None),
    # the obligation of the reported clause is not the report verb's
    ("Israel said Hamas has to accept a permanent ceasefire.", "said", None),
])
def test_the_modal_a_predicate_carries(read, text, verb, modal):
    ctx, _, cues = read(text)
    assert modal_at(word(ctx, verb), cues) == modal


@pytest.mark.parametrize("spec, verb, modal", [
    # "hostages must be freed" with "must" labelled a passive auxiliary: still an obligation
    ("the/DET/det/1 hostages|hostage/NOUN:NNS/nsubjpass/3 must/AUX:MD/auxpass/3 freed|free/VERB:VBN/ROOT/3",
     "freed", Hit("cue.demand.must", "modal_demand", 2, 3)),
    # "Israel going to accept ceasefire" with "to" hung on "going": no form of "be", no future
    ("Israel/PROPN/nsubj/1 going|go/VERB:VBG/ROOT/1 to/PART:TO/aux/1 accept/VERB:VB/xcomp/1 ceasefire/NOUN/dobj/3",
     "going", None),
])
def test_the_modal_a_predicate_carries_on_hand_built_parses(built, spec, verb, modal):
    ctx, _, cues = built(spec)
    assert modal_at(word(ctx, verb), cues) == modal


# --- the condition a clause is ----------------------------------------------------------------------

@pytest.mark.parametrize("text, verb, condition", [
    # a subordinator of several words, marked by its last word or hung on the clause in part
    ("Israel will keep the ceasefire as long as Hamas frees the hostages.", "frees",
     Hit("cue.condition", "condition", 5, 8)),
    ("Israel will accept a ceasefire only if Hamas frees the hostages.", "frees", Hit("cue.condition", "condition", 5, 7)),
    # "as long" hung on the reported clause the condition is on: that clause is no condition
    ("Hamas said it would keep the truce as long as Israel withdraws.", "keep", None),
    # the auxiliary before the subject ("had", "should") makes the condition
    ("Had Israel agreed to the ceasefire, the hostages would be home.", "agreed",
     Hit("cue.condition.inverted", "condition", 0, 1)),
    ("Should Hamas violate the ceasefire, Israel will resume fighting.", "violate",
     Hit("cue.condition.inverted", "condition", 0, 1)),
])
def test_the_condition_a_clause_is(read, text, verb, condition):
    ctx, _, cues = read(text)
    assert condition_at(word(ctx, verb), cues) == condition


@pytest.mark.parametrize("spec, condition", [
    # "... withdraw unless Hamas frees the hostages" with "unless" hung on the clause as an adverb
    ("Israel/PROPN/nsubj/3 will/AUX:MD/aux/3 not/PART:RB/neg/3 withdraw/VERB:VB/ROOT/3 unless/SCONJ/advmod/6 "
     "Hamas/PROPN/nsubj/6 frees|free/VERB:VBZ/advcl/3 the/DET/det/8 hostages|hostage/NOUN:NNS/dobj/6",
     Hit("cue.condition", "condition", 4, 5)),
    # a comparison, "Israel agreed, as had Hamas agreed": a clause with a subordinator of its own
    # is no inverted condition
    ("Israel/PROPN/nsubj/1 agreed|agree/VERB/ROOT/1 ,/PUNCT/punct/1 as/SCONJ/mark/6 had|have/AUX/aux/6 "
     "Hamas/PROPN/nsubj/6 agreed|agree/VERB:VBN/advcl/1", None),
])
def test_the_condition_a_clause_is_on_hand_built_parses(built, spec, condition):
    ctx, _, cues = built(spec)
    clause = next(t for t in ctx.doc if t.dep_ == "advcl")
    assert condition_at(clause, cues) == condition


def test_a_violation_imagined_in_a_condition_is_demanded_by_who_threatens(read):
    # "if Hamas violates the ceasefire": no blame of Hamas, Israel's threat demands the ceasefire
    ctx = read("If Hamas violates the ceasefire, Israel will strike.")
    assert walked(*ctx) == [("israel", "demand", "attr.np", 0.68)]


# --- the deadline a predicate sets ---------------------------------------------------------------------

@pytest.mark.parametrize("text, verb, below, sets", [
    ("Israel gave Hamas until Sunday to accept the ceasefire.", "gave", "accept", True),
    ("Israel gave Hamas till Sunday to accept the ceasefire.", "gave", "accept", True),
    ("Israel set a deadline for Hamas to accept the ceasefire.", "set", "deadline", True),
    # rejecting a deadline sets none
    ("Israel rejected a deadline for Hamas to accept the ceasefire.", "rejected", "deadline", False),
    # setting out to do something, on a day or not, is no deadline
    ("Israel set out to secure a permanent ceasefire.", "set", "secure", False),
    ("Israel set out on Sunday to secure a permanent ceasefire.", "set", "secure", False),
    # a deadline covers the to-clause it is for, not a participle after it
    ("Israel gave Hamas until Sunday, agreeing to a permanent ceasefire.", "gave", "agreeing", False),
])
def test_the_deadline_a_predicate_sets(read, text, verb, below, sets):
    ctx, _, _ = read(text)
    assert sets_deadline(word(ctx, verb), word(ctx, below)) is sets


def test_what_follows_a_deadline_that_is_no_to_clause_keeps_its_own_stance():
    # "agreeing to a permanent ceasefire" is Israel's acceptance, not what its deadline demands
    assert positions("Israel gave Hamas until Sunday, agreeing to a permanent ceasefire.") == {
        ("israel", "ceasefire", "accept")}


DEADLINE = ("Israel/PROPN/nsubj/1 {verb}/VERB/ROOT/1 Hamas/PROPN/dative/1 {what} to/PART:TO/aux/6 "
            "accept/VERB:VB/{dep}/1 the/DET/det/8 ceasefire/NOUN/dobj/6")


@pytest.mark.parametrize("verb, what, dep", [
    # the to-clause hung on the verb as a complement of either kind
    ("gave|give", "until/ADP/prep/1 Sunday/PROPN/pobj/3", "xcomp"),
    ("gave|give", "until/ADP/prep/1 Sunday/PROPN/pobj/3", "ccomp"),
    # "set Hamas a deadline to accept", the clause hung on the verb, not on "deadline"
    ("set", "a/DET/det/4 deadline/NOUN/dobj/1", "advcl"),
])
def test_who_sets_a_deadline_demands_what_it_is_to_accept(built, verb, what, dep):
    # (the bare "ceasefire" is a weak term: 0.8 * 0.85)
    ctx = built(DEADLINE.format(verb=verb, what=what, dep=dep))
    assert walked(*ctx) == [("israel", "demand", "attr.np", 0.68)]


# --- whether a predicate blames --------------------------------------------------------------------------

@pytest.mark.parametrize("text, verb, blames", [
    ("Hamas violated the ceasefire.", "violated", True),    # a fault cue
    ("Hamas accepted the ceasefire.", "accepted", False),
])
def test_a_fault_cue_blames(read, text, verb, blames):
    ctx, _, cues = read(text)
    assert blaming(word(ctx, verb), cues) is blames


# --- the demand noun in apposition after the term ------------------------------------------------------

def appositive(ctx, issues, cues):
    [issue] = [i for i in issues if i.label == "hostages"] or issues
    return appositive_stances(ctx, issue, cues)


@pytest.mark.parametrize("text, expected", [
    # a term at the very end, with no stop after it, has nothing after it
    ("Israel rejected the release of all hostages", []),
    # a noun of another kind before the demand noun is part of its phrase
    ("They discussed the release of all hostages, a security demand by Israel.",
     [RuleResult("israel", "position", "hostages", "demand", "",
                 ("issue.hostages", "cue.demand.verb", "stance.appositive", "attr.np"), 0.75)]),
    # the demand noun is looked for within four words of the comma
    ("They discussed the release of all hostages, a key Israeli security demand.", []),
    # a noun that is no demand ends the search: a concern is no demand
    ("They discussed the release of all hostages, Israel's main concern.", []),
])
def test_the_demand_noun_in_apposition(read, text, expected):
    assert appositive(*read(text)) == expected


def test_a_demand_noun_after_a_conjunction_is_no_apposition():
    # "but Israel's demand" starts a clause of its own: Israel demands no ceasefire
    found = positions("Hamas wants a permanent ceasefire, but Israel's demand is the release of hostages.")
    assert {f for f in found if f[1] == "ceasefire"} == {("hamas", "ceasefire", "demand")}


# --- participle clauses after the verb -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a gerund the verb takes as its complement is what it rejects
    ("Israel rejected extending the ceasefire.", {("israel", "truce", "reject")}),
    # "not guaranteeing" hung on the verb: refusing a deal without it demands it
    ("Hamas refused any deal not guaranteeing a permanent ceasefire.",
     {("hamas", "deal", "reject"), ("hamas", "ceasefire", "demand")}),
])
def test_a_gerund_complement_is_no_participle_clause_of_its_own(text, expected):
    assert positions(text) == expected


def test_a_participle_clause_with_a_subordinator_is_under_the_verbs_stance(built):
    # "Hamas rejected it as not guaranteeing a permanent ceasefire", "as" marking the clause:
    # rejecting it for want of a ceasefire demands one (as with "as" a preposition)
    ctx = built("Hamas/PROPN/nsubj/1 rejected|reject/VERB/ROOT/1 it/PRON/dobj/1 as/SCONJ/mark/5 "
                "not/PART:RB/neg/5 guaranteeing|guarantee/VERB:VBG/advcl/1 a/DET/det/8 permanent/ADJ/amod/8 "
                "ceasefire/NOUN/dobj/5")
    assert walked(*ctx) == [("hamas", "demand", "attr.np", 0.8)]


# --- the clauses on the way up ----------------------------------------------------------------------------

def test_the_noun_right_after_the_term_is_read_on_the_way_up(read):
    """"Israel's ceasefire demand": the demand noun right after the term is Israel's demand,
    which Hamas rejects (a stance on another's demand)."""
    ctx, [issue], cues = read("Hamas rejected Israel's ceasefire demand.")
    found, _ = position_on(ctx, issue, cues)
    assert [(r.party, r.stance, r.rule_ids) for r in found] == [
        ("hamas", "reject", ("issue.ceasefire", "cue.demand.verb", "cue.reject.verb", "stance.on-anothers", "attr.np"))]


# --- whose claim a reported stance is -------------------------------------------------------------------

@pytest.mark.parametrize("text, focus, expected", [
    # Israel claims Hamas's refusal, whoever reports the claim ("he", Hamas in focus)
    ("He said Israel claimed Hamas rejected a permanent ceasefire.", "hamas",
     [("israel", "", "blame.reported-refusal", 0.7)]),
    # "he" who reports it is the party in focus, Israel: its claim of Hamas's refusal
    ("He said Hamas rejected a permanent ceasefire.", "israel", [("israel", "", "blame.reported-refusal", 0.7)]),
    # a side's report of a mediator's stance is the mediator's
    ("Israel said Qatar rejected a permanent ceasefire.", None, [("qatar", "reject", "attr.np", 0.8)]),
])
def test_one_sides_report_of_the_others_refusal_is_its_claim(read, text, focus, expected):
    assert walked(*read(text, focus=focus)) == expected


# --- an obstructed term, and a frozen stance ---------------------------------------------------------------

def test_whoever_says_a_term_is_obstructed_demands_it():
    # as well as blaming Hamas for it
    found = stance.extract("Hamas is obstructing the release of hostages, Israel said.", date="2024-06-01")
    assert [(f.party, f.issue, f.stance, f.rule_ids) for f in found if f.kind == "position"] == [
        ("israel", "hostages", "demand", ("issue.hostages", "cue.blame.obstruct", "blame.obstructed-demand", "attr.np"))]


def test_a_party_named_below_the_fault_does_not_demand_what_is_obstructed():
    # Hamas is the subject of a clause inside what Israel obstructs, not the one who wants it
    found = positions("Israel is obstructing the plan under which Hamas would free the hostages.")
    assert not {f for f in found if f[1] == "hostages"}


def test_a_stance_on_the_noun_of_a_relative_clause_takes_no_holder_for_the_clause():
    # the officials' backing is theirs: Israel, who dismissed them, holds nothing on the ceasefire
    assert positions("Israel dismissed the officials who backed a permanent ceasefire.") == set()


# --- what a clause on the way up reads ---------------------------------------------------------------------

def clause(ctx, cues, pred, below):
    """The clause read at the word ``pred`` over the word ``below`` (the term's root)."""
    return read_clause(word(ctx, pred), word(ctx, below), False, word(ctx, below), cues, ctx)


def walk_clause(ctx, issues, cues, pred):
    """The clause the walk up from the sentence's first issue term reads at the word ``pred``."""
    return next(c for c in clauses_up(issues[0], ctx, cues) if c.predicate.text == pred)


def test_a_speakers_own_delay_reads_as_its_rejection(read):
    # "it would delay" withholds the speaker's own move: a rejection, at the delay verb
    found = walk_clause(*read("Hamas said it would delay the release of hostages."), "delay")
    assert (found.own_delay, found.stance) == (True, Hit("cue.reject.own-delay", "reject", 4, 5))


def test_a_violation_imagined_in_a_condition_reads_as_a_rejection_of_what_it_violates(read):
    # "if Hamas violates the ceasefire" imagines the fault: it opposes the ceasefire, at "violates"
    found = walk_clause(*read("If Hamas violates the ceasefire, Israel will strike."), "violates")
    assert (found.imagined, found.stance) == (True, Hit("cue.reject.violation", "reject", 2, 3))


def test_only_the_condition_carries_the_threat_it_hangs_on(read):
    # "strike" is the threat the condition "if Hamas violates" hangs on; "strike" itself is no
    # condition, so it carries no threat
    ctx, issues, cues = read("If Hamas violates the ceasefire, Israel will strike.")
    assert walk_clause(ctx, issues, cues, "violates").threat == Hit("cue.threat.verb", "threat", 8, 9)
    assert walk_clause(ctx, issues, cues, "strike").threat is None


@pytest.mark.parametrize("text, verb, negation", [
    ("Hamas will never accept a permanent ceasefire.", "accept", Hit("cue.negation", "negation", 2, 3)),
    # "no" as the determiner of the noun negates the noun
    ("Hamas accepted no ceasefire.", "ceasefire", Hit("cue.negation", "negation", 2, 3)),
    ("Hamas accepted the ceasefire.", "accepted", None),
])
def test_the_negation_of_a_predicate(read, text, verb, negation):
    ctx, _, cues = read(text)
    assert negation_at(word(ctx, verb), cues) == negation


@pytest.mark.parametrize("spec, verb, negation", [
    # "never" labelled an adverb of the verb still negates it
    ("Hamas/PROPN/nsubj/2 never/ADV/advmod/2 accepted|accept/VERB/ROOT/2 ceasefire/NOUN/dobj/2",
     "accepted", Hit("cue.negation", "negation", 1, 2)),
    # an adverb that is no negation negates nothing
    ("Hamas/PROPN/nsubj/2 finally/ADV/advmod/2 accepted|accept/VERB/ROOT/2 ceasefire/NOUN/dobj/2",
     "accepted", None),
])
def test_the_negation_of_a_predicate_on_hand_built_parses(built, spec, verb, negation):
    ctx, _, cues = built(spec)
    assert negation_at(word(ctx, verb), cues) == negation


# a report joined by "but" to a clause with its own subject: that clause is not reported
@pytest.mark.parametrize("text, below, joins", [
    ("Hamas said it agreed, but Israeli leaders rejected the deal.", "rejected", True),
    ("Hamas said it agreed, but the deal was rejected.", "rejected", True),      # a passive subject
    ("Hamas said it agreed, but there was no deal.", "was", True),               # "there"
])
def test_a_clause_with_its_own_subject_joined_to_a_report_is_not_reported(read, text, below, joins):
    ctx, _, cues = read(text)
    assert clause(ctx, cues, "said", below).joins_report is joins


@pytest.mark.parametrize("spec", [
    # "Hamas said it agreed and rejected the deal": the conjunct has no subject of its own
    "Hamas/PROPN/nsubj/1 said|say/VERB/ROOT/1 it/PRON/nsubj/3 agreed|agree/VERB/ccomp/1 and/CCONJ/cc/1 "
    "rejected|reject/VERB/conj/1 the/DET/det/7 deal/NOUN/dobj/5",
    # "Hamas said it agreed and that Israel rejected the deal": "that" makes it a second report
    "Hamas/PROPN/nsubj/1 said|say/VERB/ROOT/1 it/PRON/nsubj/3 agreed|agree/VERB/ccomp/1 and/CCONJ/cc/1 "
    "that/SCONJ/mark/7 Israel/PROPN/nsubj/7 rejected|reject/VERB/conj/1 the/DET/det/9 deal/NOUN/dobj/7",
])
def test_a_conjunct_of_a_report_without_a_subject_or_with_a_subordinator_is_still_reported(built, spec):
    ctx, _, cues = built(spec)
    assert clause(ctx, cues, "said", "rejected").joins_report is False


@pytest.mark.parametrize("text, noun, verb, relative, contents", [
    # a relative clause on a proposal with no party as its subject: the proposal's content
    ("Qatar welcomed the proposal which demanded a ceasefire.", "proposal", "demanded", True, True),
    # a participle on the proposal, as well
    ("Qatar welcomed a proposal aimed at halting hostilities.", "proposal", "aimed", True, True),
    # the officials' clause is their own stance, no proposal's content
    ("Israel dismissed the officials who backed a permanent ceasefire.", "officials", "backed", True, False),
    # "efforts to secure": an infinitive on the noun is no relative clause
    ("Qatar welcomed the efforts to secure a ceasefire.", "efforts", "secure", False, False),
    # a phrase on the proposal is neither
    ("Qatar welcomed the proposal for a ceasefire.", "proposal", "for", False, False),
])
def test_a_relative_clause_below_a_noun_and_whether_it_names_the_proposals_contents(
        read, text, noun, verb, relative, contents):
    ctx, _, cues = read(text)
    found = clause(ctx, cues, noun, verb)
    assert (found.relative_below, found.contents_below) == (relative, contents)


@pytest.mark.parametrize("text, verb, below, inert", [
    # "despite the ceasefire": a concession, outside the rejection
    ("Israel rejected the deal despite the ceasefire.", "rejected", "despite", True),
    # a conjunct takes a stance of its own
    ("Israel rejected the deal and accepted the ceasefire.", "rejected", "accepted", True),
    ("Israel rejected the deal and accepted the ceasefire.", "rejected", "deal", False),
])
def test_a_predicates_stance_does_not_reach_a_concession_or_a_conjunct(read, text, verb, below, inert):
    ctx, _, cues = read(text)
    assert clause(ctx, cues, verb, below).inert is inert


@pytest.mark.parametrize("verb, below, adverbial", [
    ("strike", "violates", True),      # the condition clause is an adverbial clause of "strike"
    ("violates", "ceasefire", False),  # an object is none
])
def test_an_adverbial_clause_below_is_where_a_condition_hangs(read, verb, below, adverbial):
    ctx, _, cues = read("If Hamas violates the ceasefire, Israel will strike.")
    assert clause(ctx, cues, verb, below).condition_below is adverbial


def test_a_clause_that_is_no_relative_clause_takes_no_stance_on_the_term():
    # "because Israel refused to withdraw" is Israel's refusal of the withdrawal, not of the ceasefire
    assert positions("Hamas rejected the ceasefire because Israel refused to withdraw.") == {
        ("hamas", "ceasefire", "reject"), ("israel", "withdrawal", "reject")}


# --- what the rules abstain on, and the terms after an obstructed one -----------------------------------

def traced(setup, text):
    found, abstained = traced_positions(*setup(text))
    return {(r.party, r.issue, r.stance) for r in found}, [(a.rule_id, a.issue, a.start, a.end) for a in abstained]


@pytest.mark.parametrize("text, abstained", [
    # a term rule abstains on the term: the blame's topic, with the term's own words
    ("Hamas accused Israel of lying about the ceasefire.", [("blame.topic", "ceasefire", 7, 8)]),
    # the walk abstains: nobody named accepted it ("the ceasefire proposal", words 1 to 3)
    ("The ceasefire proposal had been accepted.", [("attr.passive-unnamed", "deal", 1, 3)]),
])
def test_an_abstention_names_the_rule_and_the_words_of_its_term(setup, text, abstained):
    assert traced(setup, text)[1] == abstained


def test_the_terms_after_an_obstructed_one_are_read_too(setup):
    found, _ = traced(setup, "Israel is obstructing the entry of aid; Hamas wants a permanent ceasefire.")
    assert ("hamas", "ceasefire", "demand") in found
