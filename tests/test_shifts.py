"""Settled positions, shifts, blame counts and duplicates counted once, on small hand-made tables."""

from __future__ import annotations

import datetime as dt

import pytest

from stance.analysis.aggregate import (
    BlameCount,
    PositionCount,
    blame_matrix,
    collapse_duplicates,
    detect_shifts,
    fingerprint,
    positions_over_time,
    settled_position,
    shift_evidence,
)
from stance.records import Statement

D = dt.date


def row(period: str, demand: int = 0, accept: int = 0, reject: int = 0, party: str = "hamas",
        issue: str = "withdrawal") -> PositionCount:
    return PositionCount(period, party, issue, demand, accept, reject, articles=1)


def said(party: str, issue: str, stance: str, day: dt.date | None, *, sentence: str = "",
         article: str = "a1", source: str = "", confidence: float = 0.8, kind: str = "position",
         target: str = "") -> Statement:
    return Statement(article_id=article, party=party, kind=kind, issue=issue, stance=stance, target=target,
                     sentence=sentence or f"{party} {stance} {issue} on {day}.", start=0, end=10, date=day,
                     confidence=confidence, source=source or f"{article}.txt")


# --- settled positions ----------------------------------------------------------------------------

@pytest.mark.parametrize("counts, minimum, expected", [
    ((1, 0, 0), 1, ("pro", "demand")),
    ((0, 1, 0), 1, ("pro", "accept")),
    ((0, 0, 1), 1, ("con", "reject")),
    ((2, 0, 1), 1, ("pro", "demand")),       # a majority settles it
    ((1, 1, 1), 1, ("pro", "demand")),       # pro 2 : con 1; demand wins a tie with accept
    ((0, 2, 1), 1, ("pro", "accept")),
    ((1, 0, 3), 1, ("con", "reject")),
    ((1, 0, 1), 1, None),                    # tie: mixed
    ((1, 1, 2), 1, None),                    # pro 2 : con 2
    ((1, 0, 0), 2, None),                    # too few statements
    ((2, 0, 0), 2, ("pro", "demand")),
    ((1, 0, 1), 2, None),                    # enough statements, but mixed
    ((0, 0, 0), 1, None),
])
def test_settled_position(counts, minimum, expected):
    settled = settled_position(row("2024-05", *counts), minimum)
    assert (settled.polarity, settled.stance) == expected if expected else settled is None


# --- shifts ---------------------------------------------------------------------------------------

def test_a_change_of_polarity_between_consecutive_settled_periods_is_a_shift():
    (shift,) = detect_shifts([row("2024-03", reject=2), row("2024-04", accept=1)])
    assert (shift.party, shift.issue) == ("hamas", "withdrawal")
    assert (shift.before.period, shift.before.stance, shift.after.period, shift.after.stance) == (
        "2024-03", "reject", "2024-04", "accept")
    assert shift.label == "reject → accept"


def test_a_change_of_stance_within_one_polarity_is_not_a_shift():
    assert detect_shifts([row("2024-03", demand=2), row("2024-04", accept=3), row("2024-05", demand=1)]) == []


def test_mixed_and_thin_periods_are_skipped_not_counted_as_positions():
    rows = [row("2024-01", reject=2), row("2024-02", demand=1, reject=1),  # mixed
            row("2024-03", accept=1),                                     # thin at min 2
            row("2024-04", accept=2)]
    (shift,) = detect_shifts(rows, min_statements=2)
    assert (shift.before.period, shift.after.period) == ("2024-01", "2024-04")
    # with one statement enough, March already settles the change
    (shift,) = detect_shifts(rows, min_statements=1)
    assert (shift.before.period, shift.after.period) == ("2024-01", "2024-03")


def test_a_return_is_a_second_shift_and_shifts_are_newest_first():
    rows = [row("2024-W10", reject=1), row("2024-W11", demand=1), row("2024-W12", reject=2)]
    assert [(s.before.period, s.after.period) for s in detect_shifts(rows)] == [
        ("2024-W11", "2024-W12"), ("2024-W10", "2024-W11")]


def test_shifts_are_per_party_and_issue_and_rows_may_come_in_any_order():
    rows = [row("2024-02", accept=1, party="israel"), row("2024-01", reject=1, party="hamas"),
            row("2024-01", reject=1, party="israel"), row("2024-02", reject=1, party="hamas"),
            row("2024-01", reject=1, issue="aid"), row("2024-03", demand=1, issue="aid")]
    assert [(s.party, s.issue, s.after.period) for s in detect_shifts(rows)] == [
        ("hamas", "aid", "2024-03"), ("israel", "withdrawal", "2024-02")]


def test_no_rows_no_shifts_and_a_single_period_has_none():
    assert detect_shifts([]) == []
    assert detect_shifts([row("2024-01", reject=3)]) == []


