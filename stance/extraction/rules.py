"""The rule side of the classifier: from a parsed sentence to positions and blame, with rule ids.

Positions: for every issue term, walk the dependency path from the term up to the root.
The cues on that path compose: a reject cue or a negation flips the polarity, demand /
accept / goal cues and modals give the kind of a positive stance, a condition clause
("unless Israel agrees to end the war") makes a demand of whoever sets it. The holder is
the topmost subject along the path that names a party (reported speech nests: in "Hamas
said Israel must withdraw", Hamas holds the demand).

Blame: an accuse cue ("accused X of", "blamed X") blames its object; a fault cue ("X
reneged", "X is responsible for the failure", "obstacles created by X") blames its
subject, and counts only when a party other than the one at fault says so.

Each function may abstain (return nothing); each result lists the rule ids that fired.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .attribution import (
    Holder,
    SentenceContext,
    according_to,
    is_reciprocal,
    main_subject,
    party_of,
    subject_of,
)
from .matching import Hit

STANCE_ROLES = ("reject", "accept", "demand", "goal")
MODIFIER_ROLES = ("negation", "modal_demand", "modal_commit", "condition")
DESCRIBE_VERBS = ("describe", "call", "label", "term", "see", "consider", "brand")
# Verbs that apply an evaluation to their object ("deemed the demands delusional",
# "described the proposal as unacceptable"): a dismissive word there rejects the object.
EVALUATING_VERBS = DESCRIBE_VERBS + ("deem", "view", "regard", "find", "dismiss", "characterize",
                                     "characterise", "declare")

# The rules that are procedures over the parse rather than word lists; the word lists
# (cue.*, party.*, issue.*) are data in the lexicon and the profile.
STRUCTURAL_RULES = {
    "attr.np": "holder named in the subject, possessor or agent noun phrase",
    "attr.anaphor": "he/it/the group/his office resolved to the party in focus",
    "attr.anaphor.role": "'the spokesman', 'the movement' resolved to the party last named with that role "
                         "in the article, over the party in focus",
    "attr.according-to": "'according to X' when no subject names a party",
    "attr.quote-focus": "a quote with no speaker in its sentence: the party in focus",
    "attr.passive-unnamed": "'X said the proposal had been accepted': no holder named, no statement",
    "cue.negation": "negation on the path flips the polarity",
    "cue.report.object": "an issue that is only what a report verb reports ('will announce a ceasefire') "
                         "is no stance (abstains)",
    "cue.reject.own-delay": "'it would delay the release': the speaker withholds its own move",
    "stance.on-anothers": "'Netanyahu rejected Hamas's demand for X': a party's stance on another "
                          "party's demand or offer is its own stance on X",
    "stance.appositive": "'the release of all hostages, a key demand of Israel': a demand named in "
                         "apposition to the issue",
    "rel.object": "'the proposal, which Hamas rejected': a relative clause's stance on the noun it "
                  "hangs on",
    "cue.ultimatum": "'gave Hamas until Sunday to accept the proposal': the deadline's setter demands it",
    "cue.reject.warned": "'any attempt to rearm would be considered a violation': a warning against "
                         "what is evaluated rejects it",
    "issue.frame": "an issue term that only sets the frame ('during Phase One', 'under the agreement', "
                   "'within the framework of a ceasefire') is no position (abstains)",
    "cue.reject.violation": "a violation only imagined in a condition ('should X violate the agreement') "
                            "opposes what it violates",
    "cue.condition.inverted": "'Should Hezbollah rearm, ...', 'Were Hamas to refuse, ...': a condition "
                              "without 'if'",
    "cue.modal.commit": "'X said it would ...': a commitment in reported content is acceptance",
    "cue.condition": "a condition ('unless', 'only if', 'before') is a demand of who sets it",
    "cue.condition.own": "a condition on the holder's own move ('before it will agree') withholds it",
    "blame.mutual": "'blamed each other', 'traded blame': one blame row each way",
    "blame.reported-refusal": "one side says the other refuses or rejects: blame, not a position",
    "blame.obstructed-demand": "'claiming the army is obstructing the return of the displaced': who "
                               "blames an obstruction, delay or failure demands what it stands in the way of",
    "blame.hypothetical": "'any violation', 'should Hezbollah violate': a warning, not blame (abstains)",
    "blame.default-issue": "a blame whose sentence names no issue is about the profile's blame_issue "
                           "(gaza: deal)",
    "date.resolved": "'said on Tuesday', 'In December, X had said': dated earlier than the article "
                     "(stance/extraction/timex.py)",
}


@dataclass(frozen=True)
class RuleResult:
    """One statement found by the rules in one sentence, before it meets its article."""

    party: str
    kind: str
    issue: str
    stance: str
    target: str
    rule_ids: tuple[str, ...]
    confidence: float


@dataclass
class _Cues:
    """Cue hits indexed by token: which roles fire at each token."""

    roles: dict[int, list[Hit]]

    @classmethod
    def of(cls, cues: list[Hit], doc) -> _Cues:
        roles: dict[int, list[Hit]] = {}
        for hit in cues:
            span = doc[hit.start:hit.end]
            # a multi-word cue ("rule out") acts at its syntactic head; a condition
            # ("as long as") at each word, as the parser may hang it on either clause
            at = range(hit.start, hit.end) if hit.label == "condition" else (span.root.i,)
            for i in at:
                roles.setdefault(i, []).append(hit)
            verb = _evaluating_verb(span.root) if hit.label == "reject" else _warned(span.root)
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


def _evaluating_verb(tok: Token) -> Token | None:
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


def _warned(tok: Token) -> Token | None:
    """The evaluating verb of a warning: "any attempt to rearm would be considered a
    violation" opposes what it evaluates and blames no one (yet)."""
    verb = _evaluating_verb(tok) if tok.pos_ == "NOUN" else None
    return verb if verb is not None and _hypothetical(tok) else None


