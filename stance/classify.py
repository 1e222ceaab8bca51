"""The seam where a learned model meets the rules.

An extractor hands each parsed sentence and the statements its rules found to a
:class:`StatementClassifier`, which returns the statements to keep (it may drop, add,
relabel or rescore them, and says so in ``method``, ``model_score`` and
``model_version``). :class:`RuleOnly` keeps what the rules found; the learned
scikit-learn model implements the same protocol.
"""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from .records import Statement


class StatementClassifier(Protocol):
    """Decides the final statements of one sentence."""

    def decide(self, doc: Doc, statements: list[Statement]) -> list[Statement]:
        ...


class RuleOnly:
    """Keeps the rules' statements as they are (``method="rule"``)."""

    version = "rules"

    def decide(self, doc: Doc, statements: list[Statement]) -> list[Statement]:
        return statements
