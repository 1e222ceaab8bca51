"""What the parse says an accusation is: who accuses whom ("accused X of", "X was blamed by
Y", "placed the blame on X", "blamed each other"), read once per accuse cue by :mod:`.blamecue`."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, is_reciprocal, party_of, subject_of
from .blamed import agent_of, blamed_party


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
