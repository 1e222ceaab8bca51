"""What benchmarks/mutation.sh found unpinned in the readers of blame (stance/extraction/rules/:
owners, accused, faulted, fault, blamecue, blamed, holders, paths): whose demand, refusal or
response an implied cue names, which word of a cue span hangs on the sentence, how far an
evaluation climbs to the demand it evaluates, whom an accusation noun, a passive, an active
verb, a distributive subject or a complement names, who is at fault for a fault noun and
through which words its clause is climbed to, how sure a blame is when a party was found by
anaphora, and which sentences count as someone speaking.

Most labels decide only now and then in the bundled parser's output, so the parses here are
built by hand (``built``, one ``word/POS/dep/head`` per token as in
tests/test_mutation_attribution.py); the rest go through the parser and the gaza profile.
"""

from types import SimpleNamespace

import pytest
from conftest import hand_built

from stance.extraction.attribution import Holder, SentenceContext
from stance.extraction.matching import Hit, ProfileMatcher
from stance.extraction.rules.accused import (
    Accusation,
    active_accusation,
    blame_noun,
    complement_subjects,
    distributed,
    on_phrase_parties,
    passive_accusation,
)
from stance.extraction.rules.blame import _zone_order, read_blame, traced_blame
from stance.extraction.rules.blamecue import Found, read_fault, read_owner
from stance.extraction.rules.blamed import agent_of, blamable
from stance.extraction.rules.cues import CueIndex, evaluating_verb, hypothetical
from stance.extraction.rules.fault import blame_results
from stance.extraction.rules.faulted import fault_target
from stance.extraction.rules.holders import quoted
from stance.extraction.rules.owners import (
    OWNER_READERS,
    OwnerReader,
    _reader,
    attachment,
    awaited,
    evaluated,
    owner,
)
from stance.extraction.rules.paths import agentless_passive
from stance.nlp.pipelines import parsing_pipeline
from stance.profile import load_profile


@pytest.fixture(scope="module")
def nlp():
    return parsing_pipeline()


@pytest.fixture(scope="module")
def matcher(nlp):
    return ProfileMatcher(load_profile("gaza"), nlp)


@pytest.fixture(scope="module")
def built(nlp, matcher):
    """A hand-built parse (:func:`conftest.hand_built`) with the parties the gaza profile's
    aliases name in it."""

    def context(spec, **more):
        doc = hand_built(nlp.vocab, spec)
        mentions, _, _ = matcher.find(doc)
        return SentenceContext(doc, mentions, **more)
    return context


def cue_index(ctx, matcher):
    """The cue index of a hand-built parse, as the extractor makes it for a parsed one."""
    _, _, cues = matcher.find(ctx.doc)
    return CueIndex.of(cues, ctx.doc)


@pytest.fixture(scope="module")
def read(nlp, matcher):
    """``read(text, focus)``: the blame cues of a sentence the parser reads, each read once
    (with the party in focus, if given), and the sentence."""
    profile = load_profile("gaza")

    def read(text, focus=None):
        doc = nlp(text)
        mentions, issues, cues = matcher.find(doc)
        ctx = SentenceContext(doc, mentions, focus=focus, principals=profile.principals,
                              mediators=tuple(p.id for p in profile.parties if p.role == "mediator"))
        return read_blame(ctx, issues, cues), ctx
    return read


def word(ctx, text):
    return next(t for t in ctx.doc if t.text == text)


def parties(holder):
    return holder.parties if holder is not None else None


# --- owners: whose demand, refusal or response it is -------------------------------------

@pytest.mark.parametrize("spec, noun, expected", [
    # the noun's compound or noun modifier names its owner ("the Hamas demands")
    ("the/DET/det/2 Hamas/PROPN/compound/2 demands/NOUN/ROOT/2", "demands", ("hamas",)),
    ("the/DET/det/2 Hamas/PROPN/nmod/2 demands/NOUN/ROOT/2", "demands", ("hamas",)),
    # a phrase of "of" (one of the prepositions asked for by default), or "by"
    ("the/DET/det/1 demands/NOUN/ROOT/1 of/ADP/prep/1 Hamas/PROPN/pobj/2", "demands", ("hamas",)),
    ("the/DET/det/1 demands/NOUN/ROOT/1 by/ADP/prep/1 Hamas/PROPN/pobj/2", "demands", ("hamas",)),
    # the subject of a relative clause on it, not a relative pronoun nor a word before the subject
    ("the/DET/det/1 demands/NOUN/ROOT/1 that/PRON:WDT/dobj/4 Hamas/PROPN/nsubj/4 made/VERB/relcl/1",
     "demands", ("hamas",)),
    ("the/DET/det/1 demands/NOUN/ROOT/1 that/PRON:WDT/dobj/5 yesterday/NOUN/npadvmod/5 Hamas/PROPN/nsubj/5 "
     "made/VERB/relcl/1", "demands", ("hamas",)),
    ("the/DET/det/1 demands/NOUN/ROOT/1 which/PRON:WDT/nsubj/4 Hamas/PROPN/nsubj/4 made/VERB/relcl/1",
     "demands", ("hamas",)),
    ("the/DET/det/1 demands/NOUN/ROOT/1 who/PRON:WP/nsubj/4 Hamas/PROPN/nsubj/4 made/VERB/relcl/1",
     "demands", ("hamas",)),
    # the subject of the verb that makes it; not when the verb is negated
    ("Hamas/PROPN/nsubj/1 made|make/VERB/ROOT/1 demands/NOUN/dobj/1", "demands", ("hamas",)),
    ("Hamas/PROPN/nsubj/3 did/AUX/aux/3 not/PART:RB/neg/3 make|make/VERB/ROOT/3 demands/NOUN/dobj/3", "demands",
     None),
    # the small model's object of a preposition hung on the verb itself
    ("Hamas/PROPN/nsubj/1 insisted|insist/VERB/ROOT/1 demands/NOUN/pobj/1", "demands", ("hamas",)),
    # a passive subject of such a verb is not its object: the verb's agent owns no demand
    ("demands/NOUN/nsubjpass/2 were/AUX/auxpass/2 made|make/VERB:VBN/ROOT/2 by/ADP/agent/2 Hamas/PROPN/pobj/3",
     "demands", None),
    # an object predicate with no object beside it names no one
    ("Israel/PROPN/nsubj/1 called|call/VERB/ROOT/1 demands/NOUN/oprd/1", "demands", None),
])
def test_the_owner_of_a_noun(built, spec, noun, expected):
    ctx = built(spec)
    assert parties(owner(word(ctx, noun), ctx)) == expected


