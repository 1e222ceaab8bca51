"""Positions: from each issue term up the dependency path to the root.

A term is first read by the term rules (:data:`TERM_RULES`), any of which may abstain for
it. The walk then reads each predicate on its path once (:func:`.clause.clauses_up`) and
folds the step rules of :mod:`.steps` (in the order of ``STEP_RULES``) over the clauses,
bottom up: each takes what the walk has found so far (an immutable :class:`~.walk.Walk`)
and one :class:`~.clause.Clause`, reads nothing else, and returns the walk after it, or
says that the term states no position here (``ABSTAIN``, with the rule id it abstains by)
or that the walk ends (``STOP``). Then :func:`conclude` names the holder and builds the
statements.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..attribution import Holder, SentenceContext
from ..matching import Hit
from .blame import blame_zone, obstructed
from .blamecue import BlameCue, blame_cues
from .blamed import blame_pairs
from .catalog import named_rule
from .clause import clauses_up
from .conditions import own_condition
from .cues import MODIFIER_ROLES, CueIndex
from .frames import names_package, nested_term, sets_frame
from .holders import choose_holder, unnamed_holder
from .relatives import appositive_stances, relative_stances
from .result import RuleResult
from .steps import step
from .walk import ABSTAIN, STOP, Abstention, Walk


def positions(ctx: SentenceContext, issues: list[Hit], cues: list[Hit], package_issue: str = ""
              ) -> list[RuleResult]:
    """The positions stated on each issue term of the sentence (see :func:`traced_positions`)."""
    return traced_positions(ctx, issues, cues, package_issue)[0]


class TermScope(NamedTuple):
    """What the term rules read besides the term: the sentence, its issue terms, what its
    blames cover and obstruct, and the profile's package issue."""

    ctx: SentenceContext
    issues: list[Hit]
    zone: set[int]
    wanted: dict[int, Hit]
    package_issue: str


def traced_positions(ctx: SentenceContext, issues: list[Hit], cues: list[Hit], package_issue: str = "",
                     blames: tuple[BlameCue, ...] | None = None) -> tuple[list[RuleResult], list[Abstention]]:
    """The positions stated on each issue term of the sentence, and the terms rules abstained on.

    A term is first read by :data:`TERM_RULES` (terms that set the frame, name the package
    (``package_issue``: "a hostage deal"), sit inside a blame's topic...), each of which may
    abstain for it; then the walk from the term up to the root (:func:`position_on`), and the
    stances named beside it (appositives, relative clauses). What blame covers and obstructs
    is read from the sentence's blame cues (``blames``, read here when not given).
    """
    if all(hit.label in MODIFIER_ROLES for hit in cues):
        # negation, modals and conditions only modify a stance or reporting cue; with
        # none in the sentence there is no stated position (and the cheap pass of
        # stance.extraction.extractor skips such sentences, so both ways give the same statements)
        return [], []
    index = CueIndex.of(cues, ctx.doc)
    if blames is None:
        blames = blame_cues(ctx, issues, index)
    scope = TermScope(ctx, issues, blame_zone(blames), obstructed(blames), package_issue)
    results: list[RuleResult] = []
    abstained: list[Abstention] = []
    relatives = [t for t in ctx.doc if t.dep_ == "relcl" and t.head.i != t.i]
    for issue in issues:
        rule_id = next((r for r, applies in TERM_RULES if applies(issue, scope)), "")
        if rule_id:
            abstained.append(Abstention(rule_id, issue.label, issue.start, issue.end))
            continue
        obstruction = scope.wanted.get(issue.start)
        found, rule_id = position_on(ctx, issue, index, obstruction=obstruction)
        results.extend(found)
        if rule_id:
            abstained.append(Abstention(rule_id, issue.label, issue.start, issue.end))
        if obstruction is not None:
            continue
        results.extend(appositive_stances(ctx, issue, index))
        for clause in relatives:
            results.extend(relative_stances(ctx, issue, clause, index))
    return results, abstained


def _obstructs_talks(issue: Hit, scope: TermScope) -> bool:
    return issue.start in scope.wanted and obstructs_talks(scope.ctx.doc, issue, scope.wanted[issue.start])


def _in_blame_zone(issue: Hit, scope: TermScope) -> bool:
    """An issue term inside what a blame is about ("creating new obstacles to an
    agreement") is the blame's topic, not a position; an obstructed one is read by the walk."""
    return issue.start in scope.zone and issue.start not in scope.wanted


# The rules that may abstain for a term before any walk, in order, with the rule id each
# abstains by.
TERM_RULES: tuple[tuple[str, Callable[[Hit, TermScope], bool]], ...] = (
    ("issue.frame", lambda issue, scope: sets_frame(scope.ctx.doc[issue.start:issue.end].root)),
    ("issue.nested", lambda issue, scope: nested_term(issue, scope.issues, scope.ctx.doc)),
    ("issue.package-name", lambda issue, scope: bool(scope.package_issue) and names_package(
        issue, scope.ctx.doc, scope.package_issue)),
    ("blame.obstructed-talks", _obstructs_talks),
    ("blame.topic", _in_blame_zone),
)


