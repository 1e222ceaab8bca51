"""Metrics added for the learned model, against values worked out by hand: the stance
confusion matrix, the per-rule summary, calibration, the comparison table and the
labeling order by doubt."""

import numpy as np
import pytest

from stance.evaluation.evaluate import format_comparison, score, stance_confusion
from stance.evaluation.rule_stats import rule_summary
from stance.labels import Label
from stance.learn.candidates import Candidate
from stance.learn.crossval import reliability
from stance.learn.dataset import Dataset
from stance.records import Statement


def pos(party, issue, stance):
    return Label(file="a.txt", party=party, kind="position", issue=issue, stance=stance)


def stmt(party="hamas", issue="deal", stance="demand", kind="position", target="", rule_ids=(),
         start=0, method="rule", score=None, confidence=0.8, article="A"):
    return Statement(article_id=article, party=party, kind=kind, issue=issue, stance=stance, target=target,
                     sentence=f"s{start}", start=start, end=start + 1, rule_ids=rule_ids, method=method,
                     model_score=score, confidence=confidence)


def test_stance_confusion_by_hand():
    gold = {"A": [pos("hamas", "deal", "demand"), pos("hamas", "deal", "accept"),  # demand wins
                  pos("israel", "deal", "reject"), pos("usa", "aid", "accept")],
            "B": [pos("hamas", "deal", "reject")]}
    predicted = {"A": [stmt("hamas", "deal", "demand"), stmt("israel", "deal", "accept"),
                       stmt("qatar", "deal", "demand")],
                 "B": [], "C": [stmt("hamas", "aid", "reject")]}  # C is not in gold: not counted
    cells = stance_confusion(gold, predicted)
    expected = {("demand", "demand"): 1, ("reject", "accept"): 1, ("accept", "none"): 1,
                ("none", "demand"): 1, ("reject", "none"): 1}
    assert {k: v for k, v in cells.items() if v} == expected
    assert ("none", "none") not in cells and len(cells) == 15


def test_rule_summary_by_hand():
    # candidate 1: two statements, pro (cue.a + attr.x) and con (cue.b + attr.x); gold demand
    # candidate 2: cue.a alone, pro; gold none
    # candidate 3: a blame by cue.c; gold blame
    items = [
        ([stmt(rule_ids=("cue.a", "attr.x")), stmt(stance="reject", rule_ids=("cue.b", "attr.x"))], "demand"),
        ([stmt(rule_ids=("cue.a",))], "none"),
        ([stmt(kind="blame", stance="", target="israel", rule_ids=("cue.c", "date.resolved"))], "blame"),
        ([], "none"),
    ]
    rows = {r.rule_id: r for r in rule_summary(items)}
    assert set(rows) == {"cue.a", "cue.b", "cue.c", "attr.x"}  # date.* is not a stance rule
    a, b, c, x = rows["cue.a"], rows["cue.b"], rows["cue.c"], rows["attr.x"]
    assert (a.covered, a.overlaps, a.conflicts, a.right, a.wrong) == (2, 1, 1, 1, 1)
    assert a.coverage == pytest.approx(2 / 4) and a.accuracy == pytest.approx(0.5)
    assert (b.covered, b.overlaps, b.conflicts, b.right, b.wrong) == (1, 1, 1, 0, 1)
    assert (c.covered, c.overlaps, c.conflicts, c.right, c.wrong) == (1, 0, 0, 1, 0)
    # attr.x votes twice on candidate 1: once right (pro), once wrong (con)
    assert (x.covered, x.overlaps, x.right, x.wrong) == (1, 0, 1, 1)


def test_reliability_by_hand():
    cands = [Candidate("A", "blame", "hamas", "", "israel", "s", 0, 1),
             Candidate("A", "blame", "israel", "", "hamas", "s", 0, 1),
             Candidate("A", "position", "hamas", "deal", "", "s", 0, 1)]
    data = Dataset(cands, ["blame", "none", "accept"])
    probas = [np.array([0.1, 0.9]), np.array([0.7, 0.3]), np.array([0.5, 0.1, 0.3, 0.1])]
    rel = reliability(data, probas, n_bins=2)
    # answers: 0.9 right, 0.3 wrong, pro 0.4 right (gold accept is pro)
    assert rel.brier == pytest.approx(((0.9 - 1) ** 2 + 0.3 ** 2 + (0.4 - 1) ** 2) / 3)
    assert rel.n == 3
    assert [(n, right) for _, _, n, _, right in rel.bins] == [(2, 0.5), (1, 1.0)]


def test_comparison_table_has_one_row_per_system():
    gold = {"A": [pos("hamas", "deal", "demand")]}
    reports = {"rules": score(gold, {"A": []}), "combined": score(gold, {"A": [stmt()]})}
    lines = format_comparison(reports).splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["rules", "combined"]
    assert lines[2].split()[3] == "1.000"  # combined positions F1
