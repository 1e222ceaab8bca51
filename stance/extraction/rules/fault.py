"""Faults: a fault cue blames its subject ("X reneged", "obstacles created by X"), when another
party says so. The rule reads the cue's record (:class:`~.blamecue.BlameCue`); who is at
fault and who says so is read by :mod:`.faulted`."""

from __future__ import annotations

from .blamecue import BlameCue
from .catalog import named_rule
from .result import RuleResult


def blame_results(cue: BlameCue, confidence: float) -> list[RuleResult]:
    """One blame per holder and target party, less sure when either was resolved by anaphora."""
    conf = confidence * (0.85 if cue.holder.anaphoric or cue.target.anaphoric else 1.0)
    return [RuleResult(h, "blame", cue.issue, "", t, (cue.hit.rule_id, cue.holder.rule_id), round(conf, 3))
            for h, t in cue.pairs()]


@named_rule("fault.faults", "cue.blame.fault*", "cue.blame.failure", "cue.blame.obstruct*", "attr.quote-focus")
def faults(cue: BlameCue) -> list[RuleResult]:
    """A fault blames whoever is at fault ("X reneged", "obstacles created by X"), when a
    party other than that one says so: the subject of a report, accusation or stance above,
    else "according to X", else in a quote the party in focus."""
    return blame_results(cue, 0.7)
