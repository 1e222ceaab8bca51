"""What the cue words say at a token: the cue index, negation, modals, evaluations, warnings,
imagined faults, the speaker's own delays and whether an accusation accuses."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..matching import Hit

STANCE_ROLES = ("reject", "accept", "demand", "goal")


MODIFIER_ROLES = ("negation", "modal_demand", "modal_commit", "condition")


DESCRIBE_VERBS = ("describe", "call", "label", "term", "see", "consider", "brand")


# Verbs that apply an evaluation to their object ("deemed the demands delusional",
# "described the proposal as unacceptable"): a dismissive word there rejects the object.
EVALUATING_VERBS = DESCRIBE_VERBS + ("deem", "view", "regard", "find", "dismiss", "characterize",
                                     "characterise", "declare")


@dataclass
class CueIndex:
    """Cue hits indexed by token: which roles fire at each token."""

    roles: dict[int, list[Hit]]

    @classmethod
    def of(cls, cues: list[Hit], doc) -> CueIndex:
        roles: dict[int, list[Hit]] = {}
        for hit in cues:
            span = doc[hit.start:hit.end]
            # a multi-word cue ("rule out") acts at its syntactic head; a condition
            # ("as long as") at each word, as the parser may hang it on either clause
            at = range(hit.start, hit.end) if hit.label == "condition" else (span.root.i,)
            for i in at:
                roles.setdefault(i, []).append(hit)
            verb = evaluating_verb(span.root) if hit.label == "reject" else warned(span.root)
            if verb is not None and hit.label == "reject":
                roles.setdefault(verb.i, []).append(hit)
            elif verb is not None and hit.label == "fault":
                roles.setdefault(verb.i, []).append(Hit("cue.reject.warned", "reject", verb.i, verb.i + 1))
        return cls(roles)

    def at(self, i: int, *wanted: str) -> Hit | None:
        for hit in self.roles.get(i, ()):
            if hit.label in wanted:
                return hit
        return None


def evaluating_verb(tok: Token) -> Token | None:
    """The verb that applies a dismissive word to its object, where the word is its
    complement: "deemed [the demands] delusional", "which Netanyahu called delusional",
    "described the proposal as unacceptable"; the rejection then acts at the verb.
    The small model may hang the word on the object noun ("the demand for a ceasefire
    unacceptable", "a withdrawal as unacceptable"): from there, up to the verb."""
    head = tok.head
    if head.i == tok.i:
        return None
    if head.dep_ == "prep" and head.lower_ == "as" and tok.dep_ in ("pobj", "amod", "acomp"):
        head = head.head
    elif not (tok.dep_ in ("oprd", "acomp", "ccomp", "xcomp") or (tok.dep_ == "amod" and tok.i > head.i)):
        return None
    for _ in range(6):  # from the object noun (or a noun in it) up to the verb
        if head.pos_ == "VERB" or head.dep_ not in ("dobj", "pobj", "prep"):
            break
        head = head.head
    return head if head.pos_ == "VERB" and head.lemma_ in EVALUATING_VERBS else None


def warned(tok: Token) -> Token | None:
    """The evaluating verb of a warning: "any attempt to rearm would be considered a
    violation" opposes what it evaluates and blames no one (yet)."""
    verb = evaluating_verb(tok) if tok.pos_ == "NOUN" else None
    return verb if verb is not None and hypothetical(tok) else None


def negation_at(tok: Token, cues: CueIndex) -> Hit | None:
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")):
            return Hit("cue.negation", "negation", child.i, child.i + 1)
    return cues.at(tok.i, "negation")


def modal_at(tok: Token, cues: CueIndex) -> Hit | None:
    if cues.at(tok.i, "report") and any(c.dep_ == "auxpass" for c in tok.children):
        return None  # "it should be noted that ...": the writer's aside
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and not (subj is not None and child.i < subj.i):
            # (an auxiliary before the subject asks or sets a condition: "Should X rearm, ...")
            hit = cues.at(child.i, "modal_demand", "modal_commit")
            if hit:
                return hit
        if child.dep_ == "xcomp" and child.i > tok.i and tok.lemma_ == "have":  # "has to"
            return Hit("cue.demand.must", "modal_demand", tok.i, tok.i + 1)
        if child.dep_ == "xcomp" and child.i > tok.i and tok.lemma_ == "go" and tok.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children):
            # the periphrastic future "is (not) going to withdraw" commits as "will" does
            return Hit("cue.modal.commit", "modal_commit", tok.i, tok.i + 1)
    return None


def hypothetical(tok: Token) -> bool:
    """A fault that is only imagined: "any violation", "should Hezbollah violate", "if X delays"."""
    if any(c.dep_ == "det" and c.lower_ in ("any", "no", "every") for c in tok.children):
        return True
    verb = evaluating_verb(tok) if tok.pos_ == "NOUN" else None
    if verb is not None and (any(c.dep_ == "aux" and c.lower_ in ("would", "will") for c in verb.children) or any(
            d.dep_ == "det" and d.lower_ in ("any", "every") for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") for d in c.children)):
        # "any attempt to rearm would be considered a violation": a warning
        return True
    clause = tok if tok.pos_ == "VERB" else tok.head
    for c in clause.children:
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return True
        if c.dep_ == "aux" and c.lower_ == "should" and c.i < clause.i and any(
                s.dep_ == "nsubj" and s.i > c.i for s in clause.children):
            return True
    return False


DELAY_VERBS = ("delay", "postpone", "suspend", "defer", "freeze")


def is_own_delay(tok: Token, cues: CueIndex) -> bool:
    """A delay the speaker announces for its own move: "it would delay", "we will postpone"
    (a pronoun subject in reported content); a named other party's delay is a fault."""
    if tok.pos_ != "VERB" or tok.lemma_ not in DELAY_VERBS or cues.at(tok.i, "accuse"):
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lower_ in ("it", "we", "they", "i")


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
