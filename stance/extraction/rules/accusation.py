"""Accusations: an accuse cue blames its object ("accused X of", "blamed X", "placed the blame
on X"). The rules read the cue's record (:class:`~.blamecue.BlameCue`); whom the parse says
is accused, and by whom, is read by :mod:`.accused`."""

from __future__ import annotations

from .blamecue import BlameCue
from .catalog import named_rule
from .result import RuleResult


@named_rule("accusation.not-accusing", "blame.not-accusing")
def not_accusing(cue: BlameCue) -> bool:
    """An accusation verb that accuses no one here abstains: "held" without "responsible"
    ("hostages held in Gaza for prisoners"), "charging that ..." (the fault rule reads what
    it reports)."""
    return cue.hit.label == "accuse" and cue.root.pos_ != "NOUN" and not cue.accusing


@named_rule("accusation.accusations", "cue.blame.accuse", "cue.blame.criticize", "cue.blame.noun", "blame.mutual")
def accusations(cue: BlameCue) -> list[RuleResult]:
    """An accusation blames its object: "accused X of", "blamed X", "placed the blame on X",
    "X was blamed by Y"; "blamed each other", "traded blame" blame both ways (``blame.mutual``).
    The accuser is the subject, else "according to X"."""
    holder = cue.holder
    conf = 0.85 * (0.85 if holder.anaphoric else 1.0)
    rules = (cue.hit.rule_id, holder.rule_id) + (("blame.mutual",) if cue.mutual else ())
    return [RuleResult(h, "blame", cue.issue, "", t, rules, round(conf, 3)) for h, t in cue.pairs()]
