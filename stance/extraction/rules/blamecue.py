"""Read each blame cue of a sentence once, into a frozen record.

The blame rules (:mod:`.blame`, :mod:`.accusation`, :mod:`.fault`, :mod:`.implied`) never look
at the parse: what a cue is, whom it blames and how that was found, who says so, whether it
is only imagined or stands in a condition, the issue named near it, and what it covers for the
position walk are read here, in one place, with the readers of each kind of cue
(:mod:`.accused` for accusations, :mod:`.faulted` for faults, :mod:`.owners` for implied
blame). A named tuple, like :class:`~.clause.Clause`: made once per cue, read by every rule.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Token

from ..attribution import Holder, SentenceContext, according_to
from ..matching import Hit
from .accused import active_accusation, blame_noun, passive_accusation
from .blamed import blame_pairs, issue_near
from .cues import DESCRIBE_VERBS, CueIndex, accusing, hypothetical, is_own_delay, warned
from .faulted import fault_holder, fault_target
from .owners import CONDITIONAL_RULES, OWNER_READERS, attachment

# The roles of the cues that blame (stance/lexicon/cues.yaml).
BLAME_ROLES = ("accuse", "fault", "implied")

# Faults that stand in the way of something: whoever blames them wants that thing
# ("claiming that the army is obstructing the return of the displaced" demands it).
OBSTRUCTION_CUES = ("cue.blame.obstruct", "cue.blame.obstruct-noun", "cue.blame.failure")


class BlameCue(NamedTuple):
    """One blame cue of a sentence and what the parse says around it.

    Attributes:
        hit: The cue: its rule id and role (``accuse``, ``fault`` or ``implied``).
        root: The cue's syntactic head, where the cue index puts it.
        token: The word the cue blames at: the root; for an implied cue, the word that hangs
            on the sentence ("ready" of "not ready", :func:`~.owners.attachment`).
        imagined: The cue is only imagined ("any violation", "should X violate", "if Israel
            is not ready").
        conditional: The cue stands in a condition by nature ("had Israel been serious",
            "until Israel shows seriousness"): no imagined fault.
        accusing: An accusation verb that accuses here ("held" only with "responsible").
        target: Who is blamed, when the parse names one.
        found_by: How the target was looked for: ``accusation.noun``, ``accusation.passive``,
            ``accusation.active``, ``fault.target``, or the owner reader of an implied cue
            (``implied.awaited``...); ``""`` when there is none for the cue.
        mutual: "blamed each other", "traded blame": the holders blame each other.
        clause: The clause that carries the blame, where its holder and issue are read.
        clause_imagined: That clause is only imagined ("if Israel is not ready").
        holder: Who says it: the accuser, or whoever else says a party is at fault.
        issue: The issue named in the clause (``""`` when none is).
        covers: The tokens whose issue terms are what the blame is about, no position
            (None: the cue covers nothing, and another cue at its word may).
        obstructs: The tokens inside what a fault obstructs, delays or fails to carry out.
        mediators: The profile's mediators, who are blamed for no impasse.
    """

    hit: Hit
    root: Token
    token: Token
    imagined: bool
    conditional: bool
    accusing: bool
    target: Holder | None
    found_by: str
    mutual: bool
    clause: Token
    clause_imagined: bool
    holder: Holder | None
    issue: str
    covers: frozenset[int] | None
    obstructs: tuple[int, ...]
    mediators: tuple[str, ...]

    def pairs(self) -> list[tuple[str, str]]:
        """Who blames whom: each holder party and each target party (each other, when mutual)."""
        targets = self.target.parties if self.target is not None else ()
        return blame_pairs(self.holder.parties if self.holder is not None else (), targets, self.mutual)


class Found(NamedTuple):
    """What the reader of one kind of cue found: whom it blames, where, and who says so."""

    target: Holder | None
    found_by: str
    clause: Token
    holder: Holder | None
    mutual: bool = False


def blame_cues(ctx: SentenceContext, issues: list[Hit], cues: CueIndex) -> tuple[BlameCue, ...]:
    """Every blame cue of the sentence, read once, in the order of the cue index."""
    return tuple(read_cue(hit, ctx, cues, issues) for hits in cues.roles.values() for hit in hits
                 if hit.label in BLAME_ROLES)


def read_cue(hit: Hit, ctx: SentenceContext, cues: CueIndex, issues: list[Hit]) -> BlameCue:
    """What the parse says around one blame cue."""
    span = ctx.doc[hit.start:hit.end]
    root = span.root
    token = attachment(span) if hit.label == "implied" else root
    if hit.label == "accuse":
        found = read_accusation(root, ctx)
    elif hit.label == "fault":
        found = read_fault(root, ctx, cues)
    else:
        found = read_owner(hit, token, ctx, cues)
    return BlameCue(
        hit, root, token, hypothetical(token), hit.rule_id in CONDITIONAL_RULES, accusing(root),
        found.target, found.found_by, found.mutual, found.clause, hypothetical(found.clause), found.holder,
        issue_near(ctx, found.clause, issues), covers(hit, root, cues), obstructs(hit, root, cues), ctx.mediators)


def read_accusation(root: Token, ctx: SentenceContext) -> Found:
    """Whom an accusation blames and who accuses: a noun ("placed the blame on X"), a passive
    ("X was blamed by Y") or an active verb ("Y accused X"); the accuser is else "according to X"."""
    if root.pos_ == "NOUN":
        found, by = blame_noun(root, ctx), "accusation.noun"
    elif any(c.dep_ == "nsubjpass" for c in root.children):
        found, by = passive_accusation(root, ctx), "accusation.passive"
    else:
        found, by = active_accusation(root, ctx), "accusation.active"
    holder = found.holders if found.holders is not None else according_to(ctx)
    return Found(Holder(found.targets, by) if found.targets else None, by, root, holder, found.mutual)


def read_fault(root: Token, ctx: SentenceContext, cues: CueIndex) -> Found:
    """Who is at fault and who else says so; the one who describes acts as faults holds the
    blame ("Hamas described Israeli attacks as violations")."""
    target, clause = fault_target(root, ctx, cues)
    holder = None if target is None else fault_holder(
        clause, target, ctx, cues, first=0 if clause.lemma_ in DESCRIBE_VERBS else 1)
    return Found(target, "fault.target", clause, holder)


def read_owner(hit: Hit, token: Token, ctx: SentenceContext, cues: CueIndex) -> Found:
    """The owner an implied cue blames, by the reader of its group, and who else says so."""
    reader = OWNER_READERS.get(hit.rule_id)
    if reader is None:
        return Found(None, "", token, None)
    target, clause = reader.function(token, ctx, cues)
    holder = None if target is None else fault_holder(clause, target, ctx, cues, first=0)
    return Found(target, reader.name, clause, holder)


def covers(hit: Hit, root: Token, cues: CueIndex) -> frozenset[int] | None:
    """What a blame is about, where an issue term is its topic, not a position: the clause
    of a fault (not the speaker's own delay, an imagined fault or a warning), what an
    accusation accuses of, what a party only could or should have done, what it is to pay a
    price for. None where the cue covers nothing."""
    if hit.label == "fault":
        if is_own_delay(root, cues) or (root.pos_ == "VERB" and hypothetical(root)) or warned(root):
            return None
        clause = root.head if root.pos_ in ("NOUN", "ADJ") else root
        return frozenset(t.i for t in clause.subtree)
    if hit.label == "accuse":
        return frozenset(t.i for c in root.children if c.dep_ in ("prep", "pcomp", "advcl")
                         for t in c.subtree) if accusing(root) else None
    if hit.rule_id == "cue.blame.counterfactual":
        # "Hamas could have accepted the deal": what was not done is no acceptance
        return frozenset(t.i for t in root.subtree)
    if hit.rule_id == "cue.blame.punished":
        # "Hamas will pay a price for the killing of the hostages": what it pays for, the
        # phrase of the cue's "for" (on "pay" or on "price", as the parser hangs it)
        doc = root.doc
        word = next((doc[i] for i in range(hit.start, hit.end) if doc[i].lower_ == "for"), None)
        return frozenset(t.i for t in word.subtree) if word is not None else frozenset()
    return None


def obstructs(hit: Hit, root: Token, cues: CueIndex) -> tuple[int, ...]:
    """The tokens inside what a fault obstructs, delays or fails to carry out: the object of
    the verb ("obstructing the entry of aid"), what the noun is of or in ("delays in the
    handover of bodies"); not its subject, nor the speaker's own delay ("we will delay the
    release": a rejection) nor an imagined one."""
    if hit.rule_id not in OBSTRUCTION_CUES or is_own_delay(root, cues) or hypothetical(root):
        return ()
    return tuple(t.i for child in root.children if child.dep_ in ("dobj", "prep", "xcomp", "ccomp", "pcomp", "attr")
                 for t in child.subtree)
