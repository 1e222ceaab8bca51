"""The learned model on the held-out split: trained on ``train``, scored on ``test``.

Cross-validation (:mod:`stance.learn.crossval`) measures the model on the articles the
rules were developed on, where the rules are at their best; the number that counts is on
the articles nothing was developed on. :func:`evaluate_learned` trains the model (and
chooses its thresholds) on the training side only, then extracts the test articles with
it exactly as ``stance ingest --classifier`` would, and scores them like
``stance evaluate --split test`` scores the rules: the same metric, bootstrap intervals
and tables by negotiation and outlet (``stance evaluate --split test --system combined``),
with the difference from the rules on the same articles (a paired bootstrap).

The model is trained on the labels of every negotiation of the training side at once:
its features never name a party or an issue, so one model reads every profile.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StanceError
from ..evaluation.gold import articles_by_profile, load_corpus, report_groups
from ..evaluation.heldout import Evaluation, evaluate_groups
from ..evaluation.intervals import DEFAULT_REPLICATES
from .dataset import collect
from .estimator import DEFAULT_RECIPE, Recipe
from .model import LearnedClassifier, StanceModel, train
from .persist import ANY_PROFILE

LEARNED_SYSTEMS = ("model", "combined")


def train_on_split(gold: str | Path, *, split: str = "train", corpus: list[str] | None = None,
                   split_file: str | Path | None = None, weak=None, recipe: Recipe = DEFAULT_RECIPE,
                   model: str | None = None) -> StanceModel:
    """Train the model on one side of the split (every negotiation on it), with weak labels
    (:func:`stance.learn.weak.weak_beside`) when the recipe gives them a weight.

    Raises:
        StanceError: The labels or their articles cannot be read, or that side has none.
    """
    labels = load_corpus(gold, corpus=corpus, split=split, split_file=split_file).labels
    if not labels:
        raise StanceError(f"no labels on the '{split}' side of the split to train on")
    data = collect(labels, corpus=corpus, model=model)
    return train(data, profile=ANY_PROFILE, recipe=recipe, weak=weak)


def evaluate_learned(gold: str | Path, *, system: str = "combined", split: str = "test",
                     train_split: str = "train", corpus: list[str] | None = None,
                     split_file: str | Path | None = None, weak=None, recipe: Recipe = DEFAULT_RECIPE,
                     model: str | None = None, replicates: int = DEFAULT_REPLICATES,
                     fitted: StanceModel | None = None) -> Evaluation:
    """Score the model alone (``model``) or with the rules (``combined``) on a held-out side.

    Args:
        gold: The labels (with their split file).
        system: ``model`` or ``combined``.
        split: The side scored (``test``).
        train_split: The side trained on (``train``); must differ from ``split``.
        corpus: Folders the labels' file paths are relative to.
        split_file: The split, if not ``split.yaml`` beside the labels.
        weak: Weak labels of unlabelled articles (:func:`stance.learn.weak.weak_beside`).
        recipe: How the model is fitted.
        model: spaCy model name.
        replicates: Bootstrap resamples of each interval.
        fitted: A model already trained on ``train_split`` (skips training).

    Raises:
        StanceError: The sides are the same or unknown, or the labels cannot be read.
    """
    if system not in LEARNED_SYSTEMS:
        raise StanceError(f"unknown learned system {system!r} (choose from {', '.join(LEARNED_SYSTEMS)})")
    if split == "all" or split == train_split:
        raise StanceError(f"the model is trained on the '{train_split}' articles: score it on the other "
                          f"side (--split test), not on '{split}'")
    from ..extraction.extractor import Extractor

    if fitted is None:
        fitted = train_on_split(gold, split=train_split, corpus=corpus, split_file=split_file,
                                weak=weak, recipe=recipe, model=model)
    data = load_corpus(gold, corpus=corpus, split=split, split_file=split_file)
    predicted: dict[str, list] = {}
    rules: dict[str, list] = {}
    unique = {art.id: art for art in data.articles.values()}
    for name, arts in articles_by_profile(unique, data.profiles).items():
        extractor = Extractor(name, model=model)
        recorder = _RulesBeside(LearnedClassifier(fitted, extractor.profile, system=system))
        extractor.classifier = recorder
        for art, statements in extractor.extract_many(arts):
            predicted[art.id] = statements
            rules[art.id] = recorder.take()
    return evaluate_groups(data.gold, predicted, report_groups(data, split), split=split,
                           system=system, replicates=replicates, versus=("rules", rules))


class _RulesBeside:
    """Decides with a learned classifier and keeps, beside, what the rules alone said (the
    statements the classifier is given), so both systems are scored on one parse."""

    def __init__(self, learned: LearnedClassifier):
        self.learned = learned
        self.version = learned.version
        self.rules: list = []

    def decide(self, doc, statements, findings=None):
        self.rules += statements
        return self.learned.decide(doc, statements, findings)

    def take(self) -> list:
        out, self.rules = self.rules, []
        return out
