"""Whom an implied cue blames: the *owner* of what it applies to, read from the parse.

News often blames without a verb of blame: "in light of Hamas's refusal to accept the
framework", "Hamas is making unrealistic demands", "we are still waiting for the Israeli
response", "Hamas could have answered with a single word: yes". Each reader below finds, for
one group of implied cues (``OWNER_READERS``), the owner (the possessor of the refusal,
whoever made the demands, the one awaited, the subject who could have acted) and the clause
that applies the cue; :mod:`.blamecue` calls it once per cue, and :mod:`.implied` decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from spacy.tokens import Span, Token

from ..attribution import Holder, SentenceContext
from .blamed import agent_of, blamed_party, subject_party
from .catalog import NAMED_RULES, named_rule
from .cues import STANCE_ROLES, CueIndex

# What a party puts on the table: an evaluation of one blames its owner.
PROPOSAL_NOUNS = ("demand", "request", "condition", "precondition", "requirement", "position", "stance",
                  "claim", "proposal", "counterproposal", "offer", "plan", "term", "response", "reply",
                  "amendment", "change", "insistence", "approach", "attitude")

# Verbs whose subject owns their object ("Hamas is making unrealistic demands", "Israel
# put forward conditions that are impossible").
OWNING_VERBS = ("make", "present", "put", "raise", "set", "pose", "table", "request",
                "propose", "issue", "add", "send", "insist", "impose", "introduce", "advance", "take",
                "adopt", "offer", "bring", "attach")

# What one side waits for from the other.
RESPONSE_NOUNS = ("response", "reply", "answer", "decision", "approval", "word", "feedback", "position")
RESPONSE_VERBS = ("respond", "reply", "answer", "decide", "approve")

# Links from an evaluative word up to the clause whose subject or object it evaluates.
EVALUATION_LINKS = ("acomp", "attr", "oprd", "xcomp", "ccomp", "prep", "conj")


def attachment(span: Span) -> Token:
    """The word of a cue span that hangs on the rest of the sentence, not counting a
    negation or an adverb ("ready" of "not ready", "in" of "not in good faith", both of
    which hang on the copula); a one-word cue is itself."""
    inside = range(span.start, span.end)
    outer = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    content = [t for t in outer if t.dep_ not in ("neg", "advmod", "aux", "det")]
    return (content or outer or [span.root])[-1]


def owner(noun: Token, ctx: SentenceContext, preps: tuple[str, ...] = ("by", "of", "from")
          ) -> Holder | None:
    """Whose ``noun`` is: its possessor, compound or adjective ("Hamas's refusal", "the
    Hamas demands", "the Israeli response"), a phrase of ``preps`` ("the demands of
    Hamas"), else the subject of a relative clause on it ("the demands that Hamas made")
    or of the verb that owns it ("Hamas is making demands"; not "will not submit to")."""
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            found = blamed_party(child, ctx)
            if found:
                return found
    found = agent_of(noun, ctx, preps)
    if found:
        return found
    for rel in (c for c in noun.children if c.dep_ == "relcl"):
        subj = next((c for c in rel.children if c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP")), None)
        found = blamed_party(subj, ctx) if subj is not None else None
        if found:
            return found
    head = noun.head
    if head.i != noun.i and noun.dep_ in ("dobj", "pobj") and head.lemma_ in OWNING_VERBS:
        return None if any(c.dep_ == "neg" for c in head.children) else subject_party(head, ctx)
    if head.i != noun.i and noun.dep_ == "oprd":
        # the small model's "calling [the Hamas] [demands] excessive": the object beside it
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        return blamed_party(obj, ctx) if obj is not None else None
    return None


@named_rule("implied.owned-fault", "cue.blame.owned-fault")
def owned_fault(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """A noun of refusal, insistence or procrastination blames its owner, said by another
    party ("in light of Hamas's refusal to accept the framework, the PMO stated"); not
    when a verb reports, accuses or takes a stance on it ("he confirmed Hamas's rejection
    of ...": the refusal is then a position, or an accusation's object). A "from" phrase is no owner ("a sharp rejection from Witkoff" of Hamas's plan)."""
    head = tok.head
    if tok.dep_ == "dobj" and cues.at(head.i, "report", "accuse", *STANCE_ROLES):
        return None, tok
    found = owner(tok, ctx, ("by",))
    return (found if found is not None and not found.anaphoric else None), tok


def evaluated(tok: Token) -> tuple[Token | None, Token]:
    """The noun an evaluative word applies to, and the clause that applies it: the noun it
    modifies ("unrealistic demands"), else, going up through copulas and complements, the
    nearest subject or object ("Hamas's claim was not in good faith", "consider Russia's
    position to be unacceptable", "demands that are impossible")."""
    if tok.dep_ == "amod" and tok.head.i != tok.i:
        return tok.head, tok.head
    clause = tok
    for _ in range(4):
        if clause.dep_ not in EVALUATION_LINKS or clause.head.i == clause.i:
            break
        clause = clause.head
        nouns = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "oprd")
                 and c.i != tok.i and c.lemma_ in PROPOSAL_NOUNS]
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if not nouns and clause.dep_ == "relcl" and subj is not None and subj.tag_ in ("WDT", "WP"):
            nouns = [clause.head] if clause.head.lemma_ in PROPOSAL_NOUNS else []
        if nouns:
            return nouns[0], clause
    return None, clause


