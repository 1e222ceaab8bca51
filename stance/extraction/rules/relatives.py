"""Stances named beside the issue: relative clauses (``rel.object``) and appositives
(``stance.appositive``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, main_subject, party_of, subject_of
from ..matching import Hit
from .catalog import named_rule
from .cues import STANCE_ROLES, CueIndex, negation_at
from .holders import choose_holder
from .result import RuleResult


@named_rule("relatives.appositive", "stance.appositive")
def appositive_stances(ctx: SentenceContext, issue: Hit, cues: CueIndex) -> list[RuleResult]:
    """An issue named, then called someone's demand in apposition: "a stipulation that
    it disarm, a key demand by Israel and the United States", "the release of all
    hostages, Israel's main demand". Read from the words after the term (the parser
    often hangs such a phrase elsewhere): a comma, then within four words a demand noun
    whose possessor, modifier or "by"/"of" phrase names the parties; a clause on that
    noun may reject or accept it ("a condition Hamas rejects")."""
    found = appositive_noun(ctx.doc, issue, cues)
    if found is None:
        return []
    noun, hit = found
    results = clause_stances_on(noun, ctx, issue, cues)
    holder = noun_holder(noun, ctx)
    if holder is None:
        return results
    stance = "demand" if issue.sign > 0 else "reject"
    rules = (issue.rule_id, hit.rule_id, "stance.appositive", holder.rule_id)
    return results + [RuleResult(party, "position", issue.label, stance, "", rules, 0.75)
                      for party in holder.parties]


def appositive_noun(doc, issue: Hit, cues: CueIndex) -> tuple[Token, Hit] | None:
    """The demand noun in apposition after the term, and its cue: a comma, then within four
    words (determiners, adjectives, names, nouns) a noun with a demand cue."""
    if issue.end >= len(doc) or doc[issue.end].text != ",":
        return None
    for tok in doc[issue.end + 1:issue.end + 5]:
        hit = cues.at(tok.i, "demand")
        if hit is not None and tok.pos_ == "NOUN":
            return tok, hit
        if tok.pos_ not in ("DET", "ADJ", "PROPN", "PART", "NOUN"):
            return None
    return None


def clause_stances_on(noun: Token, ctx: SentenceContext, issue: Hit, cues: CueIndex) -> list[RuleResult]:
    """What clauses on the demand noun say of it: "..., a demand that the group has
    rejected": the clause's subject rejects it."""
    results = []
    for clause in (c for c in noun.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"):
        stance_hit = cues.at(clause.i, "reject", "accept")
        found = subject_of(clause, ctx, climb=False)[1] if stance_hit is not None else None
        if found is not None and found.anaphoric:
            # "Hamas did not say ..., a demand ... that the group has rejected": the
            # sentence's subject, before the party in focus
            subject = main_subject(ctx)
            found = Holder((subject,), "attr.anaphor", anaphoric=True) if subject else found
        if found is not None:
            sign = issue.sign * (-1 if stance_hit.label == "reject" else 1) * (
                -1 if negation_at(clause, cues) else 1)
            results += [RuleResult(party, "position", issue.label, "reject" if sign < 0 else "accept", "",
                                   (issue.rule_id, stance_hit.rule_id, "stance.appositive", found.rule_id),
                                   round(0.7 * (0.85 if found.anaphoric else 1.0), 3))
                        for party in found.parties]
    return results


def noun_holder(noun: Token, ctx: SentenceContext) -> Holder | None:
    """Whose demand the noun is: its possessor or modifier before it ("Israel's main
    demand"), or a "by"/"of"/"from" phrase ("a key demand by Israel")."""
    for child in noun.children:
        holder = None
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < noun.i:
            holder = party_of(child, ctx)
        elif child.dep_ == "prep" and child.lower_ in ("by", "of", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            holder = party_of(pobj, ctx) if pobj is not None else None
        if holder is not None:
            return holder
    return None


RELATIVE_TAGS = ("WDT", "WP")


@named_rule("relatives.relative-clause", "rel.object")
def relative_stances(ctx: SentenceContext, issue: Hit, clause: Token, cues: CueIndex) -> list[RuleResult]:
    """A stance a relative clause takes on the noun it hangs on: "the proposal, which
    Hamas rejected", "the deal that Israel has refused to sign", "the release of women,
    which Hamas refused to do". The relative pronoun must be the clause's object; a
    subject ("the plan, which calls for a truce") makes the clause the noun's content."""
    gap = relative_gap(issue, clause)
    if gap is None:
        return []
    read = RelativeReading(issue.sign, rules=(issue.rule_id,))
    for tok in _up_to(gap, clause):
        read = read.after(tok, ctx, cues)
    holder = choose_holder(read.stance_holder, list(read.reporters), ctx.principals)
    if read.kind is None or holder is None:
        return []
    stance = "reject" if read.sign < 0 else ("accept" if read.kind == "accept" else "demand")
    rules = tuple(dict.fromkeys(read.rules + ("rel.object", holder.rule_id)))
    confidence = 0.75 * (0.85 if holder.anaphoric else 1.0) * (0.85 if issue.weak else 1.0)
    return [RuleResult(party, "position", issue.label, stance, "", rules, round(confidence, 3))
            for party in holder.parties]


def relative_gap(issue: Hit, clause: Token) -> Token | None:
    """Where the noun sits in the relative clause on it: the relative pronoun as object
    ("which Hamas rejected"), else the object gap of the innermost complement verb ("the
    deal Hamas rejected", "the proposal that Netanyahu said he would never accept"). None
    when the clause is not on the term, or is the noun's content (a subject pronoun)."""
    noun = clause.head
    inside = {t.i for t in clause.subtree}
    if issue.start in inside or not {t.i for t in noun.subtree} & set(range(issue.start, issue.end)):
        return None
    if any(t.tag_ in RELATIVE_TAGS and t.dep_ == "nsubj" for t in clause.children):
        return None  # the noun does what the clause says: its content, not a stance on it
    pronoun = next((t for t in clause.subtree if t.dep_ in ("dobj", "pobj", "nsubjpass") and (
        t.tag_ in RELATIVE_TAGS or t.lower_ == "that")), None)
    if pronoun is not None:
        return pronoun
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return None
    gap = clause
    while (inner := next((c for c in gap.children if c.dep_ in ("ccomp", "xcomp")), None)) is not None:
        gap = inner
    return None if any(c.dep_ == "dobj" for c in gap.children) else gap


def _up_to(tok: Token, clause: Token):
    """From ``tok`` up its heads to the relative clause's verb (or the root)."""
    while True:
        yield tok
        if tok.i == clause.i or tok.head.i == tok.i:
            return
        tok = tok.head


@dataclass(frozen=True)
class RelativeReading:
    """What the way up from the gap to the relative clause's verb has said so far."""

    sign: int
    kind: str | None = None
    rules: tuple[str, ...] = ()
    stance_holder: Holder | None = None  # the subject of the first stance predicate
    reporters: tuple[Holder, ...] = ()  # subjects of the predicates above it

    def after(self, tok: Token, ctx: SentenceContext, cues: CueIndex) -> RelativeReading:
        """The reading after ``tok``: its stance cue and negation, and its subject."""
        sign, kind, rules = self.sign, self.kind, self.rules
        hit = next(filter(None, (cues.at(tok.i, role) for role in STANCE_ROLES)), None)
        if hit is not None and hit.label != "goal":
            if hit.label == "reject":
                sign, kind = -sign, "reject"
            else:
                kind = kind or hit.label
            rules += (hit.rule_id,)
        if negation_at(tok, cues):
            sign = -sign
            rules += ("cue.negation",)
        read = replace(self, sign=sign, kind=kind, rules=rules)
        if hit is None and not cues.at(tok.i, "report"):
            return read
        _, found = subject_of(tok, ctx)
        if found is None:
            return read
        if hit is not None and read.stance_holder is None and not read.reporters:
            return replace(read, stance_holder=found)
        return replace(read, reporters=read.reporters + (found,))
