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

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from .candidates import BLAME_CLASSES, NONE, POSITION_CLASSES, Candidate
from .features import CandidateFeatures

KINDS = ("position", "blame")
CLASSES = {"position": POSITION_CLASSES, "blame": BLAME_CLASSES}
DEFAULT_C = 4.0


def make_pipeline(*, C: float = DEFAULT_C, min_df: int = 2) -> Pipeline:
    """An unfitted pipeline: :class:`CandidateFeatures` then logistic regression."""
    return Pipeline([
        ("features", CandidateFeatures(min_df=min_df)),
        ("classify", LogisticRegression(C=C, max_iter=5000)),
    ])


def fit_kind(candidates: Sequence[Candidate], labels: Sequence[str], kind: str, *,
             C: float = DEFAULT_C) -> Pipeline | None:
    """Fit the pipeline of one kind on the candidates of that kind.

    Returns:
        The fitted pipeline, or None when the data hold fewer than two classes (nothing
        to learn: the model then abstains on that kind).
    """
    rows = [(c, y) for c, y in zip(candidates, labels) if c.kind == kind]
    if len({y for _, y in rows}) < 2:
        return None
    return make_pipeline(C=C).fit([c for c, _ in rows], [y for _, y in rows])


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
