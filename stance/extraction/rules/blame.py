"""Blame in a sentence, and the parts of it that blame covers (no position there).

Each blame cue is read once into a :class:`~.blamecue.BlameCue` (:func:`read_blame`). The
blame rules then read that record in the order of :data:`BLAME_RULES`, each of which may
abstain for the cue with the rule id it abstains by (traced like the position walk's, and
handed to the classifier in ``Findings.blame_abstained``); a cue no rule abstains on blames as its family says:
accusations (:mod:`.accusation`), faults (:mod:`.fault`), implied blame (:mod:`.implied`).
The same records tell the position walk what blame covers (:func:`blame_zone`) and what a
fault obstructs (:func:`obstructed`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..attribution import SentenceContext
from ..matching import Hit
from .accusation import accusations, not_accusing
from .blamecue import BlameCue, blame_cues
from .catalog import named_rule
from .cues import CueIndex
from .fault import faults
from .implied import mediator_owned, owner_blamed, side_waiting
from .result import RuleResult
from .walk import Abstention


@named_rule("blame.imagined", "blame.hypothetical")
def imagined(cue: BlameCue) -> bool:
    """A fault or an implied blame only imagined abstains ("any violation", "should Hezbollah
    violate", "if Israel is not ready"): a warning, not blame; a cue that stands in a
    condition by nature does not ("had Israel been serious")."""
    if cue.hit.label == "accuse" or cue.conditional:
        return False
    return cue.imagined or (cue.hit.label == "implied" and cue.clause_imagined)


@named_rule("blame.no-target", "blame.no-target")
def no_target(cue: BlameCue) -> bool:
    """A cue that names no one to blame abstains ("Hamas reported violations", "Netanyahu
    said its refusal had stalled the talks"), unless the accusers blame each other."""
    return cue.target is None and not cue.mutual


@named_rule("blame.no-holder", "blame.no-holder")
def no_holder(cue: BlameCue) -> bool:
    """A blame no other party is said to make abstains ("Hamas said it has not yet
    implemented the agreement": the speaker is the one at fault)."""
    return cue.holder is None


@named_rule("blame.self", "blame.self")
def self_blame(cue: BlameCue) -> bool:
    """A blame whose holder is its only target abstains: a party does not blame itself."""
    return not cue.pairs()


class BlameRule(NamedTuple):
    """A blame rule that may abstain for a cue, and the rule id it abstains by."""

    function: Callable[[BlameCue], bool]
    abstains_as: str


# The order in which the blame rules read a cue: the first that abstains decides it.
BLAME_RULES: tuple[BlameRule, ...] = (
    BlameRule(not_accusing, "blame.not-accusing"),
    BlameRule(imagined, "blame.hypothetical"),
    BlameRule(no_target, "blame.no-target"),
    BlameRule(mediator_owned, "blame.mediator-owned"),
    BlameRule(no_holder, "blame.no-holder"),
    BlameRule(side_waiting, "blame.side-waiting"),
    BlameRule(self_blame, "blame.self"),
)

# What a cue no rule abstains on states, by the cue's role.
FAMILIES: dict[str, Callable[[BlameCue], list[RuleResult]]] = {
    "accuse": accusations, "fault": faults, "implied": owner_blamed}


def judge(cue: BlameCue) -> tuple[list[RuleResult], str]:
    """The blames one cue states, and the rule id it abstained by (``""`` when it did not)."""
    rule = next((r for r in BLAME_RULES if r.function(cue)), None)
    if rule is not None:
        return [], rule.abstains_as
    return FAMILIES[cue.hit.label](cue), ""


def read_blame(ctx: SentenceContext, issues: list[Hit], cues: list[Hit]) -> tuple[BlameCue, ...]:
    """Every blame cue of the sentence, each read once (:func:`~.blamecue.blame_cues`)."""
    return blame_cues(ctx, issues, CueIndex.of(cues, ctx.doc))


def traced_blame(read: tuple[BlameCue, ...]) -> tuple[list[RuleResult], list[Abstention]]:
    """Who blames whom in the sentence (one result per pair, the first found), and the cues
    the rules abstained on."""
    judged = [(cue, *judge(cue)) for cue in read]
    unique: dict[tuple[str, str], RuleResult] = {}
    for _, found, _ in judged:
        for r in found:
            unique.setdefault((r.party, r.target), r)
    abstained = [abstention(cue, rule_id) for cue, _, rule_id in judged if rule_id]
    return list(unique.values()), abstained


def abstention(cue: BlameCue, rule_id: str) -> Abstention:
    """A cue the rules abstained on, with the parties the record names on either side."""
    return Abstention(rule_id, cue.issue, cue.hit.start, cue.hit.end,
                      cue.holder.parties if cue.holder is not None else (),
                      cue.target.parties if cue.target is not None else ())


def blame(ctx: SentenceContext, issues: list[Hit], cues: list[Hit]) -> list[RuleResult]:
    """Who blames whom in the sentence, with the issue when one is named near the cue."""
    return traced_blame(read_blame(ctx, issues, cues))[0]


def _zone_order(cue: BlameCue) -> int:
    """Which cover of a word counts: a fault's, an accusation's, a counterfactual's, a price's."""
    if cue.hit.label in ("fault", "accuse"):
        return ("fault", "accuse").index(cue.hit.label)
    return 2 if cue.hit.rule_id == "cue.blame.counterfactual" else 3


def blame_zone(read: tuple[BlameCue, ...]) -> set[int]:
    """Tokens whose issue terms are what a blame is about, not a position: what the cues
    cover (:func:`~.blamecue.covers`); where several cues share a word, a fault's cover
    goes before an accusation's, and those before an implied cue's."""
    by_word: dict[int, list[BlameCue]] = {}
    for cue in read:
        by_word.setdefault(cue.root.i, []).append(cue)
    covered = (next((c.covers for c in sorted(group, key=_zone_order) if c.covers is not None), frozenset())
               for group in by_word.values())
    return set().union(*covered)


def obstructed(read: tuple[BlameCue, ...]) -> dict[int, Hit]:
    """Tokens inside what a fault obstructs, delays or fails to carry out, and its cue
    (:func:`~.blamecue.obstructs`), the first cue for a token that several obstruct."""
    out: dict[int, Hit] = {}
    for cue in read:
        for i in cue.obstructs:
            out.setdefault(i, cue.hit)
    return out
