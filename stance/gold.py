"""Evaluate extraction against gold labels: find the labelled articles, extract, score."""

from __future__ import annotations

from collections import defaultdict
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
    labels = read_labels(gold)
    roots = [Path(c) for c in corpus] if corpus else default_corpus_roots()
    articles = resolve_articles(labels, roots)
    gold_by: dict[str, list[Label]] = defaultdict(list)
    profile_of: dict[str, str] = {}
    for lab in labels:
        key = articles[lab.file].id if lab.file else lab.article_id
        gold_by[key].append(lab)
        profile_of[key] = lab.profile or "gaza"
    predicted: dict[str, list] = {}
    by_profile: dict[str, list[Article]] = defaultdict(list)
    for art in articles.values():
        by_profile[profile_of.get(art.id, "gaza")].append(art)
    for name, arts in by_profile.items():
        extractor = Extractor(name, model=model, prefilter=prefilter)
        for art, statements in extractor.extract_many(arts):
            predicted[art.id] = statements
    report = score(gold_by, predicted, articles=list(gold_by))
    return report, len(gold_by), sum(1 for lab in labels if lab.kind != "none")
