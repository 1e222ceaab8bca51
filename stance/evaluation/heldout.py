"""Scores of a labelled corpus with their intervals, overall and by split, negotiation and outlet.

The numbers an accuracy claim rests on: the spec's micro-averaged P/R/F1 (from
:func:`stance.evaluation.evaluate.score`), each F1 with a 95% bootstrap interval over articles
(:mod:`stance.evaluation.intervals`), for the whole selection and for each group of articles
(``split``: test/train/excluded; ``negotiation``: the labels' profile; ``outlet``). Pure
functions between records; :mod:`stance.evaluation.gold` reads the labels and extracts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .evaluate import PRF, Report, Scorable, format_report, report_to_dict, score
from .intervals import DEFAULT_REPLICATES, bootstrap_metrics, paired_difference

METRICS = ("positions polarity", "positions strict", "blame polarity", "blame strict")
DIMENSIONS = ("split", "negotiation", "outlet")


def metric_counts(report: Report) -> dict[str, PRF]:
    """The report's four headline counts, keyed as :data:`METRICS`."""
    return dict(zip(METRICS, (report.positions.polarity, report.positions.strict,
                              report.blame.polarity, report.blame.strict)))


@dataclass(frozen=True)
class GroupScore:
    """The headline scores of some articles, each F1 with its bootstrap interval.

    Attributes:
        name: The group (``test``, ``gaza``, ``Reuters``) or ``all``.
        articles: Articles in the group.
        labels: Gold statements in the group.
        scores: Summed counts per metric.
        intervals: Per metric, the ``(low, high)`` interval of F1.
    """

    name: str
    articles: int
    labels: int
    scores: dict[str, PRF]
    intervals: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class Evaluation:
    """Everything ``stance evaluate`` prints.

    Attributes:
        split: Which split was scored (``test``, ``train`` or ``all``).
        system: What was scored (``rules``, ``keywords``, or the name of a label file).
        report: The spec's report over the selection (per issue, per party, diffs).
        overall: Headline scores of the selection with intervals.
        groups: Per dimension (:data:`DIMENSIONS`), the groups' scores, largest first.
        replicates: Bootstrap resamples behind each interval.
        versus: When another system was scored on the same articles (the rules, for the
            learned model): its name and, per metric, ``(difference, low, high)`` of F1
            this system minus that one, from a paired bootstrap.
    """

    split: str
    system: str
    report: Report
    overall: GroupScore
    groups: dict[str, list[GroupScore]] = field(default_factory=dict)
    replicates: int = DEFAULT_REPLICATES
    versus: tuple[str, dict[str, tuple[float, float, float]]] | None = None

    @property
    def articles(self) -> int:
        """Articles scored."""
        return self.overall.articles

    @property
    def labels(self) -> int:
        """Gold statements scored."""
        return self.overall.labels


def _group(name: str, ids: Sequence[str], per_article: Mapping[str, dict[str, PRF]],
           gold: Mapping[str, Sequence[Scorable]], replicates: int) -> GroupScore:
    counts = {m: [per_article[a][m] for a in ids] for m in METRICS}
    boot = bootstrap_metrics(counts, replicates=replicates)
    return GroupScore(
        name=name, articles=len(ids),
        labels=sum(1 for a in ids for r in gold.get(a, ()) if r.kind in ("position", "blame")),
        scores={m: sum(counts[m], PRF()) for m in METRICS},
        intervals={m: boot[m]["f1"] for m in METRICS})


def evaluate_groups(gold: Mapping[str, Sequence[Scorable]], predicted: Mapping[str, Sequence[Scorable]],
                    groups: Mapping[str, Mapping[str, str]], *, split: str = "all",
                    system: str = "rules", replicates: int = DEFAULT_REPLICATES,
                    versus: tuple[str, Mapping[str, Sequence[Scorable]]] | None = None) -> Evaluation:
    """Score the articles of ``gold``, overall and per group, with bootstrap intervals.

    Args:
        gold: Gold records per article id (the articles scored).
        predicted: Predicted records per article id.
        groups: Per dimension, each article's group (articles missing from a dimension
            are left out of its table).
        split: The split scored, for the record.
        system: What was scored, for the record.
        replicates: Bootstrap resamples.
        versus: Another system's name and predictions on the same articles: per metric,
            the F1 difference from it, with the interval of a paired bootstrap
            (:func:`~stance.evaluation.intervals.paired_difference`).
    """
    ids = sorted(gold)
    per_article = {a: metric_counts(score({a: gold[a]}, {a: predicted.get(a, ())})) for a in ids}
    against = None
    if versus is not None:
        other, theirs = versus
        counts = {a: metric_counts(score({a: gold[a]}, {a: theirs.get(a, ())})) for a in ids}
        against = (other, {m: paired_difference([counts[a][m] for a in ids], [per_article[a][m] for a in ids],
                                                 replicates=replicates) for m in METRICS})
    tables: dict[str, list[GroupScore]] = {}
    for dimension, of in groups.items():
        members: dict[str, list[str]] = {}
        for a in ids:
            if a in of:
                members.setdefault(of[a], []).append(a)
        rows = [_group(name, m, per_article, gold, replicates) for name, m in members.items()]
        tables[dimension] = sorted(rows, key=lambda g: (-g.articles, g.name))
    return Evaluation(split=split, system=system, report=score(gold, predicted, articles=ids),
                      overall=_group("all", ids, per_article, gold, replicates), groups=tables,
                      replicates=replicates, versus=against)


