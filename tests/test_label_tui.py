"""The labelling screen driven through prompt_toolkit's pipe input: every key an annotator uses.

Each test types keys into the real application over the seeded database and reads back
the journal (``labels/<annotator>.jsonl``) and the store, as the next run would.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from stance.labeling.decisions import done_by, statements_of
from stance.labeling.tasks import load_tasks, order_tasks, queue
from stance.labeling.tui import LabelApp
from stance.labeling.workspace import Workspace
from stance.profile import load_profile
from stance.records import STANCES
from stance.store import store

GAZA = load_profile("gaza")
_TASKS: dict = {}


def workspace(db: Path, folder: Path) -> Workspace:
    """A workspace over ``db``; the split of the seeds is computed once per database file."""
    engine = store.open_store(str(db), create=False)
    key = db.read_bytes().__len__(), str(db.name)
    if key not in _TASKS:
        _TASKS[key] = load_tasks(engine)
    return Workspace(engine, folder, tasks=_TASKS[key])


def with_statements(space: Workspace) -> list:
    """Tasks with extractor statements, in document order: what the tests label."""
    return [t for t in order_tasks(space.tasks.tasks, "document") if t.statements]


def drive(space: Workspace, keys: str, *, annotator: str = "ann", overlap: int = 1, tasks=None,
          output=None) -> LabelApp:
    """Type ``keys`` into a labelling screen over ``tasks`` and run it until it quits."""
    tasks = tasks if tasks is not None else with_statements(space)

    def remaining():
        return queue(tasks, done_by(space.decisions()), annotator, overlap=overlap,
                     reference=space.reference - {annotator})

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        app = LabelApp(space, annotator, GAZA, remaining, total=len(tasks), input=pipe,
                       output=output or DummyOutput())
        app.run()
    return app


def journal(folder: Path, annotator: str = "ann") -> list[dict]:
    path = folder / f"{annotator}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def keys_of(lines) -> set[tuple]:
    return {(s.party, s.kind, s.issue, s.stance, s.target) for s in lines}


def current(space: Workspace, annotator: str = "ann") -> dict[str, set[tuple]]:
    space.refresh()
    return {task: keys_of(statements_of(lines)) for (who, task), lines in space.decisions().items()
            if who == annotator}


@pytest.fixture
def space(seeded_copy, tmp_path) -> Workspace:
    return workspace(seeded_copy, tmp_path / "labels")


def test_accept_saves_the_suggestions_with_one_key(space):
    first, second = with_statements(space)[:2]
    drive(space, "a\rq")
    lines = journal(space.folder)
    assert {line["task"] for line in lines} == {first.id, second.id}
    assert current(space) == {first.id: keys_of(first.statements), second.id: keys_of(second.statements)}
    assert all(line["annotator"] == "ann" and line["time"] for line in lines)
    # the store has the same lines as the journal
    assert len(store.label_lines(space.engine)) == len(lines)


def test_quit_saves_nothing(space):
    app = drive(space, "q")
    assert app.saved == 0
    assert journal(space.folder) == []


def test_stance_key_cycles_demand_accept_reject(space):
    task = next(t for t in with_statements(space) if t.statements[0].kind == "position")
    before = task.statements[0]
    drive(space, "tt" + "aq", tasks=[task])
    expected = STANCES[(STANCES.index(before.stance) + 2) % 3]
    changed = {(before.party, "position", before.issue, expected, "")}
    assert changed <= current(space)[task.id]
    assert (before.party, "position", before.issue, before.stance, "") not in current(space)[task.id]


def test_party_and_issue_by_type_ahead(space):
    task = next(t for t in with_statements(space) if len(t.statements) == 1
                and t.statements[0].kind == "position")
    drive(space, "pqat\riwithd\raq", tasks=[task])
    s = task.statements[0]
    assert current(space)[task.id] == {("qatar", "position", "withdrawal", s.stance, "")}


def test_blame_target_key_turns_a_statement_into_blame(space):
    task = next(t for t in with_statements(space) if len(t.statements) == 1
                and t.statements[0].kind == "position")
    drive(space, "begy\raq", tasks=[task])
    s = task.statements[0]
    assert current(space)[task.id] == {(s.party, "blame", s.issue, "", "egypt")}


def test_add_a_missing_statement_by_unique_prefixes(space):
    task = with_statements(space)[0]
    drive(space, "+qat acc tru\r+us blame ham deal\raq", tasks=[task])
    assert current(space)[task.id] == keys_of(task.statements) | {
        ("qatar", "position", "truce", "accept", ""), ("usa", "blame", "deal", "", "hamas")}


def test_a_space_after_tab_completion_goes_on_to_the_next_word(space):
    task = with_statements(space)[0]
    # Tab completes "qat" to "qatar " and the annotator types a space of their own
    app = drive(space, "+qat\t acc\t  tru\t\raq", tasks=[task])
    assert ("qatar", "position", "truce", "accept", "") in current(space)[task.id]
    assert app._statement_choices("qatar  ") == ["demand", "accept", "reject", "blame"]
    assert app._statement_choices("qatar  accept ")[:2] == list(GAZA.issue_ids)[:2]
    assert app._statement_choices("") == list(GAZA.party_ids)


def test_a_bad_added_statement_keeps_the_prompt_open(space):
    task = with_statements(space)[0]
    # Had Enter closed the prompt, "q" of "qatar" would quit before anything is saved.
    app = drive(space, "+nobody demand truce\r\x15qatar demand truce\raq", tasks=[task])
    assert app.saved == 1
    assert ("qatar", "position", "truce", "demand", "") in current(space)[task.id]


def test_delete_then_accept(space):
    task = next(t for t in with_statements(space) if len(t.statements) >= 2)
    drive(space, "2daq", tasks=[task])
    assert current(space)[task.id] == keys_of(task.statements[:1] + task.statements[2:])


def test_deleting_every_statement_saves_no_statement(space):
    task = with_statements(space)[0]
    drive(space, "d" * len(task.statements) + "aq", tasks=[task])
    lines = journal(space.folder)
    assert [line["kind"] for line in lines] == ["none"]


def test_no_statement_key(space):
    task = with_statements(space)[0]
    drive(space, "nq", tasks=[task])
    assert current(space) == {task.id: set()}


def test_skip_leaves_the_sentence_undecided(space):
    first, second = with_statements(space)[:2]
    app = drive(space, "saq")
    assert set(current(space)) == {second.id}
    assert app.skipped == [first.id]


def test_undo_withdraws_and_returns_to_the_sentence(space):
    first, second = with_statements(space)[:2]
    app = drive(space, "anuq")
    assert app.task.id == second.id  # back on the sentence whose decision was withdrawn
    assert set(current(space)) == {first.id}
    lines = journal(space.folder)
    assert lines[-1]["kind"] == "retract" and lines[-1]["task"] == second.id


def test_undo_several_levels_then_decide_again(space):
    first, second, third = with_statements(space)[:3]
    app = drive(space, "aasuuun" + "q")  # accept, accept, skip; undo all three; no statement
    assert app.task.id == second.id
    assert current(space) == {first.id: set()}
    assert sum(line["kind"] == "retract" for line in journal(space.folder)) == 2


def test_comment_is_saved_with_the_decision(space):
    task = with_statements(space)[0]
    drive(space, "cunclear who speaks\raq", tasks=[task])
    lines = journal(space.folder)
    assert lines and all(line["comment"] == "unclear who speaks" for line in lines)


def test_resume_starts_after_what_was_done(space):
    tasks = with_statements(space)
    drive(space, "aaq")
    again = workspace(Path(str(space.engine.url.database)), space.folder)  # a new run
    app = drive(again, "q")
    assert app.task.id == tasks[2].id


def test_two_annotators_share_one_queue(space):
    tasks = with_statements(space)
    drive(space, "aaq", annotator="ann")
    bob = drive(space, "aq", annotator="bob")
    assert set(current(space, "bob")) == {tasks[2].id}
    assert bob.saved == 1


def test_overlap_two_shows_each_sentence_to_two_annotators(space):
    tasks = with_statements(space)
    drive(space, "aaq", annotator="ann", overlap=2)
    drive(space, "aq", annotator="bob", overlap=2)
    assert set(current(space, "bob")) == {tasks[0].id}
    carol = drive(space, "q", annotator="carol", overlap=2)
    assert carol.task.id == tasks[1].id  # the first already has two annotators


def test_gold_labels_are_done_for_gold(seeded_copy, tmp_path, repo_root):
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "gold.jsonl").write_bytes((repo_root / "labels" / "gold.jsonl").read_bytes())
    space = workspace(seeded_copy, folder)
    gold_tasks = {task for (who, task) in space.decisions() if who == "gold"}
    seeds_statements = with_statements(space)
    assert {t.id for t in seeds_statements} <= gold_tasks  # every seed is labelled in gold
    app = drive(space, "q", annotator="gold")
    assert app.task is None  # nothing left for gold
    other = drive(space, "q", annotator="ann")
    assert other.task is not None  # gold is a reference: others still get the sentences


def render(app_keys: str, space: Workspace, rows: int, columns: int, tasks=None) -> str:
    """What the screen shows (escape codes stripped) in a terminal of the given size."""
    import re

    class Screen(io.StringIO):
        encoding = "utf-8"

    buffer = Screen()
    output = Vt100_Output(buffer, lambda: Size(rows=rows, columns=columns), term="xterm")
    drive(space, app_keys, tasks=tasks, output=output)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]", " ", buffer.getvalue())
    return re.sub(r" +", " ", text)


@pytest.mark.parametrize("rows, columns", [(24, 80), (50, 200)])
def test_key_hints_and_task_fit_the_terminal(space, rows, columns):
    task = max(with_statements(space), key=lambda t: len(t.before) + len(t.sentence) + len(t.after))
    text = render("q", space, rows, columns, tasks=[task])
    for hint in ("accept all", "no statement", "skip", "undo", "comment", "quit", "party", "issue",
                 "stance", "blame target", "delete", "add"):
        assert hint in text, f"hint {hint!r} not on a {columns}x{rows} screen"
    assert "done 0/1" in text
    assert task.statements[0].party in text


def test_text_wraps_at_spaces_not_inside_words():
    from stance.labeling.screen import word_wrap

    fragments = [("a", "Hamas rejected the "), ("b", "proposal"), ("a", " on Sunday, officials said.\nNext")]
    wrapped = word_wrap(fragments, 20)
    assert [style for style, _ in wrapped] == ["a", "b", "a"]
    text = "".join(t for _, t in wrapped)
    lines = text.split("\n")
    assert all(len(line) <= 20 for line in lines), lines
    assert text.replace("\n", " ").split() == "".join(t for _, t in fragments).replace("\n", " ").split()
    assert lines[-1] == "Next"
