"""One predicate of the position walk: the step rules, in the order they apply, as data.

Each step rule reads the :class:`~.walk.Walk` so far and one :class:`~.clause.Clause`, and
returns ``None`` (it does not apply: the next rule reads the same walk), a new ``Walk`` (the
next rule reads that one), or :class:`~.walk.Done` (the step ends here: the walk after the
clause, ``ABSTAIN`` or ``STOP``). :data:`STEP_RULES` is their order; :func:`step` folds them.
A step that abstains names the rule id it abstains by, so that ``stance rules report`` can
count abstentions as it counts votes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..attribution import Holder
from .catalog import named_rule
from .clause import Clause
from .conditions import condition, condition_setter, threat, ultimatum
from .holders import holder_step
from .walk import ABSTAIN, STOP, Done, Outcome, Walk

StepResult = Walk | Done | None


@named_rule("positions.obstructed-demand", "blame.obstructed-demand")
def past_obstruction(walk: Walk, clause: Clause) -> StepResult:
    """On the way up from an obstructed term (rule ``blame.obstructed-demand``): the fault
    itself, then whoever blames it ("accused the army of obstructing ...": the accuser wants
    it)."""
    obstruction = walk.obstruction
    if obstruction is None:
        return None
    if walk.below_fault:
        inside = obstruction.start <= clause.predicate.i < obstruction.end
        return Done(walk._replace(below_fault=not inside))
    if not clause.blames:
        return None
    if clause.accuses:
        found = clause.subject()
        if found is not None:
            return Done(walk._replace(reporters=walk.reporters + (found,)))
    return Done(walk)


@named_rule("positions.inside-blame", "blame.topic")
def inside_blame(walk: Walk, clause: Clause) -> StepResult:
    """A position inside a blame abstains ("blamed each other for their failure to agree"):
    the term is the blame's topic."""
    if walk.obstruction is None and clause.blames and not clause.inside and not clause.own_delay \
            and not clause.imagined:
        return Done(ABSTAIN)
    return None


@named_rule("positions.joins-report")
def joins_report(walk: Walk, clause: Clause) -> StepResult:
    """A clause with its own subject joined to the report verb ("Hamas said it agreed, but
    Israeli leaders rejected the deal") is not part of what is reported: the walk ends."""
    # the stance of a predicate applies to its object, not to its subject ("this proposal
    # aims to achieve ..."), nor to a clause joined to it; "said X and that Y would ..." is
    return Done(STOP) if clause.joins_report else None


@named_rule("positions.relative-freeze")
def relative_freeze(walk: Walk, clause: Clause) -> StepResult:
    """"The officials who backed a ceasefire were dismissed": the stance is the relative
    clause's; what is done to its noun is another's. A proposal's contents are not frozen:
    "vetoed a resolution that would have demanded a ceasefire" rejects it."""
    if clause.relative_below and walk.kind is not None and not clause.contents_below:
        return walk._replace(frozen=True)
    return None


def acting_stance(walk: Walk, clause: Clause):
    """The clause's stance cue, when it acts on the term: not once the stance is settled
    below, nor on the predicate's subject, a conjunct or a concession (``inert``)."""
    return clause.stance if not walk.frozen and not clause.inert else None


