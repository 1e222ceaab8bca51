"""Who the parse names around a blame cue: the party a noun phrase, an agent or a subject
names as the one blamed, the pairs a blame makes, and the issue named near the cue.

Readers of the parse, shared by the readers of each kind of cue (:mod:`.accused`,
:mod:`.faulted`, :mod:`.owners`); :mod:`.blamecue` calls them once per cue.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..attribution import COPULAS, Holder, SentenceContext, copula_partner, party_of, subject_of
from ..matching import Hit
from .holders import FIRST_PERSON


def agent_of(noun: Token, ctx: SentenceContext, preps: tuple[str, ...] = ("by",)) -> Holder | None:
    """The party a "by" phrase on ``noun`` names ("the killing of X by Y" -> Y)."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps):
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        found = party_of(pobj, ctx) if pobj is not None else None
        if found:
            return found
    return None


def blamable(found: Holder | None, ctx: SentenceContext) -> Holder | None:
    """``found`` as the one blamed, unless it is only the party in focus and a mediator: "An
    Israeli official accused the group of sabotaging the talks" after a sentence on Qatar
    does not blame the mediator."""
    if found is not None and found.rule_id == "attr.anaphor" and set(found.parties) <= set(ctx.mediators):
        return None
    return found


def blamed_party(tok: Token, ctx: SentenceContext) -> Holder | None:
    """The parties the noun phrase ``tok`` heads names as the one blamed (:func:`blamable`)."""
    return blamable(party_of(tok, ctx), ctx)


def blame_pairs(holders: tuple[str, ...], targets: tuple[str, ...], mutual: bool) -> list[tuple[str, str]]:
    """Who blames whom: each holder and each target, or, when mutual, each holder and each
    other holder; never a party itself."""
    if mutual:
        return [(h, t) for h in holders for t in holders if h != t]
    return [(h, t) for h in holders for t in targets if h != t]


def issue_near(ctx: SentenceContext, tok: Token, issues: list[Hit]) -> str:
    """The first issue named in ``tok``'s subtree, not counting words of a party's name
    ("relatives of hostages have accused him of stalling" is not about hostages)."""
    subtree = {t.i for t in tok.subtree}
    for issue in issues:
        if issue.start in subtree and not issue.weak and not any(
                ctx.mention_at(i) is not None for i in range(issue.start, issue.end)):
            return issue.label
    return ""


def subject_party(pred: Token, ctx: SentenceContext) -> Holder | None:
    """The party the subject of ``pred`` names; a subject that names none but stands in a
    copula with one names that one ("the one who is responsible ... is Israel", "the
    obstacle is that Armenia's representatives ..."). "We" and
    "I" are the speaker, who blames no one by naming a fault of its own ("We will not put
    up with procrastination")."""
    subj, found = subject_of(pred, ctx)
    if subj is not None and subj.lower_ in FIRST_PERSON:
        return None
    if found is None and subj is not None:
        partner = copula_partner(subj)
        if partner is None and subj.head.lemma_ in COPULAS:
            # "the obstacle is that Armenia's representatives have different positions"
            clause = next((c for c in subj.head.children if c.dep_ == "ccomp"), None)
            partner = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        return blamed_party(partner, ctx) if partner is not None else None
    return blamable(found, ctx)
