"""Who says it: resolve noun phrases, subjects and anaphora of a parsed sentence to profile parties."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .matching import Hit

ANAPHORIC_PRONOUNS = {"he", "she", "it", "they", "we", "i", "him", "his", "her", "its", "their", "our"}
# Nouns that, with "the" or a possessive pronoun, point back at the party last in focus.
ANAPHORIC_NOUNS = {"group", "movement", "office", "organization", "organisation", "statement",
                   "spokesman", "spokeswoman", "spokesperson", "premier", "ministry",
                   "militants", "government", "leadership", "leader", "adviser", "aide", "cabinet"}
# Speakers' roles that "the" points back at the party last named with the same role,
# wherever the focus has moved since ("Hamas spokesman Abu Obeida said ... [Netanyahu's
# post] ... 'We reaffirm our commitment,' the spokesman added"; "the Palestinian radical
# movement Hamas ... [Israel's adviser said] the radical movement is pushing ...").
ROLE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "ministry", "office", "premier",
              "adviser", "aide", "movement", "group"}
# Nouns that point back at the party in focus only with a possessive pronoun ("his defence
# forces", "its negotiators"); "the army" alone may be anyone's.
POSSESSED_NOUNS = {"force", "forces", "army", "military", "troop", "troops", "negotiator",
                   "negotiators", "delegation", "team", "official", "officials", "representative",
                   "minister", "administration"}
# The subject of a passive is not its agent ("Hamas will be given until September to
# agree" is Israel's demand), so only active subjects and "by" agents name a holder.
SUBJECT_DEPS = ("nsubj", "csubj", "expl")
# Dependents that stay inside a noun phrase when we look for the party it names.
NP_DEPS = {"compound", "amod", "poss", "nmod", "det", "appos", "prep", "pobj", "case", "conj",
           "cc", "npadvmod", "nummod", "quantmod", "punct", "dep", "acl", "pcomp"}
# Prepositions that keep the speaker inside the phrase ("the office of", "an official with").
NP_PREPS = {"of", "from", "for", "including"}
# People who speak for someone "to" them: "an aide to the Israeli premier".
SERVING_NOUNS = {"aide", "adviser", "advisor", "assistant", "spokesman", "spokeswoman",
                 "spokesperson", "envoy", "ambassador", "representative", "negotiator", "counsel"}
RECIPROCALS = ("each other", "one another")


@dataclass(frozen=True)
class Holder:
    """The parties an expression resolves to, and the rule that resolved them."""

    parties: tuple[str, ...]
    rule_id: str
    anaphoric: bool = False


@dataclass
class SentenceContext:
    """What attribution knows about one parsed sentence and its article so far."""

    doc: Doc
    mentions: list[Hit]
    focus: str | None = None  # party in focus before this sentence (for "he", "the group")
    principals: tuple[str, ...] = ()
    roles: dict[str, str] = field(default_factory=dict)  # role noun -> party last named with it
    mediators: tuple[str, ...] = ()  # parties that mediate: no side to blame for an impasse
    speaker: Holder | None = None  # who says the sentence, from the article (stance.extraction.speakers)
    _by_token: dict[int, Hit] = field(default_factory=dict)

    def __post_init__(self):
        for hit in self.mentions:
            for i in range(hit.start, hit.end):
                self._by_token[i] = hit

    def mention_at(self, i: int) -> Hit | None:
        return self._by_token.get(i)


def speaker_holder(speaker) -> Holder | None:
    """The holder a sentence's reported speaker (:class:`~.speakers.Speaker`) names; None
    for no speaker or one that is only the first name in the sentence."""
    if speaker is None or not speaker.reported:
        return None
    return Holder(speaker.parties, "attr." + speaker.rule_id)


def _expand(label: str, ctx: SentenceContext) -> tuple[str, ...]:
    return ctx.principals if label == "*sides" else (label,)


def party_of(token: Token, ctx: SentenceContext) -> Holder | None:
    """The parties a noun phrase headed by ``token`` names, nearest to its head first.

    ``Qatar's prime minister`` -> qatar; ``a senior Hamas official`` -> hamas;
    ``critics of Netanyahu`` -> the alias that covers the head wins over the one in
    the ``of`` phrase; ``Israel and the US`` -> both; ``he``/``the group`` -> focus.
    """
    found: list[tuple[int, int, str]] = []  # (depth, order, party)
    stack = [(token, 0)]
    seen = set()
    while stack:
        tok, depth = stack.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        hit = ctx.mention_at(tok.i)
        if hit is not None:
            # a conjunct is as near as its head ("Israel and Hamas")
            found.extend((depth, tok.i, p) for p in _expand(hit.label, ctx))
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ not in NP_PREPS and not (
                    child.lower_ == "to" and tok.lemma_.lower() in SERVING_NOUNS):
                continue
            if child.dep_ in NP_DEPS and not (child.dep_ == "acl" and child.pos_ == "VERB"):
                # "critics of X, including relatives of hostages": both groups speak
                inclusive = (child.dep_ == "prep" and child.lower_ == "including") or (
                    child.dep_ == "pobj" and tok.dep_ == "prep" and tok.lower_ == "including")
                step = 0 if child.dep_ in ("conj", "cc", "compound", "appos") or inclusive else 1
                stack.append((child, depth + step))
    if found:
        best = min(d for d, _, _ in found)
        parties = tuple(dict.fromkeys(p for d, _, p in sorted(found, key=lambda x: (x[0], x[1]))
                                      if d == best))
        return Holder(parties, "attr.np")
    if _is_anaphor(token):
        role = ctx.roles.get(token.lemma_.lower()) if any(
            c.dep_ == "det" and c.lower_ == "the" for c in token.children) else None
        if role is not None:
            return Holder((role,), "attr.anaphor.role", anaphoric=True)
        return antecedent(token, ctx)
    return None


def antecedent(token: Token, ctx: SentenceContext) -> Holder | None:
    """What "he", "it", "its" or "the group" points back at: for a subject, the named subject
    of a clause it is part of ("Hamas says it is committed ... and it has rejected":
    ``attr.anaphor.clause``; a possessive keeps to the focus: "Hamas said Israel did not
    accept its demands"), else the party in focus
    (``attr.anaphor``), which is the sentence's speaker when the article names one
    (:mod:`.speakers`: "..., he added", the tag of a quotation over several sentences)."""
    pred = token.head if token.dep_ in ("nsubj", "nsubjpass") else token
    while pred.i != token.i and pred.head.i != pred.i:
        pred = pred.head
        if pred.dep_ not in ("ccomp", "conj", "xcomp", "advcl", "ROOT", "relcl", "acomp", "attr", "prep", "pobj") \
                and pred.pos_ not in ("VERB", "AUX", "ADJ"):
            break
        subj = next((c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i), None)
        if subj is not None and subj.i != token.i and not _is_anaphor(subj):
            found = party_of(subj, ctx)
            if found is not None and not found.anaphoric:
                return Holder(found.parties, "attr.anaphor.clause")  # named, in the sentence itself
            break
    return Holder((ctx.focus,), "attr.anaphor", anaphoric=True) if ctx.focus else None


def named_roles(ctx: SentenceContext) -> dict[str, str]:
    """The speakers' roles the sentence names with a single party ("Hamas spokesman
    Abu Obeida", "a spokesman for Hamas", "Qatar's foreign ministry", "the Palestinian
    militant group Hamas"), for "the spokesman" further on. A body is named only by
    its own modifiers or name: "a group of Israeli negotiators" is no Israeli group."""
    roles: dict[str, str] = {}
    for tok in ctx.doc:
        lemma = tok.lemma_.lower()
        if lemma not in ROLE_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if lemma in SERVING_NOUNS:
            found = party_of(tok, ctx)
            parties = found.parties if found is not None and not found.anaphoric else ()
        else:
            parties = _named_closely(tok, ctx)
        if len(parties) == 1:
            roles[lemma] = parties[0]
    return roles


def _named_closely(tok: Token, ctx: SentenceContext) -> tuple[str, ...]:
    """The parties named in ``tok`` itself, its modifiers, or the name it stands beside."""
    near = [tok] + [t for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod", "appos")
                    for t in c.subtree]
    if tok.dep_ in ("compound", "appos", "nmod") and tok.head.i != tok.i:
        near.append(tok.head)  # "the militant group Hamas"
    hits = {ctx.mention_at(t.i) for t in near} - {None}
    return tuple(dict.fromkeys(p for hit in sorted(hits, key=lambda h: h.start)
                               for p in _expand(hit.label, ctx)))


def _is_anaphor(token: Token) -> bool:
    lower = token.lower_
    if token.pos_ == "PRON" and lower in ANAPHORIC_PRONOUNS:
        return True
    dets = [c for c in token.children if c.dep_ in ("det", "poss")]
    if token.lemma_.lower() in ANAPHORIC_NOUNS:
        return any(d.lower_ in ("the", "his", "her", "its", "their", "this") for d in dets)
    if token.lemma_.lower() in POSSESSED_NOUNS or token.lower_ in POSSESSED_NOUNS:
        return any(d.dep_ == "poss" and d.lower_ in ("his", "her", "its", "their", "our") for d in dets)
    return False


def subject_of(pred: Token, ctx: SentenceContext, *, climb: bool = True) -> tuple[Token | None, Holder | None]:
    """The subject of a predicate and the parties it names.

    Looks at the predicate's own subject (and the ``by`` agent of a passive); a verb
    without one (``..., emphasizing``, ``and called for``, ``to reject``) inherits it
    from the verb it hangs on. A noun predicate (``Israel's reluctance``, ``a demand by
    Israel``, ``the Hamas response``) takes its possessor, agent or compound.
    """
    climbed = False
    for _ in range(6):
        if pred.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            for child in pred.children:
                if child.dep_ in ("poss", "compound", "amod", "nmod") or (
                        child.dep_ == "prep" and child.lower_ in ("by", "from")):
                    target = next((c for c in child.children if c.dep_ == "pobj"), child) \
                        if child.dep_ == "prep" else child
                    holder = party_of(target, ctx)
                    if holder:
                        return target, holder
            if pred.dep_ == "dobj" and pred.head.i != pred.i:
                # "granting Israel a veto power": the one given it holds it
                dative = next((c for c in pred.head.children if c.dep_ == "dative"), None)
                holder = party_of(dative, ctx) if dative is not None else None
                if holder:
                    return dative, holder
            partner = copula_partner(pred)
            if partner is not None and party_of(pred, ctx) is None:
                # "the side rejecting the proposals is the Israeli side",
                # "the occupation is the one hindering the ceasefire"
                holder = party_of(partner, ctx)
                if holder:
                    return partner, holder
            if climbed and pred.dep_ in ("dobj", "pobj", "attr") and pred.head.i != pred.i:
                # "adopted a resolution demanding ...": the resolution's adopter holds it
                pred = pred.head if pred.dep_ != "pobj" else pred.head.head
                continue
            return None, None
        agent = next((c for c in pred.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, party_of(pobj, ctx)
        subj = next((c for c in pred.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is None:
            # a parse that hangs the subject on the auxiliary ("Blinken had ... criticized")
            subj = next((s for c in pred.children if c.dep_ in ("aux", "auxpass")
                         for s in c.children if s.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            if pred.dep_ == "relcl" and subj.tag_ in ("WDT", "WP") and pred.head.i != pred.i:
                return pred.head, party_of(pred.head, ctx)  # "Hamas, which rejected ..."
            return subj, party_of(subj, ctx)
        if any(c.dep_ == "nsubjpass" for c in pred.children):
            return None, None
        if climb and pred.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "pcomp") and pred.head.i != pred.i:
            if pred.dep_ == "relcl":  # "the side rejecting the proposals": the noun is the subject
                return pred.head, party_of(pred.head, ctx)
            pred = pred.head
            climbed = True
            continue
        return None, None
    return None, None


def main_subject(ctx: SentenceContext) -> str | None:
    """The party the subject of the sentence's main verb names, if any (not via anaphora)."""
    for root in (t for t in ctx.doc if t.dep_ == "ROOT"):
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found = party_of(child, ctx)
                if found and not found.anaphoric and found.parties:
                    return found.parties[0]
    return None


# Verbs that join a subject to what it is: "X is Y", "X remains Y", "X became Y".
COPULAS = frozenset({"be", "become", "remain"})


def copula_partner(noun: Token) -> Token | None:
    """The other side of "X is Y" (or "X remains Y") for a noun that is X (subject) or Y
    (attribute)."""
    head = noun.head
    if head.i == noun.i or head.lemma_ not in COPULAS or noun.dep_ not in ("nsubj", "attr"):
        return None
    other = "attr" if noun.dep_ == "nsubj" else "nsubj"
    return next((c for c in head.children if c.dep_ == other), None)


def according_to(ctx: SentenceContext) -> Holder | None:
    """The party of an ``according to X`` phrase anywhere in the sentence."""
    doc = ctx.doc
    for tok in doc[:-1]:
        if tok.lower_ == "according" and doc[tok.i + 1].lower_ == "to":
            pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                holder = party_of(pobj, ctx)
                if holder and not holder.anaphoric:
                    return Holder(holder.parties, "attr.according-to")
    return None


def is_reciprocal(token: Token) -> bool:
    """``each other`` / ``one another`` as an object."""
    doc = token.doc
    text = doc[max(token.i - 1, 0): token.i + 1].text.lower()
    text2 = doc[token.i: token.i + 2].text.lower()
    return text in RECIPROCALS or text2 in RECIPROCALS
