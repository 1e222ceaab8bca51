"""Evaluate extraction against gold labels: find the labelled articles, extract, score."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import StanceError
from ..extraction.extractor import Extractor
from ..io.ingest import read_file
from ..labels import Label, read_labels
from ..records import Article
from .heldout import Evaluation, evaluate_groups
from .intervals import DEFAULT_REPLICATES
from .split import SPLIT_FILE, ArticleKey, check_split_name, find_split, read_split

REPO = Path(__file__).resolve().parents[2]


def default_corpus_roots(gold: str | Path | None = None) -> list[Path]:
    """Where label ``file`` paths are looked up, first match wins.

    Beside the labels (the folder above ``labels/`` for ``seeds/...``, ``labels/corpus`` for
    ``dev/...``, ``gaza/...``), then the same two under the working directory and under the
    source tree (an installed package has no ``labels/`` of its own).
    """
    roots: list[Path] = []
    if gold is not None and not isinstance(gold, list):
        folder = Path(gold) if Path(gold).is_dir() else Path(gold).parent
        roots += [folder.parent, folder / "corpus"]
    for base in (Path.cwd(), REPO):
        roots += [base, base / "labels" / "corpus"]
    return list(dict.fromkeys(roots))


def locate(name: str, roots: list[Path]) -> Path:
    """The file a label names, under the first root that has it.

    Raises:
        StanceError: No root has it.
    """
    path = next((root / name for root in roots if (root / name).is_file()), None)
    if path is None:
        raise StanceError(f"labelled file '{name}' not found under {', '.join(map(str, roots))} "
                          "(give --corpus)")
    return path


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
        path = locate(name, roots)
        items = [a for a in read_file(path) if isinstance(a, Article)]
        if len(items) != 1:
            raise StanceError(f"labelled file '{name}' does not hold exactly one article")
        found[name] = items[0]
    return found


@dataclass(frozen=True)
class LabelledCorpus:
    """The labelled articles of one split, with what the split and the groups need.

    Attributes:
        labels: The article-level labels of the selected articles.
        articles: The selected articles, keyed by their label ``file``.
        gold: Labels per article id.
        profiles: Each article's profile (its negotiation).
        sides: Each article's side of the split (``train`` for all without a split file).
        outlets: Each article's outlet (header ``outlet``), ``""`` when not given.
    """

    labels: list[Label]
    articles: dict[str, Article]
    gold: dict[str, list[Label]]
    profiles: dict[str, str]
    sides: dict[str, str]
    outlets: dict[str, str]


def load_corpus(gold: str | Path | list[Label], *, corpus: list[str] | None = None, split: str = "all",
                split_file: str | Path | None = None) -> LabelledCorpus:
    """Read the labels and their articles, and keep those of one side of the split.

    Args:
        gold: A labels file or folder, or labels already read.
        corpus: Folders the labels' file paths are relative to (default
            :func:`default_corpus_roots`).
        split: ``test``, ``train`` or ``all``.
        split_file: The split (default: ``split.yaml`` beside the labels).

    Raises:
        StanceError: Labels or articles cannot be read, there are no article labels, the
            split is unknown, or a split other than ``all`` is asked for without a split file.
    """
    check_split_name(split)
    labels = article_labels(gold)
    if not labels:
        raise StanceError("no labels to score" + ("" if isinstance(gold, list) else f" in {gold}"))
    roots = [Path(c) for c in corpus] if corpus else default_corpus_roots(gold)
    articles = resolve_articles(labels, roots)
    gold_by, profile_of = by_article(labels, articles)
    path = Path(split_file) if split_file else (None if isinstance(gold, list) else find_split(gold))
    if split != "all" and path is None:
        raise StanceError(f"no split file beside {gold} (labels/{SPLIT_FILE}); give --split-file "
                          "or --split all")
    chosen = read_split(path) if path else None
    # a header's other keys are the article's meta: no second read of the file
    outlets = {art.id: str(art.meta.get("outlet", "")) for art in articles.values()}
    sides = {art.id: chosen.side(ArticleKey(profile_of[art.id], outlets[art.id], art.date))
             if chosen else "train" for art in articles.values()}
    keep = {a for a, side in sides.items() if split == "all" or side == split}
    chosen_labels = [lab for lab in labels
                     if (articles[lab.file].id if lab.file else lab.article_id) in keep]
    return LabelledCorpus(
        labels=chosen_labels,
        articles={name: art for name, art in articles.items() if art.id in keep},
        gold={a: labs for a, labs in gold_by.items() if a in keep},
        profiles={a: p for a, p in profile_of.items() if a in keep},
        sides={a: s for a, s in sides.items() if a in keep},
        outlets={a: o for a, o in outlets.items() if a in keep})


def default_split(gold: str | Path | list[Label]) -> str:
    """``train`` where a split file goes with the labels (develop on train only), else ``all``."""
    return "train" if not isinstance(gold, list) and find_split(gold) else "all"


def split_labels(gold: str | Path | list[Label], *, split: str | None = None,
                 corpus: list[str] | None = None) -> list[Label]:
    """The article-level labels of one side of the split (default :func:`default_split`)."""
    return load_corpus(gold, corpus=corpus, split=split or default_split(gold)).labels


SYSTEMS = ("rules", "keywords")


def _predict(data: LabelledCorpus, system: str, *, prefilter: bool, model: str | None) -> dict[str, list]:
    """Statements of the rules (the extractor) or of the keyword baseline, per article id."""
    if system not in SYSTEMS:
        raise StanceError(f"unknown system {system!r} (choose from {', '.join(SYSTEMS)})")
    predicted: dict[str, list] = {}
    unique = {art.id: art for art in data.articles.values()}
    for name, arts in articles_by_profile(unique, data.profiles).items():
        if system == "keywords":
            from ..extraction.baseline import KeywordBaseline

            found = KeywordBaseline(name, model=model).extract_many(arts)
        else:
            found = Extractor(name, model=model, prefilter=prefilter).extract_many(arts)
        for art, statements in found:
            predicted[art.id] = statements
    return predicted


def evaluate_gold(gold: str | Path, *, corpus: list[str] | None = None, prefilter: bool = True,
                  model: str | None = None, split: str = "all", split_file: str | Path | None = None,
                  system: str = "rules", against: str | Path | None = None,
                  replicates: int = DEFAULT_REPLICATES) -> Evaluation:
    """Score the extractor (or the keyword baseline, or another label file) on labelled articles.

    Args:
        gold: A labels file or folder.
        corpus: Folders the labels' file paths are relative to.
        prefilter: Parse only the extractor's candidate sentences.
        model: spaCy model name.
        split: ``test``, ``train`` or ``all`` (see :mod:`stance.evaluation.split`).
        split_file: The split, if not ``split.yaml`` beside the labels.
        system: ``rules`` or ``keywords``.
        against: Score the labels of this file (another annotator's) instead of a system:
            agreement between annotators in the spec's metric.
        replicates: Bootstrap resamples of each interval.

    Returns:
        The evaluation: the spec's report, intervals, and tables by split, negotiation
        and outlet.
    """
    data = load_corpus(gold, corpus=corpus, split=split, split_file=split_file)
    if against is not None:
        other = load_corpus(against, corpus=corpus)
        predicted = {a: other.gold.get(a, []) for a in data.gold}
        system = Path(against).name
    else:
        predicted = _predict(data, system, prefilter=prefilter, model=model)
    return evaluate_groups(data.gold, predicted, report_groups(data, split), split=split, system=system,
                           replicates=replicates)


def report_groups(data: LabelledCorpus, split: str) -> dict[str, dict[str, str]]:
    """The tables of an evaluation: by negotiation and outlet, and by side when ``all`` has two."""
    groups = {"negotiation": data.profiles, "outlet": {a: o or "(no outlet)" for a, o in data.outlets.items()}}
    if split == "all" and set(data.sides.values()) != {"train"}:
        groups = {"split": data.sides, **groups}
    return groups
