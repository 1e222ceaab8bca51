"""Precision, recall and F1 of extracted statements against gold labels, as the spec defines.

Per article, the gold and predicted records become sets of tuples (positions:
``(party, issue, polarity)``; blame: ``(party, target)``; strict variants use the exact
stance, and the issue for blame). True/false hits and misses are counted per article and
summed over articles (micro-average). Pure functions: no I/O, no spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..records import POLARITY

SCORED_KINDS = ("position", "blame")


class Scorable(Protocol):
    """Anything with the five scored fields: :class:`~stance.labels.Label`, ``Statement``."""

    party: str
    kind: str
    issue: str
    stance: str
    target: str


@dataclass(frozen=True)
class PRF:
    """Counts of one comparison, and the precision, recall and F1 they give.

    Where a ratio is undefined (nothing predicted, nothing in gold) it is ``0.0``, not
    ``1.0``: an empty evaluation should not look perfect.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """``tp / (tp + fp)``, or 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """``tp / (tp + fn)``, or 0.0 when gold holds nothing."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, or 0.0 when there is no true hit."""
        # 2tp / (2tp + fp + fn) equals 2PR / (P + R) and needs no float division twice.
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class KindScores:
    """The coarse (polarity) and the strict score of one kind of statement."""

    polarity: PRF
    strict: PRF


@dataclass(frozen=True, order=True)
class Diff:
    """One tuple in gold but not predicted (a miss), or predicted but not in gold."""

    article_id: str
    kind: str
    tuple: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """The result of :func:`score`.

    Attributes:
        articles: How many articles were evaluated.
        positions: Scores of positions.
        blame: Scores of blame.
        by_issue: Position tuples (polarity view) scored per issue, sorted by issue.
        by_party: Position and blame tuples (polarity view) scored per holder party.
        misses: Gold tuples not predicted (polarity view, both kinds), sorted.
        false_hits: Predicted tuples not in gold (polarity view, both kinds), sorted.
    """

    articles: int
    positions: KindScores
    blame: KindScores
    by_issue: dict[str, PRF]
    by_party: dict[str, PRF]
    misses: list[Diff]
    false_hits: list[Diff]


def tuples(records: Iterable[Scorable], *, kind: str, strict: bool) -> set[tuple[str, ...]]:
    """The set of scored tuples of one kind; duplicates collapse, other kinds are ignored.

    Args:
        records: Records of one article.
        kind: ``position`` or ``blame``.
        strict: Positions by exact stance instead of polarity; blame with its issue.

    Returns:
        Positions: ``(party, issue, polarity)``, strict ``(party, issue, stance)``.
        Blame: ``(party, target)``, strict ``(party, issue, target)``.

    Raises:
        ValueError: ``kind`` is not ``position`` or ``blame``.
    """
    if kind not in SCORED_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SCORED_KINDS)}, not {kind!r}")
    found: set[tuple[str, ...]] = set()
    for r in records:
        if r.kind != kind:
            continue
        if kind == "position":
            found.add((r.party, r.issue, r.stance if strict else POLARITY.get(r.stance, "")))
        else:
            found.add((r.party, r.issue, r.target) if strict else (r.party, r.target))
    return found


def _add_grouped(groups: dict[str, PRF], gold: set, predicted: set, *, at: int) -> None:
    """Add each tuple's outcome to the group named by its element ``at``."""
    outcomes = (
        (PRF(tp=1), gold & predicted),
        (PRF(fp=1), predicted - gold),
        (PRF(fn=1), gold - predicted),
    )
    for outcome, found in outcomes:
        for item in found:
            groups[item[at]] = groups.get(item[at], PRF()) + outcome