def _interval(iv: tuple[float, float]) -> str:
    return f"[{iv[0]:.2f}, {iv[1]:.2f}]"


def format_headline(ev: Evaluation) -> str:
    """The headline table: P, R, F1 and the F1 interval of each metric."""
    lines = [f"{'':22} {'P':>6} {'R':>6} {'F1':>6}  F1 95% interval"]
    for m in METRICS:
        prf = ev.overall.scores[m]
        lines.append(f"{m:22} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f}  "
                     f"{_interval(ev.overall.intervals[m])}")
    return "\n".join(lines)


def format_groups_table(title: str, rows: Sequence[GroupScore]) -> str:
    """One dimension's groups: articles, labels, and polarity F1 of positions and blame."""
    lines = [title, (f"  {'group':28} {'articles':>8} {'labels':>6}  {'positions F1':>12} {'interval':14}"
                     f" {'blame F1':>8} {'interval':14}").rstrip()]
    for g in rows:
        cells = []
        for metric, width in (("positions polarity", 12), ("blame polarity", 8)):
            prf = g.scores[metric]
            # nothing in gold and nothing predicted: no score, rather than a perfect or a zero one
            if prf.tp + prf.fp + prf.fn == 0:
                cells.append(f"{'-':>{width}} {'':14}")
            else:
                cells.append(f"{prf.f1:{width}.3f} {_interval(g.intervals[metric]):14}")
        lines.append(f"  {g.name[:28]:28} {g.articles:8d} {g.labels:6d}  {cells[0]} {cells[1]}".rstrip())
    return "\n".join(lines)


def format_evaluation(ev: Evaluation, *, max_diffs: int = 30) -> str:
    """The whole evaluation as plain text: headline, group tables, then the spec's report."""
    parts = [(f"split: {ev.split}; system: {ev.system}; {ev.labels} labels over {ev.articles} articles; "
              f"95% intervals from {ev.replicates} bootstrap resamples of articles"),
             "", format_headline(ev)]
    if ev.versus is not None:
        other, diffs = ev.versus
        parts += ["", f"Against {other} on the same articles (F1 difference, paired 95% interval):"]
        parts += [f"  {m:22} {d:+.3f}  [{lo:+.3f}, {hi:+.3f}]" for m, (d, lo, hi) in diffs.items()]
    for dimension in DIMENSIONS:
        if ev.groups.get(dimension):
            parts += ["", format_groups_table(f"By {dimension} (polarity):", ev.groups[dimension])]
    parts += ["", format_report(ev.report, max_diffs=max_diffs)]
    return "\n".join(parts)


def _group_dict(g: GroupScore) -> dict:
    return {"articles": g.articles, "labels": g.labels,
            "scores": {m: {"tp": p.tp, "fp": p.fp, "fn": p.fn, "precision": p.precision,
                           "recall": p.recall, "f1": p.f1, "f1_interval": list(g.intervals[m])}
                       for m, p in g.scores.items()}}


def evaluation_to_dict(ev: Evaluation) -> dict:
    """A JSON-ready dict: the spec's report plus intervals and groups."""
    out = report_to_dict(ev.report)
    out.update({"split": ev.split, "system": ev.system, "replicates": ev.replicates,
                "overall": _group_dict(ev.overall),
                "groups": {d: {g.name: _group_dict(g) for g in rows} for d, rows in ev.groups.items()}})
    if ev.versus is not None:
        other, diffs = ev.versus
        out["versus"] = {"system": other, "f1_difference": {m: {"difference": d, "interval": [lo, hi]}
                                                            for m, (d, lo, hi) in diffs.items()}}
    return out