def test_the_owner_is_read_only_from_the_prepositions_asked_for(built):
    # owned_fault asks for "by" only: "the refusal of Hamas" may be a refusal of Hamas, not by it
    ctx = built("the/DET/det/1 refusal/NOUN/ROOT/1 of/ADP/prep/1 Hamas/PROPN/pobj/2")
    assert owner(word(ctx, "refusal"), ctx, ("by",)) is None
    assert parties(owner(word(ctx, "refusal"), ctx)) == ("hamas",)


# --- owners: the word of a cue span that hangs on the sentence ----------------------------

@pytest.mark.parametrize("spec, start, end, expected", [
    # "Israel is not now ready": the content word, not an adverb after it ...
    ("Israel/PROPN/nsubj/1 is/AUX/ROOT/1 not/PART:RB/neg/1 ready/ADJ/acomp/1 now/ADV/advmod/1", 3, 5, "ready"),
    # ... and with no content word, the last outer word, never a negation before it
    ("Israel/PROPN/nsubj/1 is/AUX/ROOT/1 not/PART:RB/neg/1 now/ADV/advmod/1 ready/ADJ/acomp/1", 2, 4, "now"),
    # an auxiliary is no content word either
    ("Israel/PROPN/nsubj/3 has/AUX/aux/3 not/PART:RB/neg/3 agreed/VERB/ROOT/3", 1, 3, "not"),
    # nor a determiner hanging outside the span
    ("Israel/PROPN/nsubj/1 has/VERB/ROOT/1 no/DET/det/3 answer/NOUN/dobj/1", 1, 3, "has"),
])
def test_the_word_a_cue_span_hangs_by(built, spec, start, end, expected):
    ctx = built(spec)
    assert attachment(ctx.doc[start:end]).text == expected


# --- owners: the demand an evaluation applies to ------------------------------------------

@pytest.mark.parametrize("spec, evaluative, noun, clause", [
    # a passive subject is evaluated as a subject is ("the demands were deemed unacceptable")
    ("the/DET/det/1 demands|demand/NOUN/nsubjpass/3 were/AUX/auxpass/3 deemed/VERB:VBN/ROOT/3 "
     "unacceptable/ADJ/oprd/3", "unacceptable", "demands", "deemed"),
    # a relative clause with "that" or "who" for subject evaluates the noun it hangs on ...
    ("the/DET/det/1 demands|demand/NOUN/ROOT/1 who/PRON:WP/nsubj/3 are/AUX/relcl/1 impossible/ADJ/acomp/3",
     "impossible", "demands", "are"),
    # ... but not one with a subject of its own, nor a noun that is no proposal
    ("the/DET/det/1 demands|demand/NOUN/ROOT/1 that/PRON:WDT/dobj/4 Israel/PROPN/nsubj/4 calls/VERB/relcl/1 "
     "unacceptable/ADJ/oprd/4", "unacceptable", None, "calls"),
    ("the/DET/det/1 talks/NOUN/ROOT/1 that/PRON:WDT/nsubj/3 are/AUX/relcl/1 impossible/ADJ/acomp/3",
     "impossible", None, "are"),
    # a word in no evaluating relation evaluates nothing above it
    ("the/DET/det/1 demands|demand/NOUN/nsubj/2 are/AUX/ROOT/2 unacceptable/ADJ/dep/2", "unacceptable", None,
     "unacceptable"),
])
def test_what_an_evaluation_applies_to(built, spec, evaluative, noun, clause):
    ctx = built(spec)
    found, where = evaluated(word(ctx, evaluative))
    assert (found.text if found is not None else None, where.text) == (noun, clause)


CHAIN = ("demands|demand/NOUN/nsubj/1 are/AUX/ROOT/1 absurd/ADJ/acomp/1 excessive/ADJ/conj/2 impossible/ADJ/conj/3 "
         "unworkable/ADJ/conj/4 unacceptable/ADJ/conj/5")


def test_an_evaluation_climbs_at_most_four_links_to_its_demand(built):
    ctx = built(CHAIN)
    assert evaluated(word(ctx, "unworkable"))[0].text == "demands"        # four links up
    assert evaluated(word(ctx, "unacceptable")) == (None, word(ctx, "absurd"))  # five: too far


# --- owners: each group's reader, by its name among the named rules -----------------------

def test_each_owner_reader_carries_its_named_rules_name():
    assert _reader(awaited) == OwnerReader("implied.awaited", awaited)
    assert OWNER_READERS["cue.blame.awaited"] == OwnerReader("implied.awaited", awaited)
    assert {r.name for r in OWNER_READERS.values()} == {
        "implied.owned-fault", "implied.evaluated", "implied.awaited", "implied.counterfactual",
        "implied.unready", "implied.unfulfilled", "implied.punished", "implied.unproven"}


