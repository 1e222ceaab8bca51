"""Statements -> positions per party × issue × period; duplicates counted once; shifts; blame."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..records import Statement

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


# --- the same statement, carried more than once ---------------------------------------------------

# Quotation marks of any style. A quotation of at least this many characters names the statement
# on its own: the same quote introduced differently ("Hamas said ...", "On Monday, a Hamas official
# told AFP ...") is one statement.
_MARKS = '"“”„‟«»'
_MIN_QUOTE = 25
QUOTED = f"[{_MARKS}]([^{_MARKS}]{{{_MIN_QUOTE},}})[{_MARKS}]"
_QUOTED = re.compile(QUOTED)
_NOT_WORD = re.compile(r"[\W_]+")  # not a letter or a digit: [^\p{L}\p{N}]


def fingerprint(sentence: str) -> str:
    """What two evidence sentences share when they carry the same statement.

    The first quotation of at least 25 characters when the sentence has one, else the whole
    sentence; lower-cased, with every run of characters other than letters and digits made
    one space. (:func:`stance.analysis.duplicates.fingerprints` computes the same over a whole column.)
    """
    quoted = _QUOTED.search(sentence)
    text = quoted.group(1) if quoted else sentence
    return _NOT_WORD.sub(" ", text.lower()).strip()


def identity(s: Statement) -> tuple[str, ...]:
    """Statements with the same identity are one statement carried more than once."""
    return (*s.key, fingerprint(s.sentence))


@dataclass(frozen=True)
class DistinctStatement:
    """A statement counted once, with every article and source that carried it.

    ``statement`` is its earliest dated copy (an undated copy only when none is dated).
    """

    statement: Statement
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def copies(self) -> int:
        return len(self.article_ids)


def collapse_duplicates(statements: Iterable[Statement],
                        sources: Mapping[str, Sequence[str]] | None = None) -> list[DistinctStatement]:
    """Count the same statement once when several outlets or later articles carry it.

    Syndicated copies of an article share its id (the store keeps one set of statements
    and lists every source); a quote repeated in a later article has another article id
    but the same :func:`identity`. Both become one :class:`DistinctStatement`.

    Args:
        statements: Statements, in any order.
        sources: Every source of each article id (``stance.store.store.article_sources``); when
            an article is missing, the statement's own ``source`` is used.

    Returns:
        One item per identity, in the order of their first statements.
    """
    sources = sources or {}
    groups: dict[tuple, list[Statement]] = {}
    for s in statements:
        groups.setdefault(identity(s), []).append(s)
    out = []
    for group in groups.values():
        first = min(group, key=lambda s: (s.date is None, s.date or dt.date.min, s.article_id, s.start))
        article_ids = tuple(dict.fromkeys(s.article_id for s in group))
        found: dict[str, None] = {}
        for s in group:
            for src in sources.get(s.article_id) or [s.source]:
                found.setdefault(src, None)
        out.append(DistinctStatement(first, article_ids, tuple(found)))
    return out


# --- settled positions and shifts -----------------------------------------------------------------

@dataclass(frozen=True)
class Settled:
    """A party's position on an issue in one period, when the period's statements settle it.

    ``stance`` is the most frequent stance of the winning polarity (``demand`` wins a tie with
    ``accept``); ``polarity`` is ``pro`` or ``con``.
    """

    period: str
    party: str
    issue: str
    polarity: str
    stance: str
    statements: int


def settled_position(row: PositionCount, min_statements: int = 1) -> Settled | None:
    """The position a period's statements settle on, or None when they do not.

    The rule: a period is settled when it has at least ``min_statements`` statements and
    one polarity has strictly more of them than the other (pro = demand + accept, con =
    reject). A tie is *mixed*: not settled, so it neither makes nor breaks a shift.
    """
    pro, con = row.demand + row.accept, row.reject
    if row.statements < min_statements or pro == con:
        return None
    if pro > con:
        stance = "demand" if row.demand >= row.accept else "accept"
        return Settled(row.period, row.party, row.issue, "pro", stance, row.statements)
    return Settled(row.period, row.party, row.issue, "con", "reject", row.statements)


@dataclass(frozen=True)
class Shift:
    """A change of a party's settled position on an issue between two settled periods."""

    party: str
    issue: str
    before: Settled
    after: Settled

    @property
    def label(self) -> str:
        return f"{self.before.stance} → {self.after.stance}"


def detect_shifts(rows: Iterable[PositionCount], min_statements: int = 1) -> list[Shift]:
    """Shifts of position, newest first.

    The rule, per party × issue: take the periods (the window is the period of ``rows``:
    day, week or month) in order and keep the settled ones (:func:`settled_position`:
    at least ``min_statements`` statements, majority polarity; ties and thin periods are
    skipped). A shift is a change of polarity between two consecutive settled periods
    (``reject`` → ``accept``); a change of stance within one polarity (``demand`` →
    ``accept``) is not a shift.

    Args:
        rows: Positions per period, e.g. from :func:`positions_over_time`.
        min_statements: Distinct statements a period needs to settle a position.

    Returns:
        Shifts sorted by the period they took effect, newest first, then party and issue.
    """
    timelines: dict[tuple[str, str], list[Settled]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.party, r.issue, r.period)):
        settled = settled_position(row, min_statements)
        if settled is not None:
            timelines[(row.party, row.issue)].append(settled)
    found = [Shift(party, issue, before, after)
             for (party, issue), line in timelines.items()
             for before, after in zip(line, line[1:])
             if before.polarity != after.polarity]
    found.sort(key=lambda s: (s.party, s.issue))
    found.sort(key=lambda s: s.after.period, reverse=True)
    return found


def shift_evidence(shift: Shift, statements: Iterable[Statement],
                   period: str) -> tuple[Statement | None, Statement | None]:
    """The last statement of the old position and the first of the new one.

    Args:
        shift: A shift from :func:`detect_shifts`.
        statements: The statements the positions were counted from.
        period: The period the positions were counted by.
    """
    before, after = [], []
    for s in statements:
        if s.kind != "position" or s.party != shift.party or s.issue != shift.issue or s.date is None:
            continue
        label = period_of(s.date, period)
        if label == shift.before.period and s.polarity == shift.before.polarity:
            before.append(s)
        elif label == shift.after.period and s.polarity == shift.after.polarity:
            after.append(s)
    last = max(before, key=lambda s: (s.date, s.confidence), default=None)
    first = min(after, key=lambda s: (s.date, -s.confidence), default=None)
    return last, first


# --- blame ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BlameCount:
    """How often ``party`` blamed ``target`` in one period (``""`` for the whole selection)."""

    period: str
    party: str
    target: str
    statements: int
    articles: int


def blame_matrix(statements: Iterable[Statement], period: str | None = None) -> list[BlameCount]:
    """Blame statements per blamer × blamed, over the whole selection or per period.

    Args:
        statements: Any statements; positions are ignored.
        period: ``day``, ``week`` or ``month`` for a timeline (undated blame left out), or
            None for one matrix over every statement (undated included).

    Returns:
        Counts sorted by period, then blamer, then blamed.
    """
    counts: dict[tuple, int] = defaultdict(int)
    arts: dict[tuple, set[str]] = defaultdict(set)
    for s in statements:
        if s.kind != "blame" or not s.target:
            continue
        if period is not None and s.date is None:
            continue
        key = (period_of(s.date, period) if period else "", s.party, s.target)
        counts[key] += 1
        arts[key].add(s.article_id)
    return [BlameCount(p, party, target, n, len(arts[(p, party, target)]))
            for (p, party, target), n in sorted(counts.items())]
