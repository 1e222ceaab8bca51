"""Implied blame: fault carried by a noun, an evaluation, a wait or a counterfactual.

News often blames without a verb of blame: "in light of Hamas's refusal to accept the
framework", "Hamas is making unrealistic demands", "we are still waiting for the Israeli
response", "Hamas could have answered with a single word: yes", "Israel is not ready for
Hamas's terms". The cue (role ``implied`` in the lexicon) is no fault of its own: it blames
the *owner* of what it applies to (found by the readers of :mod:`.owners`), and only when
another party says so (found as for any fault, :func:`.faulted.fault_holder`). The rules
below read the cue's record (:class:`~.blamecue.BlameCue`). These cues leave the positions
alone: "Hamas said it is not ready to accept the deal" is still Hamas's rejection of the deal.
"""

from __future__ import annotations

from .blamecue import BlameCue
from .catalog import named_rule
from .fault import blame_results
from .result import RuleResult

# Rules that blame only in a mediator's mouth: a side waiting for the other's answer is the
# routine of talks; a mediator still waiting ("after Hamas accepted the plan") complains of delay.
MEDIATORS_ONLY = ("cue.blame.awaited",)


@named_rule("implied.mediator-owned", "blame.mediator-owned")
def mediator_owned(cue: BlameCue) -> bool:
    """A mediator's demands called unacceptable are criticism, not an impasse: the evaluation
    abstains ("Kinshasa said Qatar's demands were unacceptable")."""
    return cue.hit.rule_id == "cue.blame.evaluation" and cue.target is not None and bool(
        set(cue.target.parties) & set(cue.mediators))


@named_rule("implied.side-waiting", "blame.side-waiting")
def side_waiting(cue: BlameCue) -> bool:
    """A side waiting for the other's answer is the routine of talks: a wait blames only in a
    mediator's mouth, and abstains in any other."""
    return cue.hit.rule_id in MEDIATORS_ONLY and not set(cue.holder.parties) <= set(cue.mediators)


@named_rule("implied.owner-blamed")
def owner_blamed(cue: BlameCue) -> list[RuleResult]:
    """The owner an implied cue names is blamed by whoever else says it."""
    return blame_results(cue, 0.65)
