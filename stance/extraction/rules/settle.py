"""What the rules found in one sentence, settled: one result per statement, one blame per pair.

Several rules can find the same statement (a position and its relative clause, an accusation
and a fault read in reported content); :func:`merge` pools them, :func:`settle_blame` keeps
the best-supported blame of each (party, target) and gives an issue-less blame the profile's.
"""

from __future__ import annotations

from dataclasses import replace

from .catalog import named_rule
from .result import RuleResult


def merge(results: list[RuleResult]) -> list[RuleResult]:
    """One result per statement key; rule ids are pooled and the highest confidence kept."""
    merged: dict[tuple, RuleResult] = {}
    for r in results:
        key = (r.party, r.kind, r.issue, r.stance, r.target)
        if key in merged:
            old = merged[key]
            r = replace(old, rule_ids=tuple(dict.fromkeys(old.rule_ids + r.rule_ids)),
                        confidence=max(old.confidence, r.confidence))
        merged[key] = r
    # a party that both demands and accepts an issue in one sentence demands it
    keys = set(merged)
    for key in list(merged):
        party, kind, issue, stance, target = key
        if stance == "accept" and (party, kind, issue, "demand", target) in keys:
            del merged[key]
    return list(merged.values())


@named_rule("settle.blame", "blame.default-issue")
def settle_blame(results: list[RuleResult], default_issue: str) -> list[RuleResult]:
    """One blame per (party, target) in a sentence, about the issue named nearest its cue.

    Several rules can find the same blame with different issues (or none); the most
    confident stands (a direct accusation before a fault read in reported content), and
    of equals the one that names an issue. A blame that names no issue gets the
    profile's ``blame_issue`` (for talks as a whole), marked by the rule
    ``blame.default-issue``.
    """
    chosen: dict[tuple[str, str], RuleResult] = {}
    for r in results:
        if r.kind == "blame":
            old = chosen.get((r.party, r.target))
            if old is None or (r.confidence, bool(r.issue)) > (old.confidence, bool(old.issue)):
                chosen[(r.party, r.target)] = r
    out = []
    for r in results:
        if r.kind == "blame":
            if chosen.get((r.party, r.target)) is not r:
                continue
            if not r.issue and default_issue:
                r = replace(r, issue=default_issue, rule_ids=r.rule_ids + ("blame.default-issue",))
        out.append(r)
    return out