def score(
    gold: Mapping[str, Sequence[Scorable]],
    predicted: Mapping[str, Sequence[Scorable]],
    *,
    articles: Iterable[str] | None = None,
) -> Report:
    """Score predicted statements against gold labels, micro-averaged over articles.

    Args:
        gold: Gold records per article id. An article present with no statement (or only
            ``kind="none"`` labels) still counts: its predictions are false hits.
        predicted: Predicted records per article id.
        articles: The article ids to evaluate; by default the keys of ``gold``, so
            predictions for articles nobody labelled are not counted.

    Returns:
        The report.
    """
    ids = sorted(set(gold if articles is None else articles))
    totals = {(kind, strict): PRF() for kind in SCORED_KINDS for strict in (False, True)}
    by_issue: dict[str, PRF] = {}
    by_party: dict[str, PRF] = {}
    misses: list[Diff] = []
    false_hits: list[Diff] = []
    for article_id in ids:
        gold_records = gold.get(article_id, ())
        predicted_records = predicted.get(article_id, ())
        for kind in SCORED_KINDS:
            for strict in (False, True):
                g = tuples(gold_records, kind=kind, strict=strict)
                p = tuples(predicted_records, kind=kind, strict=strict)
                totals[kind, strict] += PRF(len(g & p), len(p - g), len(g - p))
                if strict:
                    continue
                if kind == "position":
                    _add_grouped(by_issue, g, p, at=1)
                _add_grouped(by_party, g, p, at=0)
                misses += (Diff(article_id, kind, t) for t in g - p)
                false_hits += (Diff(article_id, kind, t) for t in p - g)
    return Report(
        articles=len(ids),
        positions=KindScores(totals["position", False], totals["position", True]),
        blame=KindScores(totals["blame", False], totals["blame", True]),
        by_issue=dict(sorted(by_issue.items())),
        by_party=dict(sorted(by_party.items())),
        misses=sorted(misses),
        false_hits=sorted(false_hits),
    )


def _prf_dict(prf: PRF) -> dict:
    return {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": prf.precision,
            "recall": prf.recall, "f1": prf.f1}


def report_to_dict(report: Report) -> dict:
    """A JSON-ready dict of the report (for ``--json``); diffs as lists of strings.

    Args:
        report: The report.

    Returns:
        Plain dicts, lists, strings, ints and floats.
    """
    data: dict = {"articles": report.articles}
    for kind in ("positions", "blame"):
        scores = getattr(report, kind)
        data[kind] = {"polarity": _prf_dict(scores.polarity), "strict": _prf_dict(scores.strict)}
    for group in ("by_issue", "by_party"):
        data[group] = {key: _prf_dict(prf) for key, prf in getattr(report, group).items()}
    for diffs in ("misses", "false_hits"):
        data[diffs] = [{"article_id": d.article_id, "kind": d.kind, "tuple": list(d.tuple)}
                       for d in getattr(report, diffs)]
    return data


def _table(heading: str, rows: list[tuple[str, PRF]]) -> list[str]:
    width = max([len(heading)] + [len(name) for name, _ in rows])
    lines = [f"{heading:<{width}}  {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, prf in rows:
        lines.append(f"{name:<{width}}  {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f} "
                     f"{prf.tp:5d} {prf.fp:5d} {prf.fn:5d}")
    return lines


def _diff_lines(title: str, items: list[Diff], max_diffs: int) -> list[str]:
    shown = items[:max_diffs]
    width = max((len(d.article_id) for d in shown), default=0)
    lines = [f"{title}: {len(items)}"]
    for d in shown:
        what = " -> ".join(d.tuple) if d.kind == "blame" else " ".join(d.tuple)
        lines.append(f"  {d.article_id:<{width}}  {d.kind:<8}  {what}")
    if len(items) > max_diffs:
        lines.append(f"  ... and {len(items) - max_diffs} more")
    return lines


def format_report(report: Report, *, max_diffs: int = 30) -> str:
    """The report as fixed-width plain text: headline, per issue, per party, then diffs.

    Args:
        report: The report.
        max_diffs: How many misses and how many false hits to list at most.

    Returns:
        The text, ending in a newline.
    """
    lines = [f"{report.articles} articles, micro-averaged (undefined ratios shown as 0.000)", ""]
    lines += _table("", [("positions polarity", report.positions.polarity),
                         ("positions strict", report.positions.strict),
                         ("blame polarity", report.blame.polarity),
                         ("blame strict", report.blame.strict)])
    lines += ["", "Positions by issue (polarity):"]
    lines += _table("issue", list(report.by_issue.items()))
    lines += ["", "By party (positions and blame, polarity):"]
    lines += _table("party", list(report.by_party.items()))
    lines += [""] + _diff_lines("Misses (in gold, not predicted)", report.misses, max_diffs)
    lines += [""] + _diff_lines("False hits (predicted, not in gold)", report.false_hits,
                                max_diffs)
    return "\n".join(lines) + "\n"


CONFUSION_STANCES = ("demand", "accept", "reject", "none")
_STANCE_PRECEDENCE = ("demand", "reject", "accept")


def _stance_by_key(records: Iterable[Scorable]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], set[str]] = {}
    for r in records:
        if r.kind == "position":
            found.setdefault((r.party, r.issue), set()).add(r.stance)
    return {key: next(s for s in _STANCE_PRECEDENCE if s in stances) for key, stances in found.items()}


