"""Weak supervision: the rules label articles nobody labelled, and the model learns from them too.

Hand labels are few (about a thousand statements); news is plentiful. The rules are
run on a folder of unlabelled articles of the same negotiations, and every candidate
(:mod:`stance.learn.candidates`) gets the rules' answer as a *weak* label:

* a candidate the rules answered gets their answer (a stance, or ``blame``);
* a candidate on which a rule abstained gets ``none`` (an abstention is a vote that the
  sentence states nothing about that issue);
* any other candidate gets ``none`` too, as a rule that did not fire is weak evidence
  that nothing was said.

The model then learns from the hand labels and, with a smaller sample weight, from the
weak ones, **without seeing the rules' own hits** (``rule.*`` symbols; see
:data:`RULE_SYMBOLS`): a learner that can read the rule ids only learns to copy them,
while one that reads the wording, cue classes and dependency paths learns what the rules
respond to, and so can answer where the wording differs (the idea of Snorkel's end
model: its features are not the labelling functions). Whether this helps is measured,
not assumed: ``stance evaluate --compare ... --unlabelled DIR``.

The unlabelled folder holds one sub-folder per profile id (``gaza/``, ``hezbollah/``,
...), of article files as ``stance ingest`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StanceError
from ..io.ingest import read_paths
from ..profile import builtin_profiles
from ..records import Failure
from .candidates import NONE, Candidate
from .dataset import record_candidates

#: Symbol prefixes that carry the rules' own answer; the weakly supervised model leaves them out.
RULE_SYMBOLS = ("rule.",)
#: Sample weight of a weak label against a hand label's 1.
DEFAULT_WEAK_WEIGHT = 0.3


@dataclass
class WeakData:
    """Candidates of unlabelled articles and the rules' answers to them.

    Attributes:
        candidates: Every candidate.
        labels: The weak label of each (``none``, a stance, or ``blame``).
        articles: Articles read, per profile id.
        failures: Files that could not be read, as ``(path, reason)``.
    """

    candidates: list[Candidate] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    articles: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.candidates)


def weak_label(candidate: Candidate) -> str:
    """The rules' answer to a candidate: their stance or ``blame``, else ``none``."""
    return candidate.rule_label if candidate.rules else NONE


def unlabelled_folders(root: str | Path) -> dict[str, Path]:
    """The profile folders of an unlabelled corpus: ``{profile id: folder}``.

    Raises:
        StanceError: ``root`` is not a folder, or has no sub-folder named after a profile.
    """
    root = Path(root)
    if not root.is_dir():
        raise StanceError(f"unlabelled corpus {str(root)!r} is not a folder")
    known = set(builtin_profiles())
    found = {p.name: p for p in sorted(root.iterdir()) if p.is_dir() and p.name in known}
    if not found:
        raise StanceError(f"unlabelled corpus {str(root)!r} has no folder named after a profile "
                          f"({', '.join(sorted(known))})")
    return found


def collect_weak(root: str | Path, *, model: str | None = None, exclude: set[str] = frozenset()
                 ) -> WeakData:
    """Run the rules over an unlabelled corpus and label its candidates with their answers.

    Args:
        root: The unlabelled corpus (one sub-folder per profile id).
        model: spaCy model name.
        exclude: Article ids to leave out (the labelled articles, should a copy of one be
            in the folder: its hand labels must not meet its weak ones).

    Returns:
        The weakly labelled candidates.

    Raises:
        StanceError: The folder is not an unlabelled corpus.
    """
    data = WeakData()
    for name, folder in unlabelled_folders(root).items():
        articles = []
        for item in read_paths([folder]):
            if isinstance(item, Failure):
                data.failures.append((item.path, item.problem))
            elif item.id not in exclude:
                articles.append(item)
        unique = list({a.id: a for a in articles}.values())
        data.articles[name] = len(unique)
        _, found = record_candidates(name, unique, model=model)
        data.candidates += found
        data.labels += [weak_label(c) for c in found]
    return data


def weak_beside(gold: str | Path, root: str | Path, *, corpus: list[str] | None = None,
                model: str | None = None) -> WeakData:
    """The weak labels of an unlabelled corpus for a model trained on ``gold``: any of its
    articles whose text is also labelled (on either side of the split) is left out, so
    its hand labels never meet weak ones and no test article enters training.

    Raises:
        StanceError: The labels or the unlabelled corpus cannot be read.
    """
    from ..evaluation.gold import load_corpus

    labelled = {art.id for art in load_corpus(gold, corpus=corpus).articles.values()}
    return collect_weak(root, model=model, exclude=labelled)
