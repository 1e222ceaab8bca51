"""Faults: a fault cue blames its subject ("X reneged", "obstacles created by X"), when another
party says so."""

from __future__ import annotations

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, according_to, copula_partner, subject_of
from ..matching import Hit
from .accusation import agent_of, blamable, blame_pairs, blamed_party, issue_near
from .catalog import named_rule
from .cues import DESCRIBE_VERBS, CueIndex, hypothetical
from .holders import FIRST_PERSON, quoted
from .paths import path_up
from .result import RuleResult

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
        if partner is None and subj.head.lemma_ == "be":
            # "the obstacle is that Armenia's representatives have different positions"
            clause = next((c for c in subj.head.children if c.dep_ == "ccomp"), None)
            partner = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        return blamed_party(partner, ctx) if partner is not None else None
    return blamable(found, ctx)


def fault_holder(clause: Token, target: Holder, ctx: SentenceContext, cues: CueIndex,
                 first: int = 1) -> Holder | None:
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
        # refusal ..., Netanyahu has decided ...", the office stated)
        for up in path:
            if up.pos_ in ("VERB", "AUX"):
                _, found = subject_of(up, ctx, climb=False)
                if found and not found.anaphoric and set(found.parties) - set(target.parties):
                    return found
    return holders


def blame_results(holders: Holder, target: Holder, rule_id: str, issue: str,
                  confidence: float = 0.7) -> list[RuleResult]:
    """One blame per holder and target party, less sure when either was resolved by anaphora."""
    conf = confidence * (0.85 if holders.anaphoric or target.anaphoric else 1.0)
    return [RuleResult(h, "blame", issue, "", t, (rule_id, holders.rule_id), round(conf, 3))
            for h, t in blame_pairs(holders.parties, target.parties, False)]


@named_rule("fault.faults", "cue.blame.fault*", "cue.blame.failure", "cue.blame.obstruct*", "attr.quote-focus")
def faults(ctx: SentenceContext, hit: Hit, cues: CueIndex, issues: list[Hit]) -> list[RuleResult]:
    """A fault blames whoever is at fault ("X reneged", "obstacles created by X"), when a
    party other than that one says so: the subject of a report, accusation or stance above,
    else "according to X", else in a quote the party in focus; an imagined fault abstains."""
    tok = ctx.doc[hit.start:hit.end].root
    if hypothetical(tok):
        return []
    target, clause = fault_target(tok, ctx, cues)
    if target is None:
        return []
    # "Hamas described Israeli attacks as violations": the describer holds the blame
    holders = fault_holder(clause, target, ctx, cues, 0 if clause.lemma_ in DESCRIBE_VERBS else 1)
    if holders is None:
        return []
    return blame_results(holders, target, hit.rule_id, issue_near(ctx, clause, issues))
