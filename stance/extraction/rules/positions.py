"""Positions: from each issue term up the dependency path to the root.

The walk reads each predicate once (:func:`.clause.clauses_up`) and folds the named rules
below over the clauses, bottom up: each takes what the walk has found so far (a frozen
:class:`Walk`) and one :class:`~.clause.Clause`, reads nothing else, and returns the walk
after it, or says
that the term states no position here (:data:`ABSTAIN`) or that the walk ends (:data:`STOP`).
Then :func:`conclude` names the holder and builds the statements.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..attribution import Holder, SentenceContext, according_to
from ..matching import Hit
from .accusation import blame_pairs
from .blame import blame_zone, obstructed
from .catalog import named_rule
from .clause import Clause, clauses_up
from .cues import (
    MODIFIER_ROLES,
    CueIndex,
)
from .frames import sets_frame
from .holders import choose_holder, quoted
from .paths import agentless_passive
from .relatives import appositive_stances, relative_stances
from .result import RuleResult


def positions(ctx: SentenceContext, issues: list[Hit], cues: list[Hit]) -> list[RuleResult]:
    """The positions stated on each issue term of the sentence.

    Issue terms inside what a blame is about ("creating new obstacles to an agreement")
    are the blame's topic, not a position.
    """
    if all(hit.label in MODIFIER_ROLES for hit in cues):
        # negation, modals and conditions only modify a stance or reporting cue; with
        # none in the sentence there is no stated position (and the cheap pass of
        # stance.extraction.extractor skips such sentences, so both ways give the same statements)
        return []
    index = CueIndex.of(cues, ctx.doc)
    zone = blame_zone(ctx.doc, index)
    wanted = obstructed(ctx.doc, index)
    results = []
    relatives = [t for t in ctx.doc if t.dep_ == "relcl" and t.head.i != t.i]
    for issue in issues:
        if sets_frame(ctx.doc[issue.start:issue.end].root):
            continue
        if issue.start in wanted:
            results.extend(position_on(ctx, issue, index, obstruction=wanted[issue.start]))
            continue
        if issue.start in zone:
            continue
        results.extend(position_on(ctx, issue, index))
        results.extend(appositive_stances(ctx, issue, index))
        for clause in relatives:
            results.extend(relative_stances(ctx, issue, clause, index))
    return results


@dataclass(frozen=True)
class Walk:
    """What the walk from an issue term has found so far.

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

    @classmethod
    def start(cls, issue: Hit, obstruction: Hit | None) -> Walk:
        """The walk at the issue term; an obstructed term is demanded from the start."""
        if obstruction is None:
            return cls(issue.sign, issue.sign, rules=(issue.rule_id,))
        return cls(issue.sign, issue.sign, kind="demand", frozen=True, below_fault=True,
                   rules=(issue.rule_id, obstruction.rule_id, "blame.obstructed-demand"))

    def add(self, *rule_ids: str, **changes) -> Walk:
        """The walk with ``rule_ids`` fired and ``changes`` made."""
        return replace(self, rules=self.rules + rule_ids, **changes)


ABSTAIN = "abstain"  # the term states no position here
STOP = "stop"  # the walk ends; what was found stands
Outcome = Walk | str


def position_on(ctx: SentenceContext, issue: Hit, cues: CueIndex, obstruction: Hit | None = None
                ) -> list[RuleResult]:
    """The position stated on one issue term, walking from it up to the root.

    ``obstruction``: the term is what a fault stands in the way of; it is demanded by
    whoever blames the fault (the reporter or accuser above it), and by no one else.
    """
    walk = Walk.start(issue, obstruction)
    for clause in clauses_up(issue, ctx, cues):
        outcome = step(walk, clause, obstruction)
        if outcome == ABSTAIN:
            return []
        if outcome == STOP:
            break
        walk = outcome
    return conclude(walk, issue, ctx)