def _negated(tok: Token, cues: _Cues) -> Hit | None:
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")):
            return Hit("cue.negation", "negation", child.i, child.i + 1)
    return cues.at(tok.i, "negation")


def _modal(tok: Token, cues: _Cues) -> Hit | None:
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
    return None


def _condition(tok: Token, cues: _Cues) -> Hit | None:
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


def _ultimatum(tok: Token, below: Token) -> bool:
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


def _threat(cond: Token, cues: _Cues) -> Hit | None:
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


def _bare(verb: Token) -> bool:
    """A verb in its base form, as after a modal: "(must) disarm", "(must) be dismantled"."""
    return verb.tag_ == "VB" or (verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.tag_ == "VB" for c in verb.children))


def _head(tok: Token) -> Token:
    """``tok``'s head, with one attachment error of the small model undone: a bare verb
    joined to a finite reporting verb ("insisted that Hamas must disarm, be dismantled
    ... and return the hostages") belongs to the bare complement before it, whose
    modal and subject it shares."""
    head = tok.head
    if tok.dep_ != "conj" or not _bare(tok) or _bare(head) or any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
        return head
    comps = [c for c in head.children if c.dep_ in ("ccomp", "xcomp") and c.i < tok.i and _bare(c)]
    return comps[-1] if comps else head


def _path(tok: Token):
    while True:
        yield tok
        head = _head(tok)
        if head.i == tok.i:
            return
        tok = head


def positions(ctx: SentenceContext, issues: list[Hit], cues: list[Hit]) -> list[RuleResult]:
    """The positions stated on each issue term of the sentence.

    Issue terms inside what a blame is about ("creating new obstacles to an agreement")
    are the blame's topic, not a position.
    """
    if all(hit.label in MODIFIER_ROLES for hit in cues):
        # negation, modals and conditions only modify a stance or reporting cue; with
        # none in the sentence there is no stated position (and the cheap pass of
        # stance.extract skips such sentences, so both ways give the same statements)
        return []
    index = _Cues.of(cues, ctx.doc)
    zone = _blame_zone(ctx.doc, index)
    wanted = _obstructed(ctx.doc, index)
    results = []
    relatives = [t for t in ctx.doc if t.dep_ == "relcl" and t.head.i != t.i]
    for issue in issues:
        if _frame(ctx.doc[issue.start:issue.end].root):
            continue
        if issue.start in wanted:
            results.extend(_position(ctx, issue, index, obstruction=wanted[issue.start]))
            continue
        if issue.start in zone:
            continue
        results.extend(_position(ctx, issue, index))
        results.extend(_appositive(ctx, issue, index))
        for clause in relatives:
            results.extend(_relative(ctx, issue, clause, index))
    return results


