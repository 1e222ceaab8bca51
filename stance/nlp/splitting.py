"""Sentence splitting for the cheap pass: spaCy's Sentencizer, and a line break ends a sentence.

``sentence_breaks`` does in one pass over token attribute arrays what spaCy's
``sentencizer`` followed by ``line_breaks`` do token by token: the same sentence
starts (tested on the seeds, the dev corpus and random texts), without building a
Token object per token, which was most of the cheap pass's time.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, bylines and datelines have no full stop.

    Runs after the ``sentencizer``; the reference ``sentence_breaks`` is tested against.
    """
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@Language.factory("sentence_breaks", default_config={"punct_chars": None})
def make_sentence_breaks(nlp: Language, name: str, punct_chars: list[str] | None) -> SentenceBreaks:
    return SentenceBreaks(nlp, punct_chars)


class SentenceBreaks:
    """Sets sentence starts as ``sentencizer`` + ``line_breaks`` would, from arrays.

    A sentence ends after a run of sentence-final characters (``punct_chars``, spaCy's
    defaults) once a token that is neither punctuation nor such a character follows;
    and a white-space token holding a line break ends one too. Boundaries already set
    are kept, as the Sentencizer keeps them.
    """

    def __init__(self, nlp: Language, punct_chars: list[str] | None = None):
        chars = punct_chars or Sentencizer.default_punct_chars
        self.punct_chars = frozenset(nlp.vocab.strings.add(c) for c in chars)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        orth, punct, space, preset = doc.to_array([ORTH, IS_PUNCT, IS_SPACE, SENT_START]).T.tolist()
        starts = [False] * n
        starts[0] = True
        start, seen_period = 0, False
        chars = self.punct_chars
        for i in range(n):
            is_char = orth[i] in chars
            if seen_period and not punct[i] and not is_char:
                starts[start] = True
                start, seen_period = i, False
            elif is_char:
                seen_period = True
        starts[start] = True
        values = [p if p else (1 if s else -1) for p, s in zip(_signed(preset), starts)]
        for i in range(n - 1):
            if space[i] and "\n" in doc[i].text:
                values[i + 1] = 1
        doc.from_array([SENT_START], numpy.array(values, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


def _signed(values: list[int]) -> list[int]:
    """SENT_START values as -1, 0, 1 (``to_array`` returns them unsigned)."""
    return [v - (1 << 64) if v >= 1 << 63 else v for v in values]
