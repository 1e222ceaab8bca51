"""The cheap pass's candidate test: a necessary condition for the rules, from words alone."""

from pathlib import Path

import pytest
from spacy.strings import StringStore

from stance.extraction.extractor import Extractor
from stance.extraction.matching import ProfileMatcher
from stance.io.ingest import read_paths
from stance.nlp.pipelines import blank_pipeline, parsing_pipeline
from stance.nlp.prefilter import (
    MODIFIER_ROLES,
    CandidateTest,
    WordTest,
    pattern_requirement,
    token_forms,
)
from stance.profile import load_profile
from stance.records import Article

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "labels" / "corpus" / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not present at {DEV} (CI has it)")


@pytest.mark.parametrize("token, forms", [
    ({"LOWER": "hostages"}, {"hostages"}),
    ({"ORTH": "Hamas"}, {"hamas"}),
    ({"LOWER": {"IN": ["truce", "Ceasefire"]}}, {"truce", "ceasefire"}),
    ({"LOWER": "deal", "OP": "+"}, {"deal"}),
    ({"LOWER": "deal", "OP": "{1,3}"}, {"deal"}),
])
def test_a_required_token_gives_its_forms(token, forms):
    assert token_forms(token) == forms


def test_a_lemma_gives_its_inflections():
    forms = token_forms({"LEMMA": {"IN": ["free", "withdraw"]}})
    assert {"free", "frees", "freed", "freeing", "withdraw", "withdrew", "withdrawn", "withdrawing"} <= forms


@pytest.mark.parametrize("token", [
    {"LOWER": "the", "OP": "?"}, {"IS_ALPHA": True, "OP": "*"}, {"LOWER": "all", "OP": "{0,2}"},
    {"LOWER": "not", "OP": "!"}, {"IS_ALPHA": True}, {"LIKE_NUM": True},
    {"LOWER": {"NOT_IN": ["war"]}}, {"LOWER": {"REGEX": "^hostage"}}, {},
])
def test_a_token_that_may_be_absent_or_any_word_constrains_nothing(token):
    assert token_forms(token) is None


def test_a_pattern_needs_each_of_its_required_tokens():
    pattern = [{"LEMMA": "release"}, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": ["hostages", "captives"]}}]
    release, people = pattern_requirement(pattern)
    assert "released" in release and people == {"hostages", "captives"}


def _hashes(strings, text):
    return {strings.add(w) for w in text.lower().split()}


def test_word_test_needs_every_set_of_one_requirement():
    strings = StringStore()
    test = WordTest([(frozenset({"release", "released"}), frozenset({"hostages"})),
                     (frozenset({"truce"}),)], strings)
    assert test(_hashes(strings, "they released the hostages"))
    assert test(_hashes(strings, "a truce"))
    assert not test(_hashes(strings, "the hostages were held"))
    assert not test(_hashes(strings, "they released a statement"))
    assert not test(set())


def test_a_requirement_without_words_lets_every_sentence_through():
    strings = StringStore()
    test = WordTest([(frozenset({"truce"}),), ()], strings)
    assert test.always and test(_hashes(strings, "rain fell"))


@pytest.mark.parametrize("text, candidate", [
    ("Hamas officials said they want an end to the war.", True),
    ("Hamas rejected the proposal.", True),
    ("Israel accused Hamas of stalling.", True),
    # "war" and "release" are words of issue terms, but no term is all there
    ("The officials said the war had destroyed thousands of homes.", False),
    ("Negotiators met in Doha to discuss the release.", False),
    # an issue term and no stance, reporting or blame cue
    ("The release of hostages began on Friday.", False),
    # a stance cue and no issue term
    ("Hamas rejected the report.", False),
])
def test_candidate_sentences(text, candidate):
    (sentence,) = Extractor("gaza").sentences(Article(id="x", text=text))
    assert sentence.candidate is candidate


@pytest.mark.parametrize("folder, profile", [
    ("seeds", "gaza"),
    pytest.param(DEV, "gaza", marks=needs_dev, id="dev"),
    pytest.param(DEV / "other", "hezbollah", marks=needs_dev, id="dev-other"),
])
def test_every_sentence_where_the_matchers_find_a_term_and_a_cue_is_a_candidate(folder, profile):
    """Sound by construction, checked against the real matchers on parsed sentences."""
    prof = load_profile(profile)
    blank, nlp = blank_pipeline(), parsing_pipeline()
    matcher, test = ProfileMatcher(prof, nlp), CandidateTest(prof, blank)
    arts = [a for a in read_paths([REPO / folder]) if isinstance(a, Article)]
    texts = [s.text for a in arts for s in blank(a.text).sents if s.text.strip()]
    would_match = kept = 0
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        _, issues, cues = matcher.find(doc)
        topic = issues or [c for c in cues if c.label in ("accuse", "fault")]
        if topic and any(c.label not in MODIFIER_ROLES for c in cues):
            would_match += 1
            assert test({t.lower for t in blank.make_doc(text)}), text
        kept += test({t.lower for t in blank.make_doc(text)})
    assert would_match > 10
    assert kept < len(texts)  # it does filter


def test_annotators_see_a_looser_net_than_the_parser():
    """Labelling tasks use ``topical`` (a word of a term and a cue word): every candidate
    is topical, and some topical sentences are not candidates (a term's words only in part)."""
    ex = Extractor("gaza")
    sents = [s for a in read_paths([REPO / "seeds"]) if isinstance(a, Article) for s in ex.sentences(a)]
    assert all(s.topical for s in sents if s.candidate)
    assert any(s.topical and not s.candidate for s in sents)
    assert any(not s.topical for s in sents)