# Prepositions that place what follows as the setting of a statement, not its object
# ("will not withdraw during Phase One", "obligations under the agreement"), and the
# nouns that do so after "within/in ... of" ("within the framework of a ceasefire").
# "As part of" is no frame: agreeing to something as part of a deal accepts the deal.
FRAME_PREPS = ("during", "throughout", "under")
FRAME_NOUNS = ("framework", "parameter", "context", "scope")


def _frame(anchor: Token) -> bool:
    """Whether an issue term only sets the frame of the sentence: the object of
    "during"/"under", or of "within the framework of"."""
    if anchor.dep_ != "pobj":
        return False
    prep = anchor.head
    if prep.lower_ in FRAME_PREPS or (anchor.lemma_ in FRAME_NOUNS and prep.lower_ in ("as", "within", "in")):
        return True
    noun = prep.head
    return (prep.lower_ == "of" and noun.lemma_ in FRAME_NOUNS and noun.dep_ == "pobj"
            and noun.head.lower_ in ("as", "within", "in", "under"))


def _appositive(ctx: SentenceContext, issue: Hit, cues: _Cues) -> list[RuleResult]:
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
                -1 if _negated(clause, cues) else 1)
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


def _relative(ctx: SentenceContext, issue: Hit, clause: Token, cues: _Cues) -> list[RuleResult]:
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
        if _negated(tok, cues):
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
    holder = _choose_holder(stance_holder, reporters, ctx.principals)
    if kind is None or holder is None:
        return []
    stance = "reject" if sign < 0 else ("accept" if kind == "accept" else "demand")
    rules.extend(("rel.object", holder.rule_id))
    confidence = 0.75 * (0.85 if holder.anaphoric else 1.0) * (0.85 if issue.weak else 1.0)
    return [RuleResult(party, "position", issue.label, stance, "", tuple(dict.fromkeys(rules)),
                       round(confidence, 3)) for party in holder.parties]


def _blame_zone(doc, cues: _Cues) -> set[int]:
    zone: set[int] = set()
    for i, hits in cues.roles.items():
        if any(h.label == "fault" for h in hits) and not _own_delay(doc[i], cues) and not (
                doc[i].pos_ == "VERB" and _hypothetical(doc[i])) and not _warned(doc[i]):
            tok = doc[i]
            clause = tok.head if tok.pos_ in ("NOUN", "ADJ") else tok
            zone |= {t.i for t in clause.subtree}
        elif any(h.label == "accuse" for h in hits) and _accusing(doc[i]):
            tok = doc[i]
            zone |= {t.i for c in tok.children if c.dep_ in ("prep", "pcomp", "advcl") for t in c.subtree}
    return zone


# Faults that stand in the way of something: whoever blames them wants that thing
# ("claiming that the army is obstructing the return of the displaced" demands it).
OBSTRUCTION_CUES = ("cue.blame.obstruct", "cue.blame.obstruct-noun", "cue.blame.failure")


def _obstructed(doc, cues: _Cues) -> dict[int, Hit]:
    """Tokens inside what a fault obstructs, delays or fails to carry out, and its cue:
    the object of the verb ("obstructing the entry of aid"), what the noun is of or in
    ("delays in the handover of bodies"); not its subject, nor the speaker's own delay
    ("we will delay the release": a rejection) nor an imagined one."""
    out: dict[int, Hit] = {}
    for i, hits in cues.roles.items():
        hit = next((h for h in hits if h.rule_id in OBSTRUCTION_CUES), None)
        tok = doc[i]
        if hit is None or _own_delay(tok, cues) or _hypothetical(tok):
            continue
        for child in tok.children:
            if child.dep_ in ("dobj", "prep", "xcomp", "ccomp", "pcomp", "attr"):
                for t in child.subtree:
                    out.setdefault(t.i, hit)
    return out


