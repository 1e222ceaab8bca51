"""Task order, the shared queue and the uncertainty that `--order uncertain` sorts by."""

from __future__ import annotations

import datetime as dt

import pytest

from stance.labeling.tasks import (
    Task,
    order_tasks,
    parse_task_id,
    queue,
    select_tasks,
    task_id,
    uncertainty,
)
from stance.records import Statement


def st(party="hamas", stance="demand", issue="ceasefire", confidence=0.9, score=None, rules=("r",)):
    return Statement(article_id="a", party=party, kind="position", issue=issue, stance=stance,
                     target="", sentence="s", start=0, end=1, confidence=confidence,
                     model_score=score, rule_ids=rules)


@pytest.mark.parametrize("statements, expected", [
    ([], 0.5),                                     # rules abstained on a sentence naming a party
    ([st(confidence=0.9)], pytest.approx(0.2)),    # 1 - 2 * |0.9 - 0.5|
    ([st(confidence=0.5)], 1.0),                   # a coin toss
    ([st(score=0.2)], 1.0),                        # the model rejects what the rules found
    ([st(score=0.8, rules=())], 1.0),              # the model found what the rules did not
    ([st(score=0.95)], pytest.approx(0.1)),        # model agrees with the rules
    ([st(stance="demand"), st(stance="reject")], 1.0),  # one party for and against one issue
    ([st(stance="demand"), st(party="israel", stance="reject")], pytest.approx(0.2)),
])
def test_uncertainty(statements, expected):
    assert uncertainty(statements) == expected


def task(n, statements=(), day=None, article="a"):
    return Task(id=task_id(article, n, n + 1), article_id=article, profile="gaza", start=n,
                end=n + 1, sentence=f"s{n}", date=day, statements=tuple(statements))


def test_orders():
    sure = task(1, [st(confidence=0.95)], dt.date(2024, 1, 1))
    unsure = task(2, [st(confidence=0.55)], dt.date(2024, 1, 1))
    early = task(5, [st(confidence=0.95)], dt.date(2023, 1, 1), article="b")
    assert order_tasks([sure, unsure, early], "document") == [early, sure, unsure]
    assert order_tasks([sure, unsure, early], "uncertain")[0] == unsure
    shuffled = order_tasks([task(i) for i in range(20)], "random", seed="ann")
    assert shuffled == order_tasks([task(i) for i in range(20)], "random", seed="ann")
    assert shuffled != order_tasks([task(i) for i in range(20)], "document")


def test_queue_shares_work_and_respects_overlap_and_reference():
    tasks = [task(i) for i in range(4)]
    done = {tasks[0].id: {"ann"}, tasks[1].id: {"bob"}, tasks[2].id: {"gold"}}
    assert [t.id for t in queue(tasks, done, "ann")] == [tasks[3].id]  # gold counts without reference
    assert [t.id for t in queue(tasks, done, "ann", reference={"gold"})] == [tasks[2].id, tasks[3].id]
    assert [t.id for t in queue(tasks, done, "carol", reference={"gold"})] == [tasks[2].id, tasks[3].id]
    assert [t.id for t in queue(tasks, done, "carol", overlap=2, reference={"gold"})] == \
        [t.id for t in tasks]
    # gold's own sentence is done for gold; those others did are not offered to it either
    assert [t.id for t in queue(tasks, done, "gold")] == [tasks[3].id]


def test_select_by_party_and_issue():
    a = task(1, [st(party="qatar", issue="truce")])
    b = Task(id="b:0-1", article_id="b", profile="gaza", start=0, end=1, sentence="x", parties=("egypt",))
    assert select_tasks([a, b], party=["egypt"]) == [b]
    assert select_tasks([a, b], issue=["truce"]) == [a]
    assert select_tasks([a, b], issue=["aid"], issues_of=lambda t: {"aid"} if t is b else set()) == [b]


@pytest.mark.parametrize("value", ["abc", "abc:1", "abc:x-2", ":1-2"])
def test_bad_task_ids(value):
    with pytest.raises(ValueError):
        parse_task_id(value)


def test_task_id_round_trip():
    assert parse_task_id(task_id("8b12:ab", 10, 20)) == ("8b12:ab", 10, 20)
