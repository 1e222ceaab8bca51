"""What the parse says a fault is: who is at fault ("X reneged", "obstacles created by X",
"the one responsible is X") and who says so, read once per fault cue by :mod:`.blamecue`
(and, for the owner an implied cue names, by :mod:`.owners`)."""

from __future__ import annotations

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, according_to, subject_of
from .blamed import agent_of, blamed_party, subject_party
from .cues import DESCRIBE_VERBS, CueIndex
from .holders import quoted
from .paths import path_up

# Verbs whose subject records or counts a fault rather than commits it ("Hamas reported 47
# violations", "the UN documented breaches").
RECORDING_VERBS = ("report", "document", "record", "count", "cite", "list", "monitor", "register", "log",
                   "note", "deny", "investigate")

# Pronouns that, as the object of a describing verb, stand for an act, not a party
# ("labeling it a flagrant violation").
ACT_PRONOUNS = ("it", "this", "that")


def fault_target(tok: Token, ctx: SentenceContext, cues: CueIndex | None = None
                 ) -> tuple[Holder | None, Token]:
    """Who is at fault: the subject of a fault verb, the possessor of a fault noun, or the
    subject of the verb that carries the fault (``X was responsible``, ``X created obstacles``;
    "the one responsible is X"). No one when the verb above only records, denies or
    blames the fault ("Hamas reported violations", "Hamas blamed the delay on ..."), nor
    the speaker itself ("we")."""
    if tok.pos_ == "VERB":
        return subject_party(tok, ctx), tok
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound"):
            found = blamed_party(child, ctx)
            if found:
                return found, tok
    found = agent_of(tok, ctx)
    if found:
        return found, tok
    head = tok.head
    while head.dep_ in ("prep", "pobj", "conj", "amod") and head.head.i != head.i:
        head = head.head
    if head.lemma_ in DESCRIBE_VERBS:
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lower_ not in ACT_PRONOUNS:
            return blamed_party(obj, ctx), head
        return None, head
    if head.lemma_ in RECORDING_VERBS or (cues is not None and cues.at(head.i, "accuse")):
        return None, head
    return subject_party(head, ctx), head


def fault_holder(clause: Token, target: Holder, ctx: SentenceContext, cues: CueIndex, *,
                 first: int) -> Holder | None:
    """Who says a party is at fault: going up from the clause that carries the fault
    (from the clause itself when ``first`` is 0, as for "Hamas described the attacks as
    violations"), the subject of the first report, accusation or stance predicate (or of
    the root) that names a party other than the one at fault; else "according to X"; else,
    in a quote, the party in focus; else the subject of any predicate above that names one
    by name."""
    path = list(path_up(clause))[first:]
    for up in path:
        if cues.at(up.i, "report", "accuse", "reject", "demand", "accept") or up.dep_ == "ROOT":
            _, found = subject_of(up, ctx)
            if found and set(found.parties) - set(target.parties):
                return found
    holders = according_to(ctx)
    if holders is None and ctx.focus and quoted(ctx.doc) and ctx.focus not in target.parties:
        holders = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    if holders is None:
        # no one above says it: the party that acts on the fault ("in light of Hamas's
        # refusal ..., Netanyahu has decided ...", the office stated), also when the verb
        # describes a noun that names it ("met Hamas negotiators angered over Israel's refusal")
        for up in path:
            if up.pos_ in ("VERB", "AUX"):
                _, found = subject_of(up, ctx)
                if found and not found.anaphoric and set(found.parties) - set(target.parties):
                    return found
    return holders