def _position(ctx: SentenceContext, issue: Hit, cues: _Cues, obstruction: Hit | None = None
              ) -> list[RuleResult]:
    """The position stated on one issue term, walking from it up to the root.

    ``obstruction``: the term is what a fault stands in the way of; it is demanded by
    whoever blames the fault (the reporter or accuser above it), and by no one else.
    """
    doc = ctx.doc
    anchor = doc[issue.start:issue.end].root
    sign, kind, frozen = issue.sign, None, False
    rules = [issue.rule_id]
    below_fault = obstruction is not None  # the fault's own subject is the one blamed, not the holder
    if obstruction is not None:
        kind, frozen = "demand", True
        rules += [obstruction.rule_id, "blame.obstructed-demand"]
    stance_holder: Holder | None = None  # subject of the nearest stance predicate
    held_by_noun = False  # ... which is a noun ("Hamas's demand"), not a verb
    reporters: list[Holder] = []  # subjects of reporting predicates above, nearest first
    commit: Holder | None = None  # the subject of a commitment ("it would release")
    cond_subject: Holder | None = None
    modal_subjects = 0  # how many of the reporters are only named subjects of modal clauses
    prev = anchor
    for tok in _path(anchor):
        inside = issue.start <= tok.i < issue.end
        if inside and tok.i != anchor.i:
            prev = tok
            continue
        own_delay = _own_delay(tok, cues) and not inside
        # a violation only imagined in a condition ("should Hezbollah violate the
        # agreement, we will strike") is no blame: it opposes what it violates
        imagined = cues.at(tok.i, "fault") and not inside and tok.pos_ == "VERB" and _hypothetical(tok)
        if obstruction is not None:
            if below_fault:
                below_fault = not (obstruction.start <= tok.i < obstruction.end)
                prev = tok
                continue
            if _blaming(tok, cues):
                # "accused the army of obstructing ...": the accuser wants it
                if cues.at(tok.i, "accuse"):
                    found = subject_of(tok, ctx)[1]
                    if found is not None:
                        reporters.append(found)
                prev = tok
                continue
        elif _blaming(tok, cues) and not inside and not own_delay and not imagined:
            return []  # a position inside a blame ("blamed each other for their failure to agree")
        # The stance of a predicate applies to its object, not to its subject ("this
        # proposal aims to achieve ..."), nor to a clause joined to it ("rejected X and
        # says Israel must withdraw").
        if prev.dep_ == "conj" and prev.head.i == tok.i and cues.at(tok.i, "report") and any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in prev.children) and not any(
                c.dep_ == "mark" for c in prev.children):
            # a clause with its own subject joined to the report verb ("Hamas said it
            # agreed, but Israeli leaders rejected the deal") is not part of what is
            # reported; "said X and that Y would ..." is
            break
        if prev.head.i == tok.i and kind is not None and (prev.dep_ == "relcl" or (
                prev.dep_ == "acl" and not any(c.lower_ == "to" for c in prev.children))):
            # "a resolution that would have supported a ceasefire was vetoed": the
            # stance is the relative clause's; what is done to its noun is another's
            frozen = True
        # nor to a concession ("despite the clause granting Israel a veto, Hamas is pushing ...")
        inert = (prev.dep_ in ("nsubj", "conj") and prev.head.i == tok.i) or _participle_after(
            prev, tok) or (prev.dep_ == "prep" and prev.lower_ == "despite" and prev.head.i == tok.i)
        below, prev = prev, tok
        stance_hit = None
        if not frozen and not inert:
            # the issue term's own head ("free the captives") carries no stance cue, but
            # its negation and modal count ("will not free the captives")
            stance_hit = None if inside else next(
                filter(None, (cues.at(tok.i, role) for role in STANCE_ROLES)), None)
            if own_delay:
                # "Hamas said it would delay the release of hostages": withholding it
                stance_hit = Hit("cue.reject.own-delay", "reject", tok.i, tok.i + 1)
            elif imagined and stance_hit is None:
                stance_hit = Hit("cue.reject.violation", "reject", tok.i, tok.i + 1)
            if stance_hit and stance_hit.label == "reject":
                sign, kind = -sign, "reject"
            elif stance_hit and stance_hit.label == "demand" and kind == "accept":
                kind = "demand"  # "urged both sides to accept" demands it
            elif stance_hit:
                kind = kind or stance_hit.label
            if stance_hit:
                rules.append(stance_hit.rule_id)
            if _negated(tok, cues):
                sign = -sign
                rules.append("cue.negation")
            modal = _modal(tok, cues)
            if modal and modal.label == "modal_demand":
                kind = kind or "demand"
                rules.append(modal.rule_id)
            elif modal and kind is None:
                # a commitment counts only when its subject is a party or stands for one
                # ("it would release"), not "the proposals would cover ..."
                subj, named = subject_of(tok, ctx, climb=False)
                if subj is not None and subj.pos_ == "PRON" and named is None:
                    named = Holder((), "attr.anaphor", anaphoric=True)  # "it", "we": the speaker
                commit = commit or named
        if not frozen:
            # a condition covers each of its conjuncts ("unless Israel agrees to end the
            # war, withdraw its forces and release prisoners")
            if _ultimatum(tok, below):
                # "gave it until Sunday to accept or reject the proposal", "Hamas will
                # be given until September to agree to a ceasefire": whoever sets the
                # deadline demands what it is to accept; its recipient holds nothing
                kind, sign, frozen = "demand", issue.sign, True
                stance_holder = subject_of(tok, ctx)[1]  # none for a passive: "according to X"
                rules.append("cue.ultimatum")
                continue
            cond = _condition(tok, cues)
            threat = _threat(tok, cues) if cond else None
            if cond and threat:
                # a threat: what its condition names is demanded when the condition
                # is that it does not happen ("if Hamas does not return our hostages,
                # we will resume fighting"), rejected when it is that it does ("should
                # Hezbollah rearm, we will strike"); "unless" is "if not"
                flip = -1 if doc[cond.start].lower_ != "unless" else 1
                kind, sign, frozen = "demand", flip * sign, True
                stance_holder = None
                rules.extend((cond.rule_id, threat.rule_id))
                continue
            if cond:
                # a condition is demanded by whoever sets it; what governs it says
                # nothing more about the issue ("will not release ... unless")
                kind, sign, frozen = "demand", issue.sign, True
                cond_subject = subject_of(tok, ctx, climb=False)[1]
                stance_holder = None  # the condition's subject does not hold it; its setter does
                rules.append(cond.rule_id)
                continue
        if kind is None and stance_hit is None and cues.at(tok.i, "report") and below.i == anchor.i \
                and anchor.dep_ == "dobj" and anchor.head.i == tok.i:
            return []  # "will announce a ceasefire", "discussed the deal": reported, not a stance
        if stance_hit is None and not cues.at(tok.i, "report") and not _modal(tok, cues):
            if below.dep_ == "advcl" and below.head.i == tok.i and cond_subject is not None \
                    and not reporters and stance_holder is None:
                # the clause a condition hangs on names who sets it ("Qatar returns to
                # the talks if both sides show willingness to reach a deal")
                setter = subject_of(tok, ctx)[1]
                if setter is not None and not setter.anaphoric:
                    reporters.append(setter)
            continue
        # a goal names its holder only as its own subject ("Hamas seeks to secure");
        # "talks in a bid to secure a truce" describes efforts, not a stated position
        _, found = subject_of(tok, ctx, climb=not (stance_hit and stance_hit.label == "goal"))
        if found is None:
            if stance_hit is not None and stance_hit.label != "goal" and (
                    _agentless_passive(tok) or tok.dep_ == "acl") and stance_hit.rule_id != "cue.reject.warned":
                # whoever accepted it ("the proposal had been accepted", "the side
                # rejecting the proposals"), the reporter is not named as the holder; a
                # warning ("would be considered a violation") is its speaker's
                return []
            continue
        if stance_hit is not None and stance_hit.label != "goal" and stance_holder is None and (
                len(reporters) == modal_subjects):
            # the subjects of modal clauses below are the content's agents ("Hamas is
            # pushing to decide which prisoners will be released by Israel"), not its holders
            stance_holder, held_by_noun = found, tok.pos_ == "NOUN"
            reporters, modal_subjects = [], 0
        elif stance_hit is not None and stance_hit.label != "goal" and held_by_noun and not reporters \
                and tok.pos_ == "VERB" and not set(found.parties) & set(stance_holder.parties):
            # a stance on another's demand or offer ("Netanyahu rejected Hamas's demand for
            # a withdrawal", "Israel's proposal was accepted by Hamas") is the outer party's
            stance_holder, held_by_noun = found, False
            if stance_hit.label == "accept" and sign > 0:
                kind = "accept"
            rules.append("stance.on-anothers")
        else:
            reporters.append(found)
            if stance_hit is None and not cues.at(tok.i, "report") and not found.anaphoric:
                modal_subjects += 1  # "it would release" is the speaker's own commitment
    holder = _choose_holder(stance_holder, reporters, ctx.principals)
    if holder is None and stance_holder is not None and reporters and sign < 0 and kind == "reject":
        # one side says the other refuses: that is blame, not the other's statement
        reporter = next((r for r in reporters if not r.anaphoric), reporters[-1])
        return [RuleResult(h, "blame", issue.label, "", t, tuple(rules) + ("blame.reported-refusal",), 0.7)
                for h, t in _pairs(reporter.parties, stance_holder.parties, False)]
    if holder is None and reporters == [] and stance_holder is None:
        holder = according_to(ctx)
        if holder is None and ctx.focus and _quoted(doc):
            holder = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    if holder is None:
        return []
    if kind is None and commit and (reporters or holder.rule_id == "attr.quote-focus"):
        if commit.anaphoric and reporters and not reporters[0].anaphoric:
            # "it would allow" is the nearest subject above: "the UN said Israel had
            # informed them it would allow ..." is Israel's move
            commit = reporters[0]
        if not (commit.anaphoric or set(commit.parties) & set(holder.parties)):
            return []  # "the UN said Israel would allow ...": Israel's move, reported
        kind = "accept"
        rules.append("cue.modal.commit")
    if kind is None or (kind == "goal" and holder.rule_id == "attr.according-to"):
        return []
    if cond_subject is not None and (cond_subject.anaphoric or set(cond_subject.parties) & set(holder.parties)):
        # the holder's own move is the conditional one ("return all hostages before it
        # will agree to end the war"): it withholds it, a rejection for now
        sign = -sign
        rules.append("cue.condition.own")
    stance = "reject" if sign < 0 else ("accept" if kind == "accept" else "demand")
    confidence = 0.8 if kind in ("reject", "accept", "demand") else 0.65
    if holder.anaphoric:
        confidence *= 0.85
    if issue.weak:
        confidence *= 0.85
    rules.append(holder.rule_id)
    return [RuleResult(party, "position", issue.label, stance, "", tuple(dict.fromkeys(rules)),
                       round(confidence, 3))
            for party in holder.parties]


