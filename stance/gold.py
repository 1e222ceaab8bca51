"""Evaluate extraction against gold labels: find the labelled articles, extract, score."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import StanceError
from .evaluate import Report, score
from .extract import Extractor
from .ingest import read_file
from .labels import Label, read_labels
from .records import Article

REPO = Path(__file__).resolve().parents[1]


def default_corpus_roots() -> list[Path]:
    """Where label ``file`` paths are looked up: the repository (``seeds/...``) and
    ``../shared/corpus`` beside it (``dev/...``)."""
    return [REPO, REPO.parent / "shared" / "corpus", Path.cwd()]


def article_labels(gold: str | Path | list[Label]) -> list[Label]:
    """The labels that speak for whole articles, from a file, a folder or a list.

    Sentence-level lines of annotators' journals (``stance label``, with a ``task``)
    cover single sentences: counted per article they would turn every other prediction
    of that article into a false hit, so they are left out.
    """
    labels = gold if isinstance(gold, list) else read_labels(gold)
    return [lab for lab in labels if not lab.task]


def by_article(labels: list[Label], articles: dict[str, Article]
               ) -> tuple[dict[str, list[Label]], dict[str, str]]:
    """Labels grouped by article id, and each article's profile id.

    Args:
        labels: Article-level labels.
        articles: The articles of the labels' files (:func:`resolve_articles`).
    """
    gold_by: dict[str, list[Label]] = defaultdict(list)
    profile_of: dict[str, str] = {}
    for lab in labels:
        key = articles[lab.file].id if lab.file else lab.article_id
        gold_by[key].append(lab)
        profile_of[key] = lab.profile or "gaza"
    return dict(gold_by), profile_of


def articles_by_profile(articles: dict[str, Article], profile_of: dict[str, str]
                        ) -> dict[str, list[Article]]:
    """The articles under the profile their labels use, profiles in name order."""
    out: dict[str, list[Article]] = defaultdict(list)
    for art in articles.values():
        out[profile_of.get(art.id, "gaza")].append(art)
    return dict(sorted(out.items()))


def resolve_articles(labels: list[Label], roots: list[Path]) -> dict[str, Article]:
    """The article of every label file, keyed by the label's ``file``.

    Raises:
        StanceError: A label names a file found under none of the roots.
    """
    found: dict[str, Article] = {}
    for name in sorted({lab.file for lab in labels if lab.file}):
        path = next((root / name for root in roots if (root / name).is_file()), None)
        if path is None:
            raise StanceError(f"labelled file '{name}' not found under {', '.join(map(str, roots))} "
                              "(give --corpus)")
        items = [a for a in read_file(path) if isinstance(a, Article)]
        if len(items) != 1:
            raise StanceError(f"labelled file '{name}' does not hold exactly one article")
        found[name] = items[0]
    return found


def evaluate_gold(gold: str | Path, *, corpus: list[str] | None = None, prefilter: bool = True,
                  model: str | None = None) -> tuple[Report, int, int]:
    """Score the extractor on the labelled articles.

    Returns:
        ``(report, articles, labels)``.
    """
    labels = article_labels(gold)
    articles = resolve_articles(labels, [Path(c) for c in corpus] if corpus else default_corpus_roots())
    gold_by, profile_of = by_article(labels, articles)
    predicted: dict[str, list] = {}
    for name, arts in articles_by_profile(articles, profile_of).items():
        extractor = Extractor(name, model=model, prefilter=prefilter)
        for art, statements in extractor.extract_many(arts):
            predicted[art.id] = statements
    report = score(gold_by, predicted, articles=list(gold_by))
    return report, len(gold_by), sum(1 for lab in labels if lab.kind != "none")


@dataclass
class Comparison:
    """Rules only, model only and combined, scored on the same held-out articles.

    Attributes:
        reports: The spec's report per system, grouped cross-validation over every
            labelled article (no article in both training and test).
        confusion: Stance confusion matrix per system (see :func:`stance.evaluate.stance_confusion`).
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
                    prefilter: bool = True, model: str | None = None) -> Comparison:
    """Grouped (by article) cross-validation of rules, model and combined, plus out of domain.

    Raises:
        StanceError: The labels or their articles cannot be read, or fewer than two
            articles are labelled.
    """
    from .evaluate import stance_confusion
    from .learn.combine import SYSTEMS, system_statements
    from .learn.crossval import cross_validate, reliability
    from .learn.dataset import collect
    from .learn.model import train

    data = collect(gold, corpus=corpus, prefilter=prefilter, model=model)
    if len(data.gold) < 2:
        raise StanceError(f"grouped cross-validation needs labels in at least 2 articles, got {len(data.gold)}")
    cv = cross_validate(data, folds=folds)
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
        fitted = train(data.subset(home), profile=main)
        test = data.subset(away)
        probas = fitted.probabilities(test.candidates)
        for system in SYSTEMS:
            ood[system] = score(test.gold, system_statements(test.candidates, probas, fitted.policy, system))
    return Comparison(cv.reports, confusion, reliability(data, cv.probas), cv.folds,
                      [p.to_dict() for p in cv.policies], ood, main, others, len(data.gold), data.n_labels)


def rules_report(gold: str | Path, *, corpus: list[str] | None = None, model: str | None = None):
    """Per rule id: coverage, overlap, conflicts and accuracy on the labelled articles.

    Returns:
        ``(summaries, candidates)``: the :class:`~stance.evaluate.RuleSummary` rows and
        how many candidates they were counted over.
    """
    from .evaluate import rule_summary
    from .learn.dataset import collect

    data = collect(gold, corpus=corpus, model=model)
    items = [(c.rules, y) for c, y in zip(data.candidates, data.labels)]
    return rule_summary(items), len(items)