def test_an_implied_cue_with_no_reader_names_no_one(built, matcher):
    ctx = built("Israel/PROPN/nsubj/1 waits|wait/VERB/ROOT/1")
    token = word(ctx, "waits")
    hit = Hit("cue.blame.unknown", "implied", 1, 2)
    assert read_owner(hit, token, ctx, cue_index(ctx, matcher)) == Found(None, "", token, None)


# --- accused: accusation nouns ------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    # only an "on" or "against" phrase names the blamed, each one of them
    ("Hamas/PROPN/nsubj/1 placed/VERB/ROOT/1 the/DET/det/3 blame/NOUN/dobj/1 on/ADP/prep/1 Israel/PROPN/pobj/4 "
     "in/ADP/prep/1 Qatar/PROPN/pobj/6", Accusation(Holder(("hamas",), "attr.np"), ("israel",))),
    ("Hamas/PROPN/nsubj/1 placed/VERB/ROOT/1 the/DET/det/3 blame/NOUN/dobj/1 on/ADP/prep/3 Israel/PROPN/pobj/4 "
     "and/CCONJ/cc/1 on/ADP/prep/1 Qatar/PROPN/pobj/7",
     Accusation(Holder(("hamas",), "attr.np"), ("israel", "qatar"))),
    # "from" names the accusers as "by" does; one accuser alone blames no one back
    ("there/PRON:EX/expl/1 were/VERB/ROOT/1 accusations|accusation/NOUN/attr/1 from/ADP/prep/2 Israel/PROPN/pobj/3 "
     "against/ADP/prep/2 Hamas/PROPN/pobj/5",
     Accusation(Holder(("israel",), "attr.np"), ("hamas",))),
    ("accusations|accusation/NOUN/ROOT/0 by/ADP/prep/0 Israel/PROPN/pobj/1", Accusation(Holder(("israel",), "attr.np"), ())),
    # blame traded or exchanged is mutual
    ("Israel/PROPN/nsubj/3 and/CCONJ/cc/0 Hamas/PROPN/conj/0 traded|trade/VERB/ROOT/3 blame/NOUN/dobj/3",
     Accusation(Holder(("israel", "hamas"), "attr.np"), (), True)),
    ("Israel/PROPN/nsubj/3 and/CCONJ/cc/0 Hamas/PROPN/conj/0 exchanged|exchange/VERB/ROOT/3 "
     "accusations|accusation/NOUN/dobj/3", Accusation(Holder(("israel", "hamas"), "attr.np"), (), True)),
])
def test_an_accusation_noun(built, spec, expected):
    ctx = built(spec)
    noun = next(t for t in ctx.doc if t.lemma_ in ("blame", "accusation"))
    assert blame_noun(noun, ctx) == expected


# --- accused: passives --------------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    ("Israel/PROPN/nsubjpass/2 was/AUX/auxpass/2 blamed|blame/VERB:VBN/ROOT/2", Accusation(None, ("israel",))),
    # an agent with no object names no accuser
    ("Israel/PROPN/nsubjpass/2 was/AUX/auxpass/2 blamed|blame/VERB:VBN/ROOT/2 by/ADP/agent/2 "
     "walking/VERB:VBG/pcomp/3", Accusation(None, ("israel",))),
    # a passive subject that is no party: no one blamed
    ("the/DET/det/1 deal/NOUN/nsubjpass/3 was/AUX/auxpass/3 blamed|blame/VERB:VBN/ROOT/3 by/ADP/agent/3 "
     "Hamas/PROPN/pobj/4", Accusation(Holder(("hamas",), "attr.np"), ())),
])
def test_a_passive_accusation(built, spec, expected):
    ctx = built(spec)
    assert passive_accusation(word(ctx, "blamed"), ctx) == expected


# --- accused: active verbs ----------------------------------------------------------------

EACH = "Israel/PROPN/nsubj/3 and/CCONJ/cc/0 Hamas/PROPN/conj/0 met|meet/VERB/ROOT/3 ,/PUNCT/punct/3 "


@pytest.mark.parametrize("spec, expected", [
    # a dative object is accused as a direct one is, and every object is
    ("Hamas/PROPN/nsubj/1 accused|accuse/VERB/ROOT/1 Israel/PROPN/dative/1 of/ADP/prep/1 lying/VERB:VBG/pcomp/3",
     Accusation(Holder(("hamas",), "attr.np"), ("israel",))),
    ("Hamas/PROPN/nsubj/1 criticized|criticize/VERB/ROOT/1 Israel/PROPN/dobj/1 ,/PUNCT/punct/1 "
     "Qatar/PROPN/dobj/1", Accusation(Holder(("hamas",), "attr.np"), ("israel", "qatar"))),
    # "another" is the other side, as "the other" is
    (EACH + "each/DET/det/6 side/NOUN/nsubj/7 accusing|accuse/VERB:VBG/advcl/3 another/PRON:DT/dobj/7",
     Accusation(Holder(("israel", "hamas"), "attr.np"), (), True)),
    # only "blame" takes its "on" phrase for the blamed; "accused" keeps its object
    ("Israel/PROPN/nsubj/1 accused|accuse/VERB/ROOT/1 Hamas/PROPN/dobj/1 on/ADP/prep/1 Qatar/PROPN/poss/6 "
     "'s/PART:POS/case/4 television/NOUN/pobj/3",
     Accusation(Holder(("israel",), "attr.np"), ("hamas",))),
])
def test_an_active_accusation(built, spec, expected):
    ctx = built(spec)
    verb = next(t for t in ctx.doc if t.pos_ == "VERB" and t.lemma_ != "meet")
    assert active_accusation(verb, ctx) == expected


