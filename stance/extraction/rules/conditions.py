"""Conditions, threats and ultimatums: clauses that make a demand of whoever sets them."""

from __future__ import annotations

from spacy.tokens import Token

from ..matching import Hit
from .cues import CueIndex


def condition_at(tok: Token, cues: CueIndex) -> Hit | None:
    """A clause that is a condition: ``unless X``, ``only if X``, ``as long as X``."""
    if tok.dep_ not in ("advcl", "pcomp", "ccomp"):
        return None
    for child in tok.children:
        if child.dep_ in ("mark", "advmod"):  # clauses only: "before any other prisoners" is no condition
            hit = cues.at(child.i, "condition")
            # "as long as X": "long" may hang on the main clause, the last "as" marks the condition
            if hit and (child.dep_ == "mark" or hit.end - hit.start == 1):
                return hit
    if tok.dep_ == "advcl":
        # "Should Hezbollah rearm, ...", "Were Hamas to refuse, ...": the auxiliary before the subject
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        aux = next((c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.lower_ in ("should", "were", "had")), None)
        if subj is not None and aux is not None and aux.i < subj.i and not any(
                c.dep_ == "mark" for c in tok.children):
            return Hit("cue.condition.inverted", "condition", aux.i, aux.i + 1)
    return None


DEADLINE_VERBS = ("give", "set", "issue", "hand")


DEADLINE_NOUNS = ("deadline", "ultimatum")


def sets_deadline(tok: Token, below: Token) -> bool:
    """``tok`` sets a deadline for what ``below`` (a clause or noun under it) asks:
    "gave Hamas until Sunday to accept", "set a deadline for Hamas to agree"."""
    if tok.lemma_ not in DEADLINE_VERBS or below.head.i != tok.i:
        return False
    until = any(c.dep_ == "prep" and c.lower_ in ("until", "till") for c in tok.children)
    deadline = any(c.lemma_ in DEADLINE_NOUNS for c in tok.children)
    if below.lemma_ in DEADLINE_NOUNS:
        return True
    return (until or deadline) and below.dep_ in ("advcl", "xcomp", "ccomp") and any(
        c.lower_ == "to" and c.dep_ == "aux" for c in below.children)


THREAT_HEADS = ("threaten", "warn")


def threat_of(cond: Token, cues: CueIndex) -> Hit | None:
    """The threat a condition clause hangs on: "if Hamas does not return the hostages,
    the IDF will resume fighting", "threatened to step up strikes if ...", "should
    Hezbollah rearm, we will strike"."""
    main = cond.head
    for tok in [main] + [c for c in main.children if c.dep_ in ("conj", "nsubj")]:
        hit = cues.at(tok.i, "threat")
        if hit:
            return hit
    if main.dep_ == "xcomp" and main.head.lemma_ in THREAT_HEADS:
        return Hit("cue.threat.verb", "threat", main.head.i, main.head.i + 1)
    return None
