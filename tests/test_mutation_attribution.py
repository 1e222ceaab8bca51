"""What benchmarks/mutation.sh found unpinned in stance/extraction/attribution.py and
speakers.py: which words point back at a party, the main subject, "according to",
"each other", "the ministry" or "the group" pointing back at the party last named with that
role, numbered and indented lists after a colon, straight quotation marks, the tag after a
quotation over several sentences, and how far after a reporting verb its speaker is looked for."""

import datetime as dt

import pytest

import stance
from stance.extraction.attribution import (
    Holder,
    SentenceContext,
    _is_anaphor,
    according_to,
    is_reciprocal,
    main_subject,
)
from stance.extraction.extractor import Extractor
from stance.extraction.matching import ProfileMatcher
from stance.extraction.speakers import Line, article_speakers, quote_depths
from stance.nlp.pipelines import blank_pipeline, parsing_pipeline
from stance.profile import load_profile
from stance.records import Article

MOVED = "Netanyahu said Israel rejects a withdrawal."  # the focus moves to Israel


def positions(text):
    return {(s.party, s.issue, s.stance) for s in stance.extract(text, date="2024-06-01")}


@pytest.mark.parametrize("named, role", [
    ("Qatar's foreign ministry demanded a ceasefire.", "The ministry"),            # possessor
    ("The Hamas movement rejected a temporary truce.", "The movement"),             # compound
    ("The Palestinian militant group Hamas rejected a temporary truce.", "The group"),  # the name beside it
    ("Hamas, the militant group, rejected a temporary truce.", "The group"),        # an appositive
])
def test_the_role_points_back_at_the_party_named_with_it_after_the_focus_moved(named, role):
    party = "qatar" if "Qatar" in named else "hamas"
    found = positions(f"{named} {MOVED} {role} demanded the release of the hostages.")
    assert (party, "hostages", "demand") in found
    assert ("israel", "hostages", "demand") not in found


def test_a_group_of_a_partys_people_is_no_group_of_that_party():
    found = positions("A group of Israeli negotiators rejected a temporary truce. Hamas said it rejects a "
                      "withdrawal. The group demanded a permanent ceasefire.")
    assert ("hamas", "ceasefire", "demand") in found
    assert ("israel", "ceasefire", "demand") not in found


def line(text, parties=(), paragraph=True):
    return Line(text, tuple(parties), None, paragraph)


def test_a_numbered_or_indented_list_after_a_colon_is_said_by_who_introduced_it():
    lines = [line("Hamas set out its demands:", ["hamas"]), line("1. a permanent ceasefire"),
             line("  12) a full withdrawal"), line("  - the release of prisoners"), line("Talks go on.")]
    found = [(s.parties, s.rule_id) if s else None for s in article_speakers(lines)]
    assert found == [(("hamas",), "speaker.named"), (("hamas",), "speaker.colon"),
                     (("hamas",), "speaker.colon"), (("hamas",), "speaker.colon"), None]


def test_a_straight_quote_opens_before_a_word_and_closes_after_one():
    lines = [line('Hamas said: "We want a deal.'), line('We are ready," it added.', paragraph=False),
             line('A 5"3 board was shown.', paragraph=False)]
    assert quote_depths(lines) == [(False, True), (True, False), (False, False)]


@pytest.fixture(scope="module")
def extractor():
    return Extractor("gaza")


def speakers(extractor, text):
    sents = extractor.sentences(Article(id="a", text=text, date=dt.date(2024, 6, 1)))
    return [(s.text, sp.parties if sp else (), sp.rule_id if sp else None)
            for s, sp in zip(sents, extractor.speakers(sents))]


def test_the_tag_after_a_quotation_names_it_over_a_tag_before_it(extractor):
    found = speakers(extractor, "Hamas said on Monday: “We want a deal. We are ready. Talks must go on,” "
                                "said Qatar's prime minister.")
    assert [speaker[1:] for speaker in found] == [(("hamas",), "speaker.said"), (("qatar",), "speaker.quote"),
                                                  (("qatar",), "speaker.said")]


@pytest.mark.parametrize("text, speaker", [
    # the party six words after the verb is its speaker; seven words after, it is not
    ("“We want a deal,” said the spokesman of the militant Hamas.", (("hamas",), "speaker.said")),
    ("“We want a deal,” said the top spokesman of the militant Hamas.", (("hamas",), "speaker.named")),
])
def test_a_speaker_after_the_verb_is_looked_for_six_words_on(extractor, text, speaker):
    [(_, *found)] = speakers(extractor, text)
    assert tuple(found) == speaker