@pytest.mark.parametrize("spec, expected", [
    (EACH + "each/DET/det/6 side/NOUN/nsubj/7 accusing/VERB:VBG/advcl/3", ("israel", "hamas")),
    (EACH + "each/PRON:DT/nsubj/6 accusing/VERB:VBG/advcl/3", ("israel", "hamas")),
    (EACH + "each/DET/det/6 side/NOUN/nsubjpass/8 being/AUX/auxpass/8 blamed/VERB:VBN/advcl/3",
     ("israel", "hamas")),
    # no distributive subject, no subject, or one party above: no one
    (EACH + "the/DET/det/6 side/NOUN/nsubj/7 accusing/VERB:VBG/advcl/3", None),
    (EACH + "accusing/VERB:VBG/advcl/3", None),
    ("Hamas/PROPN/nsubj/1 met/VERB/ROOT/1 ,/PUNCT/punct/1 each/DET/det/4 side/NOUN/nsubj/5 "
     "accusing/VERB:VBG/advcl/1", None),
])
def test_a_distributive_subject_stands_for_the_parties_above(built, spec, expected):
    ctx = built(spec)
    verb = next(t for t in ctx.doc if t.dep_ == "advcl")
    assert parties(distributed(verb, ctx)) == expected


@pytest.mark.parametrize("spec, expected", [
    # the subjects of an object predicate and of an open complement, each of them
    ("Hamas/PROPN/nsubj/1 held|hold/VERB/ROOT/1 Israel/PROPN/nsubj/3 responsible/ADJ/oprd/1 and/CCONJ/cc/1 "
     "Qatar/PROPN/nsubj/6 accountable/ADJ/xcomp/1", ("israel", "qatar")),
    # a passive subject of a clausal complement
    ("Hamas/PROPN/nsubj/1 charged|charge/VERB/ROOT/1 Israel/PROPN/nsubjpass/4 was/AUX/auxpass/4 "
     "involved/VERB:VBN/ccomp/1", ("israel",)),
    # a complement with no subject names no one
    ("Hamas/PROPN/nsubj/1 held|hold/VERB/ROOT/1 Israel/PROPN/dobj/1 responsible/ADJ/oprd/1", ()),
])
def test_the_subjects_of_an_accusations_complements(built, spec, expected):
    ctx = built(spec)
    assert complement_subjects(ctx.doc[1], ctx) == expected


@pytest.mark.parametrize("spec, focus, expected", [
    # the possessor of the "on" phrase's noun, when only it names a party ("on its insistence")
    ("Hamas/PROPN/nsubj/1 blamed|blame/VERB/ROOT/1 the/DET/det/3 failure/NOUN/dobj/1 on/ADP/prep/1 "
     "its/PRON:PRP$/poss/6 insistence/NOUN/pobj/4", "israel", ("israel",)),
    # each "on" phrase, of the verb then of its object; no other preposition
    ("Hamas/PROPN/nsubj/1 blamed|blame/VERB/ROOT/1 the/DET/det/3 collapse/NOUN/dobj/1 on/ADP/prep/3 "
     "Israel/PROPN/pobj/4 on/ADP/prep/1 Qatar/PROPN/pobj/6", None, ("qatar", "israel")),
    ("Hamas/PROPN/nsubj/1 blamed|blame/VERB/ROOT/1 the/DET/det/3 collapse/NOUN/dobj/1 on/ADP/prep/1 "
     "Israel/PROPN/pobj/4 in/ADP/prep/1 Qatar/PROPN/pobj/6", None, ("israel",)),
])
def test_the_parties_of_an_on_phrase(built, spec, focus, expected):
    ctx = built(spec, focus=focus)
    assert on_phrase_parties(ctx.doc[1], ctx) == expected


# --- faulted: who is at fault -------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    # the fault noun's possessor, adjective or compound, over the verb's subject
    ("Hamas/PROPN/nsubj/1 condemned/VERB/ROOT/1 Israel/PROPN/poss/4 's/PART:POS/case/2 violations/NOUN/dobj/1",
     ("israel",)),
    ("Hamas/PROPN/nsubj/1 condemned/VERB/ROOT/1 Israeli/ADJ/amod/3 violations/NOUN/dobj/1", ("israel",)),
    ("Hamas/PROPN/nsubj/1 condemned/VERB/ROOT/1 the/DET/det/4 Israel/PROPN/compound/4 violations/NOUN/dobj/1",
     ("israel",)),
    # a verb that only records the fault names no one
    ("Hamas/PROPN/nsubj/1 reported|report/VERB/ROOT/1 violations/NOUN/dobj/1", None),
    # from the noun up through prepositions, their objects, conjuncts and adjectives to the verb
    ("Israel/PROPN/nsubj/1 stalled/VERB/ROOT/1 over/ADP/prep/1 claims/NOUN/pobj/2 and/CCONJ/cc/3 "
     "charges/NOUN/conj/3 tied/ADJ:VBN/amod/5 to/ADP/prep/6 violations/NOUN/pobj/7", ("israel",)),
])
def test_who_is_at_fault_for_a_fault_noun(built, spec, expected):
    ctx = built(spec)
    found, _ = fault_target(word(ctx, "violations"), ctx)
    assert parties(found) == expected


def test_a_fault_the_verb_above_blames_on_something_names_no_one(read):
    # "blamed the delay on Israel": the delay is Hamas's accusation's object, not Hamas's fault
    cues, _ = read("Hamas blamed the delay on Israel.")
    fault = next(c for c in cues if c.hit.label == "fault")
    assert (fault.target, fault.clause.text) == (None, "blamed")