DELAY_VERBS = ("delay", "postpone", "suspend", "defer", "freeze")


def _participle_after(clause: Token, verb: Token) -> bool:
    """A participle clause after the verb ("rejected this proposition, emphasizing the
    necessity of releasing all women first"): what it says is the subject's own further
    statement, outside the verb's stance; the subject still holds it."""
    return (clause.dep_ == "advcl" and clause.head.i == verb.i and clause.i > verb.i
            and clause.tag_ == "VBG" and not any(c.dep_ == "mark" for c in clause.children))


def _own_delay(tok: Token, cues: _Cues) -> bool:
    """A delay the speaker announces for its own move: "it would delay", "we will postpone"
    (a pronoun subject in reported content); a named other party's delay is a fault."""
    if tok.pos_ != "VERB" or tok.lemma_ not in DELAY_VERBS or cues.at(tok.i, "accuse"):
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lower_ in ("it", "we", "they", "i")


def _agentless_passive(pred: Token) -> bool:
    """"The proposal had been accepted": a stance whose holder the sentence does not name."""
    return any(c.dep_ == "nsubjpass" for c in pred.children) and not any(
        c.dep_ == "agent" for c in pred.children)


def _choose_holder(stance_holder: Holder | None, reporters: list[Holder],
                   principals: tuple[str, ...]) -> Holder | None:
    """Who holds the position: the subject of the stance predicate, unless it is only
    "it"/"he" and a reporter above names the party. What one negotiating side says of
    the other's position ("Hamas claimed Israel rejected offers") is a claim, not a
    statement of the other side; a mediator's report of it is."""
    named = [r for r in reporters if not r.anaphoric]
    if stance_holder is None:
        return named[-1] if named else (reporters[-1] if reporters else None)
    if stance_holder.anaphoric and stance_holder.rule_id != "attr.anaphor.role" and named:
        # "he" is whoever the reporter names; "the movement" names its party itself
        return Holder(named[0].parties, named[0].rule_id)
    role = next((r for r in reporters if r.rule_id == "attr.anaphor.role"), None)
    if stance_holder.anaphoric and role is not None:
        # "'We reaffirm our commitment,' the spokesman added": the speaker, whose role
        # names its party more surely than the focus does
        return role
    # the reporter that says it: the topmost named one, else "he said" of the party in focus
    top = named[-1] if named else (reporters[-1] if reporters else None)
    if top is not None and not set(stance_holder.parties) & set(top.parties) and (
            set(top.parties) & set(principals) and set(stance_holder.parties) & set(principals)):
        return None
    return stance_holder


