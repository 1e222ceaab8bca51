"""The scikit-learn model: candidate features composed with a linear classifier in a Pipeline.

One pipeline per kind of candidate: positions are classified into ``none``, ``demand``,
``accept``, ``reject``; blame candidates into ``none`` or ``blame``. Logistic
regression without class weights keeps its probabilities close to calibrated (the
evaluation measures how close: Brier score and a reliability table on held-out
articles); the decision thresholds are chosen on held-out folds by
:mod:`stance.learn.combine`, not by reweighting classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from .candidates import BLAME_CLASSES, NONE, POSITION_CLASSES, Candidate
from .features import CandidateFeatures

KINDS = ("position", "blame")
CLASSES = {"position": POSITION_CLASSES, "blame": BLAME_CLASSES}
DEFAULT_C = 4.0


@dataclass(frozen=True)
class Recipe:
    """How the model is fitted.

    Attributes:
        C: Inverse regularisation strength of the logistic regression.
        drop_symbols: Symbol prefixes the features leave out (``("rule.",)``: the model
            does not read the rules' answers).
        weak_weight: Sample weight of a weakly labelled candidate (:mod:`stance.learn.weak`);
            0 leaves weak labels out.
        weak_unanswered: Whether a weak candidate the rules neither answered nor abstained
            on counts as ``none`` (True) or is left out, as a labelling function that did
            not fire says nothing (False).
    """

    C: float = DEFAULT_C
    drop_symbols: tuple[str, ...] = ()
    weak_weight: float = 0.0
    weak_unanswered: bool = True

    def to_dict(self) -> dict:
        return {"C": self.C, "drop_symbols": list(self.drop_symbols), "weak_weight": self.weak_weight,
                "weak_unanswered": self.weak_unanswered}


#: The recipe used unless another is asked for: hand labels only, every feature.
DEFAULT_RECIPE = Recipe()


def make_pipeline(*, C: float = DEFAULT_C, min_df: int = 2, drop_symbols: tuple[str, ...] = ()
                  ) -> Pipeline:
    """An unfitted pipeline: :class:`CandidateFeatures` then logistic regression."""
    return Pipeline([
        ("features", CandidateFeatures(min_df=min_df, drop_symbols=tuple(drop_symbols))),
        ("classify", LogisticRegression(C=C, max_iter=5000)),
    ])


def fit_kind(candidates: Sequence[Candidate], labels: Sequence[str], kind: str, *,
             C: float = DEFAULT_C, weights: Sequence[float] | None = None,
             drop_symbols: tuple[str, ...] = ()) -> Pipeline | None:
    """Fit the pipeline of one kind on the candidates of that kind.

    Args:
        candidates: Candidates of any kind (the others are skipped).
        labels: Their classes.
        kind: ``position`` or ``blame``.
        C: Inverse regularisation strength.
        weights: Sample weight of each candidate (default 1 each; weak labels weigh less).
        drop_symbols: Symbol prefixes the features leave out.

    Returns:
        The fitted pipeline, or None when the data hold fewer than two classes (nothing
        to learn: the model then abstains on that kind).
    """
    if weights is None:
        weights = [1.0] * len(candidates)
    rows = [(c, y, w) for c, y, w in zip(candidates, labels, weights) if c.kind == kind]
    if len({y for _, y, _ in rows}) < 2:
        return None
    return make_pipeline(C=C, drop_symbols=drop_symbols).fit(
        [c for c, _, _ in rows], [y for _, y, _ in rows],
        classify__sample_weight=np.asarray([w for _, _, w in rows], dtype=np.float64))


def fit_recipe(candidates: Sequence[Candidate], labels: Sequence[str], kind: str, recipe: Recipe,
               weak=None) -> Pipeline | None:
    """Fit one kind's pipeline by a recipe: hand-labelled candidates weigh 1, the weak ones
    (a :class:`~stance.learn.weak.WeakData`, when given and ``recipe.weak_weight`` > 0) weigh
    ``recipe.weak_weight``."""
    cands, labs = list(candidates), list(labels)
    weights = [1.0] * len(cands)
    if weak is not None and recipe.weak_weight > 0:
        for cand, label in zip(weak.candidates, weak.labels):
            if recipe.weak_unanswered or cand.rules or cand.abstained:
                cands.append(cand)
                labs.append(label)
                weights.append(recipe.weak_weight)
    return fit_kind(cands, labs, kind, C=recipe.C, weights=weights, drop_symbols=recipe.drop_symbols)


def probabilities(pipeline: Pipeline | None, candidates: Sequence[Candidate], kind: str) -> np.ndarray:
    """Class probabilities of candidates of one kind, columns in ``CLASSES[kind]`` order.

    A class the pipeline never saw gets probability 0; with no pipeline every candidate
    is ``none`` with probability 1.
    """
    classes = CLASSES[kind]
    out = np.zeros((len(candidates), len(classes)))
    if not len(candidates):
        return out
    if pipeline is None:
        out[:, classes.index(NONE)] = 1.0
        return out
    proba = pipeline.predict_proba(list(candidates))
    for j, cls in enumerate(pipeline.classes_):
        out[:, classes.index(cls)] = proba[:, j]
    return out
