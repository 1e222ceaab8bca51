"""Grouped cross-validation: no article is ever in both the training and the test part.

:func:`cross_validate` runs the outer folds; inside each, the thresholds of the
combination are chosen on inner folds of the training articles only (nested), then the
model is refitted on all training articles and answers the test articles. The three
systems (rules only, model only, combined) are scored with the spec's metric on the
same held-out predictions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import GroupKFold

from ..evaluation.evaluate import Report, score
from .candidates import NONE
from .combine import SYSTEMS, Policy, best_answer, choose_policy, system_statements
from .dataset import Dataset
from .estimator import DEFAULT_RECIPE, KINDS, Recipe, fit_recipe, probabilities

DEFAULT_FOLDS = 5
INNER_FOLDS = 4


@dataclass
class CVResult:
    """Held-out predictions of the three systems, and what they were made with.

    Attributes:
        reports: The spec's report per system (``rules``, ``model``, ``combined``).
        predicted: Statements per system and article id.
        probas: Out-of-fold class probabilities per candidate (index of the dataset).
        policies: The policy chosen in each outer fold.
        folds: Number of outer folds.
        train_labels: Labels in the training articles of each outer fold.
    """

    reports: dict[str, Report] = field(default_factory=dict)
    predicted: dict[str, dict[str, list]] = field(default_factory=dict)
    probas: list[np.ndarray] = field(default_factory=list)
    policies: list[Policy] = field(default_factory=list)
    folds: int = 0
    train_labels: list[int] = field(default_factory=list)


def _splits(groups: Sequence[str], folds: int):
    n_groups = len(set(groups))
    k = min(folds, n_groups)
    if k < 2:
        raise ValueError(f"grouped cross-validation needs at least 2 articles, got {n_groups}")
    return GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=list(groups))


def _fit_predict(data: Dataset, train: Sequence[int], test: Sequence[int], recipe: Recipe,
                 weak=None) -> dict[int, np.ndarray]:
    out: dict[int, np.ndarray] = {}
    cands, labels = data.candidates, data.labels
    for kind in KINDS:
        tr = [i for i in train if cands[i].kind == kind]
        te = [i for i in test if cands[i].kind == kind]
        pipe = fit_recipe([cands[i] for i in tr], [labels[i] for i in tr], kind, recipe, weak)
        for i, row in zip(te, probabilities(pipe, [cands[i] for i in te], kind)):
            out[i] = row
    return out


def out_of_fold(data: Dataset, indices: Sequence[int], *, folds: int = INNER_FOLDS,
                recipe: Recipe = DEFAULT_RECIPE, weak=None) -> dict[int, np.ndarray]:
    """Class probabilities of each candidate from a model fitted without its article
    (weak labels, from other articles, join every fit)."""
    groups = [data.candidates[i].article_id for i in indices]
    out: dict[int, np.ndarray] = {}
    for tr, te in _splits(groups, folds):
        out.update(_fit_predict(data, [indices[j] for j in tr], [indices[j] for j in te], recipe, weak))
    return out


def fit_policy(data: Dataset, indices: Sequence[int], *, folds: int = INNER_FOLDS,
               recipe: Recipe = DEFAULT_RECIPE, weak=None) -> Policy:
    """Choose the combination thresholds on inner held-out folds of ``indices``."""
    oof = out_of_fold(data, indices, folds=folds, recipe=recipe, weak=weak)
    cands = [data.candidates[i] for i in indices]
    articles = {c.article_id for c in cands} | {a for a in data.gold if a in _articles(data, indices)}
    gold = {a: data.gold.get(a, []) for a in articles}
    return choose_policy(cands, [data.labels[i] for i in indices], [oof[i] for i in indices], gold)


def _articles(data: Dataset, indices: Sequence[int]) -> set[str]:
    return {data.candidates[i].article_id for i in indices}


def cross_validate(data: Dataset, *, folds: int = DEFAULT_FOLDS, inner: int = INNER_FOLDS,
                   recipe: Recipe = DEFAULT_RECIPE, weak=None, articles: Sequence[str] | None = None,
                   train_share: float = 1.0, seed: int = 0) -> CVResult:
    """Nested grouped cross-validation of the three systems.

    Args:
        data: The dataset.
        folds: Outer folds (grouped by article).
        inner: Inner folds for choosing the thresholds.
        recipe: How the model is fitted (:class:`~stance.learn.estimator.Recipe`).
        weak: Weakly labelled candidates of unlabelled articles (:mod:`stance.learn.weak`),
            added to every fit when the recipe gives them a weight.
        articles: Articles to use (default: all labelled articles).
        train_share: Share of each fold's training articles to train on (a learning
            curve); the test articles stay the same.
        seed: Which training articles a share below 1 keeps.

    Returns:
        Held-out predictions and reports. Labelled articles without any candidate count
        for every system (all their labels are misses).
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # many small fits: threads only add overhead here
        return _cross_validate(data, folds, inner, recipe, weak, articles, train_share, seed)


