"""Accusations: an accuse cue blames its object ("accused X of", "blamed X", "placed the blame on X")."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..attribution import (
    Holder,
    SentenceContext,
    according_to,
    is_reciprocal,
    party_of,
    subject_of,
)
from ..matching import Hit
from .catalog import named_rule
from .cues import CueIndex
from .result import RuleResult


def blaming(tok: Token, cues: CueIndex) -> bool:
    """Whether a token blames: a fault cue, or an accusation cue that accuses here."""
    return bool(cues.at(tok.i, "fault")) or (bool(cues.at(tok.i, "accuse")) and accusing(tok))


def accusing(tok: Token) -> bool:
    """Whether an accusation verb accuses here: "held" does only with "responsible"
    ("hostages held in Gaza for prisoners" accuses no one); "charging that ..."
    reports, and the fault rule reads what it reports."""
    if tok.lemma_ == "hold":
        return any(t.lemma_ in ("responsible", "accountable") for t in tok.subtree)
    if tok.lemma_ == "charge" and tok.pos_ == "VERB":
        return any(c.dep_ == "dobj" for c in tok.children)
    return True


@named_rule("accusation.accusations", "cue.blame.accuse", "cue.blame.criticize", "cue.blame.noun", "blame.mutual")
def accusations(ctx: SentenceContext, hit: Hit, cues: CueIndex, issues: list[Hit]) -> list[RuleResult]:
    """An accusation blames its object: "accused X of", "blamed X", "placed the blame on X",
    "X was blamed by Y"; "blamed each other", "traded blame" blame both ways (``blame.mutual``).
    The accuser is the subject, else "according to X"."""
    tok = ctx.doc[hit.start:hit.end].root
    if tok.pos_ == "NOUN":
        found = blame_noun(tok, ctx)
    elif not accusing(tok):
        return []
    elif any(c.dep_ == "nsubjpass" for c in tok.children):
        found = passive_accusation(tok, ctx)
    else:
        found = active_accusation(tok, ctx)
    holders = found.holders if found.holders is not None else according_to(ctx)
    if holders is None:
        return []
    pairs = blame_pairs(holders.parties, found.targets, found.mutual)
    issue = issue_near(ctx, tok, issues)
    conf = 0.85 * (0.85 if holders.anaphoric else 1.0)
    rules = (hit.rule_id, holders.rule_id) + (("blame.mutual",) if found.mutual else ())
    return [RuleResult(h, "blame", issue, "", t, rules, round(conf, 3)) for h, t in pairs]


@dataclass(frozen=True)
class Accusation:
    """Who accuses whom, as the parse of one accusation says it."""

    holders: Holder | None  # the accuser; None: "according to X" may name one
    targets: tuple[str, ...]
    mutual: bool = False  # "blamed each other", "traded blame"


def blame_noun(tok: Token, ctx: SentenceContext) -> Accusation:
    """"placed the blame on X", "traded blame": the verb's subject blames the "on"/"against"
    phrase of the noun or the verb. "accusations by X" / "from X" name the accusers; when
    they name two parties and no one else is accused ("accusations of breaches by both
    sides"), each accuses the other."""
    verb = tok.head
    _, holders = subject_of(verb, ctx)
    targets: tuple[str, ...] = ()
    for prep in (c for c in list(tok.children) + list(verb.children)
                 if c.dep_ == "prep" and c.lower_ in ("on", "against")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found = blamed_party(pobj, ctx)
            if found:
                targets += found.parties
    accusers = agent_of(tok, ctx, ("by", "from"))
    if accusers is not None:
        holders = accusers
    mutual = verb.lemma_ in ("trade", "exchange") or (
        accusers is not None and not targets and len(accusers.parties) > 1)
    return Accusation(holders, targets, mutual)


def passive_accusation(tok: Token, ctx: SentenceContext) -> Accusation:
    """"X was blamed by Y": the passive subject is blamed by the agent."""
    subj = next(c for c in tok.children if c.dep_ == "nsubjpass")
    found = blamed_party(subj, ctx)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return Accusation(party_of(pobj, ctx) if pobj is not None else None, found.parties if found else ())


def active_accusation(tok: Token, ctx: SentenceContext) -> Accusation:
    """"Y accused X", "Y blamed each other", "Y held X responsible": the subject blames the
    object (the agent of a harm noun: "condemned the killing of A by X"), else the subject of
    a complement."""
    _, holders = subject_of(tok, ctx)
    objects = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    reciprocal = {o.i for o in objects if is_reciprocal(o) or o.lower_ in ("other", "another")}
    if reciprocal and holders is None:
        holders = distributed(tok, ctx)
    targets: tuple[str, ...] = ()
    for obj in (o for o in objects if o.i not in reciprocal):
        found = agent_of(obj, ctx) if obj.lemma_ in HARM_NOUNS else blamed_party(obj, ctx)
        if found:
            targets += found.parties
    if not targets:  # "accused him", "blamed the movement" resolved already; "held X responsible"
        targets = complement_subjects(tok, ctx)
    if tok.lemma_ == "blame" and not reciprocal:
        # "blamed the collapse on Israel": the "on" phrase is the blamed, not the object
        targets = on_phrase_parties(tok, ctx) or targets
    return Accusation(holders, targets, bool(reciprocal))


# Subjects that hand an act to each of the parties named before ("Israel and Hamas ...,
# each side accusing the other").
DISTRIBUTIVES = ("each", "either", "both")


def distributed(tok: Token, ctx: SentenceContext) -> Holder | None:
    """The parties a distributive subject of ``tok`` ("each side", "each") stands for: those
    of the subject of the clause ``tok`` hangs on."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or not (subj.lower_ in DISTRIBUTIVES or any(
            c.dep_ == "det" and c.lower_ in DISTRIBUTIVES for c in subj.children)):
        return None
    if tok.head.i == tok.i:
        return None
    _, found = subject_of(tok.head, ctx)
    return found if found is not None and len(found.parties) > 1 else None


def on_phrase_parties(tok: Token, ctx: SentenceContext) -> tuple[str, ...]:
    """The parties an "on" phrase of ``tok`` names, or its noun's possessor names
    ("blamed the failure on Israel", "on Israel's insistence")."""
    targets: tuple[str, ...] = ()
    # the parser often hangs the phrase on the object ("the collapse of the talks on Israel")
    objects = [t for c in tok.children if c.dep_ == "dobj" for t in c.subtree]
    for prep in (c for c in [*tok.children, *objects] if c.dep_ == "prep" and c.lower_ == "on"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            owners = [pobj] + [c for c in pobj.children if c.dep_ == "poss"]
            found = next((h for h in map(lambda t: blamed_party(t, ctx), owners) if h), None)
            if found:
                targets += found.parties
    return targets


def complement_subjects(tok: Token, ctx: SentenceContext) -> tuple[str, ...]:
    """The parties named as subjects of ``tok``'s complements ("held X responsible")."""
    targets: tuple[str, ...] = ()
    for child in (c for c in tok.children if c.dep_ in ("ccomp", "oprd", "xcomp")):
        subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        found = blamed_party(subj, ctx) if subj is not None else None
        if found:
            targets += found.parties
    return targets


# Nouns of harm done to someone: their possessor or "of" phrase is the victim
# ("condemned Haniyeh's killing"), only a "by" phrase names who is blamed.
HARM_NOUNS = ("killing", "assassination", "murder", "death", "arrest", "detention", "abduction",
              "targeting", "bombing", "execution")


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
