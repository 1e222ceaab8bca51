"""The cheap pass's sentence splitter gives the sentence starts of spaCy's Sentencizer
followed by the line_breaks component, which it replaces."""

import random
from pathlib import Path

import pytest
import spacy
from spacy.attrs import SENT_START

from stance.io.ingest import read_paths
from stance.nlp.pipelines import _keep_single_tokens, blank_pipeline
from stance.nlp.splitting import SentenceBreaks  # noqa: F401  (registers the factories)
from stance.records import Article

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "labels" / "corpus" / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not present at {DEV} (CI has it)")


@pytest.fixture(scope="module")
def reference():
    nlp = _keep_single_tokens(spacy.blank("en"))
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks")
    return nlp


def _bounds(doc):
    return [(s.start, s.end) for s in doc.sents]


def test_the_blank_pipeline_splits_with_sentence_breaks():
    assert blank_pipeline().pipe_names == ["sentence_breaks"]


@pytest.mark.parametrize("folder", ["seeds", pytest.param(DEV, marks=needs_dev, id="dev")])
def test_same_sentences_as_sentencizer_and_line_breaks_on_articles(reference, folder):
    texts = [a.text for a in read_paths([REPO / folder]) if isinstance(a, Article)]
    assert texts
    n = 0
    for text in texts:
        want, got = reference(text), blank_pipeline()(text)
        assert _bounds(got) == _bounds(want), text[:80]
        n += len(want)
    assert n > 1000


@pytest.mark.parametrize("seed", range(4))
def test_same_sentences_on_random_texts(reference, seed):
    rnd = random.Random(seed)
    pieces = [".", "!", "?", "?!", "...", "\n", "\n\n", " \n ", "\t", "word", "Hamas", "”", '"', ";",
              ")", "(", "Mr.", "U.S.", "。", "-", "cease-fire", "!!", "’", "1.5"]
    for _ in range(500):
        text = "".join(rnd.choice(pieces) + rnd.choice(["", " ", "  "]) for _ in range(rnd.randint(0, 30)))
        assert _bounds(blank_pipeline()(text)) == _bounds(reference(text)), repr(text)


def test_a_line_break_starts_a_sentence_and_a_full_stop_ends_one():
    doc = blank_pipeline()("GAZA CITY\nHamas said no. Israel agreed")
    assert [s.text.strip() for s in doc.sents] == ["GAZA CITY", "Hamas said no.", "Israel agreed"]


def test_empty_and_blank_texts(reference):
    assert list(blank_pipeline()("").sents) == []
    assert _bounds(blank_pipeline()("  \n ")) == _bounds(reference("  \n "))


def test_boundaries_set_before_the_component_are_kept(reference):
    nlp = blank_pipeline()
    results = []
    for split in (reference.get_pipe("sentencizer"), nlp.get_pipe("sentence_breaks")):
        doc = nlp.make_doc("Hamas said no. Israel rejected the plan today")
        doc[4].is_sent_start = False  # "Israel", after the full stop
        doc[6].is_sent_start = True
        split(doc)
        assert not doc[4].is_sent_start and doc[6].is_sent_start
        results.append(doc.to_array([SENT_START]).tolist())
    assert results[0] == results[1]
