"""FastAttributeRuler must annotate exactly as spaCy's AttributeRuler does.

Three kinds of checks: the real model over the seed articles and the dev corpus
(original pipeline vs ``parsing_pipeline()``, token by token, which also holds the
cached lemmatizer and the numpy matrix products to spaCy's own results); hand-built pattern lists
for the precedence rules a re-implementation can get wrong; and random pattern lists
on random docs, compared with the original component.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

from stance.io.ingest import read_paths
from stance.nlp.fastattrs import FastAttributeRuler, use_fast_attribute_ruler
from stance.nlp.pipelines import (
    UNUSED_COMPONENTS,
    _keep_single_tokens,
    blank_pipeline,
    full_pipeline,
    model_name,
    parsing_pipeline,
)
from stance.records import Article

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "labels" / "corpus" / "dev"  # as in test_dev_quality.py
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not present at {DEV} (CI has it)")


# --- the real model: original pipeline vs parsing_pipeline(), token by token ---------

@pytest.fixture(scope="module")
def original():
    """The parsing pipeline as it was: the same model and tokenizer, spaCy's AttributeRuler,
    lemmatizer and BLIS matrix products."""
    nlp = _keep_single_tokens(spacy.load(model_name(), exclude=list(UNUSED_COMPONENTS)))
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler
    return nlp


@pytest.fixture(scope="module")
def fast():
    nlp = parsing_pipeline()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    return nlp


def _texts(folder: Path) -> list[str]:
    """Every sentence of every article under ``folder`` (recursively), then every whole article.

    Whole articles keep the line breaks and blank lines (space tokens) that sentences lose.
    """
    arts = [a for a in read_paths([folder]) if isinstance(a, Article)]
    assert arts, f"no articles under {folder}"
    sentences = [s.text for a in arts for s in blank_pipeline()(a.text).sents if s.text.strip()]
    return sentences + [a.text for a in arts]


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def _assert_same_parses(original, fast, texts: list[str]) -> int:
    n_tokens = 0
    for text, want, got in zip(texts, original.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(got) == _annotations(want), text
        n_tokens += len(want)
    return n_tokens


def test_parsing_pipeline_keeps_the_names_and_order_and_full_pipeline_is_untouched(original, fast):
    assert fast.pipe_names == original.pipe_names
    assert fast.component_names == original.component_names
    ruler = fast.get_pipe("attribute_ruler")
    assert ruler.patterns == original.get_pipe("attribute_ruler").patterns
    assert type(full_pipeline().get_pipe("attribute_ruler")) is AttributeRuler


def test_same_annotations_on_every_seed_sentence(original, fast):
    texts = _texts(REPO / "seeds")
    assert _assert_same_parses(original, fast, texts) > 1000


@needs_dev
def test_same_annotations_on_every_dev_sentence(original, fast):
    assert (DEV / "other").is_dir()
    texts = _texts(DEV)  # read_paths goes into other/ too
    assert _assert_same_parses(original, fast, texts) > 5000


def test_the_model_ruler_sets_what_the_tagger_does_not(fast):
    # Not vacuous: POS, MORPH and the rules' lemmas come from the attribute ruler.
    doc = fast("They said the best offer is theirs, and they aren't gonna take it.")
    by_text = {t.text: t for t in doc}
    assert by_text["best"].pos_ == "ADJ" and str(by_text["best"].morph) == "Degree=Sup"
    assert by_text["They"].pos_ == "PRON" and "Case=Nom" in str(by_text["They"].morph)
    assert by_text["n't"].pos_ == "PART" and by_text["n't"].lemma_ == "not"
    assert by_text["it"].dep_ == "dobj" and "Case=Acc" in str(by_text["it"].morph)
    assert by_text["gon"].lemma_ == "go" and by_text["na"].lemma_ == "to"  # two-token patterns


# --- hand-built pattern lists -------------------------------------------------------

def _doc(owner, words, tags, deps=None, **kwargs) -> Doc:
    """A doc in the vocab of ``owner`` (a pipeline or a component) with tags and dependencies."""
    deps = deps or ["dep"] * len(words)
    return Doc(owner.vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words), **kwargs)


def _rulers(patterns) -> list[AttributeRuler]:
    """spaCy's AttributeRuler and a FastAttributeRuler with the same patterns, each with its own vocab."""
    rulers = []
    for cls in (AttributeRuler, FastAttributeRuler):
        ruler = cls(spacy.blank("en").vocab)
        ruler.add_patterns(patterns)
        rulers.append(ruler)
    return rulers


