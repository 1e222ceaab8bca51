"""One statement the rules found in one sentence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleResult:
    """One statement found by the rules in one sentence, before it meets its article."""

    party: str
    kind: str
    issue: str
    stance: str
    target: str
    rule_ids: tuple[str, ...]
    confidence: float
