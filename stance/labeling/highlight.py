"""What to highlight in a sentence shown to an annotator: party names, issue terms, cue words.

Runs on the blank pipeline (tokenizer only), so it costs well under a millisecond per
sentence. Party names come from the profile's aliases (the matcher of the cheap pass);
issue terms from the profile's literal terms; cue words from the cheap pass's candidate
test (every inflection of every stance, reporting and blame cue). Token patterns that need
lemmas or a parse are not highlighted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher

from ..extraction.matching import ProfileMatcher
from ..nlp.pipelines import blank_pipeline
from ..nlp.prefilter import CandidateTest
from ..profile import Profile


@dataclass(frozen=True)
class Mark:
    """A highlighted span of a sentence: ``kind`` is ``party``, ``issue`` or ``cue``; ``label`` an id."""

    start: int  # character offsets in the sentence
    end: int
    kind: str
    label: str


class Highlighter:
    """Finds the spans worth highlighting in sentences of one profile."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self._nlp = blank_pipeline()
        self._parties = ProfileMatcher(profile, self._nlp, aliases_only=True)
        self._issues = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for issue in profile.issues:
            docs = [self._nlp.make_doc(t.text) for t in issue.terms + issue.against if t.text]
            if docs:
                self._issues.add(issue.id, docs)
        self._cue_words = CandidateTest(profile, self._nlp).cues.forms  # word hashes

    def marks(self, sentence: str, day: dt.date | None = None) -> list[Mark]:
        """Non-overlapping marks of a sentence, in order (parties, then issues, then cues win)."""
        doc = self._nlp.make_doc(sentence)
        mentions, _, _ = self._parties.find(doc, day)
        found = [Mark(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), "party", m.label)
                 for m in mentions if m.label != "*sides"]
        strings = self._nlp.vocab.strings
        for match_id, start, end in self._issues(doc):
            found.append(Mark(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "issue",
                              strings[match_id]))
        for tok in doc:
            if tok.lower in self._cue_words:
                found.append(Mark(tok.idx, tok.idx + len(tok), "cue", tok.lower_))
        kept: list[Mark] = []
        taken: set[int] = set()
        rank = {"party": 0, "issue": 1, "cue": 2}
        for mark in sorted(found, key=lambda m: (rank[m.kind], m.start, -(m.end - m.start))):
            span = set(range(mark.start, mark.end))
            if span & taken:
                continue
            taken |= span
            kept.append(mark)
        return sorted(kept, key=lambda m: m.start)

    def issues(self, sentence: str) -> set[str]:
        """The issue ids whose terms a sentence names."""
        return {m.label for m in self.marks(sentence) if m.kind == "issue"}
