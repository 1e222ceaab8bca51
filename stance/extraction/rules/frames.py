"""Issue terms that only set the frame of a sentence (rule ``issue.frame``): no position."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..matching import Hit
from .catalog import named_rule

# Prepositions that place what follows as the setting of a statement, not its object
# ("will not withdraw during Phase One", "obligations under the agreement"), and the
# nouns that do so after "within/in ... of" ("within the framework of a ceasefire").
# "As part of" is no frame: agreeing to something as part of a deal accepts the deal.
FRAME_PREPS = ("during", "throughout", "under")


FRAME_NOUNS = ("framework", "parameter", "context", "scope")


@named_rule("frames.sets-frame", "issue.frame")
def sets_frame(anchor: Token) -> bool:
    """Whether an issue term only sets the frame of the sentence: the object of
    "during"/"under", or of "within the framework of"."""
    if anchor.dep_ != "pobj":
        return False
    prep = anchor.head
    if prep.lower_ in FRAME_PREPS or (anchor.lemma_ in FRAME_NOUNS and prep.lower_ in ("as", "within", "in")):
        return True
    noun = prep.head
    return (prep.lower_ == "of" and noun.lemma_ in FRAME_NOUNS and noun.dep_ == "pobj"
            and noun.head.lower_ in ("as", "within", "in", "under"))


@named_rule("frames.nested-term", "issue.nested")
def nested_term(issue: Hit, issues: list[Hit], doc: Doc) -> bool:
    """Whether an issue term only names a place or part of another term of the same issue
    that governs it: in "maintain a presence in the Philadelphi Corridor" (a term against
    withdrawal) the corridor (a withdrawal term) is where the presence is, and the outer term
    carries the position."""
    anchor = doc[issue.start:issue.end].root
    for other in issues:
        if other.label != issue.label or other.sign == issue.sign:
            continue
        outer = doc[other.start:other.end].root
        if outer.i != anchor.i and outer.is_ancestor(anchor):
            return True
    return False


# Nouns of the package a negotiation is about: an issue that only names one ("a hostage
# deal", "ceasefire talks") is its name.
PACKAGE_NOUNS = frozenset({"deal", "agreement", "proposal", "plan", "framework", "accord", "talk",
                           "negotiation", "offer", "package"})


@named_rule("frames.names-package", "issue.package-name")
def names_package(issue: Hit, doc: Doc, package_issue: str) -> bool:
    """Whether an issue term only names the package it modifies: "a hostage deal", "a
    ceasefire and prisoner swap proposal", "ceasefire talks" are the deal (``package_issue``),
    not positions on their parts; "a deal for the release of hostages" and "an agreement to
    free hostages" name the part too."""
    if issue.label == package_issue:
        return False
    tok = doc[issue.start:issue.end].root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "compound" and tok.head.lemma_ in PACKAGE_NOUNS
