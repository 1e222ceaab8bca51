"""Per-rule diagnostics, as labeling functions are measured: coverage, overlap, conflicts and
accuracy of every rule id (or named rule) on labelled candidates (``stance rules report``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import POLARITY


@dataclass(frozen=True)
class RuleSummary:
    """How one rule behaves on labelled data, as a labeling-function summary.

    Attributes:
        rule_id: The rule.
        covered: Candidates (party-issue or party-target questions) it voted on.
        coverage: ``covered`` over all candidates.
        overlaps: Candidates where another rule of its family (``cue``, ``attr``...) voted too.
        conflicts: Candidates where the rules' statements disagree (pro against con) and
            this rule is on one side.
        right: Votes that agree with the gold labels.
        wrong: Votes that do not.
    """

    rule_id: str
    covered: int
    coverage: float
    overlaps: int
    conflicts: int
    right: int
    wrong: int

    @property
    def accuracy(self) -> float:
        """``right / (right + wrong)``, or 0.0 without votes."""
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0


def _vote_right(statement, gold_class: str) -> bool:
    if statement.kind == "blame":
        return gold_class == "blame"
    return POLARITY.get(gold_class) == statement.polarity


def rule_summary(items: Sequence[tuple]) -> list[RuleSummary]:
    """Coverage, overlap, conflicts and accuracy of every rule id.

    Args:
        items: One entry per candidate: the rule statements that answer it (records
            with ``kind``, ``stance``, ``polarity`` and ``rule_ids``), the gold class
            (``none``, a stance, or ``blame``) and, optionally, the rule ids that abstained
            on a term of it. An abstention votes for no statement (right when the gold
            class is ``none``) where no rule answered the candidate; where one did, another
            term of the issue carried the statement and the abstention covers without voting.

    Returns:
        One summary per rule id, by rule id.
    """
    total = len(items)
    stats: dict[str, list[int]] = {}  # covered, overlaps, conflicts, right, wrong
    for item in items:
        statements, gold_class = item[0], item[1]
        abstained = tuple(item[2]) if len(item) > 2 else ()
        ids_of = [tuple(r for r in s.rule_ids if not r.startswith("date.")) for s in statements]
        every = {r for ids in ids_of for r in ids} | set(abstained)
        polarities = {s.polarity for s in statements}
        for rule in every:
            row = stats.setdefault(rule, [0, 0, 0, 0, 0])
            family = rule.split(".")[0]
            row[0] += 1
            row[1] += any(o != rule and o.split(".")[0] == family for o in every)
            row[2] += len(polarities) > 1
        for s, ids in zip(statements, ids_of):
            for rule in ids:
                stats[rule][3 if _vote_right(s, gold_class) else 4] += 1
        for rule in abstained if not statements else ():
            stats[rule][3 if gold_class == "none" else 4] += 1
    return [RuleSummary(rule, row[0], row[0] / total if total else 0.0, row[1], row[2], row[3], row[4])
            for rule, row in sorted(stats.items())]


def format_rule_summary(rows: Sequence[RuleSummary], *, total: int) -> str:
    """The rule summary as text, one line per rule."""
    width = max([len("rule")] + [len(r.rule_id) for r in rows])
    lines = [f"{total} candidates (party-issue and party-target questions) in the labelled articles; "
             "covered: candidates a rule takes part in; right and wrong: its votes (one per statement "
             "it is in, so a candidate with two statements counts twice)",
             (f"{'rule':<{width}}  {'covered':>7} {'coverage':>8} {'overlap':>7} {'conflict':>8} "
              f"{'right':>5} {'wrong':>5} {'accuracy':>8}")]
    for r in rows:
        lines.append(f"{r.rule_id:<{width}}  {r.covered:7d} {r.coverage:8.3f} {r.overlaps:7d} "
                     f"{r.conflicts:8d} {r.right:5d} {r.wrong:5d} {r.accuracy:8.3f}")
    return "\n".join(lines) + "\n"
