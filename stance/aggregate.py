"""Statements -> positions per party × issue × period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Statement

PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class PositionCount:
    """How often a party took each stance on an issue in one period.

    ``net`` is (demand + accept - reject) / statements: +1 all pro, -1 all con.
    """

    period: str
    party: str
    issue: str
    demand: int
    accept: int
    reject: int
    articles: int

    @property
    def statements(self) -> int:
        return self.demand + self.accept + self.reject

    @property
    def net(self) -> float:
        return round((self.demand + self.accept - self.reject) / self.statements, 3)


def period_of(day: dt.date, period: str) -> str:
    """The label of the period a date falls in: ``2024-05-31``, ``2024-W22`` or ``2024-05``."""
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")


def positions_over_time(statements: Iterable[Statement], period: str = "week") -> list[PositionCount]:
    """Count position statements per party × issue × period; undated statements are left out."""
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: {"demand": 0, "accept": 0, "reject": 0})
    arts: dict[tuple, set[str]] = defaultdict(set)
    for s in statements:
        if s.kind != "position" or s.date is None or s.stance not in ("demand", "accept", "reject"):
            continue
        key = (period_of(s.date, period), s.party, s.issue)
        counts[key][s.stance] += 1
        arts[key].add(s.article_id)
    return [PositionCount(p, party, issue, c["demand"], c["accept"], c["reject"], len(arts[(p, party, issue)]))
            for (p, party, issue), c in sorted(counts.items())]
