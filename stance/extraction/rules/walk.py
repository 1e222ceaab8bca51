"""What the walk from an issue term to the root has found so far, and how a rule ends it."""

from __future__ import annotations

from typing import NamedTuple

from ..attribution import Holder
from ..matching import Hit


class Walk(NamedTuple):
    """What the walk from an issue term has found so far (a named tuple: the walk makes a new
    one at almost every word, and a tuple is the cheapest immutable record to copy).

    Attributes:
        sign: +1 for a positive stance on the issue, -1 for a rejection.
        issue_sign: The term's own sign (-1 for an issue's "against" terms).
        kind: The kind of stance found: reject, accept, demand or goal; None while none is.
        frozen: The stance is settled below (a condition, threat, ultimatum, relative clause
            or obstruction): what governs it says nothing more about the issue.
        rules: Rule ids that fired, in order.
        stance_holder: Subject of the nearest stance predicate.
        held_by_noun: ... which is a noun ("Hamas's demand"), not a verb.
        reporters: Subjects of reporting predicates above, nearest first.
        commit: The subject of a commitment ("it would release").
        cond_subject: The subject of a condition clause on the path.
        modal_subjects: How many of the reporters are only named subjects of modal clauses.
        below_fault: Still under the fault an obstructed term hangs on (whose subject is
            the one blamed, not the holder).
        obstruction: The fault cue the term is obstructed by, when it is (rule
            ``blame.obstructed-demand``).
    """

    sign: int
    issue_sign: int
    kind: str | None = None
    frozen: bool = False
    rules: tuple[str, ...] = ()
    stance_holder: Holder | None = None
    held_by_noun: bool = False
    reporters: tuple[Holder, ...] = ()
    commit: Holder | None = None
    cond_subject: Holder | None = None
    modal_subjects: int = 0
    below_fault: bool = False
    obstruction: Hit | None = None

    @classmethod
    def start(cls, issue: Hit, obstruction: Hit | None) -> Walk:
        """The walk at the issue term; an obstructed term is demanded from the start."""
        if obstruction is None:
            return cls(issue.sign, issue.sign, rules=(issue.rule_id,))
        return cls(issue.sign, issue.sign, kind="demand", frozen=True, below_fault=True,
                   rules=(issue.rule_id, obstruction.rule_id, "blame.obstructed-demand"),
                   obstruction=obstruction)

    def add(self, *rule_ids: str, **changes) -> Walk:
        """The walk with ``rule_ids`` fired and ``changes`` made."""
        return self._replace(rules=self.rules + rule_ids, **changes)


ABSTAIN = "abstain"  # the term states no position here
STOP = "stop"  # the walk ends; what was found stands
Outcome = Walk | str


class Done(NamedTuple):
    """A step rule ends the step at one clause with this outcome (the walk after the
    clause, ``ABSTAIN`` or ``STOP``)."""

    outcome: Outcome


class Abstention(NamedTuple):
    """A term that stated no position, or a blame cue that stated no blame, because a rule
    abstained on it, to be counted.

    Attributes:
        rule_id: The rule id it abstained by (``issue.frame``, ``cue.report.object``,
            ``blame.hypothetical``...).
        issue: The issue the term names (for a blame cue, the issue named near it, or ``""``).
        start: The term's (or cue's) first token in the sentence.
        end: The token after it.
        holders: For a blame cue, the parties said to blame, where the parse names them.
        targets: For a blame cue, the parties it would blame, where the parse names them.
    """

    rule_id: str
    issue: str
    start: int
    end: int
    holders: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
