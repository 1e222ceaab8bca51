"""Adjudication: disagreements are found, the review screen writes the `review` label, and it wins."""

from __future__ import annotations

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_label_tui import GAZA, current, drive, space, with_statements  # noqa: F401 (fixture)

from stance.analysis.stored import stored_statements
from stance.labeling.decisions import REVIEWER, Draft, decision_lines
from stance.labeling.review import disagreements
from stance.labeling.tasks import Task
from stance.labeling.tui import LabelApp

T = Task(id="a:0-5", article_id="a", profile="gaza", start=0, end=5, sentence="x")
U = Task(id="b:0-5", article_id="b", profile="gaza", start=0, end=5, sentence="y")
HAMAS = Draft(party="hamas", kind="position", stance="demand", issue="ceasefire")
ISRAEL = Draft(party="israel", kind="position", stance="reject", issue="ceasefire")


def test_disagreements_are_sentences_with_different_statements():
    table = {("ann", T.id): decision_lines(T, "ann", [HAMAS]),
             ("bob", T.id): decision_lines(T, "bob", [HAMAS, ISRAEL]),
             ("ann", U.id): decision_lines(U, "ann", [HAMAS]),
             ("bob", U.id): decision_lines(U, "bob", [HAMAS])}
    found = disagreements(table)
    assert list(found) == [T.id]
    assert list(found[T.id]) == ["ann", "bob"]
    table[(REVIEWER, T.id)] = decision_lines(T, REVIEWER, [HAMAS])
    assert disagreements(table) == {}
    assert list(disagreements(table, include_reviewed=True)) == [T.id]


def test_review_screen_writes_the_adjudicated_label_and_it_wins(space):  # noqa: F811
    task = with_statements(space)[0]
    drive(space, "aq", annotator="ann", overlap=2, tasks=[task])  # accepts the suggestions
    drive(space, "nq", annotator="bob", overlap=2, tasks=[task])  # says "no statement"
    answers = disagreements(space.decisions())
    assert list(answers) == [task.id]
    with create_pipe_input() as pipe:
        pipe.send_text("1" + "aq")  # take ann's answer, save
        app = LabelApp(space, REVIEWER, GAZA,
                       lambda: [t for t in [task] if t.id in disagreements(space.decisions())],
                       total=1, answers=answers, input=pipe, output=DummyOutput())
        app.run()
    assert app.saved == 1
    reviewed = current(space, REVIEWER)
    assert reviewed == current(space, "ann")
    assert (space.folder / "review.jsonl").exists()
    # bob's decision is the latest, yet the review wins in the export
    rows = [s for s in stored_statements(space.engine) if (s.article_id, s.start) == (task.article_id, task.start)]
    assert {(s.party, s.kind, s.issue, s.stance, s.target) for s in rows} == reviewed[task.id]
    assert {s.method for s in rows} == {"human"}
    assert disagreements(space.decisions()) == {}


def test_review_can_take_the_second_answer(space):  # noqa: F811
    task = with_statements(space)[0]
    drive(space, "aq", annotator="ann", overlap=2, tasks=[task])
    drive(space, "nq", annotator="bob", overlap=2, tasks=[task])
    answers = disagreements(space.decisions())
    with create_pipe_input() as pipe:
        pipe.send_text("2" + "aq")
        LabelApp(space, REVIEWER, GAZA, lambda: [task] if task.id not in
                 {t for (w, t) in space.decisions() if w == REVIEWER} else [],
                 total=1, answers=answers, input=pipe, output=DummyOutput()).run()
    assert current(space, REVIEWER) == {task.id: set()}
    rows = [s for s in stored_statements(space.engine) if (s.article_id, s.start) == (task.article_id, task.start)]
    assert rows == []  # "no statement" hides the extractor's statements


def test_cli_review_without_disagreements(run_cli, seeded_copy, tmp_path):
    code, out, err = run_cli(["review", "--db", seeded_copy, "--labels", tmp_path / "none"])
    assert code == 0, err
    assert out == "no disagreements to review\n"
