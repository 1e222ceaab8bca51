"""Inter-annotator agreement on the sentences annotators share, per field and overall.

How statements of one sentence are aligned: annotators are taken in name order; the
first one's statements open one slot each; each statement of the next annotator joins
the slot it agrees with most (a one-to-one assignment maximising the number of equal
fields among party, kind, issue, stance and target), provided it has the same kind and
the same party or the same issue/target as a statement in the slot; otherwise it opens
a new slot. An annotator with nothing in a slot said "no statement" there (``(none)``).
A sentence on which everyone said "no statement" is one slot where all agree.

A slot is one item. ``party`` and ``issue`` are compared on slots holding a statement,
``stance`` on slots holding a position, ``target`` on slots holding a blame, and
``overall`` (the whole statement, or ``(none)``) on every slot. Raw agreement is the share
of items where every annotator gave the same value; Cohen's kappa (scikit-learn) is
given for two annotators, Krippendorff's alpha (nominal, the ``krippendorff`` package)
for any number, an annotator without a decision on the sentence counting as missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..labels import Label
from .decisions import statements_of

FIELDS = ("party", "issue", "stance", "target")
NONE = "(none)"
NO_ISSUE = "(no issue)"
_KEY = ("party", "kind", "issue", "stance", "target")


@dataclass(frozen=True)
class FieldAgreement:
    """Agreement on one field.

    Attributes:
        field: ``party``, ``issue``, ``stance``, ``target`` or ``overall``.
        items: Aligned slots compared.
        raw: Share of items where all annotators agree (None without items).
        kappa: Cohen's kappa (two annotators), None otherwise or when undefined.
        alpha: Krippendorff's alpha, None when undefined (fewer than two values).
    """

    field: str
    items: int
    raw: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of a set of annotators on the sentences they share."""

    annotators: tuple[str, ...]
    tasks: int
    fields: tuple[FieldAgreement, ...]


def _compatible(a: Label, b: Label) -> bool:
    if a.kind != b.kind:
        return False
    other = (a.issue == b.issue) if a.kind == "position" else (a.target == b.target)
    return a.party == b.party or other


def _score(a: Label, b: Label) -> int:
    return sum(getattr(a, f) == getattr(b, f) for f in _KEY)


def align(answers: dict[str, Sequence[Label]]) -> list[dict[str, Label | None]]:
    """Align the statements several annotators gave one sentence (see the module docstring).

    Args:
        answers: Per annotator, the lines of their decision on the sentence.

    Returns:
        Slots: per annotator, their statement in the slot or None.
    """
    from scipy.optimize import linear_sum_assignment

    names = sorted(answers)
    slots: list[dict[str, Label | None]] = []
    for name in names:
        mine = statements_of(answers[name])
        if not mine:
            continue
        matched: dict[int, int] = {}
        if slots:
            cost = [[-(_best(s, slot) if _best(s, slot) is not None else -100) for slot in slots]
                    for s in mine]
            rows, cols = linear_sum_assignment(cost)
            matched = {r: c for r, c in zip(rows, cols) if _best(mine[r], slots[c]) is not None}
        for i, s in enumerate(mine):
            if i in matched:
                slots[matched[i]][name] = s
            else:
                slots.append({name: s})
    if not slots:
        return [dict.fromkeys(names)]
    return [{name: slot.get(name) for name in names} for slot in slots]


def _best(s: Label, slot: dict[str, Label | None]) -> int | None:
    """How well a statement fits a slot: the best score against its members; None if it cannot join."""
    scores = [_score(s, m) for m in slot.values() if m is not None and _compatible(s, m)]
    return max(scores) if scores else None


def _value(field: str, s: Label | None) -> str:
    if s is None:
        return NONE
    if field == "overall":
        return " ".join(getattr(s, f) or "-" for f in _KEY)
    value = getattr(s, field)
    return value or (NO_ISSUE if field == "issue" else "")


def _relevant(field: str, slot: dict[str, Label | None]) -> bool:
    present = [s for s in slot.values() if s is not None]
    if field == "overall":
        return True
    if field == "stance":
        return any(s.kind == "position" for s in present)
    if field == "target":
        return any(s.kind == "blame" for s in present)
    return bool(present)


def agreement(decisions: dict[tuple[str, str], list[Label]], annotators: Iterable[str]) -> AgreementReport:
    """Agreement of annotators on the sentences at least two of them decided.

    Args:
        decisions: Current decisions keyed by ``(annotator, task)``.
        annotators: Whose decisions to compare.

    Returns:
        The report, one entry per field and ``overall``.
    """
    names = tuple(sorted(set(annotators)))
    by_task: dict[str, dict[str, list[Label]]] = {}
    for (who, task), lines in decisions.items():
        if who in names:
            by_task.setdefault(task, {})[who] = lines
    shared = {t: a for t, a in by_task.items() if len(a) >= 2}
    units: list[dict[str, Label | None | float]] = []  # slot per item, NaN where not decided
    for task in sorted(shared):
        for slot in align(shared[task]):
            units.append(slot)
    fields = []
    for field in (*FIELDS, "overall"):
        table = [[_value(field, slot[n]) if n in slot else None for n in names]
                 for slot in units if _relevant(field, slot)]
        fields.append(_measure(field, table, len(names)))
    return AgreementReport(names, len(shared), tuple(fields))


def _measure(field: str, table: list[list[str | None]], raters: int) -> FieldAgreement:
    """Raw agreement, kappa and alpha of items x raters (None = rater did not see the item)."""
    if not table:
        return FieldAgreement(field, 0, None, None, None)
    raw = sum(len({v for v in row if v is not None}) == 1 for row in table) / len(table)
    kappa = None
    if raters == 2:
        from sklearn.metrics import cohen_kappa_score

        pairs = [row for row in table if None not in row]
        if pairs and len({v for row in pairs for v in row}) > 1:
            kappa = float(cohen_kappa_score([r[0] for r in pairs], [r[1] for r in pairs]))
    return FieldAgreement(field, len(table), raw, _finite(kappa), _finite(_alpha(table)))


def _alpha(table: list[list[str | None]]) -> float | None:
    import numpy as np

    values = sorted({v for row in table for v in row if v is not None})
    if len(values) < 2:
        return None
    import krippendorff

    code = {v: i for i, v in enumerate(values)}
    data = np.array([[code[v] if v is not None else np.nan for v in row] for row in table],
                    dtype=float).T  # raters x items
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _finite(x: float | None) -> float | None:
    return x if x is not None and not math.isnan(x) else None


def format_report(report: AgreementReport) -> str:
    """The report as a small text table."""
    def num(x):
        return "n/a" if x is None else f"{x:.3f}"

    lines = [f"annotators: {', '.join(report.annotators)}; shared sentences: {report.tasks}",
             f"{'field':8} {'items':>6} {'agreement':>10} {'kappa':>7} {'alpha':>7}"]
    for f in report.fields:
        lines.append(f"{f.field:8} {f.items:6d} {num(f.raw):>10} {num(f.kappa):>7} {num(f.alpha):>7}")
    return "\n".join(lines)


def report_to_dict(report: AgreementReport) -> dict:
    """The report as plain data for ``--json``."""
    return {"annotators": list(report.annotators), "shared_sentences": report.tasks,
            "fields": {f.field: {"items": f.items, "agreement": f.raw, "kappa": f.kappa,
                                 "alpha": f.alpha} for f in report.fields}}
