"""Read each predicate on the path from an issue term to the root once, into a frozen record.

The position rules (:mod:`.positions`) never look at cue words or the parse again: what a
predicate says (its stance cue, negation, modality, condition, threat, whether it reports
or blames) and how the clause below hangs on it (its scope) are read here, in one place.
Who the predicate's subject is (the holder it names) depends on what a rule needs (climbing
to the verb a subjectless predicate hangs on, or not), so it is read when a rule asks
(:meth:`Clause.subject`, :meth:`Clause.own_subject`). A named tuple: the walk reads a clause
at every word of every path, and a tuple is the cheapest record to make.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, subject_of
from ..matching import Hit
from .cues import (
    STANCE_ROLES,
    CueIndex,
    blaming,
    condition_at,
    hypothetical,
    is_own_delay,
    modal_at,
    negation_at,
    sets_deadline,
    threat_of,
)
from .paths import participle_after, path_up


class Clause(NamedTuple):
    """One predicate on the path from an issue term up to the root, and the clause below it.

    Attributes:
        predicate: The token on the path.
        below: The token before it on the path (the issue term's root for the first).
        inside: The predicate is the issue term's own root ("free the captives").
        stance: The stance cue that acts here (reject, accept, demand, goal; a speaker's own
            delay or an imagined violation reads as a rejection); never inside the term.
        negation: A negation of the predicate.
        modality: A modal of the predicate (demand or commitment).
        condition: The condition the predicate's clause is ("unless", "only if", "should X").
        threat: The threat that condition hangs on.
        reports: A reporting cue ("said", "announced").
        blames: A fault cue, or an accusation that accuses here.
        accuses: An accusation cue.
        own_delay: "it would delay": the speaker withholds its own move.
        imagined: A violation only imagined in a condition ("should X violate").
        joins_report: The clause below is joined to this report verb with its own subject
            ("Hamas said it agreed, but Israeli leaders rejected the deal"): not reported.
        relative_below: The clause below is a relative clause on this noun: its stance is its own.
        contents_below: ... and the noun is a proposal whose contents the clause names ("a
            proposal aimed at halting hostilities", "a resolution that would have demanded a
            ceasefire"): what is done to the proposal is done to its contents.
        inert: The clause below is this predicate's subject, a conjunct, a participle after it
            or a concession: this predicate's stance does not apply to it.
        sets_deadline: The predicate sets a deadline for what the clause below asks.
        reports_term: The issue term is this report verb's direct object ("will announce a
            ceasefire"): reported, not a stance.
        condition_below: The clause below is an adverbial clause of this predicate (where a
            condition hangs).
        ctx: The sentence, for :meth:`subject` and :meth:`own_subject`.
    """

    predicate: Token
    below: Token
    inside: bool
    stance: Hit | None
    negation: Hit | None
    modality: Hit | None
    condition: Hit | None
    threat: Hit | None
    reports: bool
    blames: bool
    accuses: bool
    own_delay: bool
    imagined: bool
    joins_report: bool
    relative_below: bool
    contents_below: bool
    inert: bool
    sets_deadline: bool
    reports_term: bool
    condition_below: bool
    ctx: SentenceContext

    def inherited_subject(self) -> tuple[Token | None, Holder | None]:
        """The predicate's subject and the holder it names; a verb without one inherits it
        from the verb it hangs on ("..., emphasizing", "to reject")."""
        return subject_of(self.predicate, self.ctx)

    def subject(self) -> Holder | None:
        """The holder of :meth:`inherited_subject`."""
        return self.inherited_subject()[1]

    def own_subject(self) -> tuple[Token | None, Holder | None]:
        """The predicate's own subject and the holder it names, inheriting none."""
        return subject_of(self.predicate, self.ctx, climb=False)


def clauses_up(issue: Hit, ctx: SentenceContext, cues: CueIndex) -> Iterator[Clause]:
    """The clauses on the path from the issue term's root to the root of the sentence, in
    order; the term's other words are passed over."""
    anchor = ctx.doc[issue.start:issue.end].root
    below = anchor
    for tok in path_up(anchor):
        inside = issue.start <= tok.i < issue.end
        if inside and tok.i != anchor.i:
            below = tok
            continue
        yield read_clause(tok, below, inside, anchor, cues, ctx)
        below = tok


def read_clause(tok: Token, below: Token, inside: bool, anchor: Token, cues: CueIndex,
                ctx: SentenceContext) -> Clause:
    """What ``tok`` says and how ``below`` hangs on it."""
    i, below_dep = tok.i, below.dep_
    own_delay = is_own_delay(tok, cues) and not inside
    imagined = bool(cues.at(i, "fault") and not inside and tok.pos_ == "VERB" and hypothetical(tok))
    reports = cues.at(i, "report") is not None and not inside  # a term's own word ("maintaining control") reports nothing
    condition = condition_at(tok, cues)
    under = below.head.i == i
    return Clause(
        tok, below, inside,
        _stance(tok, inside, own_delay, imagined, cues),
        negation_at(tok, cues),
        modal_at(tok, cues),
        condition,
        threat_of(tok, cues) if condition else None,
        reports,
        blaming(tok, cues),
        cues.at(i, "accuse") is not None,
        own_delay,
        imagined,
        # joins_report
        below_dep == "conj" and under and reports and any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in below.children) and not any(
            c.dep_ == "mark" for c in below.children),
        # relative_below
        under and (below_dep == "relcl" or (
            below_dep == "acl" and not any(c.lower_ == "to" for c in below.children))),
        # contents_below
        under and below_dep in ("relcl", "acl") and tok.lemma_ in PROPOSAL_NOUNS and not _own_party_subject(below, ctx),
        # inert
        (below_dep in ("nsubj", "conj") and under) or participle_after(below, tok) or (
            below_dep == "prep" and below.lower_ == "despite" and under),
        sets_deadline(tok, below),
        # reports_term
        below.i == anchor.i and anchor.dep_ == "dobj" and anchor.head.i == i,
        below_dep == "advcl" and under,  # condition_below
        ctx,
    )


# Nouns of a proposal, plan or resolution, whose relative clause names what it contains.
PROPOSAL_NOUNS = frozenset({"proposal", "plan", "deal", "agreement", "initiative", "framework", "resolution",
                            "offer", "roadmap", "outline", "blueprint", "draft", "text", "vision", "package"})


def _own_party_subject(clause: Token, ctx: SentenceContext) -> bool:
    """Whether a relative clause has a subject of its own that names a party ("the proposal,
    which Hamas rejected", "in which a ceasefire was demanded by Hamas"): then it is that
    party's stance on the noun, not the noun's content."""
    return any((c.dep_ in ("nsubj", "nsubjpass") and ctx.mention_at(c.i) is not None)
               or (c.dep_ == "agent" and any(g.dep_ == "pobj" and ctx.mention_at(g.i) is not None
                                            for g in c.children))
               for c in clause.children)


def _stance(tok: Token, inside: bool, own_delay: bool, imagined: bool, cues: CueIndex) -> Hit | None:
    """The stance cue at ``tok``: the issue term's own head carries none (its negation and
    modal still count: "will not free the captives")."""
    hit = None if inside else next(filter(None, (cues.at(tok.i, role) for role in STANCE_ROLES)), None)
    if own_delay:
        # "Hamas said it would delay the release of hostages": withholding it
        return Hit("cue.reject.own-delay", "reject", tok.i, tok.i + 1)
    if imagined and hit is None:
        # a violation only imagined in a condition ("should Hezbollah violate the
        # agreement, we will strike") is no blame: it opposes what it violates
        return Hit("cue.reject.violation", "reject", tok.i, tok.i + 1)
    return hit
