"""Candidates: the (party, issue) and (party, target) questions the model answers for one sentence.

A parsed sentence with its matcher findings and rule statements becomes candidates:

* a **position candidate** for every party the sentence names (or the rules resolve
  from a pronoun or the party in focus) and every issue with a term in the sentence (or
  a rule statement): "does this party demand, accept or reject this issue here?";
* a **blame candidate** for every ordered pair of distinct such parties: "does the
  first blame the second here?".

Each candidate carries what the features are made of, computed once from the Doc:
``symbols`` (rule hits, cue lemmas and roles, dependency paths, negation and modality)
and ``text`` (the sentence with the party and issue words replaced by their role, so
the model learns wording, not names). Party and issue ids never enter the features:
the same model applies to a negotiation whose parties it has never seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..extraction.classify import Findings
from ..extraction.matching import Hit
from ..profile import Profile
from ..records import POLARITY, Statement

NONE = "none"
POSITION_CLASSES = (NONE, "demand", "accept", "reject")
BLAME_CLASSES = (NONE, "blame")
# Rule ids that name a profile's issue or party are reduced to their kind, so that the
# feature is the same in every profile ("issue.ceasefire" -> "issue").
_GENERIC_PREFIXES = ("issue.", "party.")
_MAX_PATH = 6


@dataclass(frozen=True)
class Candidate:
    """One question about one sentence: a (party, issue) position or a (party, target) blame.

    Attributes:
        article_id: The article.
        kind: ``position`` or ``blame``.
        party: Holder (position) or who blames (blame).
        issue: The issue (position); ``""`` for blame.
        target: The blamed party (blame); ``""`` for position.
        sentence: The sentence, verbatim.
        start: Character offset of the sentence in the article.
        end: End offset.
        symbols: Symbolic features (rule ids, cue roles and lemmas, paths, flags).
        text: The sentence with parties, issues, names and numbers masked by role.
        rules: The rule statements that answer this question (same party, kind, issue or target).
        about: For blame, the issue a blame the model adds is about: the first issue term
            of the sentence, else the profile's ``blame_issue``.
        abstained: The rule ids that abstained in the sentence on what the candidate asks
            about: on a term of its issue (a position), or on a blame cue that could have
            meant this pair (blame); each a vote for no statement, counted by ``stance rules
            report``.
    """

    article_id: str
    kind: str
    party: str
    issue: str
    target: str
    sentence: str
    start: int
    end: int
    symbols: tuple[str, ...] = ()
    text: str = ""
    rules: tuple[Statement, ...] = field(default=(), compare=False, hash=False)
    about: str = ""
    abstained: tuple[str, ...] = field(default=(), compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """``(kind, party, issue, target)``: what the candidate asks about."""
        return (self.kind, self.party, self.issue, self.target)

    @property
    def rule_label(self) -> str:
        """What the rules answered: a stance (position), ``blame``, or ``none``."""
        if not self.rules:
            return NONE
        if self.kind == "blame":
            return "blame"
        stances = {s.stance for s in self.rules}
        return "demand" if "demand" in stances else sorted(stances)[0]


def _generic(rule_id: str) -> str:
    for prefix in _GENERIC_PREFIXES:
        if rule_id.startswith(prefix):
            return prefix.rstrip(".") + (".against" if rule_id.endswith(".against") else "")
    return rule_id


def _expand(hit: Hit, profile: Profile) -> tuple[str, ...]:
    return profile.principals if hit.label == "*sides" else (hit.label,)


def _mentions_of(hits: list[Hit], party: str, profile: Profile) -> list[Hit]:
    return [h for h in hits if party in _expand(h, profile)]


def _path(tok: Token) -> list[Token]:
    out = [tok]
    while tok.head.i != tok.i and len(out) < 40:
        tok = tok.head
        out.append(tok)
    return out


def dependency_path(a: Token, b: Token) -> str:
    """The dependency path from ``a`` up to the lowest common head and down to ``b``.

    ``Hamas rejected the proposal`` from ``Hamas`` to ``proposal``: ``nsubj^|vdobj``
    (up through ``nsubj``, down through ``dobj``). Long paths are cut to six steps a side.
    """
    up_a, up_b = _path(a), _path(b)
    ids_b = {t.i for t in up_b}
    common = next((t for t in up_a if t.i in ids_b), None)
    if common is None:
        return "nopath"
    ups = [t.dep_ for t in up_a[:[t.i for t in up_a].index(common.i)]][:_MAX_PATH]
    downs = [t.dep_ for t in up_b[:[t.i for t in up_b].index(common.i)]][:_MAX_PATH]
    return "".join(f"{d}^" for d in ups) + "|" + "".join(f"v{d}" for d in reversed(downs))


def _cue_roles(cues: list[Hit], doc: Doc) -> dict[int, list[Hit]]:
    roles: dict[int, list[Hit]] = {}
    for hit in cues:
        roles.setdefault(doc[hit.start:hit.end].root.i, []).append(hit)
    return roles


def _lemma(tok: Token) -> str:
    return "NAME" if tok.pos_ == "PROPN" else ("NUM" if tok.like_num else tok.lemma_.lower())


def _upward(anchor: Token, roles: dict[int, list[Hit]], prefix: str) -> list[str]:
    """Cue roles, lemmas, negation, modals and condition markers on the path to the root."""
    out = []
    for tok in _path(anchor)[1:]:
        for hit in roles.get(tok.i, ()):
            out += [f"{prefix}.role={hit.label}", f"{prefix}.cue={hit.rule_id}",
                    f"{prefix}.lemma={_lemma(tok)}"]
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            out.append(f"{prefix}.verb={_lemma(tok)}")
        for child in tok.children:
            if child.dep_ == "neg" or child.lower_ in ("no", "never"):
                out.append(f"{prefix}.neg")
            elif child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
                out.append(f"{prefix}.modal={child.lower_}")
            elif child.dep_ == "mark":
                out.append(f"{prefix}.mark={child.lower_}")
    return out


def _masked(doc: Doc, roles: dict[int, str]) -> str:
    """The sentence with role words in place of parties, issues, names and numbers."""
    words: list[str] = []
    for tok in doc:
        if tok.is_space:
            continue
        word = roles.get(tok.i) or ("NAME" if tok.pos_ == "PROPN" else "NUM" if tok.like_num
                                    else tok.lower_)
        if word.isupper() and words and words[-1] == word:
            continue  # "Prime Minister Benjamin Netanyahu" is one PARTYSELF
        words.append(word)
    return " ".join(words)


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4+"


def candidates(doc: Doc, findings: Findings, statements: list[Statement],
               profile: Profile) -> list[Candidate]:
    """The position and blame candidates of one parsed sentence.

    Args:
        doc: The parsed sentence.
        findings: Mentions, issue terms, cues and focus the extractor found.
        statements: The rules' statements for the sentence.
        profile: The profile (principals, party roles).

    Returns:
        Position candidates, then blame candidates, in a stable order.
    """
    mentions = findings.mentions
    named = list(dict.fromkeys(p for h in mentions for p in _expand(h, profile)))
    parties = list(dict.fromkeys(named + [s.party for s in statements] +
                                 [s.target for s in statements if s.target]))
    anaphor = any(t.lower_ in ("he", "she", "it", "they", "we", "group", "movement", "office")
                  for t in doc)
    if findings.focus and findings.focus not in parties and anaphor:
        parties.append(findings.focus)
    # the sentence's reported speaker ("..., he added", a quote going on) may hold a
    # position the sentence never names it in
    speaker = findings.speaker[0] if findings.speaker else ()
    parties += [p for p in speaker if p not in parties and p in profile.party_ids]
    issues = list(dict.fromkeys([h.label for h in findings.issues] +
                                [s.issue for s in statements if s.kind == "position"]))
    package = _package_issue(profile, findings)
    if package and package not in issues:
        issues.append(package)
    roles = _cue_roles(findings.cues, doc)
    common = _sentence_symbols(doc, findings, statements, named, roles)
    out = []
    for party in parties:
        for issue in issues:
            out.append(_position(doc, findings, statements, profile, party, issue, roles, common))
    for party in parties:
        for target in parties:
            if party != target:
                out.append(_blame(doc, findings, statements, profile, party, target, roles, common))
    return out


#: Cue roles that state a stance: a sentence with one may state a stance on the deal itself
#: in words no term covers ("is willing to continue negotiations", "rejected the offer").
STANCE_ROLES = frozenset({"accept", "demand", "reject", "goal", "modal_demand", "threat"})


def _package_issue(profile: Profile, findings: Findings) -> str:
    """The profile's package issue (its ``blame_issue``: the deal or truce as a whole) when
    the sentence has a stance cue; else ``""``."""
    issue = getattr(profile, "blame_issue", "")
    if issue and any(h.label in STANCE_ROLES for h in findings.cues):
        return issue
    return ""


def _sentence_symbols(doc, findings, statements, named, roles) -> list[str]:
    out = [f"parties={_bucket(len(set(named)))}", f"issues={_bucket(len({h.label for h in findings.issues}))}"]
    if any(t.is_quote for t in doc):
        out.append("quote")
    for hits in roles.values():
        for hit in hits:
            out.append(f"sent.role={hit.label}")
    text = doc.text.lower()
    if "each other" in text or "one another" in text:
        out.append("reciprocal")
    return out


def _party_symbols(prefix: str, party: str, hits: list[Hit], doc, findings, profile) -> list[str]:
    out = [f"{prefix}.role={_role(profile, party)}"]
    if party in profile.principals:
        out.append(f"{prefix}.principal")
    if not hits:
        out.append(f"{prefix}.unnamed" + (".focus" if party == findings.focus else ""))
    if findings.speaker and party in findings.speaker[0]:
        out += [f"{prefix}.speaker", f"{prefix}.speaker={findings.speaker[1]}"]
    for hit in hits[:2]:
        root = doc[hit.start:hit.end].root
        out += [f"{prefix}.dep={root.dep_}", f"{prefix}.head={_lemma(root.head)}"]
    return out


def _role(profile: Profile, party: str) -> str:
    try:
        return profile.party(party).role
    except KeyError:
        return "unknown"


def _nearest(a_hits: list[Hit], b_hits: list[Hit], doc) -> tuple[Token, Token] | None:
    pairs = [(doc[a.start:a.end].root, doc[b.start:b.end].root) for a in a_hits for b in b_hits]
    return min(pairs, key=lambda p: abs(p[0].i - p[1].i)) if pairs else None


def _position(doc, findings, statements, profile, party, issue, roles, common) -> Candidate:
    party_hits = _mentions_of(findings.mentions, party, profile)
    issue_hits = [h for h in findings.issues if h.label == issue]
    rules = tuple(s for s in statements if s.kind == "position" and s.party == party and s.issue == issue)
    sym = ["position"] + common + _party_symbols("p", party, party_hits, doc, findings, profile)
    for s in rules:
        sym += [f"rule.stance={s.stance}", f"rule.pol={POLARITY[s.stance]}"]
        sym += [f"rule.id={_generic(r)}" for r in s.rule_ids if r != "date.resolved"]
    if not rules:
        sym.append("rule.none")
    others = {s.polarity for s in statements if s.kind == "position" and s.issue == issue and s.party != party}
    sym += [f"rule.other_party={p}" for p in sorted(others)]
    if any(s.kind == "position" and s.party == party and s.issue != issue for s in statements):
        sym.append("rule.self_other_issue")
    if any(s.kind == "blame" and party in (s.party, s.target) for s in statements):
        sym.append("rule.in_blame")
    for hit in issue_hits[:2]:
        anchor = doc[hit.start:hit.end].root
        sym += _upward(anchor, roles, "up")
        sym += ["term.weak"] * hit.weak + ["term.against"] * (hit.sign < 0)
        sym.append(f"term.dep={anchor.dep_}")
    if not issue_hits:
        sym += _implicit_issue(doc, findings, party_hits, roles)
    pair = _nearest(party_hits, issue_hits, doc)
    if pair:
        path = dependency_path(*pair)
        dist = abs(pair[0].i - pair[1].i)
        sym += [f"path={path}", f"dist={'near' if dist <= 4 else 'mid' if dist <= 12 else 'far'}",
                "party_first" if pair[0].i < pair[1].i else "issue_first"]
    roles_text = {}
    for h in findings.mentions:
        for i in range(h.start, h.end):
            roles_text[i] = "PARTYSELF" if party in _expand(h, profile) else "PARTYOTHER"
    for h in findings.issues:
        for i in range(h.start, h.end):
            roles_text[i] = "ISSUESELF" if h.label == issue else "ISSUEOTHER"
    abstained = tuple(dict.fromkeys(a.rule_id for a in findings.abstained if a.issue == issue))
    return Candidate(findings.article.id, "position", party, issue, "", doc.text, findings.start,
                     findings.end, tuple(dict.fromkeys(sym)), _masked(doc, roles_text), rules,
                     abstained=abstained)


def _implicit_issue(doc, findings, party_hits, roles) -> list[str]:
    """An issue no term names (the package): the stance cue nearest the party stands in for
    the term, its role and lemma, negation and modals above it, and the path to it."""
    out = ["term.none"]
    cues = [h for h in findings.cues if h.label in STANCE_ROLES]
    if not cues:
        return out
    party = doc[party_hits[0].start:party_hits[0].end].root if party_hits else None
    cue = min(cues, key=lambda h: abs(h.start - party.i)) if party is not None else cues[0]
    root = doc[cue.start:cue.end].root
    out += [f"icue.role={cue.label}", f"icue.lemma={_lemma(root)}"]
    out += [f"i{s}" for s in _upward(root, roles, "up")]
    if party is not None:
        out.append(f"icue.path={dependency_path(party, root)}")
    return out


def _blame(doc, findings, statements, profile, party, target, roles, common) -> Candidate:
    p_hits = _mentions_of(findings.mentions, party, profile)
    t_hits = _mentions_of(findings.mentions, target, profile)
    rules = tuple(s for s in statements if s.kind == "blame" and s.party == party and s.target == target)
    sym = ["blame"] + common
    sym += _party_symbols("p", party, p_hits, doc, findings, profile)
    sym += _party_symbols("t", target, t_hits, doc, findings, profile)
    for s in rules:
        sym.append("rule.blame")
        sym += [f"rule.id={_generic(r)}" for r in s.rule_ids if r != "date.resolved"]
    if not rules:
        sym.append("rule.none")
    if any(s.kind == "blame" and s.party == target and s.target == party for s in statements):
        sym.append("rule.reverse")
    if any(s.kind == "position" and s.party == party for s in statements):
        sym.append("rule.p_position")
    if any(s.kind == "position" and s.party == target for s in statements):
        sym.append("rule.t_position")
    pair = _nearest(p_hits, t_hits, doc)
    if pair:
        sym += [f"path={dependency_path(*pair)}", "party_first" if pair[0].i < pair[1].i else "target_first"]
    for i, hits in roles.items():
        if not any(h.label in ("accuse", "fault") for h in hits):
            continue
        cue = doc[i]
        sym += [f"blame.cue={h.rule_id}" for h in hits] + [f"blame.lemma={_lemma(cue)}"]
        for prefix, own in (("pcue", p_hits), ("tcue", t_hits)):
            near = min(own, key=lambda h: abs(h.start - i), default=None)
            if near is not None:
                sym.append(f"{prefix}.path={dependency_path(doc[near.start:near.end].root, cue)}")
        sym += _upward(cue, roles, "bup")
    roles_text = {}
    for h in findings.mentions:
        own = _expand(h, profile)
        word = "PARTYSELF" if party in own else "PARTYTARGET" if target in own else "PARTYOTHER"
        for i in range(h.start, h.end):
            roles_text[i] = word
    for h in findings.issues:
        for i in range(h.start, h.end):
            roles_text[i] = "ISSUE"
    strong = [h.label for h in findings.issues if not h.weak]
    about = strong[0] if strong else getattr(profile, "blame_issue", "")
    # a blame cue a rule abstained on votes "no blame" for the pairs it could have meant
    abstained = tuple(dict.fromkeys(
        a.rule_id for a in findings.blame_abstained
        if (not a.holders or party in a.holders) and (not a.targets or target in a.targets)))
    return Candidate(findings.article.id, "blame", party, "", target, doc.text, findings.start,
                     findings.end, tuple(dict.fromkeys(sym)), _masked(doc, roles_text), rules, about,
                     abstained)
