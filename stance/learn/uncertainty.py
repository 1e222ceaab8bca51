"""Which sentences a person should label first: where the model is unsure or disagrees with the rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..records import Statement


@dataclass(frozen=True)
class SentenceDoubt:
    """How unsure the extractor is about one sentence's statements.

    Attributes:
        article_id: The article.
        start: Character offset of the sentence.
        end: End offset.
        sentence: The sentence.
        score: 0 (sure) to 1 (a coin toss, or the model flatly contradicts the rules).
        reason: ``unsure`` (probability near 0.5) or ``disagrees`` (the model gives a rule
            statement less than 0.5).
    """

    article_id: str
    start: int
    end: int
    sentence: str
    score: float
    reason: str


def statement_doubt(statement: Statement) -> tuple[float, str]:
    """The doubt about one statement and why.

    With a model score ``p``: ``1 - |2p - 1|`` (1 at 0.5); a statement the rules kept
    although the model gives it less than 0.5 (``method == "rule"``) counts ``1 - p``
    when that is larger. Without a model score the confidence stands in for ``p``.
    Human labels (``method == "human"``) are never in doubt.
    """
    if statement.method == "human":
        return 0.0, "human"
    p = statement.model_score if statement.model_score is not None else statement.confidence
    unsure = 1 - abs(2 * p - 1)
    if statement.model_score is not None and statement.method == "rule" and 1 - p > unsure:
        return 1 - p, "disagrees"
    return unsure, "unsure"


def uncertainty(statements: Iterable[Statement]) -> list[SentenceDoubt]:
    """Sentences by doubt, most doubtful first (the labeling order ``--order uncertain``).

    A sentence's doubt is the largest doubt of its statements. Ties keep article and
    sentence order.

    Args:
        statements: Extracted statements (e.g. :func:`stance.pipeline.stored_statements`).

    Returns:
        One :class:`SentenceDoubt` per sentence that has a statement.
    """
    best: dict[tuple[str, int], SentenceDoubt] = {}
    for s in statements:
        score, reason = statement_doubt(s)
        key = (s.article_id, s.start)
        if key not in best or score > best[key].score:
            best[key] = SentenceDoubt(s.article_id, s.start, s.end, s.sentence, round(score, 4), reason)
    return sorted(best.values(), key=lambda d: (-d.score, d.article_id, d.start))