def _both(patterns, words, tags, deps=None, **kwargs) -> tuple[Doc, Doc]:
    """The doc annotated by spaCy's AttributeRuler and by FastAttributeRuler."""
    if not isinstance(patterns[0], AttributeRuler):
        patterns = _rulers(patterns)
    want, got = (ruler(_doc(ruler, words, tags, deps, **kwargs)) for ruler in patterns)
    return want, got


def _same(patterns, words, tags, deps=None, **kwargs) -> Doc:
    want, got = _both(patterns, words, tags, deps, **kwargs)
    assert _annotations(got) == _annotations(want)
    return got


def test_when_two_patterns_set_the_same_attribute_the_later_one_wins():
    noun = {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}
    verb = {"patterns": [[{"LOWER": "deal"}]], "attrs": {"POS": "VERB"}}
    words, tags = ["a", "Deal", "deal"], ["DT", "NN", "NN"]
    assert [t.pos_ for t in _same([noun, verb], words, tags)] == ["", "VERB", "VERB"]
    assert [t.pos_ for t in _same([verb, noun], words, tags)] == ["", "NOUN", "NOUN"]


def test_attributes_of_several_patterns_add_up_and_morph_is_replaced_not_merged():
    plural = {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}}
    lemma = {"patterns": [[{"LOWER": "talks"}]], "attrs": {"LEMMA": "talk"}}
    case = {"patterns": [[{"TAG": "NNS", "LOWER": "talks"}]], "attrs": {"MORPH": "Case=Nom"}}
    doc = _same([plural, lemma], ["talks", "ends"], ["NNS", "NNS"])
    assert [(t.pos_, str(t.morph), t.lemma_) for t in doc] == [
        ("NOUN", "Number=Plur", "talk"), ("NOUN", "Number=Plur", "")]
    doc = _same([plural, lemma, case], ["talks", "ends"], ["NNS", "NNS"])
    assert [str(t.morph) for t in doc] == ["Case=Nom", "Number=Plur"]


def test_every_pattern_sees_the_doc_as_it_was_before_the_component():
    retag = {"patterns": [[{"TAG": "NN"}]], "attrs": {"TAG": "VB"}}
    verbs = {"patterns": [[{"TAG": "VB"}]], "attrs": {"POS": "VERB"}}
    doc = _same([retag, verbs], ["deal", "go"], ["NN", "VB"])
    assert [(t.tag_, t.pos_) for t in doc] == [("VB", ""), ("VB", "VERB")]


def test_multi_token_patterns_set_the_token_at_their_index():
    gonna = [[{"LOWER": "gon"}, {"LOWER": "na"}]]
    patterns = [
        {"patterns": gonna, "attrs": {"LEMMA": "go"}, "index": 0},
        {"patterns": gonna, "attrs": {"LEMMA": "to"}, "index": 1},
        {"patterns": gonna, "attrs": {"POS": "PART"}, "index": -1},
        {"patterns": gonna, "attrs": {"POS": "VERB"}, "index": -2},
        {"patterns": [[{"TAG": "VBG"}]], "attrs": {"POS": "AUX", "LEMMA": "going"}},  # later: wins on gon
    ]
    doc = _same(patterns, ["I", "m", "gon", "na", "go", "gon"], ["PRP", "VBP", "VBG", "TO", "VB", "VBG"])
    assert [(t.pos_, t.lemma_) for t in doc] == [
        ("", ""), ("", ""), ("AUX", "going"), ("PART", "to"), ("", ""), ("AUX", "going")]


def test_an_index_outside_the_match_raises_after_the_earlier_matches_as_spacy_does():
    patterns = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
        {"patterns": [[{"LOWER": "a"}, {"LOWER": "deal"}]], "attrs": {"POS": "X"}, "index": 2},
        {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
    ]
    docs = []
    for cls in (AttributeRuler, FastAttributeRuler):
        ruler = cls(spacy.blank("en").vocab)
        ruler.add_patterns(patterns)
        doc = _doc(ruler, ["a", "deal"], ["DT", "NN"])
        with pytest.raises(ValueError, match="E1001"):
            ruler(doc)
        docs.append(doc)
    assert [t.pos_ for t in docs[1]] == [t.pos_ for t in docs[0]] == ["", "NOUN"]


