"""The seam where a learned model meets the rules.

An extractor hands each parsed sentence, what the matchers found in it and the
statements its rules found to a :class:`StatementClassifier`, which returns the
statements to keep (it may drop, add, relabel or rescore them, and says so in
``method``, ``model_score`` and ``model_version``). :class:`RuleOnly` keeps what the
rules found; :class:`stance.learn.LearnedClassifier` is the scikit-learn model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc

from ..records import Article, Statement
from .matching import Hit


@dataclass(frozen=True)
class Findings:
    """What the extractor knows about one parsed sentence besides its Doc.

    Attributes:
        article: The article the sentence belongs to.
        start: Character offset of the sentence in the article text.
        end: Character offset of its end.
        mentions: Party mentions (token spans of the sentence Doc).
        issues: Issue terms.
        cues: Cue hits.
        focus: The party in focus before this sentence (for "he", "the group"), or None.
        abstained: The issue terms the position rules abstained on, each with the rule id
            it abstained by (:class:`~stance.extraction.rules.walk.Abstention`).
        blame_abstained: The blame cues the blame rules abstained on, each with the rule id it
            abstained by and the issue named near it (an ``Abstention`` over the cue's words).
        speaker: Who the article says speaks in this sentence, when a reporting cue says
            so (:mod:`~stance.extraction.speakers`): ``(parties, rule id)``, or None.
    """

    article: Article
    start: int
    end: int
    mentions: list[Hit] = field(default_factory=list, hash=False, compare=False)
    issues: list[Hit] = field(default_factory=list, hash=False, compare=False)
    cues: list[Hit] = field(default_factory=list, hash=False, compare=False)
    focus: str | None = None
    abstained: list = field(default_factory=list, hash=False, compare=False)
    blame_abstained: list = field(default_factory=list, hash=False, compare=False)
    speaker: tuple[tuple[str, ...], str] | None = None


class StatementClassifier(Protocol):
    """Decides the final statements of one sentence."""

    version: str

    def decide(self, doc: Doc, statements: list[Statement], findings: Findings | None = None
               ) -> list[Statement]:
        ...


class RuleOnly:
    """Keeps the rules' statements as they are (``method="rule"``)."""

    version = "rules"

    def decide(self, doc: Doc, statements: list[Statement], findings: Findings | None = None
               ) -> list[Statement]:
        return statements