FIRST_PERSON = ("we", "us", "our", "ours", "i", "me", "my")


def _quoted(doc) -> bool:
    """Someone speaks in the sentence: a quotation mark, or a first-person pronoun (the
    middle sentences of a long quotation, a statement or post reproduced as text)."""
    return any(t.is_quote or (t.lower_ in FIRST_PERSON and t.pos_ == "PRON") for t in doc)


def blame(ctx: SentenceContext, issues: list[Hit], cues: list[Hit]) -> list[RuleResult]:
    """Who blames whom in the sentence, with the issue when one is named near the cue."""
    index = _Cues.of(cues, ctx.doc)
    results: list[RuleResult] = []
    for hits in index.roles.values():
        for hit in hits:
            if hit.label == "accuse":
                results.extend(_accuse(ctx, hit, index, issues))
            elif hit.label == "fault":
                results.extend(_fault(ctx, hit, index, issues))
    seen, unique = set(), []
    for r in results:
        if (r.party, r.target) not in seen:
            seen.add((r.party, r.target))
            unique.append(r)
    return unique


def _issue_near(ctx: SentenceContext, tok: Token, issues: list[Hit]) -> str:
    """The first issue named in ``tok``'s subtree, not counting words of a party's name
    ("relatives of hostages have accused him of stalling" is not about hostages)."""
    subtree = {t.i for t in tok.subtree}
    for issue in issues:
        if issue.start in subtree and not issue.weak and not any(
                ctx.mention_at(i) is not None for i in range(issue.start, issue.end)):
            return issue.label
    return ""