@pytest.fixture(scope="module")
def parsed():
    nlp = parsing_pipeline()
    matcher = ProfileMatcher(load_profile("gaza"), nlp)

    def context(text, focus=None):
        doc = nlp(text)
        mentions, _, _ = matcher.find(doc)
        return SentenceContext(doc, mentions, focus=focus)
    return context


def token(ctx, text):
    return next(t for t in ctx.doc if t.text == text)


@pytest.mark.parametrize("text, word, anaphor", [
    ("He rejected the deal.", "He", True),
    ("Someone rejected the deal.", "Someone", False),       # a pronoun, but none that points back
    ("His office rejected it.", "office", True),
    ("Her office rejected it.", "office", True),
    ("Its statement rejected it.", "statement", True),
    ("Their leadership rejected it.", "leadership", True),
    ("This statement rejected it.", "statement", True),
    ("The group rejected it.", "group", True),
    ("His forces withdrew.", "forces", True),                # a force only with a possessive pronoun
    ("Her forces withdrew.", "forces", True),
    ("Its teams withdrew.", "teams", True),                  # the plural of a word listed singular
    ("Their forces withdrew.", "forces", True),
    ("Our forces withdrew.", "forces", True),
    ("The army withdrew.", "army", False),
    ("Israel's army withdrew.", "army", False),              # a possessor, but a name
    ("His words were clear.", "words", False),               # a possessive before any noun
])
def test_what_points_back_at_a_party(parsed, text, word, anaphor):
    ctx = parsed(text)
    assert _is_anaphor(token(ctx, word)) is anaphor


@pytest.mark.parametrize("text, focus, subject", [
    ("Hamas rejected the deal.", None, "hamas"),
    ("Hamas was blamed for the collapse.", None, "hamas"),   # a passive subject too
    ("He rejected the deal.", "hamas", None),                # never through a pronoun
    ("The deal was rejected.", None, None),
])
def test_the_main_subject_is_a_party_named_as_the_subject_of_the_root(parsed, text, focus, subject):
    assert main_subject(parsed(text, focus)) == subject


@pytest.mark.parametrize("text, holder", [
    ("According to Qatar, Hamas accepted the deal.", Holder(("qatar",), "attr.according-to")),
    ("Hamas sent a letter to Israel.", None),                # "to" after another word
    ("The deal holds, according to reports.", None),         # no party
    ("The deal holds, according to what Qatar said.", None),  # no object of "to"
])
def test_according_to_names_the_party_after_it(parsed, text, holder):
    assert according_to(parsed(text)) == holder


@pytest.mark.parametrize("text, reciprocal", [
    ("Israel and Hamas blamed each other.", [False, False, False, False, True, True, False]),
    ("One another, they blamed.", [True, True, False, False, False, False]),
])
def test_each_other_and_one_another_are_reciprocal(text, reciprocal):
    assert [is_reciprocal(t) for t in blank_pipeline().make_doc(text)] == reciprocal


@pytest.mark.parametrize("text, evidence", [
    ("Hamas rejected the plan on Monday. “We are ready,” he said.", "he said (hamas)"),
    ("Hamas rejected the plan on Monday. “We are ready,” he also said.", "he also said (hamas)"),
    ("Hamas rejected the plan on Monday. He said talks go on.", "He said (hamas)"),
    ("Hamas rejected the plan on Monday. “We are ready,” the spokesman reiterated.",
     "spokesman reiterated (hamas)"),
])
def test_he_said_is_the_speaker_before_with_the_words_of_both_tags(extractor, text, evidence):
    _, second = extractor.speakers(extractor.sentences(Article(id="a", text=text)))
    assert (second.parties, second.rule_id, second.evidence) == (("hamas",), "speaker.added", evidence)


def test_a_pronoun_after_a_quotation_leaves_it_to_the_paragraphs_speaker(extractor):
    # "..., he said" closes the quote and names nobody: the tag before it does not become
    # the quote's, and the words inside go on as the paragraph's speaker's
    found = speakers(extractor, "Israel said on Monday: “We want a deal. We are ready. Talks must go on,” "
                                "he said.")
    assert [speaker[1:] for speaker in found] == [(("israel",), "speaker.said"),
                                                  (("israel",), "speaker.paragraph"),
                                                  (("israel",), "speaker.added")]
