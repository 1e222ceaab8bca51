"""Statements -> positions per party × issue × period."""

from __future__ import annotations

import datetime as dt

import pytest

from stance.analysis.aggregate import PositionCount, period_of, positions_over_time
from stance.records import Statement

D = dt.date


def position(party: str, issue: str, stance: str, day: dt.date | None, article: str = "a1") -> Statement:
    return Statement(article_id=article, party=party, kind="position", issue=issue, stance=stance,
                     target="", sentence=f"{party} {stance} {issue}.", start=0, end=10, date=day)


def blame(party: str, target: str, day: dt.date | None, issue: str = "deal") -> Statement:
    return Statement(article_id="b1", party=party, kind="blame", issue=issue, stance="", target=target,
                     sentence=f"{party} blames {target}.", start=0, end=10, date=day)


@pytest.mark.parametrize("day, period, label", [
    (D(2024, 5, 31), "day", "2024-05-31"),
    (D(2024, 5, 31), "month", "2024-05"),
    (D(2024, 1, 1), "month", "2024-01"),
    (D(2024, 12, 31), "month", "2024-12"),
    (D(2024, 5, 31), "week", "2024-W22"),
    (D(2024, 1, 1), "week", "2024-W01"),
    # ISO weeks cross year boundaries: the week holds the year's first Thursday
    (D(2024, 12, 30), "week", "2025-W01"),
    (D(2025, 1, 5), "week", "2025-W01"),
    (D(2025, 12, 29), "week", "2026-W01"),
    (D(2021, 1, 1), "week", "2020-W53"),
    (D(2021, 1, 4), "week", "2021-W01"),
])
def test_period_of(day, period, label):
    assert period_of(day, period) == label


def test_period_of_rejects_unknown_periods():
    with pytest.raises(ValueError, match="period must be one of day, week, month"):
        period_of(D(2024, 5, 31), "fortnight")


def test_counts_per_party_issue_and_period():
    rows = positions_over_time([
        position("hamas", "ceasefire", "demand", D(2024, 5, 27), "a1"),
        position("hamas", "ceasefire", "demand", D(2024, 5, 29), "a2"),
        position("hamas", "ceasefire", "reject", D(2024, 5, 31), "a2"),
        position("hamas", "ceasefire", "accept", D(2024, 6, 3), "a3"),   # next ISO week
        position("israel", "ceasefire", "reject", D(2024, 5, 28), "a1"),
        position("hamas", "hostages", "accept", D(2024, 5, 28), "a1"),
    ], "week")
    assert rows == [
        PositionCount("2024-W22", "hamas", "ceasefire", demand=2, accept=0, reject=1, articles=2),
        PositionCount("2024-W22", "hamas", "hostages", demand=0, accept=1, reject=0, articles=1),
        PositionCount("2024-W22", "israel", "ceasefire", demand=0, accept=0, reject=1, articles=1),
        PositionCount("2024-W23", "hamas", "ceasefire", demand=0, accept=1, reject=0, articles=1),
    ]
    assert rows[0].statements == 3


@pytest.mark.parametrize("stances, net", [
    (["demand"], 1.0),
    (["accept", "demand"], 1.0),
    (["reject"], -1.0),
    (["demand", "reject"], 0.0),
    (["demand", "accept", "reject"], 0.333),
    (["reject", "reject", "demand"], -0.333),
])
def test_net(stances, net):
    (row,) = positions_over_time([position("hamas", "deal", s, D(2024, 5, 1)) for s in stances], "month")
    assert row.net == net
    assert row.statements == len(stances)


def test_periods_day_and_month():
    statements = [position("qatar", "truce", "demand", D(2024, 5, 31)),
                  position("qatar", "truce", "demand", D(2024, 6, 1))]
    assert [r.period for r in positions_over_time(statements, "day")] == ["2024-05-31", "2024-06-01"]
    assert [r.period for r in positions_over_time(statements, "month")] == ["2024-05", "2024-06"]
    (week,) = positions_over_time(statements, "week")
    assert (week.period, week.demand) == ("2024-W22", 2)


def test_week_across_a_year_boundary_is_one_period():
    rows = positions_over_time([position("egypt", "aid", "demand", D(2024, 12, 30)),
                                position("egypt", "aid", "demand", D(2025, 1, 2))], "week")
    assert [(r.period, r.demand) for r in rows] == [("2025-W01", 2)]


def test_undated_statements_are_left_out():
    rows = positions_over_time([position("hamas", "deal", "reject", None),
                                position("hamas", "deal", "accept", D(2024, 5, 1))], "month")
    assert [(r.accept, r.reject) for r in rows] == [(1, 0)]
    assert positions_over_time([position("hamas", "deal", "reject", None)]) == []


def test_blame_is_ignored():
    rows = positions_over_time([blame("hamas", "israel", D(2024, 5, 1)),
                                blame("israel", "hamas", D(2024, 5, 1), issue=""),
                                position("usa", "deal", "demand", D(2024, 5, 1))], "day")
    assert [(r.party, r.issue) for r in rows] == [("usa", "deal")]
    assert positions_over_time([blame("hamas", "israel", D(2024, 5, 1))]) == []


def test_positions_without_a_stance_are_ignored():
    assert positions_over_time([position("hamas", "deal", "", D(2024, 5, 1))]) == []


def test_rows_are_sorted_by_period_then_party_then_issue():
    rows = positions_over_time([position("usa", "deal", "demand", D(2024, 6, 1)),
                                position("hamas", "truce", "demand", D(2024, 6, 1)),
                                position("hamas", "aid", "demand", D(2024, 6, 1)),
                                position("usa", "deal", "demand", D(2024, 5, 1))], "month")
    assert [(r.period, r.party, r.issue) for r in rows] == [
        ("2024-05", "usa", "deal"), ("2024-06", "hamas", "aid"), ("2024-06", "hamas", "truce"),
        ("2024-06", "usa", "deal")]


def test_default_period_is_week():
    assert positions_over_time([position("un", "aid", "demand", D(2024, 5, 31))])[0].period == "2024-W22"
