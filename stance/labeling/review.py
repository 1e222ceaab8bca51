"""Adjudication: the sentences annotators disagree on, and what each of them said.

A disagreement is a sentence decided by two or more annotators whose sets of statements
(party, kind, issue, stance, target) differ, and that the reviewer has not yet decided.
The reviewer's decision (annotator ``review``) wins over every other in exports.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..labels import Label
from .decisions import REVIEWER, statements_of


def statement_set(lines: Iterable[Label]) -> frozenset[tuple[str, str, str, str, str]]:
    """The statements of a decision, as a set of keys (empty for "no statement")."""
    return frozenset((s.party, s.kind, s.issue, s.stance, s.target) for s in statements_of(lines))


def disagreements(decisions: dict[tuple[str, str], list[Label]], *,
                  annotators: Iterable[str] | None = None,
                  include_reviewed: bool = False) -> dict[str, dict[str, list[Label]]]:
    """Per disagreed sentence, each annotator's decision lines (annotators in name order).

    Args:
        decisions: Current decisions keyed by ``(annotator, task)``.
        annotators: Whose answers to compare (default: everyone but the reviewer).
        include_reviewed: Also list sentences the reviewer already decided.

    Returns:
        Task id to ``{annotator: lines}``, tasks in id order.
    """
    wanted = set(annotators) if annotators is not None else None
    by_task: dict[str, dict[str, list[Label]]] = {}
    reviewed = set()
    for (who, task), lines in decisions.items():
        if who == REVIEWER:
            reviewed.add(task)
        elif wanted is None or who in wanted:
            by_task.setdefault(task, {})[who] = lines
    out = {}
    for task in sorted(by_task):
        answers = by_task[task]
        if len(answers) < 2 or (task in reviewed and not include_reviewed):
            continue
        if len({statement_set(lines) for lines in answers.values()}) > 1:
            out[task] = {who: answers[who] for who in sorted(answers)}
    return out
