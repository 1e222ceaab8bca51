"""Faults: a fault cue blames its subject ("X reneged", "obstacles created by X"), when another
party says so."""

from __future__ import annotations

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, according_to, party_of, subject_of
from ..matching import Hit
from .accusation import agent_of, blame_pairs, issue_near
from .catalog import named_rule
from .cues import DESCRIBE_VERBS, CueIndex, hypothetical
from .holders import quoted
from .paths import path_up
from .result import RuleResult


def fault_target(tok: Token, ctx: SentenceContext) -> tuple[Holder | None, Token]:
    """Who is at fault: the subject of a fault verb, the possessor of a fault noun, or the
    subject of the verb that carries the fault (``X was responsible``, ``X created obstacles``)."""
    if tok.pos_ == "VERB":
        return subject_of(tok, ctx)[1], tok
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound"):
            found = party_of(child, ctx)
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
        if obj is not None:
            return party_of(obj, ctx), head
    return subject_of(head, ctx)[1], head


@named_rule("fault.faults", "cue.blame.fault*", "cue.blame.failure", "cue.blame.obstruct*", "attr.quote-focus")
def faults(ctx: SentenceContext, hit: Hit, cues: CueIndex, issues: list[Hit]) -> list[RuleResult]:
    """A fault blames whoever is at fault ("X reneged", "obstacles created by X"), when a
    party other than that one says so: the subject of a report, accusation or stance above,
    else "according to X", else in a quote the party in focus; an imagined fault abstains."""
    doc = ctx.doc
    tok = doc[hit.start:hit.end].root
    if hypothetical(tok):
        return []
    target, clause = fault_target(tok, ctx)
    if target is None:
        return []
    holders = None
    # "Hamas described Israeli attacks as violations": the describer holds the blame
    first = 0 if clause.lemma_ in DESCRIBE_VERBS else 1
    for up in list(path_up(clause))[first:]:
        if cues.at(up.i, "report", "accuse", "reject", "demand", "accept") or up.dep_ == "ROOT":
            _, found = subject_of(up, ctx)
            if found and set(found.parties) - set(target.parties):
                holders = found
                break
    if holders is None:
        holders = according_to(ctx)
    if holders is None and ctx.focus and quoted(doc) and ctx.focus not in target.parties:
        holders = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    if holders is None:
        return []
    issue = issue_near(ctx, clause, issues)
    conf = 0.7 * (0.85 if holders.anaphoric or target.anaphoric else 1.0)
    return [RuleResult(h, "blame", issue, "", t, (hit.rule_id, holders.rule_id), round(conf, 3))
            for h, t in blame_pairs(holders.parties, target.parties, False)]
