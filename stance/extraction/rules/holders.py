"""Who holds a position: the stance predicate's subject or the reporter above it, another
party's stance taken over, or, when no subject names one, "according to X" or the party in focus."""

from __future__ import annotations

from ..attribution import Holder, SentenceContext, according_to
from ..matching import Hit
from .catalog import named_rule
from .clause import Clause
from .paths import agentless_passive
from .walk import ABSTAIN, Outcome, Walk


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
    # a goal names its holder only as its own subject ("Hamas seeks to secure");
    # "talks in a bid to secure a truce" describes efforts, not a stated position
    found = clause.own_subject()[1] if stance and stance.label == "goal" else clause.subject()
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
        return walk._replace(stance_holder=found, held_by_noun=tok.pos_ == "NOUN", reporters=(),
                       modal_subjects=0)
    if stance is not None and stance.label != "goal" and walk.held_by_noun and not walk.reporters \
            and tok.pos_ == "VERB" and not set(found.parties) & set(walk.stance_holder.parties):
        return on_anothers(walk, found, stance)
    # "it would release" is the speaker's own commitment
    modal_subject = stance is None and not clause.reports and not found.anaphoric
    return walk._replace(reporters=walk.reporters + (found,),
                   modal_subjects=walk.modal_subjects + modal_subject)


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