def test_shifts_from_statements_through_positions_over_time():
    statements = [said("israel", "hostages", "reject", D(2023, 12, 2)),
                  said("israel", "hostages", "demand", D(2025, 1, 3)),
                  said("israel", "hostages", "demand", D(2025, 1, 4))]
    (monthly,) = detect_shifts(positions_over_time(statements, "month"))
    assert (monthly.before.period, monthly.after.period, monthly.after.statements) == ("2023-12", "2025-01", 2)
    # by day, the two January days are one position each: still a single change
    assert [s.after.period for s in detect_shifts(positions_over_time(statements, "day"))] == ["2025-01-03"]


def test_shift_evidence_is_the_last_old_and_the_first_new_statement():
    statements = [said("hamas", "withdrawal", "reject", D(2024, 3, 2), sentence="early no"),
                  said("hamas", "withdrawal", "reject", D(2024, 3, 20), sentence="late no"),
                  said("hamas", "withdrawal", "demand", D(2024, 3, 25), sentence="a yes among noes"),
                  said("hamas", "withdrawal", "reject", D(2024, 3, 28), sentence="last no"),
                  said("hamas", "withdrawal", "reject", D(2024, 4, 2), sentence="a no among yeses"),
                  said("hamas", "withdrawal", "accept", D(2024, 4, 3), sentence="first yes"),
                  said("hamas", "withdrawal", "accept", D(2024, 4, 9), sentence="second yes"),
                  said("israel", "withdrawal", "accept", D(2024, 4, 1), sentence="another party")]
    (shift,) = detect_shifts(positions_over_time(statements, "month"))
    last, first = shift_evidence(shift, statements, "month")
    assert (last.sentence, first.sentence) == ("last no", "first yes")


# --- blame ----------------------------------------------------------------------------------------

def test_blame_matrix_over_the_selection_and_per_period():
    statements = [said("hamas", "", "", D(2024, 5, 1), kind="blame", target="israel", article="a1"),
                  said("hamas", "deal", "", D(2024, 5, 2), kind="blame", target="israel", article="a2"),
                  said("hamas", "", "", None, kind="blame", target="israel", article="a3"),
                  said("israel", "", "", D(2024, 6, 1), kind="blame", target="hamas"),
                  said("israel", "deal", "reject", D(2024, 6, 1))]
    assert blame_matrix(statements) == [BlameCount("", "hamas", "israel", 3, 3),
                                        BlameCount("", "israel", "hamas", 1, 1)]
    assert blame_matrix(statements, "month") == [BlameCount("2024-05", "hamas", "israel", 2, 2),
                                                 BlameCount("2024-06", "israel", "hamas", 1, 1)]
    assert blame_matrix([said("israel", "deal", "reject", D(2024, 6, 1))]) == []


# --- duplicates -----------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, same", [
    ("Hamas rejects the deal.", "Hamas  rejects the deal", True),
    ("Hamas rejects the deal.", "HAMAS REJECTS THE DEAL!", True),
    ('Hamas said: "we will never accept a deal that keeps the occupation".',
     "On Monday, a Hamas official told AFP “we will never accept a deal that keeps the occupation”.", True),
    ('He said "no".', 'She said "no".', False),  # a short quote does not name a statement
    ("Hamas rejects the deal.", "Hamas rejects the new deal.", False),
])
def test_fingerprint(a, b, same):
    assert (fingerprint(a) == fingerprint(b)) is same


def test_the_same_quote_in_a_later_article_counts_once_with_both_sources():
    quote = 'Hamas said "it will not release the hostages unless the war ends".'
    statements = [said("hamas", "hostages", "reject", D(2024, 6, 3), sentence=quote, article="late",
                       source="https://b.example/2"),
                  said("hamas", "hostages", "reject", D(2024, 6, 1), sentence=quote, article="early",
                       source="https://a.example/1"),
                  said("hamas", "ceasefire", "demand", D(2024, 6, 1), sentence=quote, article="early")]
    out = collapse_duplicates(statements)
    assert len(out) == 2
    hostages = next(d for d in out if d.statement.issue == "hostages")
    assert hostages.statement.date == D(2024, 6, 1)            # the earliest copy dates it
    assert hostages.article_ids == ("late", "early")
    assert set(hostages.sources) == {"https://a.example/1", "https://b.example/2"}
    assert hostages.copies == 2
    # counted once in the positions
    (cell,) = [r for r in positions_over_time([d.statement for d in out], "month") if r.issue == "hostages"]
    assert cell.reject == 1


def test_syndicated_copies_list_every_source_of_the_article():
    s = said("israel", "deal", "accept", D(2024, 6, 1), article="x", source="https://first.example")
    (one,) = collapse_duplicates([s], {"x": ["https://first.example", "https://copy.example"]})
    assert one.sources == ("https://first.example", "https://copy.example")
    assert one.copies == 1


def test_different_parties_or_stances_in_one_sentence_stay_apart():
    sentence = "Hamas and Israel blamed each other for the collapse of the talks."
    statements = [said("hamas", "", "", D(2024, 1, 1), kind="blame", target="israel", sentence=sentence),
                  said("israel", "", "", D(2024, 1, 1), kind="blame", target="hamas", sentence=sentence)]
    assert len(collapse_duplicates(statements)) == 2
