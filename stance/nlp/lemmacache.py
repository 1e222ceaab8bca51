"""A lemmatizer that asks the model's own lemmatizer once per word form, part of speech
and morphology, and reads and writes lemmas as arrays.

spaCy's rule lemmatizer decides a token's lemma from its text, its POS and its
morphological features alone, yet runs Python code on every token (and caches only
some answers). :class:`CachedLemmatizer` wraps the pipeline's lemmatizer, keeps its
answer per ``(ORTH, POS, MORPH)`` and so sets the same lemmas (tested on every token
of the seeds and dev corpus), several times faster.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

FACTORY = "stance_cached_lemmatizer"


@Language.factory(FACTORY)
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(name)


class CachedLemmatizer:
    """Sets lemmas from a wrapped :class:`spacy.pipeline.Lemmatizer`, one call per distinct
    ``(ORTH, POS, MORPH)``; tokens that already have a lemma keep it unless the wrapped
    lemmatizer overwrites."""

    def __init__(self, name: str = "lemmatizer", inner: Lemmatizer | None = None):
        self.name = name
        self.inner = inner
        self._cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        inner, cache, strings = self.inner, self._cache, doc.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if not lemma or inner.overwrite:
                lemma = cache.get((orth, pos, morph))
                if lemma is None:
                    lemma = cache[(orth, pos, morph)] = strings.add(inner.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


def use_cached_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Wrap the pipeline's ``name`` component, a rule or lookup Lemmatizer, in a
    :class:`CachedLemmatizer` under the same name and place.

    Returns:
        Whether the pipeline now runs a CachedLemmatizer under ``name``.
    """
    if name not in nlp.pipe_names:
        return False
    inner = nlp.get_pipe(name)
    if isinstance(inner, CachedLemmatizer):
        return True
    if not isinstance(inner, Lemmatizer) or inner.mode not in ("rule", "lookup"):
        return False
    cached = nlp.replace_pipe(name, FACTORY)
    cached.inner = inner
    return True
