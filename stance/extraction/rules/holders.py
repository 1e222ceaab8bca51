"""Who holds a position: the stance predicate's subject or the reporter above it, another
party's stance taken over, or, when no subject names one, "according to X" or the party in focus."""

from __future__ import annotations

from ..attribution import Holder, SentenceContext, according_to
from ..matching import Hit
from .catalog import named_rule
from .clause import Clause
from .paths import agentless_passive
from .walk import ABSTAIN, STOP, Outcome, Walk


def choose_holder(stance_holder: Holder | None, reporters: list[Holder],
                  principals: tuple[str, ...]) -> Holder | None:
    """Who holds the position: the subject of the stance predicate, unless it is only
    "it"/"he" and a reporter above names the party. What one negotiating side says of
    the other's position ("Hamas claimed Israel rejected offers") is a claim, not a
    statement of the other side; a mediator's report of it is."""
    named = [r for r in reporters if not r.anaphoric]
    if stance_holder is None:
        return named[-1] if named else (reporters[-1] if reporters else None)
    if stance_holder.anaphoric and stance_holder.rule_id != "attr.anaphor.role" and named:
        # "he" is whoever the reporter names; "the movement" names its party itself
        return Holder(named[0].parties, named[0].rule_id)
    role = next((r for r in reporters if r.rule_id == "attr.anaphor.role"), None)
    if stance_holder.anaphoric and role is not None:
        # "'We reaffirm our commitment,' the spokesman added": the speaker, whose role
        # names its party more surely than the focus does
        return role
    # the reporter that says it: the topmost named one, else "he said" of the party in focus
    top = named[-1] if named else (reporters[-1] if reporters else None)
    if top is not None and not set(stance_holder.parties) & set(top.parties) and (
            set(top.parties) & set(principals) and set(stance_holder.parties) & set(principals)):
        return None
    return stance_holder


FIRST_PERSON = ("we", "us", "our", "ours", "i", "me", "my")


def quoted(doc) -> bool:
    """Someone speaks in the sentence: a quotation mark, or a first-person pronoun (the
    middle sentences of a long quotation, a statement or post reproduced as text)."""
    return any(t.is_quote or (t.lower_ in FIRST_PERSON and t.pos_ == "PRON") for t in doc)


@named_rule("holders.subject")
def holder_step(walk: Walk, clause: Clause, stance: Hit | None) -> Outcome:
    """The subject of a stance, reporting or modal predicate: the stance's holder, another
    party's stance taken over (``stance.on-anothers``), or one more reporter above."""
    tok = clause.predicate
    if walk.stance_holder is not None and own_adverbial(clause):
        return STOP
    # a goal names its holder only as its own subject ("Hamas seeks to secure");
    # "talks in a bid to secure a truce" describes efforts, not a stated position
    subject, found = clause.own_subject() if stance and stance.label == "goal" else clause.inherited_subject()
    if found is None:
        if stance is not None and stance.label != "goal" and (
                agentless_passive(tok) or tok.dep_ == "acl") and stance.rule_id != "cue.reject.warned":
            # whoever accepted it ("the proposal had been accepted", "the side
            # rejecting the proposals"), the reporter is not named as the holder; a
            # warning ("would be considered a violation") is its speaker's
            return ABSTAIN
        return walk
    if stance is not None and stance.label == "accept" and clause.modality is not None and \
            clause.modality.label == "modal_demand" and walk.stance_holder is None and not walk.reporters \
            and not _pronoun(subject):
        # "it must accept", "we met and must accept": the speaker's own acceptance
        return obliged(walk, found)
    if stance is not None and stance.label != "goal" and walk.stance_holder is None and (
            len(walk.reporters) == walk.modal_subjects):
        # the subjects of modal clauses below are the content's agents ("Hamas is
        # pushing to decide which prisoners will be released by Israel"), not its holders
        return walk._replace(stance_holder=found, held_by_noun=tok.pos_ == "NOUN", reporters=(),
                       modal_subjects=0)
    if stance is not None and stance.label != "goal" and walk.held_by_noun and not walk.reporters \
            and tok.pos_ == "VERB" and not set(found.parties) & set(walk.stance_holder.parties):
        return on_anothers(walk, found, stance)
    if stance is not None and stance.label == "demand" and walk.stance_holder is not None and \
            not walk.reporters and walk.sign > 0 and not found.anaphoric and \
            not set(found.parties) & set(walk.stance_holder.parties):
        return demand_of_another(walk, found)
    # "it would release" is the speaker's own commitment
    modal_subject = stance is None and not clause.reports and not found.anaphoric
    return walk._replace(reporters=walk.reporters + (found,),
                   modal_subjects=walk.modal_subjects + modal_subject)


@named_rule("holders.demand-of-another", "stance.demand-of-another")
def demand_of_another(walk: Walk, found: Holder) -> Walk:
    """``stance.demand-of-another``: a demand that another party take a step ("Hamas
    demanded that Israel accept a permanent ceasefire", "called on Qatar to make sure
    Hamas accepts the deal", "Israel wants Hamas to accept the deal") is the demander's
    demand of what the other is to accept, not the other's acceptance."""
    return walk.add("stance.demand-of-another", stance_holder=found, held_by_noun=False, kind="demand")


def _pronoun(token) -> bool:
    return token is not None and token.pos_ == "PRON"


@named_rule("holders.obliged", "stance.obliged")
def obliged(walk: Walk, found: Holder) -> Walk:
    """``stance.obliged``: "Hamas must accept the deal", "Israel should agree to the truce":
    the subject is the one obliged, and whoever says so demands it (the reporter above,
    "Blinken said Hamas must accept the deal"); the subject holds it only when no one
    above says it."""
    return walk.add("stance.obliged", kind="demand", reporters=(found,), modal_subjects=1)


# Subordinators of an adverbial clause that is a proposition of its own, not a condition
# ("if", "unless", "until" make one clause of the two: the main clause's subject sets it).
OWN_CLAUSE_MARKS = frozenset({"although", "though", "while", "whilst", "whereas", "after", "when",
                              "since", "because", "as"})


@named_rule("holders.own-adverbial")
def own_adverbial(clause: Clause) -> bool:
    """The clause below is a concessive, contrastive, temporal or causal clause with its own
    subject ("Although Israel rejected the proposal, Hamas accepted it", "Hamas accepted it
    after Israel agreed to withdraw"): its stance is its subject's, and the walk ends below
    the predicate it hangs on."""
    below = clause.below
    return below.dep_ == "advcl" and below.head.i == clause.predicate.i and any(
        c.dep_ == "mark" and c.lower_ in OWN_CLAUSE_MARKS for c in below.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in below.children)


@named_rule("holders.on-anothers", "stance.on-anothers")
def on_anothers(walk: Walk, found: Holder, stance: Hit) -> Walk:
    """``stance.on-anothers``: a stance on another's demand or offer ("Netanyahu rejected
    Hamas's demand for a withdrawal", "Israel's proposal was accepted by Hamas") is the
    outer party's."""
    kind = "accept" if stance.label == "accept" and walk.sign > 0 else walk.kind
    return walk.add("stance.on-anothers", stance_holder=found, held_by_noun=False, kind=kind)


@named_rule("holders.unnamed", "attr.according-to", "attr.quote-focus")
def unnamed_holder(ctx: SentenceContext) -> Holder | None:
    """No subject names a holder: "according to X" (``attr.according-to``), else, in a
    quote, the party in focus (``attr.quote-focus``)."""
    holder = according_to(ctx)
    if holder is None and ctx.focus and quoted(ctx.doc):
        holder = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    return holder