def _blaming(tok: Token, cues: _Cues) -> bool:
    """Whether a token blames: a fault cue, or an accusation cue that accuses here."""
    return bool(cues.at(tok.i, "fault")) or (bool(cues.at(tok.i, "accuse")) and _accusing(tok))


def _accusing(tok: Token) -> bool:
    """Whether an accusation verb accuses here: "held" does only with "responsible"
    ("hostages held in Gaza for prisoners" accuses no one); "charging that ..."
    reports, and the fault rule reads what it reports."""
    if tok.lemma_ == "hold":
        return any(t.lemma_ in ("responsible", "accountable") for t in tok.subtree)
    if tok.lemma_ == "charge" and tok.pos_ == "VERB":
        return any(c.dep_ == "dobj" for c in tok.children)
    return True


def _accuse(ctx: SentenceContext, hit: Hit, cues: _Cues, issues: list[Hit]) -> list[RuleResult]:
    doc = ctx.doc
    tok = doc[hit.start:hit.end].root
    holders: Holder | None
    targets: tuple[str, ...] = ()
    mutual = False
    if tok.pos_ == "NOUN":  # "placed the blame on X", "traded blame"
        verb = tok.head
        _, holders = subject_of(verb, ctx)
        mutual = verb.lemma_ in ("trade", "exchange")
        on = [c for c in list(tok.children) + list(verb.children)
              if c.dep_ == "prep" and c.lower_ in ("on", "against")]
        for prep in on:
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                found = party_of(pobj, ctx)
                if found:
                    targets += found.parties
    else:
        if not _accusing(tok):
            return []
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        if passive:
            subj = next(c for c in tok.children if c.dep_ == "nsubjpass")
            found = party_of(subj, ctx)
            targets = found.parties if found else ()
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            holders = party_of(pobj, ctx) if pobj is not None else None
        else:
            _, holders = subject_of(tok, ctx)
            for obj in (c for c in tok.children if c.dep_ in ("dobj", "dative")):
                if is_reciprocal(obj) or obj.lower_ in ("other", "another"):
                    mutual = True
                    continue
                found = _agent_of(obj, ctx) if obj.lemma_ in HARM_NOUNS else party_of(obj, ctx)
                if found:
                    targets += found.parties
            if not targets:  # "accused him", "blamed the movement" resolved already; "held X responsible"
                for child in tok.children:
                    if child.dep_ in ("ccomp", "oprd", "xcomp"):
                        subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                        found = party_of(subj, ctx) if subj is not None else None
                        if found:
                            targets += found.parties
    if holders is None:
        holders = according_to(ctx)
    if holders is None:
        return []
    pairs = _pairs(holders.parties, targets, mutual)
    issue = _issue_near(ctx, tok, issues)
    conf = 0.85 * (0.85 if holders.anaphoric else 1.0)
    rules = (hit.rule_id, holders.rule_id) + (("blame.mutual",) if mutual else ())
    return [RuleResult(h, "blame", issue, "", t, rules, round(conf, 3)) for h, t in pairs]


