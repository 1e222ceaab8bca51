"""Gold labels -> training data: the candidates of every labelled article, each with its gold class.

The labelled articles go through the real extractor (same spaCy model, same rules); a
recording classifier keeps every parsed sentence's candidates and rule statements. A
candidate's gold class comes from the labels of the same article whose sentence is the
candidate's sentence (white space folded; a label sentence the splitter cut differently
matches when one contains the other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from ..evaluation.gold import (
    article_labels,
    articles_by_profile,
    by_article,
    default_corpus_roots,
    resolve_articles,
)
from ..extraction.classify import Findings
from ..extraction.extractor import Extractor
from ..labels import Label
from ..profile import Profile
from ..records import Statement
from .candidates import NONE, Candidate, candidates

_MIN_CONTAINED = 40  # characters: shorter label sentences must match exactly


@dataclass
class Dataset:
    """Candidates of labelled articles with their gold classes, and what scoring needs.

    Attributes:
        candidates: Every candidate, article by article.
        labels: The gold class of each candidate (``none``, a stance, or ``blame``).
        gold: Gold labels per article id (the spec's metric scores these).
        rules: The rules' statements per article id (the rules-only system).
        profiles: Profile id per article id.
        n_labels: Number of statement labels (``kind`` not ``none``).
    """

    candidates: list[Candidate] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    gold: dict[str, list[Label]] = field(default_factory=dict)
    rules: dict[str, list[Statement]] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    n_labels: int = 0

    @property
    def groups(self) -> list[str]:
        """The article id of each candidate (the unit of grouped cross-validation)."""
        return [c.article_id for c in self.candidates]

    def subset(self, article_ids) -> Dataset:
        """The same data restricted to some articles."""
        keep = set(article_ids)
        pairs = [(c, y) for c, y in zip(self.candidates, self.labels) if c.article_id in keep]
        gold = {a: v for a, v in self.gold.items() if a in keep}
        return Dataset([c for c, _ in pairs], [y for _, y in pairs], gold,
                       {a: v for a, v in self.rules.items() if a in keep},
                       {a: v for a, v in self.profiles.items() if a in keep},
                       sum(1 for v in gold.values() for lab in v if lab.kind != "none"))


class CandidateRecorder:
    """A classifier for the extractor that keeps the rules' statements and records candidates."""

    version = "rules"

    def __init__(self, profile: Profile):
        self.profile = profile
        self.found: list[Candidate] = []

    def decide(self, doc: Doc, statements: list[Statement], findings: Findings | None = None
               ) -> list[Statement]:
        if findings is not None:
            self.found.extend(candidates(doc, findings, statements, self.profile))
        return statements


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _same_sentence(label_sentence: str, sentence: str) -> bool:
    a, b = _norm(label_sentence), _norm(sentence)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= _MIN_CONTAINED and short in long


def gold_class(candidate: Candidate, labels: list[Label]) -> str:
    """The gold class of a candidate among its article's labels.

    A (party, issue) labelled both ``demand`` and ``accept`` in one sentence is
    ``demand``, as the extractor merges them.
    """
    found = set()
    for lab in labels:
        if lab.kind != candidate.kind or lab.party != candidate.party:
            continue
        if candidate.kind == "position" and lab.issue != candidate.issue:
            continue
        if candidate.kind == "blame" and lab.target != candidate.target:
            continue
        if _same_sentence(lab.sentence, candidate.sentence):
            found.add(lab.stance if candidate.kind == "position" else "blame")
    for cls in ("demand", "reject", "accept", "blame"):
        if cls in found:
            return cls
    return NONE


def collect(gold: str | Path | list[Label], *, corpus: list[str] | None = None,
            prefilter: bool = True, model: str | None = None) -> Dataset:
    """Extract the labelled articles and build the dataset.

    Args:
        gold: A labels file or folder, or labels already read.
        corpus: Folders the labels' file paths are relative to (default: the
            repository and ``labels/corpus``).
        prefilter: Parse only the extractor's candidate sentences.
        model: spaCy model name.

    Returns:
        The dataset.

    Raises:
        StanceError: Labels or their articles cannot be read.
    """
    labels = article_labels(gold)
    articles = resolve_articles(labels, [Path(c) for c in corpus] if corpus else default_corpus_roots(gold))
    data = Dataset()
    data.gold, data.profiles = by_article(labels, articles)
    data.n_labels = sum(1 for lab in labels if lab.kind != "none")
    unique = {art.id: art for art in articles.values()}  # two label files, one text: parse once
    for name, arts in articles_by_profile(unique, data.profiles).items():
        statements, found = record_candidates(name, arts, model=model, prefilter=prefilter)
        data.rules.update(statements)
        for cand in found:
            data.candidates.append(cand)
            data.labels.append(gold_class(cand, data.gold.get(cand.article_id, [])))
    return data


def record_candidates(profile: str, articles, *, model: str | None = None, prefilter: bool = True
                      ) -> tuple[dict[str, list[Statement]], list[Candidate]]:
    """Extract articles with the rules of a profile, keeping every sentence's candidates.

    Returns:
        The rules' statements per article id, and the candidates in article order.
    """
    extractor = Extractor(profile, model=model, prefilter=prefilter)
    recorder = CandidateRecorder(extractor.profile)
    extractor.classifier = recorder
    statements = {art.id: found for art, found in extractor.extract_many(articles)}
    return statements, recorder.found
