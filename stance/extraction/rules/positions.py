"""Positions: from each issue term up the dependency path to the root.

The walk reads each predicate once (:func:`.clause.clauses_up`) and folds the named rules
below (and those of :mod:`.conditions` and :mod:`.holders`) over the clauses, bottom up:
each takes what the walk has found so far (an immutable :class:`~.walk.Walk`) and one
:class:`~.clause.Clause`, reads nothing else, and returns the walk after it, or says that
the term states no position here (``ABSTAIN``) or that the walk ends (``STOP``). Then
:func:`conclude` names the holder and builds the statements.
"""

from __future__ import annotations

from ..attribution import Holder, SentenceContext
from ..matching import Hit
from .accusation import blame_pairs
from .blame import blame_zone, obstructed
from .catalog import named_rule
from .clause import Clause, clauses_up
from .conditions import condition, condition_setter, own_condition, threat, ultimatum
from .cues import MODIFIER_ROLES, CueIndex
from .frames import names_package, nested_term, sets_frame
from .holders import choose_holder, holder_step, unnamed_holder
from .relatives import appositive_stances, relative_stances
from .result import RuleResult
from .walk import ABSTAIN, STOP, Outcome, Walk


def positions(ctx: SentenceContext, issues: list[Hit], cues: list[Hit], package_issue: str = ""
              ) -> list[RuleResult]:
    """The positions stated on each issue term of the sentence.

    Issue terms inside what a blame is about ("creating new obstacles to an agreement")
    are the blame's topic, not a position; terms that only name the package
    (``package_issue``: "a hostage deal") are the package.
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
        if sets_frame(ctx.doc[issue.start:issue.end].root) or nested_term(issue, issues, ctx.doc) or (
                package_issue and names_package(issue, ctx.doc, package_issue)):
            continue
        if issue.start in wanted:
            if not obstructs_talks(ctx.doc, issue, wanted[issue.start]):
                results.extend(position_on(ctx, issue, index, obstruction=wanted[issue.start]))
            continue
        if issue.start in zone:
            continue
        results.extend(position_on(ctx, issue, index))
        results.extend(appositive_stances(ctx, issue, index))
        for clause in relatives:
            results.extend(relative_stances(ctx, issue, clause, index))
    return results


def position_on(ctx: SentenceContext, issue: Hit, cues: CueIndex, obstruction: Hit | None = None
                ) -> list[RuleResult]:
    """The position stated on one issue term, walking from it up to the root.

    ``obstruction``: the term is what a fault stands in the way of; it is demanded by
    whoever blames the fault (the reporter or accuser above it), and by no one else.
    """
    walk = Walk.start(issue, obstruction)
    for clause in clauses_up(issue, ctx, cues):
        outcome = step(walk, clause, obstruction)
        if outcome is ABSTAIN:
            return []
        if outcome is STOP:
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
    if clause.relative_below and walk.kind is not None and not clause.contents_below:
        # "the officials who backed a ceasefire were dismissed": the stance is the relative
        # clause's; what is done to its noun is another's. A proposal's contents are not
        # frozen: "vetoed a resolution that would have demanded a ceasefire" rejects it
        walk = walk._replace(frozen=True)
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
        return walk._replace(below_fault=not (obstruction.start <= clause.predicate.i < obstruction.end))
    if not clause.blames:
        return None
    if clause.accuses:
        found = clause.subject()
        if found is not None:
            return walk._replace(reporters=walk.reporters + (found,))
    return walk


@named_rule("positions.stance-cues", "cue.reject.*", "cue.accept.*", "cue.demand.*", "cue.goal.*", "cue.negation")
def stance_cues(walk: Walk, clause: Clause) -> Walk:
    """Stance cues compose (``cue.*``): a reject cue or a negation flips the polarity,
    demand / accept / goal cues and a modal give the kind; a commitment ("it would
    release") is noted for :func:`commitment`."""
    hit, modal = clause.stance, clause.modality
    if not (hit or clause.negation or modal):
        return walk
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
