"""The learned model against the rules on the labelled corpus: grouped cross-validation of
rules, model and combined (``stance evaluate --compare``), and per-rule diagnostics read from the
model's candidates (``stance rules report``).

These live in :mod:`stance.learn`, not :mod:`stance.evaluation`, so that evaluation never
imports learning: learning depends on evaluation (its datasets are the gold labels), not the
other way round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import StanceError
from ..evaluation.evaluate import Report, score, stance_confusion
from ..evaluation.gold import split_labels
from ..evaluation.rule_stats import rule_summary
from ..extraction.rules.catalog import named_rules_of
from .combine import SYSTEMS, system_statements
from .crossval import cross_validate, reliability
from .dataset import collect
from .estimator import DEFAULT_RECIPE, Recipe
from .model import train


@dataclass
class Comparison:
    """Rules only, model only and combined, scored on the same held-out articles.

    Attributes:
        reports: The spec's report per system, grouped cross-validation over every
            labelled article (no article in both training and test).
        confusion: Stance confusion matrix per system (see :func:`stance.evaluation.evaluate.stance_confusion`).
        reliability: Calibration of the model's held-out probabilities.
        folds: Outer folds.
        thresholds: The policy chosen in each outer fold (plain dicts).
        out_of_domain: Per system, trained on the main profile's articles and scored on
            the articles of the other profiles (empty when there are none).
        main_profile: The profile with the most labels.
        other_profiles: The profiles scored out of domain.
        n_articles: Labelled articles.
        n_labels: Statement labels.
    """

    reports: dict[str, Report]
    confusion: dict[str, dict]
    reliability: object
    folds: int
    thresholds: list[dict]
    out_of_domain: dict[str, Report]
    main_profile: str
    other_profiles: list[str]
    n_articles: int
    n_labels: int


def compare_systems(gold: str | Path, *, corpus: list[str] | None = None, folds: int = 5,
                    prefilter: bool = True, model: str | None = None, split: str | None = None,
                    recipe: Recipe = DEFAULT_RECIPE, weak=None) -> Comparison:
    """Grouped (by article) cross-validation of rules, model and combined, plus out of domain.

    The folds are drawn from one side of the split (default :func:`~stance.evaluation.gold.default_split`: the
    training articles where the labels have a split file). ``recipe`` says how the model
    is fitted; ``weak`` (:class:`~stance.learn.weak.WeakData`) adds weak labels to every fit.

    Raises:
        StanceError: The labels or their articles cannot be read, or fewer than two
            articles are labelled.
    """
    labels = split_labels(gold, split=split, corpus=corpus)
    data = collect(labels, corpus=corpus, prefilter=prefilter, model=model)
    if len(data.gold) < 2:
        raise StanceError(f"grouped cross-validation needs labels in at least 2 articles, got {len(data.gold)}")
    cv = cross_validate(data, folds=folds, recipe=recipe, weak=weak)
    gold_by = {a: data.gold[a] for a in data.gold}
    confusion = {s: stance_confusion(gold_by, cv.predicted[s]) for s in SYSTEMS}
    counts: dict[str, int] = defaultdict(int)
    for art, labs in data.gold.items():
        counts[data.profiles[art]] += len(labs)
    main = max(sorted(counts), key=lambda p: counts[p])
    others = sorted(p for p in counts if p != main)
    ood: dict[str, Report] = {}
    home = [a for a in data.gold if data.profiles[a] == main]
    away = [a for a in data.gold if data.profiles[a] != main]
    if others and len(home) >= 2:
        fitted = train(data.subset(home), profile=main, recipe=recipe, weak=weak)
        test = data.subset(away)
        probas = fitted.probabilities(test.candidates)
        for system in SYSTEMS:
            ood[system] = score(test.gold, system_statements(test.candidates, probas, fitted.policy, system))
    return Comparison(cv.reports, confusion, reliability(data, cv.probas), cv.folds,
                      [p.to_dict() for p in cv.policies], ood, main, others, len(data.gold), data.n_labels)


def rules_report(gold: str | Path, *, corpus: list[str] | None = None, model: str | None = None,
                 split: str | None = None, by: str = "id"):
    """Per rule id (``by="id"``) or per named rule of the walk (``by="name"``, see
    :data:`~stance.extraction.rules.catalog.NAMED_RULES`): coverage, overlap, conflicts and
    accuracy on the labelled articles of a split (default
    :func:`~stance.evaluation.gold.default_split`).

    Returns:
        ``(summaries, candidates)``: the :class:`~stance.evaluation.rule_stats.RuleSummary` rows and
        how many candidates they were counted over.
    """
    data = collect(split_labels(gold, split=split, corpus=corpus), corpus=corpus, model=model)
    # a candidate is answered by the rule statements for it, and by the rules that abstained
    # on a term of its issue (a vote for no statement)
    items = [(c.rules, y, c.abstained) for c, y in zip(data.candidates, data.labels)]
    if by == "name":
        # a named rule votes with the statements its ids are in
        items = [([replace(s, rule_ids=named_rules_of(s.rule_ids)) for s in statements], y,
                  named_rules_of(abstained)) for statements, y, abstained in items]
    return rule_summary(items), len(items)