def test_a_fault_nouns_own_modifier_is_not_who_says_it(built, matcher):
    # a headline "Egypt Israeli violations": the noun's first modifier does not speak for it
    ctx = built("Egypt/PROPN/nmod/2 Israeli/ADJ/amod/2 violations/NOUN/ROOT/2")
    found = read_fault(word(ctx, "violations"), ctx, cue_index(ctx, matcher))
    assert (parties(found.target), found.holder) == (("israel",), None)


# --- the record of an accusation ----------------------------------------------------------

@pytest.mark.parametrize("text, target, holder", [
    ("Hamas accused Israel of lying.", Holder(("israel",), "accusation.active"), Holder(("hamas",), "attr.np")),
    ("According to Qatar, Israel was blamed for the collapse.", Holder(("israel",), "accusation.passive"),
     Holder(("qatar",), "attr.according-to")),
    ("Hamas accused reporters of lying.", None, Holder(("hamas",), "attr.np")),
])
def test_an_accusations_record_names_how_its_target_was_found(read, text, target, holder):
    cues, _ = read(text)
    cue = next(c for c in cues if c.hit.label == "accuse")
    assert (cue.target, cue.holder) == (target, holder)


# --- fault: how sure a blame is -----------------------------------------------------------

@pytest.mark.parametrize("holder_anaphoric, target_anaphoric, confidence, expected", [
    (False, False, 0.7, 0.7),
    (True, False, 0.7, 0.595),      # 0.7 * 0.85
    (False, True, 0.65, 0.552),     # 0.65 * 0.85 = 0.5525, to three places (just under the half)
    (True, True, 0.65, 0.552),
])
def test_a_blame_found_by_anaphora_is_less_sure(read, holder_anaphoric, target_anaphoric, confidence, expected):
    cues, _ = read("Hamas said Israel was procrastinating.")
    cue = cues[0]._replace(holder=Holder(("hamas",), "attr.np", holder_anaphoric),
                           target=Holder(("israel",), "fault.target", target_anaphoric))
    [result] = blame_results(cue, confidence)
    assert (result.party, result.target, result.confidence) == ("hamas", "israel", expected)


# --- blamed, holders, paths ---------------------------------------------------------------

def test_a_by_phrase_with_no_object_names_no_agent(built):
    ctx = built("the/DET/det/1 violations/NOUN/ROOT/1 by/ADP/prep/1 refusing/VERB:VBG/pcomp/2")
    assert agent_of(word(ctx, "violations"), ctx) is None


@pytest.mark.parametrize("text, expected", [
    ("We rejected the deal.", True),         # a first-person pronoun
    ("He rejected the deal.", False),        # a pronoun, but no one speaking
    ("The US rejected the deal.", False),    # "us", but a name
])
def test_who_speaks_in_a_sentence(nlp, text, expected):
    assert quoted(nlp(text)) is expected


def test_a_passive_with_an_agent_names_its_holder(nlp):
    doc = nlp("The proposal was accepted by Hamas.")
    assert agentless_passive(doc[3]) is False
    assert agentless_passive(nlp("The proposal was accepted.")[3]) is True


# --- fault: who says a party is at fault ------------------------------------------------

@pytest.fixture(scope="module")
def fault_holder_of(read):
    """``fault_holder_of(text, focus)``: the holder read for the first fault cue of a
    sentence the parser reads (a fault word, or an implied cue that names an owner)."""
    def holder(text, focus=None):
        cues, _ = read(text, focus)
        return next(c for c in cues if c.hit.label in ("fault", "implied")).holder
    return holder


@pytest.mark.parametrize("text, holder", [
    # the first report, accusation, rejection, demand or acceptance above the fault names
    # who says it, not the believer above that
    ("Qatar believes Hamas said Israel reneged on the deal.", "hamas"),
    ("Qatar believes Hamas condemned Israel's violations of the truce.", "hamas"),
    ("Qatar believes Hamas blamed Israel's violations for the collapse of the talks.", "hamas"),
    ("Qatar believes Hamas rejected Israel's violations of the truce.", "hamas"),
    ("Qatar believes Hamas demanded an end to Israel's violations of the truce.", "hamas"),
    ("Qatar believes Hamas agreed to overlook Israel's violations of the truce.", "hamas"),
    # a verb that is no cue and not the root is passed by ("knows"): the root's subject says it
    ("Hamas fears Qatar knows Israel reneged on the deal.", "hamas"),
])
def test_the_first_stance_or_report_above_a_fault_names_who_says_it(fault_holder_of, text, holder):
    assert fault_holder_of(text) == Holder((holder,), "attr.np")


def test_the_roots_subject_says_a_fault_even_when_it_points_back(fault_holder_of):
    # "He" is the party in focus, found by anaphora: the root's subject is taken as it is
    assert fault_holder_of("He fears Israel reneged on the deal.", focus="hamas") == Holder(
        ("hamas",), "attr.anaphor", anaphoric=True)


def test_according_to_says_a_fault_no_verb_above_says(fault_holder_of):
    assert fault_holder_of("According to Qatar, Israel reneged on the deal.") == Holder(
        ("qatar",), "attr.according-to")


def test_in_a_quote_the_party_in_focus_says_a_fault_of_another(fault_holder_of):
    assert fault_holder_of("“Hamas reneged on the deal.”", focus="israel") == Holder(
        ("israel",), "attr.quote-focus", anaphoric=True)
    # not its own fault, and not outside a quote
    assert fault_holder_of("“Israel reneged on the deal.”", focus="israel") is None
    assert fault_holder_of("Hamas reneged on the deal.", focus="israel") is None


