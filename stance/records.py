"""The named, frozen records that flow between stages.

``Article -> Mention/RuleHit -> Statement``. Every stage takes records and returns
records; only :mod:`stance.store.store` writes them to a database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS = ("position", "blame")
STANCES = ("demand", "accept", "reject")
METHODS = ("rule", "model", "rule+model", "human")
POLARITY = {"demand": "pro", "accept": "pro", "reject": "con"}
# the date_source of a date inferred from what an article's text says, until a person confirms it
INFERRED = "inferred"


@dataclass(frozen=True)
class Article:
    """One news article, as read from a file or a record of a JSONL/CSV file.

    Attributes:
        id: Stable id derived from the normalised text (same text, same id).
        text: The article body (header block removed).
        date: Publication date, or None when the input gives none.
        date_source: How the date was found: ``header``, ``date-line``, ``dateline``,
            ``option`` (``--date``), ``inferred`` (from what the text says, see
            :mod:`stance.extraction.dating`), ``user`` (set later) or ``""`` when undated.
        source: URL or file name the article came from.
        title: Title, when known.
        meta: Any further ``key: value`` metadata of the input.
    """

    id: str
    text: str
    date: dt.date | None = None
    date_source: str = ""
    source: str = ""
    title: str = ""
    meta: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names a party (alias, title, name)."""

    party: str
    start: int  # token index in the sentence Doc
    end: int
    text: str
    rule_id: str


@dataclass(frozen=True)
class Statement:
    """One party's position on one issue, or one party blaming another, in one sentence.

    ``rule_ids`` and ``model_score`` explain the prediction; ``start``/``end`` are
    character offsets of ``sentence`` in the article text.
    """

    article_id: str
    party: str
    kind: str
    issue: str
    stance: str
    target: str
    sentence: str
    start: int
    end: int
    date: dt.date | None = None
    date_resolved: bool = False
    confidence: float = 0.5
    method: str = "rule"
    rule_ids: tuple[str, ...] = ()
    model_score: float | None = None
    model_version: str = ""
    source: str = ""

    @property
    def polarity(self) -> str:
        """``pro`` for demand/accept, ``con`` for reject, ``""`` for blame."""
        return POLARITY.get(self.stance, "")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What makes two statements of one sentence the same statement."""
        return (self.party, self.kind, self.issue, self.stance, self.target)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: which file (and record) and why, in one line."""

    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"