def stance_confusion(
    gold: Mapping[str, Sequence[Scorable]],
    predicted: Mapping[str, Sequence[Scorable]],
    *,
    articles: Iterable[str] | None = None,
) -> dict[tuple[str, str], int]:
    """A confusion matrix of stances: per article and (party, issue), gold against predicted.

    One stance stands for each (article, party, issue) on each side: ``demand`` over
    ``reject`` over ``accept`` when several were stated; ``none`` when the side has no
    position there. The ``(none, none)`` cell is not counted.

    Args:
        gold: Gold records per article id.
        predicted: Predicted records per article id.
        articles: Articles to count (default: the keys of ``gold``).

    Returns:
        ``{(gold_stance, predicted_stance): count}`` over :data:`CONFUSION_STANCES`, every cell present.
    """
    cells = {(g, p): 0 for g in CONFUSION_STANCES for p in CONFUSION_STANCES}
    del cells["none", "none"]
    for article_id in sorted(set(gold if articles is None else articles)):
        g = _stance_by_key(gold.get(article_id, ()))
        p = _stance_by_key(predicted.get(article_id, ()))
        for key in set(g) | set(p):
            cells[g.get(key, "none"), p.get(key, "none")] += 1
    return cells


def format_confusion(cells: Mapping[tuple[str, str], int]) -> str:
    """The confusion matrix as text: gold stances down, predicted across."""
    lines = ["gold \\ predicted  " + " ".join(f"{s:>7}" for s in CONFUSION_STANCES)]
    for g in CONFUSION_STANCES:
        row = " ".join(f"{'' if (g, p) not in cells else cells[g, p]:>7}" for p in CONFUSION_STANCES)
        lines.append(f"{g:<17} {row}")
    return "\n".join(lines) + "\n"


def format_comparison(reports: Mapping[str, Report]) -> str:
    """One table comparing systems: polarity P/R/F1 and strict F1 of positions and blame."""
    head = (f"{'system':<22} {'pos P':>6} {'pos R':>6} {'pos F1':>6} {'strict':>6}   "
            f"{'bl P':>6} {'bl R':>6} {'bl F1':>6} {'strict':>6}")
    lines = [head]
    for name, r in reports.items():
        pp, bp = r.positions.polarity, r.blame.polarity
        lines.append(f"{name:<22} {pp.precision:6.3f} {pp.recall:6.3f} {pp.f1:6.3f} "
                     f"{r.positions.strict.f1:6.3f}   {bp.precision:6.3f} {bp.recall:6.3f} "
                     f"{bp.f1:6.3f} {r.blame.strict.f1:6.3f}")
    return "\n".join(lines) + "\n"


def format_groups(report: Report) -> str:
    """Per-issue and per-party P/R/F1 tables of one report."""
    lines = ["Positions by issue (polarity):"] + _table("issue", list(report.by_issue.items()))
    lines += ["", "By party (positions and blame, polarity):"] + _table("party", list(report.by_party.items()))
    return "\n".join(lines) + "\n"