@pytest.mark.parametrize("text", [
    # no one above says it: the party that acts on the fault holds the blame
    "In light of Hamas's refusal to release the hostages, Netanyahu has decided to send the delegation, "
    "the office stated.",
    # ... also through an auxiliary ("is furious")
    "Because of Hamas's refusal to free the hostages, Netanyahu is furious, the office said.",
])
def test_the_party_that_acts_on_a_fault_holds_it_when_no_one_says_it(fault_holder_of, text):
    assert fault_holder_of(text) == Holder(("israel",), "attr.np")


def test_the_party_that_acts_on_a_fault_may_be_named_by_the_noun_the_verb_describes(fault_holder_of):
    # "angered" has no subject: the negotiators it describes are Hamas's, not the envoy who met them
    text = "Qatar's envoy met Hamas negotiators angered over Israel's refusal to withdraw, the office said."
    assert fault_holder_of(text) == Holder(("hamas",), "attr.np")


@pytest.mark.parametrize("text, focus", [
    # the one acting is the one at fault
    ("Because of Hamas's refusal to free the hostages, Hamas is isolated, the office said.", None),
    # the one acting is found only by anaphora
    ("Because of Hamas's refusal to free the hostages, he is furious, witnesses said.", "israel"),
])
def test_the_party_acting_on_a_fault_must_be_another_named_one(fault_holder_of, text, focus):
    assert fault_holder_of(text, focus=focus) is None


# --- cues: the verb that evaluates, and faults only imagined ---------------------------

# "Netanyahu called the ... unacceptable", the word hung in the ways the small model hangs it
CALLED = "Netanyahu/PROPN/nsubj/1 called|call/VERB/ROOT/1 the/DET/det/3 demand/NOUN/dobj/1 "


@pytest.mark.parametrize("spec, verb", [
    # "as" + the word: its object, a modifier or a complement of it, up to the verb
    (CALLED + "as/ADP/prep/1 unacceptable/ADJ/pobj/4", "called"),
    (CALLED + "as/ADP/prep/1 unacceptable/ADJ/amod/4", "called"),
    (CALLED + "as/ADP/prep/1 unacceptable/ADJ/acomp/4", "called"),
    # ... but not another word under "as", nor the object of another preposition
    (CALLED + "as/ADP/prep/1 unacceptable/ADJ/advmod/4", None),
    (CALLED + "for/ADP/prep/1 unacceptable/ADJ/pobj/4", None),
    # the word as the verb's complement, or after the noun it modifies
    (CALLED + "unacceptable/ADJ/acomp/1", "called"),
    (CALLED + "unacceptable/ADJ/xcomp/1", "called"),
    (CALLED + "unacceptable/ADJ/oprd/1", "called"),
    (CALLED + "unacceptable/ADJ/amod/3", "called"),
    # ... not before it ("the unacceptable demand" is an epithet, not an evaluation)
    ("Netanyahu/PROPN/nsubj/1 called|call/VERB/ROOT/1 the/DET/det/4 unacceptable/ADJ/amod/4 demand/NOUN/dobj/1",
     None),
    # nor another relation after the noun
    (CALLED + "unacceptable/ADJ/npadvmod/3", None),
    # the noun must be the verb's object: a subject noun ends the climb
    ("demands/NOUN/nsubjpass/3 unacceptable/ADJ/amod/0 were/AUX/auxpass/3 deemed|deem/VERB/ROOT/3", None),
    # a verb on the way is where the climb ends, whatever its relation ("stopping" evaluates nothing)
    ("Netanyahu/PROPN/nsubj/1 called|call/VERB/ROOT/1 stopping|stop/VERB/dobj/1 unacceptable/ADJ/acomp/2", None),
])
def test_the_verb_that_evaluates_a_word(built, spec, verb):
    ctx = built(spec)
    found = evaluating_verb(word(ctx, "unacceptable"))
    assert (found.text if found is not None else None) == verb


def test_an_evaluation_climbs_from_the_noun_through_six_links_at_most(built):
    # called <- for <- end <- of <- war <- in <- Gaza <- unacceptable: six links from Gaza
    # up to the verb ...
    near = ("Netanyahu/PROPN/nsubj/1 called|call/VERB/ROOT/1 for/ADP/prep/1 end/NOUN/pobj/2 of/ADP/prep/3 "
            "war/NOUN/pobj/4 in/ADP/prep/5 Gaza/PROPN/pobj/6 unacceptable/ADJ/amod/7")
    assert evaluating_verb(word(built(near), "unacceptable")).text == "called"
    # ... with the object noun between, seven: the climb stops short of the verb
    far = ("Netanyahu/PROPN/nsubj/1 called|call/VERB/ROOT/1 demand/NOUN/dobj/1 for/ADP/prep/2 end/NOUN/pobj/3 "
           "of/ADP/prep/4 war/NOUN/pobj/5 in/ADP/prep/6 Gaza/PROPN/pobj/7 unacceptable/ADJ/amod/8")
    assert evaluating_verb(word(built(far), "unacceptable")) is None