def _cross_validate(data, folds, inner, recipe, weak, articles, train_share, seed) -> CVResult:
    keep = set(articles) if articles is not None else set(data.gold)
    indices = [i for i, c in enumerate(data.candidates) if c.article_id in keep]
    groups = [data.candidates[i].article_id for i in indices]
    probas: dict[int, np.ndarray] = {}
    result = CVResult(folds=min(folds, len(set(groups))))
    predicted = {s: {a: [] for a in keep} for s in SYSTEMS}
    rng = np.random.default_rng(seed)
    result.train_labels = []
    for tr, te in _splits(groups, folds):
        train = [indices[j] for j in tr]
        test = [indices[j] for j in te]
        if train_share < 1:
            names = sorted(_articles(data, train))
            kept = set(rng.choice(names, size=max(inner, round(train_share * len(names))), replace=False))
            train = [i for i in train if data.candidates[i].article_id in kept]
        result.train_labels.append(sum(1 for a in _articles(data, train) for lab in data.gold.get(a, [])
                                       if lab.kind != "none"))
        policy = fit_policy(data, train, folds=inner, recipe=recipe, weak=weak)
        result.policies.append(policy)
        fold = _fit_predict(data, train, test, recipe, weak)
        probas.update(fold)
        cands = [data.candidates[i] for i in test]
        for system in SYSTEMS:
            for art, found in system_statements(cands, [fold[i] for i in test], policy, system).items():
                predicted[system][art].extend(found)
    gold = {a: data.gold.get(a, []) for a in keep}
    result.predicted = predicted
    result.reports = {s: score(gold, predicted[s]) for s in SYSTEMS}
    result.probas = [probas.get(i) for i in range(len(data.candidates))]
    return result


@dataclass(frozen=True)
class Reliability:
    """How well the model's probabilities match how often it is right, on held-out candidates.

    Attributes:
        brier: Mean squared error of the probability of the model's answer (0 is perfect).
        bins: ``(low, high, count, mean probability, fraction right)`` per probability bin.
        n: Candidates scored.
    """

    brier: float
    bins: tuple[tuple[float, float, int, float, float], ...]
    n: int


def reliability(data: Dataset, probas: Sequence[np.ndarray | None], *, n_bins: int = 5) -> Reliability:
    """Calibration of the model's answers: is a 0.7 right 70% of the time?

    For every held-out candidate, the model's best answer (:func:`best_answer`) is right
    when the gold class has the same polarity (positions) or is blame (blame).
    """
    pairs = []
    for cand, gold, proba in zip(data.candidates, data.labels, probas):
        if proba is None:
            continue
        answer, p = best_answer(cand.kind, proba)
        if cand.kind == "blame":
            right = gold == "blame"
        else:
            right = gold != NONE and (gold == "reject") == (answer == "reject")
        pairs.append((p, float(right)))
    if not pairs:
        return Reliability(0.0, (), 0)
    ps, ys = np.array([p for p, _ in pairs]), np.array([y for _, y in pairs])
    edges = np.linspace(0, 1, n_bins + 1)
    bins = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (ps >= lo) & ((ps < hi) if hi < 1 else (ps <= hi))
        if mask.any():
            bins.append((float(lo), float(hi), int(mask.sum()), float(ps[mask].mean()), float(ys[mask].mean())))
    return Reliability(float(np.mean((ps - ys) ** 2)), tuple(bins), len(pairs))


