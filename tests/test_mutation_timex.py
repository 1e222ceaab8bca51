"""Each branch of stance/extraction/timex.py pinned to its date and its words.

benchmarks/mutation.sh showed that a date right but a span wrong (or the reverse), and
words the module tests one by one ("early", "last", "ago", "have"...), could change
without a test failing. Expected values are worked out by hand from the calendar: the
article is of Thursday 8 February 2024.
"""

from __future__ import annotations

import datetime as dt

import pytest

from stance.extraction.timex import resolve
from stance.nlp.pipelines import parsing_pipeline

THURSDAY = dt.date(2024, 2, 8)


@pytest.fixture(scope="module")
def nlp():
    return parsing_pipeline(None)


@pytest.mark.parametrize("sentence, date, text, start, end", [
    ("Hamas said yesterday that it rejects the plan.", "2024-02-07", "yesterday", 2, 3),
    ("Hamas said last Thursday that it rejects the plan.", "2024-02-01", "last Thursday", 2, 4),
    ("Hamas said early Tuesday that it rejects the plan.", "2024-02-06", "early Tuesday", 2, 4),
    ("Hamas said late Tuesday that it rejects the plan.", "2024-02-06", "late Tuesday", 2, 4),
    ("Hamas said Tuesday that it rejects the plan.", "2024-02-06", "Tuesday", 2, 3),
    ("Hamas said on Friday that it rejects the plan.", "2024-02-02", "on Friday", 2, 4),
    ("Hamas said Saturday that it rejects the plan.", "2024-02-03", "Saturday", 2, 3),
    # a month in lower case counts when the parser takes it for a proper noun
    ("Hamas said in may that it rejects the plan.", "2023-05-01", "may", 3, 4),
    ("Hamas has said on Tuesday that it rejects the plan.", "2024-02-06", "on Tuesday", 3, 5),
    ("Hamas said on December 15 that it rejects the plan.", "2023-12-15", "December 15", 3, 5),
    ("Hamas said on Dec. 15 that it rejects the plan.", "2023-12-15", "Dec. 15", 3, 5),
    ("Hamas said on 15 December that it rejects the plan.", "2023-12-15", "December", 4, 5),
    ("Hamas said on 40 December that it rejects the plan.", "2023-12-01", "December", 4, 5),
    ("Hamas said on December 15, 2023 that it rejects the plan.", "2023-12-15", "December 15, 2023", 3, 7),
    ("Hamas said in December 2023 that it rejects the plan.", "2023-12-01", "December 2023", 3, 5),
    ("Hamas said in December, 2023 that it rejects the plan.", "2023-12-01", "December, 2023", 3, 6),
    ("Hamas said in May 15 2023 that it rejects the plan.", "2023-05-15", "May 15 2023", 3, 6),
    ("In mid-December, Hamas said it rejects the plan.", "2023-12-15", "December", 3, 4),
    ("In late December, Hamas said it rejects the plan.", "2023-12-21", "December", 2, 3),
    ("In early December, Hamas said it rejects the plan.", "2023-12-01", "December", 2, 3),
    ("In early February, Hamas said it rejects the plan.", "2024-02-01", "February", 2, 3),
    ("In March, Hamas said it rejects the plan.", "2023-03-01", "March", 1, 2),
    ("Last month, Hamas said it rejects the plan.", "2024-01-01", "Last month", 0, 2),
    ("Early last month, Hamas said it rejects the plan.", "2024-01-01", "Early last month", 0, 3),
    ("Mid last month, Hamas said it rejects the plan.", "2024-01-15", "Mid last month", 0, 3),
    ("Hamas said late last week that it rejects the plan.", "2024-02-01", "late last week", 2, 5),
    ("Hamas has rejected the plan since last week.", "2024-02-01", "last week", 6, 8),
    ("Hamas said three weeks ago that it rejects the plan.", "2024-01-18", "three weeks ago", 2, 5),
    ("Hamas said two weeks ago that it rejects the plan.", "2024-01-25", "two weeks ago", 2, 5),
    ("Hamas said a week ago that it rejects the plan.", "2024-02-01", "a week ago", 2, 5),
    ("Hamas said four days ago that it rejects the plan.", "2024-02-04", "four days ago", 2, 5),
    ("Hamas said 5 days ago that it rejects the plan.", "2024-02-03", "5 days ago", 2, 5),
    ("Israel met the mediators and rejected the offer on Tuesday.", "2024-02-06", "on Tuesday", 8, 10),
    ("Hamas rejected the plan on Tuesday.", "2024-02-06", "on Tuesday", 4, 6),
    ("The talks, Hamas said on Tuesday, had stalled.", "2024-02-06", "on Tuesday", 5, 7),
    ("Yesterday, Hamas said it rejects the plan.", "2024-02-07", "Yesterday", 0, 1),
    # the first word has no word before it: a headline's last word ("before") does not count
    ("Yesterday Hamas said it had rejected such plans before", "2024-02-07", "Yesterday", 0, 1),
    ("Hamas said on December 1 that it rejects the plan.", "2023-12-01", "December 1", 3, 5),
    ("Hamas said on December 31 that it rejects the plan.", "2023-12-31", "December 31", 3, 5),
    ("Hamas said on 1 February that it rejects the plan.", "2024-02-01", "February", 4, 5),
    ("Hamas said on 31 January that it rejects the plan.", "2024-01-31", "January", 4, 5),
    ("Hamas said on 32 January that it rejects the plan.", "2024-01-01", "January", 4, 5),  # no day
    ("Hamas rejected the plan in December", "2023-12-01", "December", 5, 6),  # the last word
    ("Hamas rejected the plan on December 15", "2023-12-15", "December 15", 5, 7),
    ("Late in December, Hamas said it rejects the plan.", "2023-12-01", "December", 2, 3),
    ("In February 2023, Hamas said it rejects the plan.", "2023-02-01", "February 2023", 1, 3),
    ("In January, Hamas said it rejects the plan.", "2024-01-01", "January", 1, 2),
    ("Israel said on Tuesday Hamas had rejected the plan.", "2024-02-06", "on Tuesday", 2, 4),
    ("Hamas refused on Tuesday to accept the plan.", "2024-02-06", "on Tuesday", 2, 4),
    # on the complement before its (passive) subject: the time of the reporting verb
    ("Hamas said that on Tuesday the plan was rejected.", "2024-02-06", "on Tuesday", 3, 5),
    ("Two days ago, Hamas said it rejects the plan.", "2024-02-06", "Two days ago", 0, 3),
    # a date too far back is passed over, and the next expression is tried
    ("Hamas, founded on December 14, 1987, said on Tuesday that it rejects the plan.",
     "2024-02-06", "on Tuesday", 10, 12),
    # the first expression that passes wins
    ("On Tuesday, Hamas said it had rejected the plan on Monday.", "2024-02-06", "On Tuesday", 0, 2),
])
def test_each_expression_resolves_to_its_day_and_its_words(nlp, sentence, date, text, start, end):
    found = resolve(nlp(sentence), THURSDAY)
    assert found is not None, sentence
    assert (found.date.isoformat(), found.text, found.start, found.end) == (date, text, start, end)