@pytest.mark.parametrize("spec, word_, imagined", [
    # a determiner that makes the fault any, none or every one
    ("no/DET/det/1 violation/NOUN/ROOT/1", "violation", True),
    ("every/DET/det/1 violation/NOUN/ROOT/1", "violation", True),
    ("the/DET/det/1 violation/NOUN/ROOT/1", "violation", False),
    # a fault noun a verb would (or will) evaluate: a warning
    ("Israel/PROPN/nsubj/2 would/AUX/aux/2 consider|consider/VERB/ROOT/2 it/PRON/dobj/2 a/DET/det/5 "
     "violation/NOUN/oprd/2", "violation", True),
    ("Israel/PROPN/nsubj/2 will/AUX/aux/2 consider|consider/VERB/ROOT/2 it/PRON/dobj/2 a/DET/det/5 "
     "violation/NOUN/oprd/2", "violation", True),
    # ... or that it evaluates for any or every act of its subject or object
    ("Israel/PROPN/nsubj/1 considers|consider/VERB/ROOT/1 any/DET/det/3 attack/NOUN/dobj/1 a/DET/det/5 "
     "violation/NOUN/oprd/1", "violation", True),
    ("every/DET/det/1 attack/NOUN/nsubjpass/3 is/AUX/auxpass/3 considered|consider/VERB/ROOT/3 a/DET/det/5 "
     "violation/NOUN/oprd/3", "violation", True),
    ("any/DET/det/1 delay/NOUN/nsubj/2 constitutes|call/VERB/ROOT/2 a/DET/det/4 violation/NOUN/oprd/2",
     "violation", True),
    ("the/DET/det/1 attack/NOUN/nsubjpass/3 is/AUX/auxpass/3 considered|consider/VERB/ROOT/3 a/DET/det/5 "
     "violation/NOUN/oprd/3", "violation", False),
    # ... not "every time" it does
    ("Israel/PROPN/nsubj/1 calls|call/VERB/ROOT/1 it/PRON/dobj/1 a/DET/det/4 violation/NOUN/oprd/1 "
     "every/DET/det/6 time/NOUN/npadvmod/1", "violation", False),
    ("Israel/PROPN/nsubj/1 calls|call/VERB/ROOT/1 any/ADV/advmod/4 further/ADJ/amod/4 delay/NOUN/dobj/1 "
     "a/DET/det/6 violation/NOUN/oprd/1", "violation", False),
    # ... not one it has evaluated
    ("Israel/PROPN/nsubj/2 has/AUX/aux/2 considered|consider/VERB/ROOT/2 it/PRON/dobj/2 a/DET/det/5 "
     "violation/NOUN/oprd/2", "violation", False),
    # a verb is never evaluated so: only its own clause counts
    ("Israel/PROPN/nsubj/2 would/AUX/aux/2 consider|consider/VERB/ROOT/2 rearming|rearm/VERB/xcomp/2",
     "rearming", False),
    # a condition on the fault's clause: of the verb itself, or of the verb a noun hangs on
    ("if/SCONJ:IN/mark/2 Hamas/PROPN/nsubj/2 delays|delay/VERB/advcl/4 ,/PUNCT/punct/4 talks/NOUN/ROOT/4",
     "delays", True),
    ("if/SCONJ:IN/mark/2 Israel/PROPN/nsubj/2 commits|commit/VERB/ROOT/2 violations/NOUN/dobj/2",
     "violations", True),
    ("unless/SCONJ:IN/mark/2 Israel/PROPN/nsubj/2 commits|commit/VERB/ROOT/2 violations/NOUN/dobj/2",
     "violations", True),
    ("whether/SCONJ:IN/mark/2 Israel/PROPN/nsubj/2 commits|commit/VERB/ROOT/2 violations/NOUN/dobj/2",
     "violations", True),
    ("because/SCONJ:IN/mark/2 Israel/PROPN/nsubj/2 commits|commit/VERB/ROOT/2 violations/NOUN/dobj/2",
     "violations", False),
    # the noun's own children are not its clause's
    ("Israel/PROPN/nsubj/1 commits|commit/VERB/ROOT/1 violations/NOUN/dobj/1 if/SCONJ:IN/mark/2", "violations", False),
])
def test_a_fault_only_imagined(built, spec, word_, imagined):
    assert hypothetical(word(built(spec), word_)) is imagined


def test_where_cues_share_a_word_a_faults_cover_counts_first_then_an_accusations_then_a_counterfactuals():
    def cue(label, rule_id):
        return SimpleNamespace(hit=SimpleNamespace(label=label, rule_id=rule_id))
    cues = [cue("implied", "cue.blame.punished"), cue("implied", "cue.blame.counterfactual"),
            cue("accuse", "cue.blame.accuse"), cue("fault", "cue.blame.fault")]
    assert [c.hit.rule_id for c in sorted(cues, key=_zone_order)] == [
        "cue.blame.fault", "cue.blame.accuse", "cue.blame.counterfactual", "cue.blame.punished"]


# --- what a blame is about, and what a fault obstructs ------------------------------------

def _words(ctx, indices):
    return None if indices is None else " ".join(ctx.doc[i].text for i in sorted(indices))


@pytest.mark.parametrize("text, rule_id, covers", [
    # a fault verb covers its clause; a fault noun or adjective the clause it is in
    ("Hamas said Israel was obstructing the entry of aid.", "cue.blame.obstruct",
     "Israel was obstructing the entry of aid"),
    ("Hamas said Israel's violations of the ceasefire continued.", "cue.blame.fault-noun",
     "Israel 's violations of the ceasefire continued"),
    ("Hamas said Israel was responsible for the delay in the release of prisoners.", "cue.blame.fault-noun",
     "Israel was responsible for the delay in the release of prisoners"),
    # an imagined fault verb covers nothing
    ("If Israel delays the withdrawal, Hamas will respond.", "cue.blame.obstruct", None),
    # an accusation covers what it accuses of: its prepositional phrase, and a participle after it
    ("Hamas accused Israel of obstructing the ceasefire.", "cue.blame.accuse", "of obstructing the ceasefire"),
    ("Hamas blamed Israel for the collapse of the truce, saying it had blocked the aid.", "cue.blame.accuse",
     "for the collapse of the truce saying it had blocked the aid"),
    # a price to pay covers what it is paid for, whether "for" hangs on "pay" or on "price"
    ("Hamas will pay a price for the killing of the hostages.", "cue.blame.punished",
     "for the killing of the hostages"),
    ("Hamas will pay a price for the attack on Tuesday.", "cue.blame.punished", "for the attack on Tuesday"),
    ("Hamas will pay a price for this in Gaza.", "cue.blame.punished", "for this"),
])
def test_what_a_blame_is_about(read, text, rule_id, covers):
    cues, ctx = read(text)
    cue = next(c for c in cues if c.hit.rule_id == rule_id)
    assert _words(ctx, cue.covers) == covers


