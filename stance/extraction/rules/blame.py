"""Blame in a sentence, and the parts of it that blame covers (no position there)."""

from __future__ import annotations

from ..attribution import SentenceContext
from ..matching import Hit
from .accusation import accusations, accusing
from .cues import CueIndex, hypothetical, is_own_delay, warned
from .fault import faults
from .implied import implied
from .result import RuleResult


def blame(ctx: SentenceContext, issues: list[Hit], cues: list[Hit]) -> list[RuleResult]:
    """Who blames whom in the sentence, with the issue when one is named near the cue."""
    index = CueIndex.of(cues, ctx.doc)
    results: list[RuleResult] = []
    for hits in index.roles.values():
        for hit in hits:
            if hit.label == "accuse":
                results.extend(accusations(ctx, hit, index, issues))
            elif hit.label == "fault":
                results.extend(faults(ctx, hit, index, issues))
            elif hit.label == "implied":
                results.extend(implied(ctx, hit, index, issues))
    seen, unique = set(), []
    for r in results:
        if (r.party, r.target) not in seen:
            seen.add((r.party, r.target))
            unique.append(r)
    return unique


def blame_zone(doc, cues: CueIndex) -> set[int]:
    """Tokens whose issue terms are what a blame is about, not a position: under a fault
    (not the speaker's own delay, an imagined fault or a warning), in what an accusation
    accuses of, in what a party only could or should have done, and in what it is to pay a
    price for."""
    zone: set[int] = set()
    for i, hits in cues.roles.items():
        if any(h.label == "fault" for h in hits) and not is_own_delay(doc[i], cues) and not (
                doc[i].pos_ == "VERB" and hypothetical(doc[i])) and not warned(doc[i]):
            tok = doc[i]
            clause = tok.head if tok.pos_ in ("NOUN", "ADJ") else tok
            zone |= {t.i for t in clause.subtree}
        elif any(h.label == "accuse" for h in hits) and accusing(doc[i]):
            tok = doc[i]
            zone |= {t.i for c in tok.children if c.dep_ in ("prep", "pcomp", "advcl") for t in c.subtree}
        elif any(h.rule_id == "cue.blame.counterfactual" for h in hits):
            # "Hamas could have accepted the deal": what was not done is no acceptance
            zone |= {t.i for t in doc[i].subtree}
        elif any(h.rule_id == "cue.blame.punished" for h in hits):
            # "Hamas will pay a price for the killing of the hostages": what it pays for
            pay = next((t for t in [doc[i], *doc[i].ancestors] if t.lemma_ == "pay"), doc[i])
            zone |= {t.i for c in pay.children if c.dep_ == "prep" and c.lower_ == "for" for t in c.subtree}
    return zone


# Faults that stand in the way of something: whoever blames them wants that thing
# ("claiming that the army is obstructing the return of the displaced" demands it).
OBSTRUCTION_CUES = ("cue.blame.obstruct", "cue.blame.obstruct-noun", "cue.blame.failure")


def obstructed(doc, cues: CueIndex) -> dict[int, Hit]:
    """Tokens inside what a fault obstructs, delays or fails to carry out, and its cue:
    the object of the verb ("obstructing the entry of aid"), what the noun is of or in
    ("delays in the handover of bodies"); not its subject, nor the speaker's own delay
    ("we will delay the release": a rejection) nor an imagined one."""
    out: dict[int, Hit] = {}
    for i, hits in cues.roles.items():
        hit = next((h for h in hits if h.rule_id in OBSTRUCTION_CUES), None)
        tok = doc[i]
        if hit is None or is_own_delay(tok, cues) or hypothetical(tok):
            continue
        for child in tok.children:
            if child.dep_ in ("dobj", "prep", "xcomp", "ccomp", "pcomp", "attr"):
                for t in child.subtree:
                    out.setdefault(t.i, hit)
    return out