@pytest.mark.parametrize("sentence", [
    "In February, Hamas said it rejects the plan.",          # the article's own month
    "Hamas said on February 30 that it rejects the plan.",   # no such day
    "Hamas said on December 40 that it rejects the plan.",   # nor this one
    "Hamas said in December 12345 that it rejects the plan.",
    "Hamas said several days ago that it rejects the plan.",  # no number
    "Hamas said two weeks later that it rejects the plan.",   # 'later' is no 'ago'
    "Hamas said on December 15, 2024 that it rejects the plan.",  # after the article
    "After Hamas said on Tuesday that it rejects the plan, Israel struck Gaza.",  # adverbial clause
    "Hamas rejects the plan on Tuesday.",                     # present tense
    "Hamas would have accepted the deal on Tuesday.",         # a conditional past
    "Hamas will have accepted the deal on Tuesday.",
    "Hamas shall have accepted the deal on Tuesday.",
    "Hamas is said to have accepted the deal on Tuesday.",
    "Hamas said since Tuesday it rejects the plan.",          # a span, not a time
    "Hamas said after Tuesday it rejects the plan.",
    "Hamas rejected the plan in December 12345",
    "Hamas said in February that it rejects the plan.",
    "Late in February, Hamas said it rejects the plan.",
    "Hamas was told on Tuesday that Israel rejects the plan.",  # not a past of the speaker
    "The deal must be signed on Tuesday.",                    # a participle after a modal
    "They'll have rejected the plan on Tuesday.",
    "When Hamas was in Cairo on Tuesday, Israel struck Gaza.",  # 'was' heads an adverbial clause
    # the first expression is the article's own day: the statement stays on it
    "Hamas said Thursday that it had rejected the plan on Tuesday.",
])
def test_no_date_is_given(nlp, sentence):
    assert resolve(nlp(sentence), THURSDAY) is None


def test_the_first_of_the_month_in_a_paper_of_the_first_is_that_day(nlp):
    # "early March" in the paper of 1 March is the paper's own day: nothing to move
    sentence = nlp("In early March, Hamas said it rejects the plan.")
    assert resolve(sentence, dt.date(2024, 3, 1)) is None
    assert resolve(sentence, dt.date(2024, 3, 2)).date == dt.date(2024, 3, 1)


def test_a_capitalised_month_counts_when_the_tagger_does_not_take_it_for_a_proper_noun(nlp):
    sentence = nlp("Hamas said in March that it rejects the plan.")
    sentence[3].pos_ = "NOUN"
    found = resolve(sentence, THURSDAY)
    assert (found.date, found.text) == (dt.date(2023, 3, 1), "March")
    lower = nlp("Hamas said in march that it rejects the plan.")
    lower[3].pos_ = "NOUN"  # in lower case and no proper noun: a word, not a month
    assert resolve(lower, THURSDAY) is None
