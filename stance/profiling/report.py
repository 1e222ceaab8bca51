"""Suggestions as a person reviews them: a table with evidence sentences, and a YAML snippet for the profile."""

from __future__ import annotations

import json
import textwrap
from collections import defaultdict

from .suggest import Suggestion

_WIDTH = 100


def format_table(suggestions: list[Suggestion], *, evidence: int = 2, cues: bool = False) -> str:
    """One row per suggestion, best first, each followed by up to ``evidence`` sentences."""
    if not suggestions:
        return ""
    what = "role" if cues else "issue"
    lines = [(f"{'#':>3}  {'suggestion':28} {what:18} {'kind':11} {'seen':>4} {'with':>4} {'G2':>6} "
              f"{'slots':>5} {'score':>6}")]
    for rank, s in enumerate(suggestions, 1):
        lines.append(f"{rank:3d}  {_cut(s.text, 28):28} {s.target:18} {s.kind:11} {s.count:4d} {s.together:4d} "
                     f"{s.association:6.1f} {s.similarity:5.2f} {s.score:6.2f}")
        for sentence in s.evidence[:evidence]:
            lines += textwrap.wrap(sentence, _WIDTH, initial_indent="       > ", subsequent_indent="         ")
    return "\n".join(lines) + "\n"


def format_yaml(terms: list[Suggestion], cues: list[Suggestion] = ()) -> str:
    """The suggestions as profile entries to paste after review: terms under their issue,
    cue words in one new group per role (a profile's ``cues`` may add groups)."""
    lines = ["# Proposed by `stance profile suggest`: keep a line only if it names the issue",
             "# (or, for a cue, says the stance) wherever it occurs; then `stance profile check`."]
    by_issue = _by_target(terms)
    if by_issue:
        lines.append("issues:")
    for issue, items in by_issue.items():
        lines += [f"  - id: {issue}", "    terms:"]
        for s in items:
            lines.append(f"      - {json.dumps(s.term(), ensure_ascii=False)}"
                         f"  # {s.count} sentences, {s.together} with the issue's terms")
    by_role = _by_target(cues)
    if by_role:
        lines.append("cues:")
    for role, items in by_role.items():
        lines += [f"  - id: {role}.corpus", f"    role: {role}   # the nearest role: check it",
                  f"    lemmas: {json.dumps([s.key[0] for s in items], ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def _by_target(suggestions) -> dict[str, list[Suggestion]]:
    grouped: dict[str, list[Suggestion]] = defaultdict(list)
    for s in suggestions:
        grouped[s.target].append(s)
    return grouped


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