def test_patterns_left_to_the_matcher_keep_their_place_in_the_order():
    compiled = {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}
    quantified = {"patterns": [[{"LOWER": "deal", "OP": "+"}]], "attrs": {"POS": "VERB"}}
    fuzzy = {"patterns": [[{"LOWER": {"FUZZY": "dael"}}]], "attrs": {"LEMMA": "fuzzy"}}
    sent_start = {"patterns": [[{"IS_SENT_START": True}]], "attrs": {"LEMMA": "first"}}
    morph_in = {"patterns": [[{"MORPH": {"IN": ["Number=Sing"]}}]], "attrs": {"TAG": "XX"}}
    words, tags = ["deal", "deal", "talks"], ["NN", "NN", "NNS"]
    morphs = ["Number=Sing", "", "Number=Plur"]
    doc = _same([compiled, quantified, fuzzy, sent_start, morph_in], words, tags, morphs=morphs,
                sent_starts=[True, False, False])
    assert [(t.pos_, t.lemma_, t.tag_) for t in doc] == [
        ("VERB", "first", "XX"), ("VERB", "fuzzy", "NN"), ("", "", "NNS")]
    doc = _same([quantified, compiled], words, tags)
    assert [t.pos_ for t in doc] == ["NOUN", "NOUN", ""]
    ruler = FastAttributeRuler(spacy.blank("en").vocab)
    ruler.add_patterns([compiled, quantified, fuzzy, sent_start, morph_in])
    assert [i for i, _ in ruler.uncompiled] == [1, 2, 3, 4]


