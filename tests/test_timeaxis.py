"""The dashboard's time axis: every period between the first and last date, and the default period."""

from __future__ import annotations

import pandas as pd

from stance.analysis import timeaxis


def _frame(rows) -> pd.DataFrame:
    """Distinct position statements: ``(date, party, issue, stance)``."""
    return pd.DataFrame({"kind": "position", "date": pd.to_datetime([r[0] for r in rows]),
                         "party": [r[1] for r in rows], "issue": [r[2] for r in rows],
                         "stance": [r[3] for r in rows], "article_id": [f"a{i}" for i in range(len(rows))],
                         "target": ""})


def test_the_axis_holds_empty_periods():
    axis = timeaxis.axis_periods(pd.Timestamp("2023-12-02"), pd.Timestamp("2024-03-26"), "month")
    assert axis == ["2023-12", "2024-01", "2024-02", "2024-03"]
    weeks = timeaxis.axis_periods(pd.Timestamp("2024-12-30"), pd.Timestamp("2025-01-13"), "week")
    assert weeks == ["2025-W01", "2025-W02", "2025-W03"]
    assert timeaxis.axis_periods(pd.NaT, pd.NaT, "day") == []


def test_a_change_inside_a_month_makes_weeks_the_default():
    rows = [("2023-12-02", "hamas", "hostages", "reject"), ("2025-01-03", "hamas", "hostages", "demand"),
            ("2025-01-08", "hamas", "hostages", "reject")]
    assert timeaxis.default_period(_frame(rows)) == "week"


def test_nothing_hidden_keeps_the_coarsest_period():
    rows = [("2024-01-05", "hamas", "deal", "demand"), ("2024-03-05", "hamas", "deal", "reject")]
    assert timeaxis.default_period(_frame(rows)) == "month"


def test_a_short_span_goes_by_day_and_a_long_one_never_does():
    short = [("2025-01-03", "israel", "deal", "demand"), ("2025-01-04", "israel", "deal", "reject")]
    assert timeaxis.default_period(_frame(short)) == "day"
    # five years with a change inside one week: days would be 1,800 columns, weeks 260: months
    long = [("2020-01-01", "israel", "deal", "demand"), ("2025-01-03", "israel", "deal", "demand"),
            ("2025-01-04", "israel", "deal", "reject")]
    assert timeaxis.default_period(_frame(long)) == "month"


def test_nothing_dated():
    assert timeaxis.default_period(_frame([])) == "month"