def position_on(ctx: SentenceContext, issue: Hit, cues: CueIndex, obstruction: Hit | None = None
                ) -> tuple[list[RuleResult], str]:
    """The position stated on one issue term, walking from it up to the root, and the rule
    id the walk abstained by (``""`` when it did not).

    ``obstruction``: the term is what a fault stands in the way of; it is demanded by
    whoever blames the fault (the reporter or accuser above it), and by no one else.
    """
    walk = Walk.start(issue, obstruction)
    for clause in clauses_up(issue, ctx, cues):
        outcome, abstains_as = step(walk, clause)
        if outcome is ABSTAIN:
            return [], abstains_as
        if outcome is STOP:
            break
        walk = outcome
    return conclude(walk, issue, ctx), ""


# Nouns of the negotiation itself: obstructing them is the blame's topic, not an issue.
TALKS_NOUNS = frozenset({"negotiation", "talk", "effort", "discussion", "process", "deal", "agreement",
                         "mediation", "push", "round", "progress", "breakthrough"})


@named_rule("positions.obstructed-talks", "blame.obstructed-talks")
def obstructs_talks(doc, issue: Hit, obstruction: Hit) -> bool:
    """What a fault obstructs is the negotiation itself ("thwarting efforts to conclude a
    ceasefire", "delaying a potential deal", "obstructing the cease-fire discussions"): the
    blame's topic, no demand (abstains); obstructing an issue ("hindering the return of the
    displaced") demands it (``blame.obstructed-demand``)."""
    tok = doc[issue.start:issue.end].root
    while tok.i != obstruction.start and tok.head.i != tok.i:
        if tok.lemma_ in TALKS_NOUNS or any(c.dep_ == "compound" and c.lemma_ in TALKS_NOUNS
                                            for c in tok.children):
            return True
        tok = tok.head
    return False


def conclude(walk: Walk, issue: Hit, ctx: SentenceContext) -> list[RuleResult]:
    """The statements the walk found: the holder's position, a blame, or nothing."""
    holder = choose_holder(walk.stance_holder, list(walk.reporters), ctx.principals)
    if holder is None and walk.stance_holder is not None and walk.reporters and walk.sign < 0 \
            and walk.kind == "reject":
        return reported_refusal(walk, issue)
    if holder is None and not walk.reporters and walk.stance_holder is None:
        holder = unnamed_holder(ctx)
    if holder is None:
        return []
    walk = commitment(walk, holder)
    if walk is None or walk.kind is None or (walk.kind == "goal" and holder.rule_id == "attr.according-to"):
        return []
    return position_of(own_condition(walk, holder), holder, issue)


@named_rule("positions.reported-refusal", "blame.reported-refusal")
def reported_refusal(walk: Walk, issue: Hit) -> list[RuleResult]:
    """``blame.reported-refusal``: one side says the other refuses; that is blame, not the
    other's statement."""
    # the one who says it: the topmost named reporter of another party ("Hamas refused to
    # accept the framework, Netanyahu said": Hamas's own "refused" is no report)
    others = [r for r in walk.reporters if not set(r.parties) & set(walk.stance_holder.parties)]
    reporter = next((r for r in reversed(others) if not r.anaphoric), others[-1] if others else walk.reporters[-1])
    return [RuleResult(h, "blame", issue.label, "", t, walk.rules + ("blame.reported-refusal",), 0.7)
            for h, t in blame_pairs(reporter.parties, walk.stance_holder.parties, False)]


@named_rule("positions.commitment", "cue.modal.commit")
def commitment(walk: Walk, holder: Holder) -> Walk | None:
    """``cue.modal.commit``: a commitment in reported content ("X said it would ...") is
    the holder's acceptance; another party's move reported ("the UN said Israel would
    allow ...") abstains (None)."""
    if not (walk.kind is None and walk.commit and (walk.reporters or holder.rule_id == "attr.quote-focus")):
        return walk
    commit = walk.commit
    if commit.anaphoric and walk.reporters and not walk.reporters[0].anaphoric:
        # "it would allow" is the nearest subject above: "the UN said Israel had
        # informed them it would allow ..." is Israel's move
        commit = walk.reporters[0]
    if not (commit.anaphoric or set(commit.parties) & set(holder.parties)):
        return None
    return walk.add("cue.modal.commit", kind="accept", commit=commit)


def position_of(walk: Walk, holder: Holder, issue: Hit) -> list[RuleResult]:
    """One position per party the holder names, with the rules that fired."""
    stance = "reject" if walk.sign < 0 else ("accept" if walk.kind == "accept" else "demand")
    confidence = 0.8 if walk.kind in ("reject", "accept", "demand") else 0.65
    if holder.anaphoric:
        confidence *= 0.85
    if issue.weak:
        confidence *= 0.85
    rules = tuple(dict.fromkeys(walk.rules + (holder.rule_id,)))
    return [RuleResult(party, "position", issue.label, stance, "", rules, round(confidence, 3))
            for party in holder.parties]
