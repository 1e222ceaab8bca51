"""Conditions, threats and ultimatums: clauses that make a demand of whoever sets them.

Rules of the position walk (:mod:`.positions`): each reads one :class:`~.clause.Clause`
(its condition, threat and deadline are read by :mod:`.cues`) and returns the
:class:`~.walk.Walk` after it, or None when it does not apply.
"""

from __future__ import annotations

from ..attribution import Holder
from .catalog import named_rule
from .clause import Clause
from .walk import Walk


@named_rule("conditions.ultimatum", "cue.ultimatum")
def ultimatum(walk: Walk, clause: Clause) -> Walk | None:
    """``cue.ultimatum``: "gave it until Sunday to accept or reject the proposal", "Hamas
    will be given until September to agree to a ceasefire": whoever sets the deadline
    demands what it is to accept; its recipient holds nothing."""
    if not clause.sets_deadline:
        return None
    return walk.add("cue.ultimatum", kind="demand", sign=walk.issue_sign, frozen=True,
                    # none for a passive: "according to X"
                    stance_holder=clause.subject())


@named_rule("conditions.threat", "cue.threat.*", "cue.condition", "cue.condition.inverted")
def threat(walk: Walk, clause: Clause) -> Walk | None:
    """A threat (``cue.condition*`` with ``cue.threat*``): what its condition names is
    demanded when the condition is that it does not happen ("if Hamas does not return our
    hostages, we will resume fighting"), rejected when it is that it does ("should
    Hezbollah rearm, we will strike"); "unless" is "if not"."""
    cond = clause.condition
    if not (cond and clause.threat):
        return None
    flip = -1 if clause.predicate.doc[cond.start].lower_ != "unless" else 1
    return walk.add(cond.rule_id, clause.threat.rule_id, kind="demand", sign=flip * walk.sign,
                    frozen=True, stance_holder=None)


@named_rule("conditions.condition", "cue.condition", "cue.condition.inverted")
def condition(walk: Walk, clause: Clause) -> Walk | None:
    """``cue.condition``: a condition is demanded by whoever sets it; what governs it says
    nothing more about the issue ("will not release ... unless"). The condition's subject
    does not hold it; its setter does."""
    if not clause.condition:
        return None
    return walk.add(clause.condition.rule_id, kind="demand", sign=walk.issue_sign, frozen=True,
                    cond_subject=clause.own_subject()[1], stance_holder=None)


@named_rule("conditions.setter")
def condition_setter(walk: Walk, clause: Clause) -> Walk:
    """A predicate with no stance: the clause a condition hangs on names who sets it
    ("Qatar returns to the talks if both sides show willingness to reach a deal")."""
    if clause.condition_below and walk.cond_subject is not None and not walk.reporters \
            and walk.stance_holder is None:
        setter = clause.subject()
        if setter is not None and not setter.anaphoric:
            return walk._replace(reporters=walk.reporters + (setter,))
    return walk


@named_rule("conditions.own", "cue.condition.own")
def own_condition(walk: Walk, holder: Holder) -> Walk:
    """``cue.condition.own``: the holder's own move is the conditional one ("return all
    hostages before it will agree to end the war"): it withholds it, a rejection for now."""
    cond = walk.cond_subject
    if cond is not None and (cond.anaphoric or set(cond.parties) & set(holder.parties)):
        return walk.add("cue.condition.own", sign=-walk.sign)
    return walk