# Nouns of harm done to someone: their possessor or "of" phrase is the victim
# ("condemned Haniyeh's killing"), only a "by" phrase names who is blamed.
HARM_NOUNS = ("killing", "assassination", "murder", "death", "arrest", "detention", "abduction",
              "targeting", "bombing", "execution")


def _agent_of(noun: Token, ctx: SentenceContext) -> Holder | None:
    """The party a "by" phrase on ``noun`` names ("the killing of X by Y" -> Y)."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"):
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        found = party_of(pobj, ctx) if pobj is not None else None
        if found:
            return found
    return None


def _pairs(holders: tuple[str, ...], targets: tuple[str, ...], mutual: bool) -> list[tuple[str, str]]:
    if mutual:
        return [(h, t) for h in holders for t in holders if h != t]
    return [(h, t) for h in holders for t in targets if h != t]


def _fault_target(tok: Token, ctx: SentenceContext) -> tuple[Holder | None, Token]:
    """Who is at fault: the subject of a fault verb, the possessor of a fault noun, or the
    subject of the verb that carries the fault (``X was responsible``, ``X created obstacles``)."""
    if tok.pos_ == "VERB":
        return subject_of(tok, ctx)[1], tok
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound"):
            found = party_of(child, ctx)
            if found:
                return found, tok
    found = _agent_of(tok, ctx)
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


def _hypothetical(tok: Token) -> bool:
    """A fault that is only imagined: "any violation", "should Hezbollah violate", "if X delays"."""
    if any(c.dep_ == "det" and c.lower_ in ("any", "no", "every") for c in tok.children):
        return True
    verb = _evaluating_verb(tok) if tok.pos_ == "NOUN" else None
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


def _fault(ctx: SentenceContext, hit: Hit, cues: _Cues, issues: list[Hit]) -> list[RuleResult]:
    doc = ctx.doc
    tok = doc[hit.start:hit.end].root
    if _hypothetical(tok):
        return []
    target, clause = _fault_target(tok, ctx)
    if target is None:
        return []
    holders = None
    # "Hamas described Israeli attacks as violations": the describer holds the blame
    first = 0 if clause.lemma_ in DESCRIBE_VERBS else 1
    for up in list(_path(clause))[first:]:
        if cues.at(up.i, "report", "accuse", "reject", "demand", "accept") or up.dep_ == "ROOT":
            _, found = subject_of(up, ctx)
            if found and set(found.parties) - set(target.parties):
                holders = found
                break
    if holders is None:
        holders = according_to(ctx)
    if holders is None and ctx.focus and _quoted(doc) and ctx.focus not in target.parties:
        holders = Holder((ctx.focus,), "attr.quote-focus", anaphoric=True)
    if holders is None:
        return []
    issue = _issue_near(ctx, clause, issues)
    conf = 0.7 * (0.85 if holders.anaphoric or target.anaphoric else 1.0)
    return [RuleResult(h, "blame", issue, "", t, (hit.rule_id, holders.rule_id), round(conf, 3))
            for h, t in _pairs(holders.parties, target.parties, False)]
