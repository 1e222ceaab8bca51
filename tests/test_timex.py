"""Relative dates in a sentence, resolved against the article's date (stance/extraction/timex.py)."""

from __future__ import annotations

import datetime as dt

import pytest

import stance
from stance.extraction.timex import resolve
from stance.nlp.pipelines import parsing_pipeline

THURSDAY = dt.date(2024, 2, 8)


@pytest.fixture(scope="module")
def nlp():
    return parsing_pipeline(None)


@pytest.mark.parametrize("sentence, expected", [
    ("Hamas said on Tuesday it would accept the deal.", "2024-02-06"),
    ("In December, Hamas had said it would not release hostages.", "2023-12-01"),
    ("Late last month, Qatar said talks had stalled.", "2024-01-21"),
    ("Netanyahu said on January 15, 2024 that the war would continue.", "2024-01-15"),
    ("Hamas said two days ago that it rejects the plan.", "2024-02-06"),
    ("Hamas said last week that it rejects the plan.", "2024-02-01"),
    ("Israel rejected the proposal yesterday.", "2024-02-07"),
    ("On 6 May, Hamas said it agreed to a ceasefire proposal.", "2023-05-06"),
    ("Mid-January, Egypt said it had proposed a truce.", "2024-01-15"),
])
def test_past_report_is_dated_by_the_text(nlp, sentence, expected):
    found = resolve(nlp(sentence), THURSDAY)
    assert found is not None, sentence
    assert found.date.isoformat() == expected


@pytest.mark.parametrize("sentence", [
    "Hamas said on Thursday it would accept the deal.",          # the article's own day
    "Israel will withdraw its forces in March, officials said.",  # future
    "The deal must be signed by Saturday, Egypt said.",           # deadline
    "Hamas will respond on Sunday.",
    "Hamas, which attacked Israel on October 7, rejected the proposal.",  # relative clause
    "Hamas said next week it would answer.",
    "Hamas said in 2019 it rejects the plan.",                    # not a month or a day
    "Israel said it may accept the proposal.",                    # the modal 'may'
])
def test_no_earlier_date_is_invented(nlp, sentence):
    assert resolve(nlp(sentence), THURSDAY) is None


def test_undated_article_resolves_nothing(nlp):
    assert resolve(nlp("Hamas said on Tuesday it would accept the deal."), None) is None


def test_too_far_back_is_left_alone(nlp):
    # "January 15, 2020" is four years before the article: more likely history than the report
    assert resolve(nlp("Netanyahu said on January 15, 2020 that the war would continue."),
                   THURSDAY) is None


def test_statement_carries_the_resolved_date_and_says_so():
    found = stance.extract("Hamas said on Tuesday it rejects the proposal.", date="2024-02-08")
    assert found, "the rules found no statement"
    assert all(s.date == dt.date(2024, 2, 6) and s.date_resolved for s in found)
    assert all("date.resolved" in s.rule_ids for s in found)
    plain = stance.extract("Hamas said it rejects the proposal.", date="2024-02-08")
    assert plain and all(s.date == dt.date(2024, 2, 8) and not s.date_resolved for s in plain)


def test_a_date_under_a_verbless_sentence_resolves_to_nothing_and_returns(nlp):
    """A headline or fragment whose root is a noun has no verb above the date; the search
    for one stops at the root (it used to loop forever there, hanging extraction)."""
    import threading

    doc = nlp("Hamas statement on Tuesday on a permanent ceasefire demand")
    assert doc[1].dep_ == "ROOT" and doc[1].pos_ == "NOUN"  # the case under test
    result = []
    worker = threading.Thread(target=lambda: result.append(resolve(doc, dt.date(2024, 5, 9))), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "timex.resolve did not return"
    assert result == [None]


def test_the_articles_own_month_and_day_is_this_year_not_the_last(nlp):
    # "on February 8" in a paper of February 8 is that day (nothing to move), never a year back
    assert resolve(nlp("Hamas said on February 8 it rejects the plan."), THURSDAY) is None
    # the day before is this year's, the day after last year's
    assert resolve(nlp("Hamas said on February 7 it rejects the plan."), THURSDAY).date == dt.date(2024, 2, 7)
    assert resolve(nlp("Hamas said on February 9 it rejects the plan."), THURSDAY).date == dt.date(2023, 2, 9)


@pytest.mark.parametrize("day, resolved", [("January 4, 2023", True),    # 400 days back: the limit
                                          ("January 3, 2023", False)])  # 401 days back
def test_the_limit_of_400_days_back_is_inclusive(nlp, day, resolved):
    assert (THURSDAY - dt.date(2023, 1, 4)).days == 400
    found = resolve(nlp(f"Netanyahu said on {day} that the war would continue."), THURSDAY)
    assert (found is not None) == resolved