def test_in_not_in_regex_and_empty_specs_are_compiled_and_match_as_spacy_does():
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["is", "'s"]}, "TAG": "VBZ"}]], "attrs": {"LEMMA": "be"}},
        {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]], "attrs": {"POS": "AUX"}},
        {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
        {"patterns": [[{}, {"TEXT": "all", "IS_ALPHA": True}]], "attrs": {"MORPH": "PronType=Tot"}, "index": 1},
        {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    ]
    words = ["It", "'s", "nothin'", "to", "y'", "all", "\n", "\n"]
    tags = ["PRP", "VBZ", "NN", "TO", "PRP", "DT", "_SP", "_SP"]
    deps = ["nsubj", "aux", "attr", "aux", "pobj", "pobj", "punct", ""]
    doc = _same(patterns, words, tags, deps, spaces=[True, True, True, True, False, False, False, False])
    assert doc[1].lemma_ == "be" and doc[1].pos_ == "AUX" and doc[3].pos_ == ""
    assert doc[2].lemma_ == "nothing" and str(doc[5].morph) == "PronType=Tot"
    assert [t.dep_ for t in doc[6:]] == ["dep", ""]
    ruler = FastAttributeRuler(spacy.blank("en").vocab)
    ruler.add_patterns(patterns)
    assert ruler.uncompiled == []


def test_lexeme_attributes_are_applied_in_spacy_order_not_token_by_token():
    # SHAPE is stored on the word, shared by both "Deal" tokens: the last match in
    # pattern order decides it, not the last token.
    patterns = [{"patterns": [[{"TAG": "VB"}]], "attrs": {"SHAPE": "verbish"}},
                {"patterns": [[{"TAG": "NN"}]], "attrs": {"SHAPE": "nounish"}}]
    doc = _same(patterns, ["Deal", "Deal"], ["NN", "VB"])
    assert [t.shape_ for t in doc] == ["nounish", "nounish"]


def test_extension_attributes_are_set_in_spacy_order():
    if not Token.has_extension("fastattrs_test"):
        Token.set_extension("fastattrs_test", default=None)
    patterns = [{"patterns": [[{"TAG": "NN"}]], "attrs": {"_": {"fastattrs_test": "noun"}}},
                {"patterns": [[{"LOWER": "deal"}]], "attrs": {"_": {"fastattrs_test": "deal"}}}]
    want, got = _both(patterns, ["deal", "talk"], ["NN", "NN"])
    assert [t._.fastattrs_test for t in got] == [t._.fastattrs_test for t in want] == ["deal", "noun"]


# --- random pattern lists on random docs --------------------------------------------

WORDS = ["the", "deal", "Deal", "is", "'s", "gon", "na", "ai", "n't", "nothin'", "y'", "all",
         "it", "I", "you", "talks", "\n", " "]
TAGS = ["DT", "NN", "NNS", "VBZ", "VB", "PRP", "RB", "TO", "_SP", "IN"]
DEPS = ["nsubj", "dobj", "det", "ROOT", "aux", "pobj", "expl", ""]
POS = ["NOUN", "VERB", "AUX", "PART", "DET", "PRON"]
MORPHS = ["Number=Sing", "Number=Plur", "Polarity=Neg", "Case=Acc|Person=1"]


def _random_value(rng: random.Random, attr: str):
    choices = {"TAG": TAGS, "DEP": DEPS, "POS": POS, "LEMMA": WORDS, "LOWER": [w.lower() for w in WORDS],
               "ORTH": WORDS, "TEXT": WORDS, "NORM": [w.lower() for w in WORDS]}.get(attr)
    if choices is None:  # a flag
        return rng.random() < 0.5
    kind = rng.random()
    if kind < 0.55:
        return rng.choice(choices)
    if kind < 0.75:
        return {"IN": rng.sample(choices, rng.randint(0, 3))}
    if kind < 0.9:
        return {"NOT_IN": rng.sample(choices, rng.randint(1, 3))}
    return {"REGEX": rng.choice(["^n", "s$", "^.$", "[aeiou]{2}", "^$"])}


def _random_pattern(rng: random.Random) -> dict:
    length = rng.choice([1, 1, 1, 2, 3])
    pattern = []
    for _ in range(length):
        spec = {attr: _random_value(rng, attr) for attr in rng.sample(
            ["TAG", "LOWER", "DEP", "POS", "LEMMA", "ORTH", "TEXT", "NORM", "IS_SPACE", "IS_ALPHA"],
            rng.choice([0, 1, 1, 2, 2, 3]))}
        if rng.random() < 0.1:
            spec["OP"] = rng.choice(["?", "+", "*"])
        pattern.append(spec)
    quantified = any("OP" in spec for spec in pattern)
    index = 0 if quantified else rng.randrange(-length, length)
    attrs = {attr: rng.choice(values) for attr, values in rng.sample(
        [("POS", POS), ("TAG", TAGS), ("LEMMA", WORDS), ("MORPH", MORPHS), ("DEP", DEPS)],
        rng.randint(1, 3))}
    return {"patterns": [pattern], "attrs": attrs, "index": index}


@pytest.mark.parametrize("seed", range(25))
def test_random_pattern_lists_match_spacy(seed):
    rng = random.Random(seed)
    rulers = _rulers([_random_pattern(rng) for _ in range(rng.randint(5, 40))])
    for _ in range(40):
        n = rng.randint(1, 12)
        words = [rng.choice(WORDS) for _ in range(n)]
        _same(rulers, words, [rng.choice(TAGS) for _ in range(n)], [rng.choice(DEPS) for _ in range(n)],
              pos=[rng.choice(POS) for _ in range(n)], lemmas=[rng.choice(WORDS) for _ in range(n)],
              spaces=[rng.random() < 0.7 for _ in range(n)])


# --- swapping the component ---------------------------------------------------------

def test_a_pipeline_without_attribute_ruler_is_left_alone():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert use_fast_attribute_ruler(nlp) is False
    assert nlp.pipe_names == ["sentencizer"]


def test_unreadable_patterns_keep_the_original_component(monkeypatch):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("attribute_ruler").add_patterns([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}])

    def unreadable(self):
        raise ValueError("cannot read the patterns")

    monkeypatch.setattr(AttributeRuler, "patterns", property(unreadable))
    assert use_fast_attribute_ruler(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler


def test_the_swapped_component_has_the_same_place_patterns_and_serialization():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    patterns = [{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 0},
                {"patterns": [[{"LOWER": "a"}, {"LOWER": "deal"}]], "attrs": {"LEMMA": "pact"}, "index": -1}]
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    nlp.add_pipe("merge_subtokens")
    assert use_fast_attribute_ruler(nlp) is True
    assert nlp.pipe_names == ["sentencizer", "attribute_ruler", "merge_subtokens"]
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, FastAttributeRuler) and ruler.patterns == patterns
    copy = FastAttributeRuler(nlp.vocab).from_bytes(ruler.to_bytes())
    assert copy.patterns == patterns
    doc = copy(_doc(nlp, ["a", "deal"], ["DT", "NN"]))
    assert [(t.pos_, t.lemma_) for t in doc] == [("", ""), ("NOUN", "pact")]
