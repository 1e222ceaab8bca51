"""What benchmarks/mutation.sh found unpinned in stance/labeling/decisions.py: what an
incomplete statement is told, why a suggestion was made, every field of a decision's and an
undo's journal lines, which decision wins a task, and article-level labels matched to
sentences the splitter cut otherwise."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from stance.labeling.decisions import (
    Draft,
    article_level_decisions,
    decision_lines,
    decisions_by,
    done_by,
    draft_of,
    journal_path,
    retraction,
    statements_of,
    winning_decisions,
)
from stance.labeling.tasks import Task, TaskSet
from stance.labels import Label
from stance.records import Statement

TASK = Task(id="a1:10-40", article_id="a1", profile="sudan", start=10, end=40,
            sentence="Hamas rejected the proposal.")


@pytest.mark.parametrize("draft, problem", [
    (Draft(""), "needs a party"),
    (Draft("", kind="blame", target="israel"), "needs a party"),
    (Draft("hamas"), "a position needs an issue"),
    (Draft("hamas", issue="deal"), "a position needs a stance"),
    (Draft("hamas", issue="deal", stance="maybe"), "a position needs a stance"),
    (Draft("hamas", kind="blame"), "a blame needs a target"),
    (Draft("hamas", kind="blame", target="israel"), ""),
    (Draft("hamas", issue="deal", stance="reject"), ""),
])
def test_what_a_draft_still_needs(draft, problem):
    assert draft.problem() == problem


def _statement(**kw) -> Statement:
    base = {"article_id": "a1", "party": "hamas", "kind": "position", "issue": "deal",
            "stance": "reject", "target": "israel", "sentence": "s", "start": 0, "end": 1,
            "confidence": 0.456}
    return Statement(**{**base, **kw})


def test_a_suggestion_says_why_it_was_made():
    made = draft_of(_statement(rule_ids=("reject.verb", "attr.np"), model_score=0.734))
    assert made == Draft("hamas", "position", "deal", "reject", "",
                         why="reject.verb attr.np  model 0.73  conf 0.46")
    assert draft_of(_statement()).why == "conf 0.46"
    assert draft_of(_statement(model_score=0.0)).why == "model 0.00  conf 0.46"


def test_a_blame_suggestion_keeps_its_target_and_no_stance():
    made = draft_of(_statement(kind="blame", issue="", stance="reject"))
    assert (made.kind, made.stance, made.target) == ("blame", "", "israel")


def test_a_label_is_edited_without_a_why():
    lab = Label(party="israel", kind="position", issue="deal", stance="accept", target="x")
    assert draft_of(lab) == Draft("israel", "position", "deal", "accept", "", why="")


def test_the_lines_of_a_decision_carry_the_task_and_each_statement_once():
    reject = Draft("hamas", issue="deal", stance="reject")
    blame = Draft("hamas", kind="blame", target="israel")
    lines = decision_lines(TASK, "ann", [reject, blame, reject], comment="sure", decision="d1",
                           time="2024-06-01T10:00:00+00:00")
    common = {"article_id": "a1", "profile": "sudan", "sentence": "Hamas rejected the proposal.",
              "annotator": "ann", "task": "a1:10-40", "start": 10, "end": 40, "decision": "d1",
              "lines": 2, "time": "2024-06-01T10:00:00+00:00", "comment": "sure"}
    assert lines == [Label(party="hamas", kind="position", issue="deal", stance="reject", **common),
                     Label(party="hamas", kind="blame", target="israel", **common)]


def test_a_decision_without_statements_is_one_none_line():
    [line] = decision_lines(TASK, "ann", [], decision="d2", time="")
    assert line == Label(article_id="a1", profile="sudan", sentence="Hamas rejected the proposal.",
                         kind="none", annotator="ann", task="a1:10-40", start=10, end=40,
                         decision="d2", lines=1, time="")


def test_a_decision_gets_an_id_and_the_time_unless_given():
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    first, second = (decision_lines(TASK, "ann", [])[0] for _ in range(2))
    assert re.fullmatch(r"[0-9a-f]{12}", first.decision) and first.decision != second.decision
    made = dt.datetime.fromisoformat(first.time)
    assert first.time.endswith("+00:00") and "." not in first.time
    assert before <= made <= dt.datetime.now(dt.timezone.utc)


def test_an_incomplete_statement_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"^\? blame: needs a party$"):
        decision_lines(TASK, "ann", [Draft("", kind="blame")])
    with pytest.raises(ValueError, match=r"^hamas position: a position needs an issue$"):
        decision_lines(TASK, "ann", [Draft("hamas", issue="deal", stance="reject"), Draft("hamas")])


def test_undo_is_a_line_that_retracts_the_decision():
    lines = decision_lines(TASK, "ann", [Draft("hamas", issue="deal", stance="reject")],
                           decision="d1", time="t")
    undo = retraction(lines)
    assert re.fullmatch(r"[0-9a-f]{12}", undo.decision) and undo.decision != "d1"
    assert dt.datetime.fromisoformat(undo.time).tzinfo is not None
    assert undo == Label(article_id="a1", profile="sudan", kind="retract", annotator="ann",
                         task="a1:10-40", start=10, end=40, decision=undo.decision, lines=1,
                         time=undo.time, retracts="d1")


def _decide(annotator: str, drafts, decision: str, time: str, task: Task = TASK) -> list[Label]:
    return decision_lines(task, annotator, drafts, decision=decision, time=time)


REJECT = Draft("hamas", issue="deal", stance="reject")
ACCEPT = Draft("hamas", issue="deal", stance="accept")


def test_current_decisions_per_annotator_and_task():
    other = Task(id="a1:50-60", article_id="a1", profile="gaza", start=50, end=60, sentence="x")
    old = _decide("ann", [REJECT], "d1", "2024-01-01")
    new = _decide("ann", [ACCEPT, REJECT], "d2", "2024-01-02")
    bob = _decide("bob", [], "d3", "2024-01-01", other)
    article_level = [Label(article_id="a1", kind="none", annotator="cy")]
    found = decisions_by(old + new + bob + article_level)
    assert found == {("ann", "a1:10-40"): new, ("bob", "a1:50-60"): bob}
    assert done_by(found) == {"a1:10-40": {"ann"}, "a1:50-60": {"bob"}}
    assert done_by(decisions_by(old + _decide("bob", [], "d4", "t"))) == {"a1:10-40": {"ann", "bob"}}


def test_the_reviewers_decision_wins_over_a_later_one():
    review = _decide("review", [REJECT], "d1", "2024-01-01")
    later = _decide("ann", [ACCEPT], "d2", "2024-01-05")
    assert winning_decisions(review + later) == {"a1:10-40": review}
    assert winning_decisions(later + review) == {"a1:10-40": review}


def test_without_a_review_the_latest_decision_wins_then_the_last_written():
    early = _decide("ann", [REJECT], "d1", "2024-01-01")
    late = _decide("bob", [ACCEPT], "d2", "2024-01-05")
    assert winning_decisions(late + early) == {"a1:10-40": late}
    assert winning_decisions(early + late) == {"a1:10-40": late}
    same_a = _decide("ann", [REJECT], "d3", "2024-01-05")
    same_b = _decide("bob", [ACCEPT], "d4", "2024-01-05")
    assert winning_decisions(same_a + same_b) == {"a1:10-40": same_b}
    assert winning_decisions(same_b + same_a) == {"a1:10-40": same_a}


def test_the_statements_of_a_decision():
    lines = _decide("ann", [REJECT, Draft("hamas", kind="blame", target="israel")], "d1", "t")
    assert statements_of(lines) == lines
    assert statements_of(_decide("ann", [], "d2", "t")) == []


def test_a_journal_is_named_after_its_annotator(tmp_path):
    assert journal_path(tmp_path, "ann") == tmp_path / "ann.jsonl"
    assert journal_path(str(tmp_path), "bob") == tmp_path / "bob.jsonl"


# --- article-level labels -------------------------------------------------------------------

TEXT = "Hamas rejected the deal. Talks went on. Israel accepted it."
#       0                       24 25          39 40                59
TWICE = "Talks went on. Hamas rejected the deal. Talks went on."
#        0            14 15                     39 40           54
SENTENCES = {"a1": [(0, 24, "Hamas rejected the deal."), (25, 39, "Talks went on."),
                    (40, 59, "Israel accepted it.")],
             "a2": [(0, 24, "Hamas rejected the deal."), (25, 35, "Then more.")],
             "a4": [(0, 14, "Talks went on."), (15, 39, "Hamas rejected the deal."),
                    (40, 54, "Talks went on.")]}
TASKS = TaskSet(tasks=[], sentences=SENTENCES,
                texts={"a1": TEXT, "a2": "Hamas rejected the deal. Then more.", "a4": TWICE},
                profiles={"a1": "gaza", "a2": "gaza", "a4": "gaza"})


def _label(sentence: str, article: str = "a1", **kw) -> Label:
    base = {"article_id": article, "sentence": sentence, "party": "hamas", "kind": "position",
            "issue": "deal", "stance": "reject", "annotator": "gold", "note": ""}
    return Label(**{**base, **kw})


def _summary(lines):
    return [(lab.task, lab.kind, lab.party, lab.stance, lab.decision, lab.lines, lab.note) for lab in lines]


def test_article_level_labels_become_a_decision_for_every_sentence_of_their_article():
    labels = [_label("Hamas rejected the deal.", note="clear"),
              _label("Israel accepted it.", party="israel", stance="accept")]
    lines, unmatched = article_level_decisions(labels, TASKS)
    assert unmatched == 0
    assert _summary(lines) == [
        ("a1:0-24", "position", "hamas", "reject", "gold:a1:0-24", 1, "clear"),
        ("a1:25-39", "none", "", "", "gold:a1:25-39", 1, ""),
        ("a1:40-59", "position", "israel", "accept", "gold:a1:40-59", 1, ""),
    ]
    assert {lab.time for lab in lines} == {""}


def test_a_label_without_an_article_matches_its_sentence_in_every_article():
    lines, unmatched = article_level_decisions([_label("Hamas rejected the deal.", article="")], TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a1:0-24", "a2:0-24", "a4:15-39"]


def test_an_article_read_with_nothing_in_it_is_none_everywhere():
    lines, unmatched = article_level_decisions([Label(article_id="a2", kind="none", annotator="gold")],
                                               TASKS)
    assert (unmatched, _summary(lines)) == (0, [("a2:0-24", "none", "", "", "gold:a2:0-24", 1, ""),
                                                ("a2:25-35", "none", "", "", "gold:a2:25-35", 1, "")])


def test_a_sentence_the_splitter_cut_otherwise_is_found_by_where_it_starts():
    # the label's sentence runs over two of the splitter's: it belongs to the first
    labels = [_label("  Talks went on. Israel accepted it.  ", party="israel", stance="accept")]
    lines, unmatched = article_level_decisions(labels, TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a1:25-39"]


def test_a_cut_sentence_at_the_very_start_of_the_text_is_found():
    lines, unmatched = article_level_decisions([_label("Hamas rejected the deal. Talks")], TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a1:0-24"]


def test_a_cut_sentence_is_looked_for_only_in_its_own_article():
    lines, unmatched = article_level_decisions([_label("Talks went on. Israel", article="a2")], TASKS)
    assert (unmatched, lines) == (1, [])
    lines, unmatched = article_level_decisions([_label("Hamas rejected the deal. Then", article="a2")],
                                               TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a2:0-24"]
    lines, unmatched = article_level_decisions([_label("Talks went on. Israel", article="")], TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a1:25-39"]


def test_the_first_80_characters_of_a_cut_sentence_are_what_is_looked_for():
    tail = "x" * 10
    text = "Hamas rejected the deal. " + "y" * 80 + " and more."
    tasks = TaskSet(tasks=[], sentences={"a3": [(0, 24, "Hamas rejected the deal."),
                                               (25, len(text), text[25:])]},
                    texts={"a3": text}, profiles={"a3": "gaza"})
    label = _label("y" * 80 + tail, article="a3")  # its 81st character on is not in the text
    lines, unmatched = article_level_decisions([label], tasks)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == [f"a3:25-{len(text)}"]


def test_labels_that_match_nothing_are_counted():
    labels = [_label("Nobody said this."), _label("   ", article="a1"), _label("Hamas rejected the deal.",
                                                                          article="a9")]
    lines, unmatched = article_level_decisions(labels, TASKS)
    assert unmatched == 3 and lines == []


def test_a_sentence_said_twice_in_an_article_is_decided_in_both_places():
    lines, unmatched = article_level_decisions([_label("Talks went on.", article="a4")], TASKS)
    assert unmatched == 0
    assert [(lab.task, lab.kind) for lab in lines] == [("a4:0-14", "position"), ("a4:15-39", "none"),
                                                       ("a4:40-54", "position")]


def test_a_cut_sentence_said_twice_is_found_where_it_first_starts():
    lines, unmatched = article_level_decisions([_label("Talks went on. Ha", article="a4")], TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a4:0-14"]
    lines, _ = article_level_decisions([_label("Talks went on.  ", article="a4")], TASKS)
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a4:0-14"]


def test_a_none_label_on_a_sentence_is_matched_like_a_statement_and_keeps_its_note():
    labels = [Label(article_id="", sentence="Talks went on.", kind="none", annotator="gold",
                    note="only talk")]
    lines, unmatched = article_level_decisions(labels, TASKS)
    assert unmatched == 0
    assert [(lab.task, lab.kind, lab.note) for lab in lines] == [
        ("a1:0-24", "none", ""), ("a1:25-39", "none", "only talk"), ("a1:40-59", "none", ""),
        ("a4:0-14", "none", "only talk"), ("a4:15-39", "none", ""), ("a4:40-54", "none", "only talk")]


def test_labels_after_a_read_article_are_still_matched():
    labels = [Label(article_id="a2", kind="none", annotator="gold"), _label("Israel accepted it.")]
    lines, unmatched = article_level_decisions(labels, TASKS)
    assert unmatched == 0
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a1:40-59"]
    assert {lab.article_id for lab in lines} == {"a1", "a2"}


def test_labels_after_one_that_matches_nothing_are_still_matched():
    lines, unmatched = article_level_decisions([_label("Nobody said this."), _label("Israel accepted it.")],
                                               TASKS)
    assert unmatched == 1
    assert [lab.task for lab in lines if lab.kind == "position"] == ["a1:40-59"]
