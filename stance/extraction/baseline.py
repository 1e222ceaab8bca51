"""The floor every accuracy claim stands on: keyword co-occurrence, no rules.

For each sentence, every party the profile's aliases name and every issue its terms name
make a position of that party on that issue: ``reject`` when the sentence holds a refusal
or negation word, ``demand`` otherwise. A sentence with a blame word and two or more
parties makes the first party named blame each other one, about the first issue the
sentence names (else the profile's ``blame_issue``, as for the rules). That is what a keyword search
of the news would give an analyst; the extractor is worth its complexity by the distance
it keeps above this on the held-out split (``stance evaluate --system keywords``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from ..io.ingest import article_id
from ..nlp.pipelines import parsing_pipeline
from ..profile import Profile, load_profile
from ..records import Article, Statement
from .matching import ProfileMatcher

REJECT_WORDS = frozenset({
    "reject", "rejects", "rejected", "rejecting", "refuse", "refuses", "refused", "refusing",
    "oppose", "opposes", "opposed", "not", "n't", "no", "never", "dismissed", "dismisses",
    "ruled", "rules", "against", "won't", "cannot"})
BLAME_WORDS = frozenset({
    "accuse", "accused", "accuses", "accusing", "blame", "blamed", "blames", "blaming",
    "responsible", "responsibility", "stalling", "stalled", "obstruct", "obstructing",
    "obstacle", "obstacles", "violate", "violated", "violation", "violations", "sabotage",
    "sabotaging", "undermine", "undermining", "reneged", "reneging", "delaying"})
RULE_ID = "baseline.keywords"


def _statement(article: Article, ident: str, sent, party: str, kind: str, issue: str = "",
               stance: str = "", target: str = "") -> Statement:
    return Statement(article_id=ident, party=party, kind=kind, issue=issue, stance=stance, target=target,
                     sentence=sent.text, start=sent.start_char, end=sent.end_char, date=article.date,
                     rule_ids=(RULE_ID,), source=article.source)


class KeywordBaseline:
    """Statements from keyword co-occurrence in a sentence (see the module docstring).

    Args:
        profile: A Profile, a built-in profile id or a profile file path.
        model: spaCy model name (default as for :class:`~stance.extraction.extractor.Extractor`).
    """

    def __init__(self, profile: Profile | str = "gaza", *, model: str | None = None):
        self.profile = profile if isinstance(profile, Profile) else load_profile(profile)
        # the tagger's lemmas let issue terms match as they do for the extractor; the
        # sentences are the parser's, and nothing else of the parse is read
        self._nlp = parsing_pipeline(model)
        # parties and issue terms only: no stance cues
        self._matcher = ProfileMatcher(replace(self.profile, cues=()), self._nlp)

    def extract(self, article: Article) -> list[Statement]:
        """The baseline's statements of one article."""
        ident = article.id or article_id(article.text)
        out: list[Statement] = []
        doc = self._nlp(article.text)
        all_mentions, all_issues, _ = self._matcher.find(doc, article.date)  # once per article
        for sent in doc.sents:
            mentions = [m for m in all_mentions if sent.start <= m.start < sent.end]
            issues = [h for h in all_issues if sent.start <= h.start < sent.end]
            parties = list(dict.fromkeys(m.label for m in mentions if not m.label.startswith("*")))
            words = {t.lower_ for t in sent}
            stance = "reject" if words & REJECT_WORDS else "demand"

            made = partial(_statement, article, ident, sent)
            for party in parties:
                for issue in dict.fromkeys(h.label for h in issues if h.sign > 0):
                    out.append(made(party, "position", issue, stance))
            if words & BLAME_WORDS and len(parties) > 1:
                about = next((h.label for h in issues), self.profile.blame_issue)
                out += [made(parties[0], "blame", about, target=other) for other in parties[1:]]
        return out

    def extract_many(self, articles):
        """``(article, statements)`` for each article, in order (as :class:`Extractor`)."""
        for art in articles:
            yield art, self.extract(art)
