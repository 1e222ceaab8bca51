"""Rank the free phrases of a corpus as missing issue terms and cue words, with their evidence.

A missing term of an issue keeps the company of the issue's known terms, in two ways
a corpus shows without word vectors:

* **together**: it occurs near the issue's terms (in their sentence or the next or
  previous one) more often than chance (Dunning's log-likelihood ratio G², signed);
* **in the same slots**: it fills the dependency contexts the known terms fill (the
  object of "agree to", the "from" of "withdrawal"), compared as weighted context
  vectors (cosine with the nearest known term), which finds a synonym even in sentences where the known terms are
  absent ("truce" for "ceasefire").

A stance cue governing it (someone demands, accepts or rejects it) is a third, small
signal. Phrases already covered by the profile are never candidates (see
:mod:`stance.profiling.corpus`), and a phrase whose places a better-ranked suggestion
already covers is left out, so the top of the list is not one word in ten wordings.

A missing cue word is a word that governs issue terms, in sentences where a party
speaks of them, more often than words do in general; its role is the one whose known
cues share its dependency contexts most, a guess for the reviewer to confirm.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import StanceError
from ..profile import Profile
from .corpus import STANCE_ROLES, Observations, Phrase

DEFAULT_TOP = 15
DEFAULT_MIN_COUNT = 2
EVIDENCE = 3  # sentences shown per suggestion
WINDOW = 1  # "together" is within this many sentences of the same article
_SIMILARITY_WEIGHT = 3.0
_STANCE_WEIGHT = 0.5
_COVERED = 0.8  # a phrase this much of whose places are already suggested adds nothing


@dataclass(frozen=True)
class Suggestion:
    """A proposed term for an issue, or a proposed cue word, with why.

    Attributes:
        target: The issue id (a term), or the guessed cue role (a cue word).
        key: The phrase's lemmas.
        kind: ``word``, ``chunk``, ``link`` or ``verb-object``.
        forms: Its spellings in the corpus, most frequent first.
        count: Sentences it occurs in, free of the profile's matches.
        together: Of those, sentences near the issue's terms (a cue: sentences where it governs one).
        association: Signed G² of occurring with the issue's terms.
        similarity: Cosine of its dependency contexts with the issue's terms' (a cue: the role's cues').
        score: What the ranking sorts by.
        evidence: Sentences that show it, those with the issue's terms first.
        places: ``(sentence, head token)`` of every free occurrence.
    """

    target: str
    key: tuple[str, ...]
    kind: str
    forms: tuple[str, ...]
    count: int
    together: int
    association: float
    similarity: float
    score: float
    evidence: tuple[str, ...]
    places: frozenset[tuple[int, int]]

    @property
    def text(self) -> str:
        """How a person reads it: its most frequent spelling, or "verb … object"."""
        return " ".join(self.key) if self.kind == "verb-object" else self.forms[0]

    def term(self):
        """The profile entry for it: a phrase, or a token pattern for a verb and its object."""
        if self.kind == "verb-object":
            verb, _, obj = self.key
            return {"pattern": [{"LEMMA": verb}, {"IS_ALPHA": True, "OP": "{0,3}"}, {"LEMMA": obj}]}
        return self.forms[0]


def g2(together: int, count: int, with_issue: int, total: int) -> float:
    """Dunning's log-likelihood ratio for a phrase in ``count`` of ``total`` sentences and an
    issue's terms in ``with_issue``, ``together`` of them shared; negative when they avoid
    each other. Robust for the small counts of a few dozen articles, unlike plain PMI."""
    cells = ((together, count, with_issue), (count - together, count, total - with_issue),
             (with_issue - together, total - count, with_issue),
             (total - count - with_issue + together, total - count, total - with_issue))
    value = 0.0
    for observed, row, col in cells:
        expected = row * col / total if total else 0
        if observed > 0 and expected > 0:
            value += observed * math.log(observed / expected)
    value *= 2
    return value if together * total >= count * with_issue else -value


def context_weights(observations: Observations) -> dict[str, float]:
    """Inverse document frequency of each dependency context over the candidate keys:
    ``dobj<say`` fits everything and tells nothing; ``from<withdrawal`` tells a lot."""
    keys_with: dict[str, set] = defaultdict(set)
    for phrase in observations.phrases:
        for ctx in phrase.contexts:
            keys_with[ctx].add(phrase.key)
    n = len({p.key for p in observations.phrases}) or 1
    return {ctx: math.log((n + 1) / (len(keys) + 1)) + 1 for ctx, keys in keys_with.items()}


def cosine(a: Counter, b: Counter, weights: dict[str, float]) -> float:
    """Cosine of two context counts, each context weighted (unknown contexts weigh 1)."""
    if not a or not b:
        return 0.0
    dot = sum(a[c] * b[c] * weights.get(c, 1.0) ** 2 for c in a.keys() & b.keys())
    norm_a = math.sqrt(sum((v * weights.get(c, 1.0)) ** 2 for c, v in a.items()))
    norm_b = math.sqrt(sum((v * weights.get(c, 1.0)) ** 2 for c, v in b.items()))
    return dot / (norm_a * norm_b)


def sentences_near(observations: Observations, issue: str, window: int = WINDOW) -> set[int]:
    """Sentences with one of the issue's terms within ``window`` sentences of the same article:
    a text that varies its words ("the truce ... the pause") rarely repeats them in one sentence."""
    facts = observations.sentences
    near = set()
    for n, sentence in enumerate(facts):
        if issue in sentence.issues:
            near.update(m for m in range(n - window, n + window + 1)
                        if 0 <= m < len(facts) and facts[m].article == sentence.article)
    return near


def known_contexts(observations: Observations, issue: str) -> list[tuple[str, Counter]]:
    """The dependency contexts of each known term of the issue (by its head's lemma), for the
    terms found at least twice, with its part of speech: a candidate is compared with its
    nearest known term of its own part of speech (a noun fills a noun's slots), not with
    their sum, which the most frequent term would dominate."""
    by_head: dict[tuple[str, str], Counter] = defaultdict(Counter)
    seen: Counter = Counter()
    for facts in observations.sentences:
        for label, lemma, pos, ctxs in facts.issue_contexts:
            if label == issue:
                by_head[pos, lemma].update(ctxs)
                seen[pos, lemma] += 1
    return [(pos, by_head[pos, lemma]) for (pos, lemma), n in seen.items() if n >= 2]


def _grouped(phrases: Iterable[Phrase]) -> dict[tuple[str, ...], list[Phrase]]:
    groups: dict[tuple[str, ...], list[Phrase]] = defaultdict(list)
    for phrase in phrases:
        groups[phrase.key].append(phrase)
    return groups


def _forms(occurrences: list[Phrase]) -> tuple[str, ...]:
    return tuple(form for form, _ in Counter(p.surface for p in occurrences).most_common())


def _evidence(observations: Observations, occurrences: list[Phrase], near: set[int],
              issue: str = "") -> tuple[str, ...]:
    """Up to :data:`EVIDENCE` distinct sentences: those with the issue's terms first, then
    those in ``near``, then the rest."""
    facts = observations.sentences
    order = sorted({p.sentence for p in occurrences},
                   key=lambda s: (issue not in facts[s].issues, s not in near, s))
    texts = []
    for s in order:
        text = " ".join(observations.sentences[s].text.split())
        if text not in texts:
            texts.append(text)
        if len(texts) == EVIDENCE:
            break
    return tuple(texts)


def _drop_covered(ranked: list[Suggestion], top: int) -> list[Suggestion]:
    """The best ``top`` suggestions, skipping one whose places those kept already cover."""
    kept: list[Suggestion] = []
    covered: set[tuple[int, int]] = set()
    for suggestion in ranked:
        if len(suggestion.places & covered) >= _COVERED * len(suggestion.places):
            continue
        kept.append(suggestion)
        covered |= suggestion.places
        if len(kept) == top:
            break
    return kept


def suggest_terms(observations: Observations, issue: str, *, top: int = DEFAULT_TOP,
                  min_count: int = DEFAULT_MIN_COUNT) -> list[Suggestion]:
    """The ``top`` phrases most likely to be missing terms of ``issue``, best first.

    Only phrases free in at least ``min_count`` sentences are ranked, and only those
    whose company (positive, or negative when the issue's terms avoid them) and slots
    add up to a positive score.

    Raises:
        StanceError: ``issue`` is not an issue of the profile.
    """
    check_issue(observations.profile, issue)
    sentences = observations.sentences
    near_issue = sentences_near(observations, issue)
    known = known_contexts(observations, issue)
    weights = context_weights(observations)
    ranked = []
    for key, occurrences in _grouped(observations.phrases).items():
        where = {p.sentence for p in occurrences}
        if len(where) < min_count:
            continue
        together = len(where & near_issue)
        association = g2(together, len(where), len(near_issue), len(sentences))
        mine = Counter(c for p in occurrences for c in p.contexts)
        pos = occurrences[0].pos
        similarity = max((cosine(mine, theirs, weights) for their_pos, theirs in known if their_pos == pos),
                         default=0.0)
        stance_share = sum(p.under_stance for p in occurrences) / len(occurrences)
        score = (math.copysign(math.log1p(abs(association)), association)
                 + _SIMILARITY_WEIGHT * similarity * math.log1p(len(where)) + _STANCE_WEIGHT * stance_share)
        if score <= 0:
            continue  # avoided by the issue's terms more than its slots make up for
        ranked.append(Suggestion(
            issue, key, occurrences[0].kind, _forms(occurrences), len(where), together, association,
            similarity, score, _evidence(observations, occurrences, near_issue, issue),
            frozenset((p.sentence, p.head) for p in occurrences)))
    ranked.sort(key=lambda s: (-s.score, -s.count, s.key))
    return _drop_covered(ranked, top)


def suggest_cues(observations: Observations, *, top: int = DEFAULT_TOP,
                 min_count: int = DEFAULT_MIN_COUNT) -> list[Suggestion]:
    """Words that are not cues yet but govern issue terms as cues do, best first; each
    with the stance role whose known cues share its dependency contexts most."""
    words = [p for p in observations.phrases
             if p.kind == "word" and p.pos in ("VERB", "ADJ", "NOUN") and p.key[0] not in observations.cue_lemmas]
    base = sum(p.governs_issue for p in words)
    total = len(words)
    with_issue = {n for n, facts in enumerate(observations.sentences) if facts.issue_heads}
    by_role: dict[str, Counter] = defaultdict(Counter)
    for facts in observations.sentences:
        for role, ctxs in facts.cue_contexts:
            if role in STANCE_ROLES:
                by_role[role].update(ctxs)
    weights = context_weights(observations)
    ranked = []
    for key, occurrences in _grouped(words).items():
        governing = sum(p.governs_issue for p in occurrences)
        if governing < min_count:
            continue
        association = g2(governing, len(occurrences), base, total)
        if association <= 0:
            continue
        mine = Counter(c for p in occurrences for c in p.contexts)
        role, similarity = max(((r, cosine(mine, by_role[r], weights)) for r in STANCE_ROLES),
                               key=lambda pair: pair[1])
        ranked.append(Suggestion(
            role, key, "word", _forms(occurrences), len({p.sentence for p in occurrences}), governing,
            association, similarity, math.log1p(association),
            _evidence(observations, [p for p in occurrences if p.governs_issue], with_issue),
            frozenset((p.sentence, p.head) for p in occurrences)))
    ranked.sort(key=lambda s: (-s.score, -s.count, s.key))
    return ranked[:top]


def check_issue(profile: Profile, issue: str) -> None:
    """Raise a one-line error for an issue id the profile does not have."""
    ids = profile.issue_ids
    if issue not in ids:
        raise StanceError(f"profile '{profile.id}' has no issue '{issue}' "
                          f"(its issues: {', '.join(ids)})")
