"""How well the extractor tells who says what: the speaker step and the rules' holders on gold labels.

Every gold statement has a party and an evidence sentence; the party of a position is its
holder and the party of a blame is the one who blames, so the labels are a gold speaker
per statement. Two questions are scored on them:

- **speaker**: is the party the speaker step (:mod:`stance.extraction.speakers`) gives the
  statement's sentence the labelled party? Compared with the naive attributor, the first
  party the sentence names (the "before" of the step). Per rule id, so each rule's share
  and accuracy is seen.
- **holder**: of the gold statements whose sentence has a predicted statement of the same
  kind on the same issue (blame: any target), the share where one of them is the labelled
  party: the rules' holder choice, whatever finds the stance.

A sentence with two speakers (both sides accusing each other) caps the speaker score below 1:
the step gives a sentence one speaker.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..extraction.extractor import Extractor
from .gold import LabelledCorpus, articles_by_profile


@dataclass(frozen=True)
class Share:
    """``right`` of ``n``."""

    right: int = 0
    n: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.n if self.n else 0.0

    def add(self, ok: bool) -> Share:
        return Share(self.right + ok, self.n + 1)

    def __str__(self) -> str:
        return f"{self.rate:.3f} ({self.right}/{self.n})"


@dataclass(frozen=True)
class AttributionReport:
    """Attribution scores of a set of gold statements.

    Attributes:
        statements: Gold statements scored (positions and blame).
        unmatched: Gold statements whose sentence was not found in the article's sentences.
        speaker: Speaker step: the labelled party is the sentence's speaker.
        first_named: The naive attributor: the labelled party is the first party named.
        by_rule: Per speaker rule id, how often it gives the labelled party.
        holder: Rules: the labelled party among the holders of predicted statements of the
            same kind and issue in the sentence (only where there are some).
    """

    statements: int
    unmatched: int
    speaker: Share
    first_named: Share
    by_rule: dict[str, Share] = field(default_factory=dict)
    holder: Share = Share()


def _norm(text: str) -> str:
    return " ".join(text.split())


def sentence_index(sentence: str, texts: list[str]) -> int | None:
    """The index of the article sentence a label's evidence is: the same words, else the
    one that holds it or is held in it (a label may quote part of a sentence)."""
    want = _norm(sentence)
    if not want:
        return None
    for test in (lambda t: t == want, lambda t: want in t, lambda t: t and t in want):
        found = next((k for k, t in enumerate(texts) if test(t)), None)
        if found is not None:
            return found
    return None


def score_attribution(data: LabelledCorpus, *, model: str | None = None) -> AttributionReport:
    """Score the speaker step and the rules' holders on the gold statements of ``data``."""
    unique = {art.id: art for art in data.articles.values()}
    speaker, first, holder = Share(), Share(), Share()
    by_rule: dict[str, Share] = {}
    statements = unmatched = 0
    for name, arts in articles_by_profile(unique, data.profiles).items():
        extractor = Extractor(name, model=model)
        for article, predicted in extractor.extract_many(arts):
            sents = extractor.sentences(article)
            speakers = extractor.speakers(sents)
            texts = [_norm(s.text) for s in sents]
            found = Counter()
            for st in predicted:
                k = sentence_index(st.sentence, texts)
                found[(k, st.kind, st.issue if st.kind == "position" else "", st.party)] += 1
            for gold in data.gold.get(article.id, []):
                if gold.kind not in ("position", "blame"):
                    continue
                statements += 1
                k = sentence_index(gold.sentence, texts)
                if k is None:
                    unmatched += 1
                    continue
                said = speakers[k]
                ok = said is not None and gold.party in said.parties
                speaker = speaker.add(ok)
                rule = said.rule_id if said is not None else "(none)"
                by_rule[rule] = by_rule.get(rule, Share()).add(ok)
                first = first.add(gold.party in sents[k].parties[:1])
                issue = gold.issue if gold.kind == "position" else ""
                holders = {p for (j, kind, i, p) in found if j == k and kind == gold.kind and i == issue}
                if holders:
                    holder = holder.add(gold.party in holders)
    return AttributionReport(statements, unmatched, speaker, first, dict(sorted(by_rule.items())), holder)


def format_attribution(report: AttributionReport) -> str:
    """The report as the lines ``stance evaluate --attribution`` prints."""
    lines = [f"Attribution over {report.statements} gold statements "
             f"({report.unmatched} with a sentence not found in the article):",
             f"  speaker step        {report.speaker}",
             f"  first party named   {report.first_named}",
             f"  rules' holders      {report.holder}   (where a statement of the same kind and issue "
             "is predicted in the sentence)",
             "  speaker rule          right / given"]
    lines += [f"    {rule:19s} {share}" for rule, share in report.by_rule.items()]
    return "\n".join(lines) + "\n"


def attribution_to_dict(report: AttributionReport) -> dict:
    """The report as JSON-ready data."""
    def share(s: Share) -> dict:
        return {"right": s.right, "n": s.n, "rate": s.rate}
    return {"statements": report.statements, "unmatched": report.unmatched,
            "speaker": share(report.speaker), "first_named": share(report.first_named),
            "holder": share(report.holder), "by_rule": {r: share(s) for r, s in report.by_rule.items()}}
