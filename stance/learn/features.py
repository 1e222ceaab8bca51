"""Candidates -> a sparse feature matrix: symbolic features plus TF-IDF word and character n-grams.

:class:`CandidateFeatures` is a scikit-learn transformer: ``__init__`` only stores
parameters, ``fit`` learns the vocabularies (attributes ending in ``_``) and returns
``self``, ``transform`` maps records with ``symbols`` and ``text`` to one CSR matrix.
It uses no custom callables, so a fitted one saves with skops without trusting code.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

FEATURE_VERSION = "2"  # bump when candidates.py or this module changes what a feature means


def _columns(X, drop: tuple[str, ...] = ()) -> tuple[list[dict], list[str]]:
    """Symbols as dicts and masked texts, from Candidates or ``(symbols, text)`` pairs;
    symbols starting with a prefix in ``drop`` are left out."""
    symbols, texts = [], []
    for row in X:
        sym, text = (row.symbols, row.text) if hasattr(row, "symbols") else row
        if drop:
            sym = [s for s in sym if not s.startswith(drop)]
        symbols.append(dict.fromkeys(sym, 1.0))
        texts.append(text)
    return symbols, texts


class CandidateFeatures(TransformerMixin, BaseEstimator):
    """Symbolic features and TF-IDF n-grams of the masked sentence, side by side.

    Args:
        word_ngrams: ``(min_n, max_n)`` of word n-grams; ``None`` leaves words out.
        char_ngrams: ``(min_n, max_n)`` of character n-grams inside word boundaries;
            ``None`` leaves them out.
        min_df: Least number of training candidates an n-gram must appear in.
        symbol_weight: Scale of the symbolic block against the n-gram blocks.
        drop_symbols: Prefixes of symbols to leave out (``("rule.",)``: a model that
            does not read the rules' own answers; see :mod:`stance.learn.weak`).
    """

    def __init__(self, word_ngrams: tuple[int, int] | None = (1, 2),
                 char_ngrams: tuple[int, int] | None = (2, 5), min_df: int = 2,
                 symbol_weight: float = 0.5, drop_symbols: tuple[str, ...] = ()):
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.symbol_weight = symbol_weight
        self.drop_symbols = drop_symbols

    def fit(self, X: Sequence, y=None) -> CandidateFeatures:
        """Learn the symbol and n-gram vocabularies of ``X``; returns ``self``."""
        symbols, texts = _columns(X, tuple(self.drop_symbols))
        self.symbols_ = DictVectorizer().fit(symbols)
        self.words_ = (TfidfVectorizer(ngram_range=tuple(self.word_ngrams), min_df=self.min_df,
                                       sublinear_tf=True).fit(texts)
                       if self.word_ngrams else None)
        self.chars_ = (TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                       min_df=self.min_df, sublinear_tf=True).fit(texts)
                       if self.char_ngrams else None)
        for vec in (self.words_, self.chars_):
            if vec is not None:
                # plain ints: skops stores a numpy scalar per entry as a file of its own
                vec.vocabulary_ = {term: int(i) for term, i in vec.vocabulary_.items()}
        self.n_features_out_ = sum(v is not None and len(v.get_feature_names_out())
                                   for v in (self.symbols_, self.words_, self.chars_))
        return self

    def transform(self, X: Sequence) -> sp.csr_matrix:
        """The feature matrix of ``X``, one row per candidate."""
        check_is_fitted(self, "symbols_")
        symbols, texts = _columns(X, tuple(self.drop_symbols))
        blocks = [self.symbols_.transform(symbols) * self.symbol_weight]
        blocks += [v.transform(texts) for v in (self.words_, self.chars_) if v is not None]
        return sp.hstack(blocks, format="csr", dtype=np.float64)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Feature names: ``sym:...``, ``word:...`` and ``char:...``."""
        check_is_fitted(self, "symbols_")
        names = [f"sym:{n}" for n in self.symbols_.get_feature_names_out()]
        for prefix, vec in (("word", self.words_), ("char", self.chars_)):
            if vec is not None:
                names += [f"{prefix}:{n}" for n in vec.get_feature_names_out()]
        return np.asarray(names, dtype=object)