@named_rule("positions.stance-cues", "cue.reject.*", "cue.accept.*", "cue.demand.*", "cue.goal.*", "cue.negation")
def stance_cues(walk: Walk, clause: Clause) -> StepResult:
    """Stance cues compose (``cue.*``): a reject cue or a negation flips the polarity,
    demand / accept / goal cues and a modal give the kind; a commitment ("it would
    release") is noted for :func:`~.positions.commitment`."""
    if walk.frozen or clause.inert:
        return None
    hit, modal = clause.stance, clause.modality
    if not (hit or clause.negation or modal):
        return None
    sign, kind, fired, commit = walk.sign, walk.kind, (), walk.commit
    if hit and hit.label == "reject":
        sign, kind = -sign, "reject"
    elif hit and hit.label == "demand" and kind == "accept":
        kind = "demand"  # "urged both sides to accept" demands it
    elif hit:
        kind = kind or hit.label
    if hit:
        fired += (hit.rule_id,)
    if clause.negation:
        sign = -sign
        fired += ("cue.negation",)
    if modal and modal.label == "modal_demand":
        kind = kind or "demand"
        fired += (modal.rule_id,)
    elif modal and kind is None:
        # a commitment counts only when its subject is a party or stands for one
        # ("it would release"), not "the proposals would cover ..."
        subj, named = clause.own_subject()
        if named is None and ((subj is not None and subj.pos_ == "PRON") or clause.inside):
            # "it", "we": the speaker; a term that is a whole clause ("the war will not
            # end", "fighting will continue") is the speaker's declaration about it
            named = Holder((), "attr.anaphor", anaphoric=True)
        commit = commit or named
    return walk.add(*fired, sign=sign, kind=kind, commit=commit)


@named_rule("positions.settled")
def settled(walk: Walk, clause: Clause) -> StepResult:
    """An ultimatum, a threat or a condition settles the stance on the term (see
    :mod:`.conditions`); a condition covers each of its conjuncts ("unless Israel agrees to
    end the war, withdraw its forces and release prisoners")."""
    if walk.frozen:
        return None
    found = ultimatum(walk, clause) or threat(walk, clause) or condition(walk, clause)
    return Done(found) if found is not None else None


@named_rule("positions.reported-object", "cue.report.object")
def reported_object(walk: Walk, clause: Clause) -> StepResult:
    """An issue that is only what a report verb reports abstains, while no stance is found
    ("will announce a ceasefire", "discussed the deal")."""
    if walk.kind is None and acting_stance(walk, clause) is None and clause.reports and clause.reports_term:
        return Done(ABSTAIN)
    return None


@named_rule("positions.setter")
def setter(walk: Walk, clause: Clause) -> StepResult:
    """A predicate that neither takes a stance, reports nor is modal may name who sets a
    condition below (:func:`~.conditions.condition_setter`)."""
    if acting_stance(walk, clause) is None and not clause.reports and not clause.modality:
        return Done(condition_setter(walk, clause))
    return None


@named_rule("positions.holder", "attr.passive-unnamed")
def holder(walk: Walk, clause: Clause) -> StepResult:
    """The predicate's subject: the stance's holder, another party's stance taken over, or
    one more reporter (:func:`~.holders.holder_step`); an agentless passive abstains."""
    return Done(holder_step(walk, clause, acting_stance(walk, clause)))


class StepRule(NamedTuple):
    """A step rule and the rule id an abstention of it is counted under."""

    function: Callable[[Walk, Clause], StepResult]
    abstains_as: str = ""


# The order in which the step rules read a clause: the first to end the step decides it.
STEP_RULES: tuple[StepRule, ...] = (
    StepRule(past_obstruction),
    StepRule(inside_blame, "blame.topic"),
    StepRule(joins_report),
    StepRule(relative_freeze),
    StepRule(stance_cues),
    StepRule(settled),
    StepRule(reported_object, "cue.report.object"),
    StepRule(setter),
    StepRule(holder, "attr.passive-unnamed"),
)


def step(walk: Walk, clause: Clause) -> tuple[Outcome, str]:
    """One predicate of the walk: the step rules folded in :data:`STEP_RULES` order. Returns
    the outcome and, for ``ABSTAIN``, the rule id it abstains by (else ``""``)."""
    for rule in STEP_RULES:
        found = rule.function(walk, clause)
        if isinstance(found, Done):
            return found.outcome, (rule.abstains_as if found.outcome is ABSTAIN else "")
        if found is not None:
            walk = found
    return walk, ""  # unreachable: the holder rule always ends the step