@named_rule("implied.evaluated", "cue.blame.evaluation")
def evaluated_proposal(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """An evaluation of the other side's demand, position or claim blames its owner for the
    impasse ("Hamas is making 'unrealistic' demands", "calling the Hamas demands 'excessive
    and absurd'", "Hamas's claim was not in good faith"); a negated evaluation blames no one
    ("the demands are not unrealistic"), and a mediator's demands called unacceptable are
    criticism, not an impasse (:func:`.implied.mediator_owned` abstains on them)."""
    noun, clause = evaluated(tok)
    if noun is None or (tok.lower_ != "in" and any(c.dep_ == "neg" for c in clause.children)):
        return None, clause
    return owner(noun, ctx), clause


@named_rule("implied.awaited", "cue.blame.awaited")
def awaited(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """A mediator waiting on a side blames the one awaited ("we are still waiting for the
    Israeli response", "awaiting Israel's response", "waiting for Hamas to reply", "the
    ball is now in Israel's court"), as does saying it should respond ("Israel should
    respond to the proposal that Hamas agreed to")."""
    if tok.lemma_ in RESPONSE_VERBS:  # "Israel should respond to the proposal"
        return subject_party(tok, ctx), tok
    if tok.lemma_ not in ("wait", "await"):  # "the ball is in X's court": the copula
        court = next((p for c in tok.children if c.lower_ == "in" for p in c.children
                      if p.dep_ == "pobj" and p.lower_ == "court"), None)
        return (blamed_party(court, ctx) if court is not None else None), tok
    for child in tok.children:
        nouns = [child] if child.dep_ == "dobj" else [
            c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ == "for" else []
        for noun in (n for n in nouns if n.lemma_ in RESPONSE_NOUNS):
            found = owner(noun, ctx)
            if found:
                return found, tok
        if child.dep_ in ("advcl", "xcomp", "ccomp") and child.lemma_ in RESPONSE_VERBS:
            found = subject_party(child, ctx)
            if found:
                return found, tok
    return None, tok


@named_rule("implied.counterfactual", "cue.blame.counterfactual")
def counterfactual(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """What a party could or should have done and did not blames it ("Hamas could have
    answered with a single word: yes", "Israel should have accepted the deal"); not a
    passive ("could have been returned alive") nor a negated one ("could not have done more")."""
    if any(c.dep_ in ("nsubjpass", "neg") for c in tok.children):
        return None, tok
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return (blamed_party(subj, ctx) if subj is not None else None), tok


@named_rule("implied.unready", "cue.blame.unready")
def unready(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """A party "not ready" or "not serious", said by the other side, is blamed for the
    impasse ("Haniyeh said that Israel is not ready for Hamas's terms")."""
    clause = tok.head if tok.dep_ in ("acomp", "attr") and tok.head.i != tok.i else tok
    return subject_party(clause, ctx), clause


@named_rule("implied.unfulfilled", "cue.blame.unfulfilled")
def unfulfilled(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """A condition contrary to fact blames whoever failed it: "had Israel been serious, a
    deal would have been reached", "if Israel had been serious ..., the hostages would be
    home"; a condition still open ("if Israel is serious") blames no one."""
    clause = tok if tok.lemma_ == "be" else tok.head
    had = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ == "had"), None)
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    main = clause.head
    if had is None or subj is None or clause.dep_ != "advcl" or not (
            had.i < subj.i or any(c.dep_ == "mark" and c.lower_ == "if" for c in clause.children)) or not any(
            c.dep_ == "aux" and c.lower_ == "would" for c in main.children):
        return None, clause
    return blamed_party(subj, ctx), main


@named_rule("implied.punished", "cue.blame.punished")
def punished(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """Who is to pay a price for something is blamed for it ("Hamas will pay a heavy price
    for this", Netanyahu said); a price without its cause ("will pay a price") threatens
    and blames no one (a threat cue reads it)."""
    verb = tok if tok.lemma_ == "pay" else next((t for t in tok.ancestors if t.lemma_ == "pay"), tok)
    return subject_party(verb, ctx), verb


# Clauses that wait for what a party has yet to show ("until Israel shows seriousness").
AWAITING_MARKS = ("until", "unless", "till", "once", "when")


@named_rule("implied.unproven", "cue.blame.unproven")
def unproven(tok: Token, ctx: SentenceContext, cues: CueIndex) -> tuple[Holder | None, Token]:
    """Holding back until a party shows seriousness or willingness blames it for their
    absence ("talks have been halted until Israel can demonstrate its seriousness", the
    condition assuming the fault); a party said to show them is not blamed ("Israel showed
    willingness")."""
    if not any(c.dep_ == "mark" and c.lower_ in AWAITING_MARKS for c in tok.children):
        return None, tok
    return subject_party(tok, ctx), tok


class OwnerReader(NamedTuple):
    """The reader of one group of implied cues, and its name among the named rules."""

    name: str
    function: Callable[[Token, SentenceContext, CueIndex], tuple[Holder | None, Token]]


def _reader(function: Callable) -> OwnerReader:
    return OwnerReader(next(r.name for r in NAMED_RULES.values() if r.function is function), function)


# The reader of each group of implied cues, by the cue's rule id.
OWNER_READERS: dict[str, OwnerReader] = {
    "cue.blame.owned-fault": _reader(owned_fault),
    "cue.blame.evaluation": _reader(evaluated_proposal),
    "cue.blame.awaited": _reader(awaited),
    "cue.blame.counterfactual": _reader(counterfactual),
    "cue.blame.unready": _reader(unready),
    "cue.blame.unfulfilled": _reader(unfulfilled),
    "cue.blame.punished": _reader(punished),
    "cue.blame.unproven": _reader(unproven),
}

# Cues that stand in a condition by nature: "had Israel been serious", "unless Israel
# shows seriousness" are not imagined faults.
CONDITIONAL_RULES = ("cue.blame.unfulfilled", "cue.blame.unproven")