def step(walk: Walk, clause: Clause, obstruction: Hit | None) -> Outcome:
    """One predicate of the walk: the rules in the order they apply."""
    if obstruction is not None:
        past = past_obstruction(walk, clause, obstruction)
        if past is not None:
            return past
    elif inside_blame(clause):
        return ABSTAIN
    # The stance of a predicate applies to its object, not to its subject ("this
    # proposal aims to achieve ..."), nor to a clause joined to it ("rejected X and
    # says Israel must withdraw"): a clause with its own subject joined to the report verb
    # ("Hamas said it agreed, but Israeli leaders rejected the deal") is not part of what
    # is reported; "said X and that Y would ..." is
    if clause.joins_report:
        return STOP
    if clause.relative_below and walk.kind is not None:
        # "a resolution that would have supported a ceasefire was vetoed": the
        # stance is the relative clause's; what is done to its noun is another's
        walk = replace(walk, frozen=True)
    stance = None
    if not walk.frozen and not clause.inert:
        stance = clause.stance
        walk = stance_cues(walk, clause)
    if not walk.frozen:
        # a condition covers each of its conjuncts ("unless Israel agrees to end the
        # war, withdraw its forces and release prisoners")
        settled = ultimatum(walk, clause) or threat(walk, clause) or condition(walk, clause)
        if settled is not None:
            return settled
    if walk.kind is None and stance is None and reported_object(clause):
        return ABSTAIN
    if stance is None and not clause.reports and not clause.modality:
        return condition_setter(walk, clause)
    return holder_step(walk, clause, stance)


@named_rule("positions.inside-blame")
def inside_blame(clause: Clause) -> bool:
    """A position inside a blame abstains ("blamed each other for their failure to agree"):
    the term is the blame's topic."""
    return clause.blames and not clause.inside and not clause.own_delay and not clause.imagined


@named_rule("positions.reported-object", "cue.report.object")
def reported_object(clause: Clause) -> bool:
    """An issue that is only what a report verb reports abstains, while no stance is found
    ("will announce a ceasefire", "discussed the deal")."""
    return clause.reports and clause.reports_term


@named_rule("positions.obstructed-demand", "blame.obstructed-demand")
def past_obstruction(walk: Walk, clause: Clause, obstruction: Hit) -> Walk | None:
    """On the way up from an obstructed term (rule ``blame.obstructed-demand``): the fault
    itself, then whoever blames it ("accused the army of obstructing ...": the accuser wants
    it). None when the clause is neither."""
    if walk.below_fault:
        return replace(walk, below_fault=not (obstruction.start <= clause.predicate.i < obstruction.end))
    if not clause.blames:
        return None
    if clause.accuses:
        found = clause.subject
        if found is not None:
            return replace(walk, reporters=walk.reporters + (found,))
    return walk


@named_rule("positions.stance-cues", "cue.reject.*", "cue.accept.*", "cue.demand.*", "cue.goal.*", "cue.negation")
def stance_cues(walk: Walk, clause: Clause) -> Walk:
    """Stance cues compose (``cue.*``): a reject cue or a negation flips the polarity,
    demand / accept / goal cues and a modal give the kind; a commitment ("it would
    release") is noted for :func:`commitment`."""
    sign, kind, fired, commit = walk.sign, walk.kind, (), walk.commit
    hit = clause.stance
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
    modal = clause.modality
    if modal and modal.label == "modal_demand":
        kind = kind or "demand"
        fired += (modal.rule_id,)
    elif modal and kind is None:
        # a commitment counts only when its subject is a party or stands for one
        # ("it would release"), not "the proposals would cover ..."
        subj, named = clause.own_subject
        if subj is not None and subj.pos_ == "PRON" and named is None:
            named = Holder((), "attr.anaphor", anaphoric=True)  # "it", "we": the speaker
        commit = commit or named
    return walk.add(*fired, sign=sign, kind=kind, commit=commit)


@named_rule("positions.ultimatum", "cue.ultimatum")
def ultimatum(walk: Walk, clause: Clause) -> Walk | None:
    """``cue.ultimatum``: "gave it until Sunday to accept or reject the proposal", "Hamas
    will be given until September to agree to a ceasefire": whoever sets the deadline
    demands what it is to accept; its recipient holds nothing."""
    if not clause.sets_deadline:
        return None
    return walk.add("cue.ultimatum", kind="demand", sign=walk.issue_sign, frozen=True,
                    # none for a passive: "according to X"
                    stance_holder=clause.subject)


@named_rule("positions.threat", "cue.threat.*", "cue.condition", "cue.condition.inverted")
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


@named_rule("positions.condition", "cue.condition", "cue.condition.inverted")
def condition(walk: Walk, clause: Clause) -> Walk | None:
    """``cue.condition``: a condition is demanded by whoever sets it; what governs it says
    nothing more about the issue ("will not release ... unless"). The condition's subject
    does not hold it; its setter does."""
    if not clause.condition:
        return None
    return walk.add(clause.condition.rule_id, kind="demand", sign=walk.issue_sign, frozen=True,
                    cond_subject=clause.own_subject[1], stance_holder=None)


