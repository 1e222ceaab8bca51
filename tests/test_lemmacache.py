"""The cached lemmatizer sets the lemmas of the model's own lemmatizer, which it wraps.

Lemmas of every seed and dev token are compared with spaCy's own pipeline in
tests/test_fastattrs.py (the parsing pipeline runs both replacements); here, the
wrapper's own behaviour.
"""

import pytest
import spacy
from spacy.pipeline import Lemmatizer

from stance.nlp.lemmacache import CachedLemmatizer, use_cached_lemmatizer
from stance.nlp.pipelines import UNUSED_COMPONENTS, model_name, parsing_pipeline

TEXTS = ["Hamas leaders were meeting the mediators and rejected their proposals.",
         "The hostages' families said they'd been told nothing; Israel's cabinet met.",
         "I am freeing them, he frees them, they freed them.", ""]


@pytest.fixture(scope="module")
def original():
    return spacy.load(model_name(), exclude=list(UNUSED_COMPONENTS))


def test_the_parsing_pipeline_wraps_the_model_lemmatizer_in_place(original):
    nlp = parsing_pipeline()
    cached = nlp.get_pipe("lemmatizer")
    assert isinstance(cached, CachedLemmatizer) and isinstance(cached.inner, Lemmatizer)
    assert nlp.pipe_names == original.pipe_names


def test_same_lemmas_as_the_wrapped_lemmatizer_twice_over(original):
    nlp = parsing_pipeline()
    for _ in range(2):  # the second round is answered from the cache
        for text in TEXTS:
            assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in original(text)]


def test_a_lemma_set_earlier_is_kept_unless_the_lemmatizer_overwrites(original):
    nlp = parsing_pipeline()
    cached = nlp.get_pipe("lemmatizer")
    doc = nlp.make_doc("Hamas rejected the proposals")
    for name, proc in nlp.pipeline:
        if name == "lemmatizer":
            break
        doc = proc(doc)
    doc[1].lemma_ = "refuse"
    assert [t.lemma_ for t in cached(doc)] == ["Hamas", "refuse", "the", "proposal"]
    cached.inner.overwrite = True
    try:
        doc[1].lemma_ = "refuse"
        assert cached(doc)[1].lemma_ == "reject"
    finally:
        cached.inner.overwrite = False


def test_pipelines_without_a_rule_or_lookup_lemmatizer_are_left_alone():
    blank = spacy.blank("en")
    assert not use_cached_lemmatizer(blank)
    blank.add_pipe("sentencizer", name="lemmatizer")
    assert not use_cached_lemmatizer(blank)
    assert blank.pipe_names == ["lemmatizer"]


def test_wrapping_twice_is_a_no_op():
    nlp = parsing_pipeline()
    before = nlp.get_pipe("lemmatizer")
    assert use_cached_lemmatizer(nlp)
    assert nlp.get_pipe("lemmatizer") is before


def test_a_lookup_lemmatizer_is_wrapped_and_answers_the_same():
    from spacy.lookups import Lookups

    def build():
        nlp = spacy.blank("en")
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lookups = Lookups()
        lookups.add_table("lemma_lookup", {"talks": "talk", "freed": "free"})
        lemmatizer.initialize(lookups=lookups)
        return nlp

    plain, cached = build(), build()
    assert use_cached_lemmatizer(cached)
    text = "Talks freed talks and freed them"
    assert [t.lemma_ for t in cached(text)] == [t.lemma_ for t in plain(text)] == [
        "Talks", "free", "talk", "and", "free", "them"]
