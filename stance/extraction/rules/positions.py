"""Positions: from each issue term up the dependency path to the root."""

from __future__ import annotations

from ..attribution import Holder, SentenceContext, according_to, subject_of
from ..matching import Hit
from .accusation import blame_pairs, blaming
from .blame import blame_zone, obstructed
from .conditions import condition_at, sets_deadline, threat_of
from .cues import (
    MODIFIER_ROLES,
    STANCE_ROLES,
    CueIndex,
    hypothetical,
    is_own_delay,
    modal_at,
    negation_at,
)
from .frames import sets_frame
from .holders import choose_holder, quoted
from .paths import agentless_passive, participle_after, path_up
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


def position_on(ctx: SentenceContext, issue: Hit, cues: CueIndex, obstruction: Hit | None = None
                ) -> list[RuleResult]:
    """The position stated on one issue term, walking from it up to the root.

    ``obstruction``: the term is what a fault stands in the way of; it is demanded by
    whoever blames the fault (the reporter or accuser above it), and by no one else.
    """
    doc = ctx.doc
    anchor = doc[issue.start:issue.end].root
    sign, kind, frozen = issue.sign, None, False
    rules = [issue.rule_id]
    below_fault = obstruction is not None  # the fault's own subject is the one blamed, not the holder
    if obstruction is not None:
        kind, frozen = "demand", True
        rules += [obstruction.rule_id, "blame.obstructed-demand"]
    stance_holder: Holder | None = None  # subject of the nearest stance predicate
    held_by_noun = False  # ... which is a noun ("Hamas's demand"), not a verb
    reporters: list[Holder] = []  # subjects of reporting predicates above, nearest first
    commit: Holder | None = None  # the subject of a commitment ("it would release")
    cond_subject: Holder | None = None
    modal_subjects = 0  # how many of the reporters are only named subjects of modal clauses
    prev = anchor
    for tok in path_up(anchor):
        inside = issue.start <= tok.i < issue.end
        if inside and tok.i != anchor.i:
            prev = tok
            continue
        own_delay = is_own_delay(tok, cues) and not inside
        # a violation only imagined in a condition ("should Hezbollah violate the
        # agreement, we will strike") is no blame: it opposes what it violates
        imagined = cues.at(tok.i, "fault") and not inside and tok.pos_ == "VERB" and hypothetical(tok)
        if obstruction is not None:
            if below_fault:
                below_fault = not (obstruction.start <= tok.i < obstruction.end)
                prev = tok
                continue
            if blaming(tok, cues):
                # "accused the army of obstructing ...": the accuser wants it
                if cues.at(tok.i, "accuse"):
                    found = subject_of(tok, ctx)[1]
                    if found is not None:
                        reporters.append(found)
                prev = tok
                continue
        elif blaming(tok, cues) and not inside and not own_delay and not imagined:
            return []  # a position inside a blame ("blamed each other for their failure to agree")
        # The stance of a predicate applies to its object, not to its subject ("this
        # proposal aims to achieve ..."), nor to a clause joined to it ("rejected X and
        # says Israel must withdraw").
        if prev.dep_ == "conj" and prev.head.i == tok.i and cues.at(tok.i, "report") and any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in prev.children) and not any(
                c.dep_ == "mark" for c in prev.children):
            # a clause with its own subject joined to the report verb ("Hamas said it
            # agreed, but Israeli leaders rejected the deal") is not part of what is
            # reported; "said X and that Y would ..." is
            break
        if prev.head.i == tok.i and kind is not None and (prev.dep_ == "relcl" or (
                prev.dep_ == "acl" and not any(c.lower_ == "to" for c in prev.children))):
            # "a resolution that would have supported a ceasefire was vetoed": the
            # stance is the relative clause's; what is done to its noun is another's
            frozen = True
        # nor to a concession ("despite the clause granting Israel a veto, Hamas is pushing ...")
        inert = (prev.dep_ in ("nsubj", "conj") and prev.head.i == tok.i) or participle_after(
            prev, tok) or (prev.dep_ == "prep" and prev.lower_ == "despite" and prev.head.i == tok.i)
        below, prev = prev, tok
        stance_hit = None
        if not frozen and not inert:
            # the issue term's own head ("free the captives") carries no stance cue, but
            # its negation and modal count ("will not free the captives")
            stance_hit = None if inside else next(
                filter(None, (cues.at(tok.i, role) for role in STANCE_ROLES)), None)
            if own_delay:
                # "Hamas said it would delay the release of hostages": withholding it
                stance_hit = Hit("cue.reject.own-delay", "reject", tok.i, tok.i + 1)
            elif imagined and stance_hit is None:
                stance_hit = Hit("cue.reject.violation", "reject", tok.i, tok.i + 1)
            if stance_hit and stance_hit.label == "reject":
                sign, kind = -sign, "reject"
            elif stance_hit and stance_hit.label == "demand" and kind == "accept":
                kind = "demand"  # "urged both sides to accept" demands it
            elif stance_hit:
                kind = kind or stance_hit.label
            if stance_hit:
                rules.append(stance_hit.rule_id)
            if negation_at(tok, cues):
                sign = -sign
                rules.append("cue.negation")
            modal = modal_at(tok, cues)
            if modal and modal.label == "modal_demand":
                kind = kind or "demand"
                rules.append(modal.rule_id)
            elif modal and kind is None:
                # a commitment counts only when its subject is a party or stands for one
                # ("it would release"), not "the proposals would cover ..."
                subj, named = subject_of(tok, ctx, climb=False)
                if subj is not None and subj.pos_ == "PRON" and named is None:
                    named = Holder((), "attr.anaphor", anaphoric=True)  # "it", "we": the speaker
                commit = commit or named
        if not frozen:
            # a condition covers each of its conjuncts ("unless Israel agrees to end the
            # war, withdraw its forces and release prisoners")
            if sets_deadline(tok, below):
                # "gave it until Sunday to accept or reject the proposal", "Hamas will
                # be given until September to agree to a ceasefire": whoever sets the
                # deadline demands what it is to accept; its recipient holds nothing
                kind, sign, frozen = "demand", issue.sign, True
                stance_holder = subject_of(tok, ctx)[1]  # none for a passive: "according to X"
                rules.append("cue.ultimatum")
                continue
            cond = condition_at(tok, cues)
            threat = threat_of(tok, cues) if cond else None
            if cond and threat:
                # a threat: what its condition names is demanded when the condition
                # is that it does not happen ("if Hamas does not return our hostages,
                # we will resume fighting"), rejected when it is that it does ("should
                # Hezbollah rearm, we will strike"); "unless" is "if not"
                flip = -1 if doc[cond.start].lower_ != "unless" else 1
                kind, sign, frozen = "demand", flip * sign, True
                stance_holder = None
                rules.extend((cond.rule_id, threat.rule_id))
                continue
            if cond:
                # a condition is demanded by whoever sets it; what governs it says
                # nothing more about the issue ("will not release ... unless")
                kind, sign, frozen = "demand", issue.sign, True
                cond_subject = subject_of(tok, ctx, climb=False)[1]
                stance_holder = None  # the condition's subject does not hold it; its setter does
                rules.append(cond.rule_id)
                continue
        if kind is None and stance_hit is None and cues.at(tok.i, "report") and below.i == anchor.i \
                and anchor.dep_ == "dobj" and anchor.head.i == tok.i:
            return []  # "will announce a ceasefire", "discussed the deal": reported, not a stance
        if stance_hit is None and not cues.at(tok.i, "report") and not modal_at(tok, cues):
            if below.dep_ == "advcl" and below.head.i == tok.i and cond_subject is not None \
                    and not reporters and stance_holder is None:
                # the clause a condition hangs on names who sets it ("Qatar returns to
                # the talks if both sides show willingness to reach a deal")
                setter = subject_of(tok, ctx)[1]
                if setter is not None and not setter.anaphoric:
                    reporters.append(setter)
            continue
        # a goal names its holder only as its own subject ("Hamas seeks to secure");
        # "talks in a bid to secure a truce" describes efforts, not a stated position
        _, found = subject_of(tok, ctx, climb=not (stance_hit and stance_hit.label == "goal"))
        if found is None:
            if stance_hit is not None and stance_hit.label != "goal" and (
                    agentless_passive(tok) or tok.dep_ == "acl") and stance_hit.rule_id != "cue.reject.warned":
                # whoever accepted it ("the proposal had been accepted", "the side
                # rejecting the proposals"), the reporter is not named as the holder; a
                # warning ("would be considered a violation") is its speaker's
                return []
            continue
        if stance_hit is not None and stance_hit.label != "goal" and stance_holder is None and (
                len(reporters) == modal_subjects):
            # the subjects of modal clauses below are the content's agents ("Hamas is
            # pushing to decide which prisoners will be released by Israel"), not its holders
            stance_holder, held_by_noun = found, tok.pos_ == "NOUN"
            reporters, modal_subjects = [], 0
        elif stance_hit is not None and stance_hit.label != "goal" and held_by_noun and not reporters \
                and tok.pos_ == "VERB" and not set(found.parties) & set(stance_holder.parties):
            # a stance on another's demand or offer ("Netanyahu rejected Hamas's demand for
            # a withdrawal", "Israel's proposal was accepted by Hamas") is the outer party's
            stance_holder, held_by_noun = found, False
            if stance_hit.label == "accept" and sign > 0:
                kind = "accept"
            rules.append("stance.on-anothers")
        else:
            reporters.append(found)
            if stance_hit is None and not cues.at(tok.i, "report") and not found.anaphoric:
                modal_subjects += 1  # "it would release" is the speaker's own commitment
    holder = choose_holder(stance_holder, reporters, ctx.principals)
    if holder is None and stance_holder is not None and reporters and sign < 0 and kind == "reject":
        # one side says the other refuses: that is blame, not the other's statement
        reporter = next((r for r in reporters if not r.anaphoric), reporters[-1])
        return [RuleResult(h, "blame", issue.label, "", t, tuple(rules) + ("blame.reported-refusal",), 0.7)
                for h, t in blame_pairs(reporter.parties, stance_holder.parties, False)]
    if holder is None and reporters == [] and stance_holder is None:
        holder = according_to(ctx)
        if holder is None and ctx.focus and quoted(doc):
            holder = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    if holder is None:
        return []
    if kind is None and commit and (reporters or holder.rule_id == "attr.quote-focus"):
        if commit.anaphoric and reporters and not reporters[0].anaphoric:
            # "it would allow" is the nearest subject above: "the UN said Israel had
            # informed them it would allow ..." is Israel's move
            commit = reporters[0]
        if not (commit.anaphoric or set(commit.parties) & set(holder.parties)):
            return []  # "the UN said Israel would allow ...": Israel's move, reported
        kind = "accept"
        rules.append("cue.modal.commit")
    if kind is None or (kind == "goal" and holder.rule_id == "attr.according-to"):
        return []
    if cond_subject is not None and (cond_subject.anaphoric or set(cond_subject.parties) & set(holder.parties)):
        # the holder's own move is the conditional one ("return all hostages before it
        # will agree to end the war"): it withholds it, a rejection for now
        sign = -sign
        rules.append("cue.condition.own")
    stance = "reject" if sign < 0 else ("accept" if kind == "accept" else "demand")
    confidence = 0.8 if kind in ("reject", "accept", "demand") else 0.65
    if holder.anaphoric:
        confidence *= 0.85
    if issue.weak:
        confidence *= 0.85
    rules.append(holder.rule_id)
    return [RuleResult(party, "position", issue.label, stance, "", tuple(dict.fromkeys(rules)),
                       round(confidence, 3))
            for party in holder.parties]
