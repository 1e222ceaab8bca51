"""What benchmarks/mutation.sh found unpinned in stance/analysis/aggregate.py: blame with no
target, the default of one statement to settle a period, every field of a settled position,
and the evidence of a shift when statements are undated, missing or on the same day."""

from __future__ import annotations

import datetime as dt

from test_shifts import row, said

from stance.analysis.aggregate import (
    Settled,
    Shift,
    blame_matrix,
    settled_position,
    shift_evidence,
)

D = dt.date


def test_blame_without_a_target_is_left_out_and_positions_never_count_as_blame():
    statements = [
        said("hamas", "", "", D(2024, 1, 2), kind="blame", target=""),
        said("hamas", "withdrawal", "demand", D(2024, 1, 2), target="israel"),
        said("hamas", "", "", D(2024, 1, 3), kind="blame", target="israel", article="a2"),
    ]
    counts = blame_matrix(statements)
    assert [(c.party, c.target, c.statements, c.articles) for c in counts] == [("hamas", "israel", 1, 1)]


def test_one_statement_settles_a_period_by_default():
    assert settled_position(row("2024-W01", reject=1)) == Settled("2024-W01", "hamas", "withdrawal",
                                                                  "con", "reject", 1)


def test_a_settled_position_keeps_the_rows_party_issue_and_count():
    pro = row("2024-W02", demand=1, accept=2, reject=1, party="israel", issue="hostages")
    con = row("2024-W03", demand=1, reject=3, party="israel", issue="hostages")
    assert settled_position(pro) == Settled("2024-W02", "israel", "hostages", "pro", "accept", 4)
    assert settled_position(con) == Settled("2024-W03", "israel", "hostages", "con", "reject", 4)


def _shift() -> Shift:
    before = Settled("2024-01", "hamas", "withdrawal", "con", "reject", 1)
    after = Settled("2024-02", "hamas", "withdrawal", "pro", "accept", 2)
    return Shift("hamas", "withdrawal", before, after)


def test_shift_evidence_skips_undated_statements():
    old = said("hamas", "withdrawal", "reject", D(2024, 1, 20))
    new = said("hamas", "withdrawal", "accept", D(2024, 2, 3))
    undated = said("hamas", "withdrawal", "accept", None, article="a9")
    assert shift_evidence(_shift(), [undated, old, new], "month") == (old, new)


def test_shift_evidence_without_statements_of_a_side_is_none():
    old = said("hamas", "withdrawal", "reject", D(2024, 1, 20))
    new = said("hamas", "withdrawal", "accept", D(2024, 2, 3))
    assert shift_evidence(_shift(), [], "month") == (None, None)
    assert shift_evidence(_shift(), [old], "month") == (old, None)
    assert shift_evidence(_shift(), [new], "month") == (None, new)


def test_the_first_statement_of_the_new_position_on_its_first_day_is_the_surest():
    unsure = said("hamas", "withdrawal", "accept", D(2024, 2, 3), confidence=0.6, article="a2")
    sure = said("hamas", "withdrawal", "accept", D(2024, 2, 3), confidence=0.9, article="a3")
    later = said("hamas", "withdrawal", "accept", D(2024, 2, 4), confidence=0.99, article="a4")
    assert shift_evidence(_shift(), [unsure, later, sure], "month") == (None, sure)
    assert shift_evidence(_shift(), [sure, later, unsure], "month") == (None, sure)