@named_rule("positions.condition-setter")
def condition_setter(walk: Walk, clause: Clause) -> Walk:
    """A predicate with no stance: the clause a condition hangs on names who sets it
    ("Qatar returns to the talks if both sides show willingness to reach a deal")."""
    if clause.condition_below and walk.cond_subject is not None and not walk.reporters \
            and walk.stance_holder is None:
        setter = clause.subject
        if setter is not None and not setter.anaphoric:
            return replace(walk, reporters=walk.reporters + (setter,))
    return walk


@named_rule("positions.holder")
def holder_step(walk: Walk, clause: Clause, stance: Hit | None) -> Outcome:
    """The subject of a stance, reporting or modal predicate: the stance's holder, another
    party's stance taken over (``stance.on-anothers``), or one more reporter above."""
    tok = clause.predicate
    # a goal names its holder only as its own subject ("Hamas seeks to secure");
    # "talks in a bid to secure a truce" describes efforts, not a stated position
    found = clause.own_subject[1] if stance and stance.label == "goal" else clause.subject
    if found is None:
        if stance is not None and stance.label != "goal" and (
                agentless_passive(tok) or tok.dep_ == "acl") and stance.rule_id != "cue.reject.warned":
            # whoever accepted it ("the proposal had been accepted", "the side
            # rejecting the proposals"), the reporter is not named as the holder; a
            # warning ("would be considered a violation") is its speaker's
            return ABSTAIN
        return walk
    if stance is not None and stance.label != "goal" and walk.stance_holder is None and (
            len(walk.reporters) == walk.modal_subjects):
        # the subjects of modal clauses below are the content's agents ("Hamas is
        # pushing to decide which prisoners will be released by Israel"), not its holders
        return replace(walk, stance_holder=found, held_by_noun=tok.pos_ == "NOUN", reporters=(),
                       modal_subjects=0)
    if stance is not None and stance.label != "goal" and walk.held_by_noun and not walk.reporters \
            and tok.pos_ == "VERB" and not set(found.parties) & set(walk.stance_holder.parties):
        return on_anothers(walk, found, stance)
    # "it would release" is the speaker's own commitment
    modal_subject = stance is None and not clause.reports and not found.anaphoric
    return replace(walk, reporters=walk.reporters + (found,),
                   modal_subjects=walk.modal_subjects + modal_subject)


@named_rule("positions.on-anothers", "stance.on-anothers")
def on_anothers(walk: Walk, found: Holder, stance: Hit) -> Walk:
    """``stance.on-anothers``: a stance on another's demand or offer ("Netanyahu rejected
    Hamas's demand for a withdrawal", "Israel's proposal was accepted by Hamas") is the
    outer party's."""
    kind = "accept" if stance.label == "accept" and walk.sign > 0 else walk.kind
    return walk.add("stance.on-anothers", stance_holder=found, held_by_noun=False, kind=kind)


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
    reporter = next((r for r in walk.reporters if not r.anaphoric), walk.reporters[-1])
    return [RuleResult(h, "blame", issue.label, "", t, walk.rules + ("blame.reported-refusal",), 0.7)
            for h, t in blame_pairs(reporter.parties, walk.stance_holder.parties, False)]


@named_rule("positions.unnamed-holder", "attr.according-to", "attr.quote-focus")
def unnamed_holder(ctx: SentenceContext) -> Holder | None:
    """No subject names a holder: "according to X" (``attr.according-to``), else, in a
    quote, the party in focus (``attr.quote-focus``)."""
    holder = according_to(ctx)
    if holder is None and ctx.focus and quoted(ctx.doc):
        holder = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    return holder


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


@named_rule("positions.own-condition", "cue.condition.own")
def own_condition(walk: Walk, holder: Holder) -> Walk:
    """``cue.condition.own``: the holder's own move is the conditional one ("return all
    hostages before it will agree to end the war"): it withholds it, a rejection for now."""
    cond = walk.cond_subject
    if cond is not None and (cond.anaphoric or set(cond.parties) & set(holder.parties)):
        return walk.add("cue.condition.own", sign=-walk.sign)
    return walk


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
