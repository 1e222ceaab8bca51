"""Walking the parse: from a token up to the root, and the shapes met on the way."""

from __future__ import annotations

from spacy.tokens import Token


def bare(verb: Token) -> bool:
    """A verb in its base form, as after a modal: "(must) disarm", "(must) be dismantled"."""
    return verb.tag_ == "VB" or (verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.tag_ == "VB" for c in verb.children))


def head_of(tok: Token) -> Token:
    """``tok``'s head, with one attachment error of the small model undone: a bare verb
    joined to a finite reporting verb ("insisted that Hamas must disarm, be dismantled
    ... and return the hostages") belongs to the bare complement before it, whose
    modal and subject it shares."""
    head = tok.head
    if tok.dep_ != "conj" or not bare(tok) or bare(head) or any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
        return head
    comps = [c for c in head.children if c.dep_ in ("ccomp", "xcomp") and c.i < tok.i and bare(c)]
    return comps[-1] if comps else head


def path_up(tok: Token):
    while True:
        yield tok
        head = head_of(tok)
        if head.i == tok.i:
            return
        tok = head


def participle_after(clause: Token, verb: Token) -> bool:
    """A participle clause after the verb ("rejected this proposition, emphasizing the
    necessity of releasing all women first"): what it says is the subject's own further
    statement, outside the verb's stance; the subject still holds it."""
    return (clause.dep_ == "advcl" and clause.head.i == verb.i and clause.i > verb.i
            and clause.tag_ == "VBG" and not any(c.dep_ == "mark" for c in clause.children))


def agentless_passive(pred: Token) -> bool:
    """"The proposal had been accepted": a stance whose holder the sentence does not name."""
    return any(c.dep_ == "nsubjpass" for c in pred.children) and not any(
        c.dep_ == "agent" for c in pred.children)
