"""Compile a profile into spaCy matchers and find party mentions, issue terms and cues in a Doc."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..nlp.tokenmatch import FastTokenMatcher
from ..profile import Profile, Term, thaw


@dataclass(frozen=True)
class Hit:
    """A match of a named rule (alias, issue term or cue group) on a token span."""

    rule_id: str
    label: str  # party id, issue id or cue role
    start: int
    end: int
    sign: int = 1  # -1 for an issue's "against" terms
    weak: bool = False


def _add_terms(phrases: PhraseMatcher, tokens: list[tuple[str, list]], nlp, key: str, terms) -> None:
    """Add the phrases of ``terms`` to ``phrases`` and queue their token patterns on ``tokens``."""
    docs = [nlp.make_doc(t.text) for t in terms if t.text]
    if docs:
        phrases.add(key, docs)
    patterns = [thaw(t.pattern) for t in terms if t.pattern]
    if patterns:
        tokens.append((key, patterns))


class ProfileMatcher:
    """Finds the profile's party mentions, issue terms and cues in Docs of one vocab.

    Keys of the underlying matchers are ``party:<id>:<n>``, ``issue:<id>:<+|->[w]`` and
    ``cue:<group id>``; :meth:`find` turns matches back into :class:`Hit` records.

    Token patterns are matched by a :class:`FastTokenMatcher`, which finds what spaCy's
    ``Matcher`` finds, much faster.

    Args:
        profile: The profile whose aliases, issue terms and cues to find.
        nlp: The pipeline whose Docs will be searched (its vocab; phrases are tokenized by it).
        aliases_only: Party aliases only, and no token patterns among them: the cheap pass,
            whose Docs have no lemmas.
        fast: False runs spaCy's ``Matcher`` on every Doc instead: the reference the fast
            path is tested against.
    """

    def __init__(self, profile: Profile, nlp, *, aliases_only: bool = False, fast: bool = True):
        self.profile = profile
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        # aliases in capitals that are also everyday words in lowercase ("US" and "us")
        self._capitals = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._stop_words = nlp.Defaults.stop_words
        self._dated: dict[str, Term] = {}
        self._roles = {cue.id: cue.role for cue in profile.cues}
        patterns = self._compile(profile, nlp, aliases_only)
        self._tokens = Matcher(nlp.vocab)
        for key, key_patterns in patterns:
            self._tokens.add(key, key_patterns)
        self._fast = FastTokenMatcher(nlp.vocab, patterns, self._tokens) if fast and patterns else None

    def _is_capital_word(self, text: str) -> bool:
        """An alias in capitals whose lowercase form is a common word matches only in capitals:
        "US" is the United States, "us" in "let us agree" is not (likewise "IT", "AM")."""
        return bool(text) and text.isupper() and text.lower() in self._stop_words

    def _compile(self, profile: Profile, nlp, aliases_only: bool) -> list[tuple[str, list]]:
        """Add the profile's phrases to the PhraseMatcher; return its token patterns by key, in order."""
        patterns: list[tuple[str, list]] = []
        for party in profile.parties:
            for n, alias in enumerate(party.aliases):
                key = f"party:{party.id}:{n}"
                self._dated[key] = alias
                if aliases_only and alias.pattern:
                    continue  # patterns may need lemmas, which the cheap pass lacks
                phrases = self._capitals if self._is_capital_word(alias.text) else self._phrases
                _add_terms(phrases, patterns, nlp, key, [alias])
        if aliases_only:
            return patterns
        for issue in profile.issues:
            for sign, terms in (("+", issue.terms), ("-", issue.against)):
                strong = [t for t in terms if not t.weak]
                weak = [t for t in terms if t.weak]
                _add_terms(self._phrases, patterns, nlp, f"issue:{issue.id}:{sign}", strong)
                _add_terms(self._phrases, patterns, nlp, f"issue:{issue.id}:{sign}w", weak)
        for sides in profile.sides_terms:
            self._phrases.add("sides:", [nlp.make_doc(sides)])
        for cue in profile.cues:
            token = {"LEMMA": {"IN": list(cue.lemmas)}}
            if cue.pos:
                token["POS"] = {"IN": list(cue.pos)}
            cue_patterns = ([[token]] if cue.lemmas else []) + [thaw(p) for p in cue.patterns]
            if cue_patterns:
                patterns.append((f"cue:{cue.id}", cue_patterns))
        return patterns

    def _token_matches(self, doc: Doc | Span) -> list[tuple[int, int, int]]:
        """``(key id, start, end)`` of the token patterns in ``doc``, as spaCy's Matcher finds them."""
        if not len(self._tokens):
            return []
        if self._fast is not None:
            found = self._fast(doc)
            if found is not None:
                return found
        return list(self._tokens(doc))

    def find(self, doc: Doc | Span, day: dt.date | None = None) -> tuple[list[Hit], list[Hit], list[Hit]]:
        """Party mentions, issue terms and cues in ``doc``.

        Mentions and issue terms are reduced to the longest non-overlapping spans (a
        weak term loses to any overlapping strong one); cues are all kept.

        Returns:
            ``(mentions, issues, cues)``, each sorted by position.
        """
        strings = doc.vocab.strings
        matches = list(self._phrases(doc)) + list(self._capitals(doc)) + self._token_matches(doc)
        mentions, issues, cues = [], [], []
        for match_id, start, end in matches:
            key = strings[match_id]
            kind, _, rest = key.partition(":")
            if kind == "party":
                if not self._dated[key].applies_on(day):
                    continue
                mentions.append(Span(doc, start, end, label=rest.rsplit(":", 1)[0]))
            elif kind == "sides":
                mentions.append(Span(doc, start, end, label="*sides"))
            elif kind == "issue":
                issues.append((start, end, rest))
            elif kind == "cue":
                cues.append(Hit(f"cue.{rest}", self._roles[rest], start, end))
        mention_hits = [Hit(f"party.{s.label_}", s.label_, s.start, s.end) for s in filter_spans(mentions)]
        return mention_hits, _issue_hits(doc, issues), sorted(cues, key=lambda h: (h.start, h.end))


def _issue_hits(doc, issues: list[tuple[int, int, str]]) -> list[Hit]:
    strong = [Span(doc, s, e, label=key) for s, e, key in issues if not key.endswith("w")]
    kept = filter_spans(strong)
    taken = {i for span in kept for i in range(span.start, span.end)}
    weak = [Span(doc, s, e, label=key) for s, e, key in issues
            if key.endswith("w") and not taken.intersection(range(s, e))]
    hits = []
    for span in kept + filter_spans(weak):
        issue_id, sign = span.label_.split(":")
        hits.append(Hit(f"issue.{issue_id}{'.against' if sign.startswith('-') else ''}",
                        issue_id, span.start, span.end, sign=-1 if sign.startswith("-") else 1,
                        weak=sign.endswith("w")))
    return sorted(hits, key=lambda h: h.start)