def test_an_accusation_covers_a_participle_hung_as_its_complement(built, matcher):
    ctx = built("Hamas/PROPN/nsubj/1 accused|accuse/VERB/ROOT/1 Israel/PROPN/dobj/1 "
                "obstructing|obstruct/VERB:VBG/pcomp/1 talks/NOUN/dobj/3")
    _, issues, hits = matcher.find(ctx.doc)
    cue = next(c for c in read_blame(ctx, issues, hits) if c.hit.label == "accuse")
    assert _words(ctx, cue.covers) == "obstructing talks"


@pytest.mark.parametrize("text, rule_id, obstructs", [
    # the object of the verb; what the noun is in
    ("Hamas said Israel delayed the handover of bodies.", "cue.blame.obstruct", "the handover of bodies"),
    ("Hamas said Israel was responsible for the delay in the release of prisoners.", "cue.blame.obstruct-noun",
     "in the release of prisoners"),
    # an imagined delay obstructs nothing
    ("If Israel delays the withdrawal, Hamas will respond.", "cue.blame.obstruct", ""),
])
def test_what_a_fault_obstructs(read, text, rule_id, obstructs):
    cues, ctx = read(text)
    cue = next(c for c in cues if c.hit.rule_id == rule_id)
    assert _words(ctx, cue.obstructs) == obstructs


@pytest.mark.parametrize("spec, obstructs", [
    # a clause, a participle or an attribute under the obstructing verb is what it obstructs
    ("Israel/PROPN/nsubj/1 obstructed|obstruct/VERB/ROOT/1 aid/NOUN/nsubj/3 entering|enter/VERB/ccomp/1",
     "aid entering"),
    ("Israel/PROPN/nsubj/1 obstructed|obstruct/VERB/ROOT/1 releasing|release/VERB:VBG/pcomp/1 "
     "prisoners/NOUN/dobj/2", "releasing prisoners"),
    ("Israel/PROPN/nsubj/1 obstructed|obstruct/VERB/ROOT/1 withdrawal/NOUN/attr/1", "withdrawal"),
    # not its subject, nor an adverb
    ("Israel/PROPN/nsubj/1 obstructed|obstruct/VERB/ROOT/1 again/ADV/advmod/1", ""),
])
def test_what_an_obstructing_verb_obstructs_by_relation(built, matcher, spec, obstructs):
    ctx = built(spec)
    _, issues, hits = matcher.find(ctx.doc)
    cue = next(c for c in read_blame(ctx, issues, hits) if c.hit.rule_id == "cue.blame.obstruct")
    assert _words(ctx, cue.obstructs) == obstructs


# --- who is at fault through a copula, and a mediator in focus -----------------------------

@pytest.mark.parametrize("text, rule_id", [
    # the subject names no one: the party on the other side of its copula is at fault ...
    ("The one responsible for the delay is Israel, Hamas said.", "cue.blame.fault-noun"),
    ("The party obstructing the deal is Israel, Hamas said.", "cue.blame.obstruct"),
    ("The side obstructing the deal remains Israel, Hamas said.", "cue.blame.obstruct"),
    # ... or the subject of the clause the copula joins it to
    ("The obstacle is that Israel refuses to withdraw, Hamas said.", "cue.blame.fault-noun"),
    # a relative clause's subject stands for its noun, the subject of the copula
    ("The side that obstructed the deal was Israel, Hamas said.", "cue.blame.obstruct"),
])
def test_who_is_at_fault_through_a_copula(read, text, rule_id):
    cues, _ = read(text)
    cue = next(c for c in cues if c.hit.rule_id == rule_id)
    assert parties(cue.target) == ("israel",)


@pytest.mark.parametrize("text", [
    "The obstacle is real, Hamas said.",  # nothing on the other side of the copula
    "The obstacle is that the talks were stalled, Hamas said.",  # a clause with no active subject
])
def test_a_copula_that_names_no_party_puts_no_one_at_fault(read, text):
    cues, _ = read(text)
    assert next(c for c in cues if c.hit.rule_id == "cue.blame.fault-noun").target is None


def test_a_mediator_found_only_by_anaphora_is_not_at_fault(read, built):
    cues, _ = read("It delayed the handover of bodies.", focus="qatar")
    assert next(c for c in cues if c.hit.label == "fault").target is None
    cues, _ = read("It delayed the handover of bodies.", focus="israel")
    assert parties(next(c for c in cues if c.hit.label == "fault").target) == ("israel",)
    # all the mediators, as well as some of them
    ctx = built("talks/NOUN/ROOT/0", mediators=("qatar",))
    assert blamable(Holder(("qatar",), "attr.anaphor", anaphoric=True), ctx) is None
    assert blamable(Holder(("qatar",), "attr.np"), ctx) == Holder(("qatar",), "attr.np")


def test_a_cue_no_one_is_said_to_make_pairs_no_one_and_an_abstention_keeps_its_issue(read):
    cues, _ = read("Hamas said any violation of the ceasefire would end the talks.")
    fault = next(c for c in cues if c.hit.label == "fault")
    assert (fault.holder, fault.pairs()) == (None, [])
    abstained = traced_blame(read("If Israel delays the withdrawal, Hamas will respond.")[0])[1]
    assert {(a.rule_id, a.issue) for a in abstained} == {("blame.hypothetical", "withdrawal")}
