"""The cheap pass's question: could a sentence hold a statement? Answered from its words alone.

The rules state a position only where an issue term (or a blame cue) and a stance,
reporting or blame cue both match. Every term and cue pattern of the profile is
compiled here into the word forms each of its required tokens can take (every
inflection we can make of a lemma): a pattern can match a sentence only if the
sentence holds a form of *every* required token. Testing that is a necessary
condition, never a sufficient one, so the filter drops no sentence the rules would
use; it only spares the parser sentences that cannot match ("the release of
hostages" needs "release" and "hostages", not either one).

Words are compared as the hashes of their lowercase forms, which a blank Doc gives
for all its tokens at once (``doc.to_array(LOWER)``).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import StringStore

from ..profile import Profile, Term, thaw

# Cues that only modify a stance or reporting cue, which must be in the sentence too.
MODIFIER_ROLES = ("negation", "modal_demand", "modal_commit", "condition")
# Blame cues are also what a blame statement is about, in place of an issue term.
BLAME_ROLES = ("accuse", "fault", "implied")
_WORD_ATTRS = ("LOWER", "ORTH", "TEXT", "LEMMA")

Requirement = tuple[frozenset[str], ...]  # one set of forms per required token

# Surface forms of irregular verbs, for the cheap pass that has no lemmatizer.
IRREGULAR = {
    "say": ["said", "says"], "tell": ["told"], "hold": ["held"], "seek": ["sought"],
    "bring": ["brought"], "withdraw": ["withdrew", "withdrawn"], "give": ["gave", "given"],
    "lay": ["laid"], "leave": ["left"], "think": ["thought"], "write": ["wrote", "written"],
    "stand": ["stood"], "be": ["is", "was", "were", "are", "been"], "will": ["wo"],
    "have": ["has", "had"], "free": ["freed"], "fail": ["failed"], "pull": ["pulled"],
    "find": ["found"], "take": ["took", "taken"], "undertake": ["undertook"], "go": ["went", "gone"],
}


def inflections(lemma: str) -> set[str]:
    """Every surface form we can make of an English lemma (a superset; wrong forms do no harm)."""
    lemma = lemma.lower()
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing",
             lemma + lemma[-1:] + "ed", lemma + lemma[-1:] + "ing", lemma + "n't"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    forms |= set(IRREGULAR.get(lemma, ()))
    return forms


def token_forms(token: dict) -> frozenset[str] | None:
    """The lowercase forms a token spec can match, or None when it may be absent or
    its words are not constrained (``IS_ALPHA``, ``LIKE_NUM``, ``OP: "?"``...)."""
    op = str(token.get("OP", ""))
    if op in ("?", "*", "!") or op.startswith(("{0", "{,")):
        return None
    forms: set[str] = set()
    for attr in _WORD_ATTRS:
        value = token.get(attr)
        if isinstance(value, dict):
            values = value.get("IN", []) if set(value) == {"IN"} else []
            if not values:
                return None  # NOT_IN, REGEX, FUZZY...: any word may do
        else:
            values = [value] if isinstance(value, str) else []
        for v in values:
            forms |= inflections(v) if attr == "LEMMA" else {v.lower()}
    return frozenset(forms) or None


def pattern_requirement(pattern: list[dict]) -> Requirement:
    """The word sets a token pattern needs: one per token that must be there."""
    return tuple(f for f in (token_forms(t) for t in pattern) if f is not None)


def term_requirement(nlp, term: Term) -> Requirement:
    """The word sets an issue term needs: every word of a phrase, or its pattern's."""
    if term.text:
        return tuple(frozenset([t.lower_]) for t in nlp.make_doc(term.text) if not t.is_punct)
    return pattern_requirement(thaw(term.pattern))


def cue_requirements(profile: Profile, roles: Iterable[str]) -> list[Requirement]:
    """The requirements of the profile's cue groups of the given roles."""
    roles = set(roles)
    out: list[Requirement] = []
    for cue in profile.cues:
        if cue.role not in roles:
            continue
        if cue.lemmas:
            out.append((frozenset().union(*(inflections(lemma) for lemma in cue.lemmas)),))
        out.extend(pattern_requirement(thaw(p)) for p in cue.patterns)
    return out


def _selectivity(forms: frozenset[str]) -> tuple:
    """Sort key of a required token's forms: the rarest first (no stop words, fewest
    forms, longest words); of equals, WordTest takes the first in the term."""
    return bool(forms & STOP_WORDS), len(forms), -max(map(len, forms))


class WordTest:
    """Whether a set of word hashes meets any of several requirements.

    Each requirement is indexed under the forms of its most selective token, so a
    sentence is checked only against the requirements one of its words can start.

    Args:
        requirements: Each a tuple of word sets, all of which a sentence must touch.
        strings: The StringStore that hashes words (any: hashes do not depend on it).
    """

    def __init__(self, requirements: Iterable[Requirement], strings: StringStore):
        self.always = False  # a requirement with no word in it: every sentence may match
        self._index: dict[int, list[tuple[frozenset[int], ...]]] = {}
        for requirement in requirements:
            if not requirement:
                self.always = True
                continue
            k = min(range(len(requirement)), key=lambda i: (*_selectivity(requirement[i]), i))
            rest = tuple(frozenset(strings.add(w) for w in forms)
                         for i, forms in enumerate(requirement) if i != k)
            for word in requirement[k]:
                self._index.setdefault(strings.add(word), []).append(rest)
        self.forms = frozenset(self._index)  # hashes of the words that can start a requirement

    def __call__(self, words: set[int]) -> bool:
        if self.always:
            return True
        for word in words:
            for rest in self._index.get(word, ()):
                if all(not forms.isdisjoint(words) for forms in rest):
                    return True
        return False


class CandidateTest:
    """The cheap pass's test: a sentence may hold a statement only if it could match an
    issue term or blame cue, and a stance, reporting, threat or blame cue.

    Args:
        profile: The profile whose terms and cues the rules will match.
        nlp: A pipeline with the tokenizer of the Docs to test (for phrase terms).
    """

    def __init__(self, profile: Profile, nlp):
        strings = nlp.vocab.strings
        topic = [term_requirement(nlp, term) for issue in profile.issues
                 for term in issue.terms + issue.against]
        topic += cue_requirements(profile, BLAME_ROLES)
        roles = {cue.role for cue in profile.cues} - set(MODIFIER_ROLES)
        self.topic = WordTest(topic, strings)
        self.cues = WordTest(cue_requirements(profile, roles), strings)

    def __call__(self, words: set[int]) -> bool:
        """``words``: hashes of the sentence's lowercase forms (``LOWER``)."""
        return self.topic(words) and self.cues(words)

    def loose(self, words: set[int]) -> bool:
        """A looser net: a word that can start some issue term or blame cue, and one that
        can start some cue, though maybe not whole terms. What annotators are shown, so
        that they catch what the rules miss."""
        return not (words.isdisjoint(self.topic.forms) or words.isdisjoint(self.cues.forms))
