"""Stances named beside the issue: relative clauses (``rel.object``) and appositives
(``stance.appositive``)."""

from __future__ import annotations

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
    doc = ctx.doc
    if issue.end >= len(doc) or doc[issue.end].text != ",":
        return []
    for tok in doc[issue.end + 1:issue.end + 5]:
        hit = cues.at(tok.i, "demand")
        if hit is not None and tok.pos_ == "NOUN":
            break
        if tok.pos_ not in ("DET", "ADJ", "PROPN", "PART", "NOUN"):
            return []
    else:
        return []
    results = []
    for clause in (c for c in tok.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"):
        # "..., a demand that the group has rejected": the clause's subject rejects it
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
    holder = None
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < tok.i:
            holder = party_of(child, ctx)
        elif child.dep_ == "prep" and child.lower_ in ("by", "of", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            holder = party_of(pobj, ctx) if pobj is not None else None
        if holder is not None:
            break
    if holder is None:
        return results
    stance = "demand" if issue.sign > 0 else "reject"
    rules = (issue.rule_id, hit.rule_id, "stance.appositive", holder.rule_id)
    return results + [RuleResult(party, "position", issue.label, stance, "", rules, 0.75)
                      for party in holder.parties]


RELATIVE_TAGS = ("WDT", "WP")


@named_rule("relatives.relative-clause", "rel.object")
def relative_stances(ctx: SentenceContext, issue: Hit, clause: Token, cues: CueIndex) -> list[RuleResult]:
    """A stance a relative clause takes on the noun it hangs on: "the proposal, which
    Hamas rejected", "the deal that Israel has refused to sign", "the release of women,
    which Hamas refused to do". The relative pronoun must be the clause's object; a
    subject ("the plan, which calls for a truce") makes the clause the noun's content."""
    noun = clause.head
    inside = {t.i for t in clause.subtree}
    if issue.start in inside or not {t.i for t in noun.subtree} & set(range(issue.start, issue.end)):
        return []
    if any(t.tag_ in RELATIVE_TAGS and t.dep_ == "nsubj" for t in clause.children):
        return []  # the noun does what the clause says: its content, not a stance on it
    pronoun = next((t for t in clause.subtree if t.dep_ in ("dobj", "pobj", "nsubjpass") and (
        t.tag_ in RELATIVE_TAGS or t.lower_ == "that")), None)
    if pronoun is None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return []
    if pronoun is None:
        # "the deal Hamas rejected", "the proposal that Netanyahu said he would never
        # accept": no pronoun; the gap is the object of the innermost complement verb
        pronoun = clause
        while True:
            inner = next((c for c in pronoun.children if c.dep_ in ("ccomp", "xcomp")), None)
            if inner is None:
                break
            pronoun = inner
        if any(c.dep_ == "dobj" for c in pronoun.children):
            return []
    sign, kind, rules = issue.sign, None, [issue.rule_id]
    stance_holder: Holder | None = None
    reporters: list[Holder] = []
    tok = pronoun
    while True:
        hit = next(filter(None, (cues.at(tok.i, role) for role in STANCE_ROLES)), None)
        if hit is not None and hit.label != "goal":
            if hit.label == "reject":
                sign, kind = -sign, "reject"
            else:
                kind = kind or hit.label
            rules.append(hit.rule_id)
        if negation_at(tok, cues):
            sign = -sign
            rules.append("cue.negation")
        if hit is not None or cues.at(tok.i, "report"):
            _, found = subject_of(tok, ctx)
            if found is not None:
                if hit is not None and stance_holder is None and not reporters:
                    stance_holder = found
                else:
                    reporters.append(found)
        if tok.i == clause.i or tok.head.i == tok.i:
            break
        tok = tok.head
    holder = choose_holder(stance_holder, reporters, ctx.principals)
    if kind is None or holder is None:
        return []
    stance = "reject" if sign < 0 else ("accept" if kind == "accept" else "demand")
    rules.extend(("rel.object", holder.rule_id))
    confidence = 0.75 * (0.85 if holder.anaphoric else 1.0) * (0.85 if issue.weak else 1.0)
    return [RuleResult(party, "position", issue.label, stance, "", tuple(dict.fromkeys(rules)),
                       round(confidence, 3)) for party in holder.parties]
