"""Exact behaviour of the label journal code that the broader label tests leave loose.

Messages, warning locations, file modes, the temp file's place and name and the torn-line
check are each pinned here, so a change to any of them is noticed.
"""

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from stance.errors import LabelError
from stance.labels import (Label, LabelWarning, append_labels, current_labels, label_problem,
                           parse_label, read_label_lines, write_labels)

GOOD = Label(file="seeds/a.txt", party="hamas", kind="position", issue="ceasefire",
             stance="demand")
# mutmut runs every function through its trampoline, whose extra frames move a
# warning's stacklevel; the warning's location is checked only in ordinary runs.
UNDER_MUTMUT = "MUTANT_UNDER_TEST" in os.environ


def _assert_points_here(warning) -> None:
    """The warning names the line of this file that called stance, not stance itself."""
    if not UNDER_MUTMUT:
        assert warning.filename == __file__


LINE = json.dumps({"file": "seeds/a.txt", "party": "hamas", "kind": "position",
                   "issue": "ceasefire", "stance": "demand"})


@pytest.mark.parametrize("label, problem", [
    (Label(kind="none"), "needs article_id or file"),
    (Label(file="f", kind="none", task="t1"), "a line with a task needs a decision id"),
    (Label(file="f", kind="retract"), "a retract line needs retracts (a decision id)"),
    (Label(file="f", kind="position", party="hamas"), "a position needs an issue"),
    (Label(file="f", kind="blame", party="hamas"), "a blame needs a target"),
])
def test_label_problem_says_exactly_what_is_missing(label, problem):
    assert label_problem(label) == problem


def test_unknown_fields_are_all_named_comma_separated():
    with pytest.raises(ValueError) as err:
        parse_label('{"file": "f", "kind": "none", "stnace": "x", "zz": "y"}')
    assert str(err.value) == "unknown field(s) stnace, zz"


def test_a_number_field_given_as_text_is_refused_with_its_type():
    with pytest.raises(ValueError) as err:
        parse_label('{"file": "f", "kind": "none", "start": "3"}')
    assert str(err.value) == "start must be a whole number, got str"


def test_a_retract_line_cannot_name_itself_the_latest_decision():
    lines = [
        Label(file="f", kind="none", annotator="ann", task="t", decision="d1"),
        Label(file="f", kind="none", annotator="ann", task="t", decision="d2"),
        Label(file="f", kind="retract", annotator="ann", task="t", decision="d3",
              retracts="d2"),
    ]
    assert [lab.decision for lab in current_labels(lines)] == ["d1"]


def test_write_creates_missing_folders_and_gives_a_new_file_mode_644(tmp_path):
    path = tmp_path / "a" / "b" / "labels.jsonl"
    write_labels([GOOD], path)
    assert read_label_lines(path) == [GOOD]
    assert path.stat().st_mode & 0o7777 == 0o644


def test_rewrite_keeps_the_old_file_mode(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text("", encoding="utf-8")
    os.chmod(path, 0o600)
    write_labels([GOOD], path)
    assert path.stat().st_mode & 0o7777 == 0o600


def test_the_temp_file_sits_beside_the_target_with_a_hidden_tmp_name(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace

    def replace(src, dst):  # the real os.replace, with its source recorded
        seen.append(Path(src))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    path = tmp_path / "labels.jsonl"
    write_labels([GOOD], path)
    (temp,) = seen
    assert temp.parent == path.parent
    assert temp.name.startswith(".labels.jsonl.")
    assert temp.name.endswith(".tmp")
    assert [p.name for p in tmp_path.iterdir()] == ["labels.jsonl"]


def test_append_creates_missing_folders(tmp_path):
    path = tmp_path / "a" / "b" / "journal.jsonl"
    append_labels([GOOD], path)
    assert read_label_lines(path) == [GOOD]


def test_append_names_the_journal_in_its_error(tmp_path):
    path = tmp_path / "journal.jsonl"
    with pytest.raises(LabelError) as err:
        append_labels([Label(kind="none")], path)
    assert str(err.value) == f"{path}: label 1: needs article_id or file"


def test_append_to_an_empty_journal_writes_the_line(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        append_labels([GOOD], path)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_append_after_a_complete_line_cuts_nothing_and_warns_nothing(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text(LINE + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        append_labels([GOOD], path)
    assert read_label_lines(path) == [GOOD, GOOD]


def test_a_torn_line_is_cut_with_its_size_reported_where_append_was_called(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text(LINE + "\n" + '{"fil', encoding="utf-8")
    with pytest.warns(LabelWarning) as caught:
        append_labels([GOOD], path)
    (warning,) = caught
    assert str(warning.message).endswith("(5 bytes)")
    _assert_points_here(warning)
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2


def test_a_torn_last_line_is_reported_where_the_reading_was_asked(tmp_path):
    path = tmp_path / "journal.jsonl"
    path.write_text(LINE + "\n" + '{"fil', encoding="utf-8")
    with pytest.warns(LabelWarning) as caught:
        labels = read_label_lines(path)
    (warning,) = caught
    _assert_points_here(warning)
    assert labels == [GOOD]


def test_a_short_decision_is_reported_with_its_file_where_the_reading_was_asked(tmp_path):
    path = tmp_path / "journal.jsonl"
    line = {"file": "f", "kind": "none", "annotator": "ann", "task": "t", "decision": "d1",
            "lines": 2}
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.warns(LabelWarning) as caught:
        labels = read_label_lines(path)
    (warning,) = caught
    assert str(warning.message) == (
        f"{path}: ignoring decision d1: lines missing (cut short by a crash?)")
    _assert_points_here(warning)
    assert labels == []


def test_journals_are_utf8_whatever_the_locale(tmp_path):
    """Under a plain C locale (ASCII) a label with "é" is still written and read back."""
    script = (
        "import sys\n"
        "from stance.labels import Label, write_labels, read_label_lines\n"
        "path = sys.argv[1]\n"
        "write_labels([Label(file='f', kind='none', note='d\\u00e9j\\u00e0 vu')], path)\n"
        "print(read_label_lines(path)[0].note == 'd\\u00e9j\\u00e0 vu')\n")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C",
           "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    path = tmp_path / "labels.jsonl"
    done = subprocess.run([sys.executable, "-c", script, str(path)], env=env,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr
    assert "déjà vu" in path.read_text(encoding="utf-8")


def test_label_files_are_read_and_written_as_utf8_whatever_the_locale_says(tmp_path):
    # the default text encoding follows the locale (cp1252 on many Windows machines): every
    # open must name UTF-8, which Python's warn_default_encoding mode checks on any machine.
    # Done here first as well, so that a mutation run knows this test reaches that code.
    here = tmp_path / "here.jsonl"
    write_labels([GOOD], here)
    append_labels([GOOD], here)
    assert len(read_label_lines(here)) == 2
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('error', EncodingWarning)\n"
        "from stance.labels import Label, append_labels, read_label_lines, write_labels\n"
        "path = sys.argv[1]\n"
        "label = Label(file='seeds/a.txt', party='hamas', kind='position', issue='ceasefire',"
        " stance='demand', note='négociation')\n"
        "write_labels([label], path)\n"
        "append_labels([label], path)\n"
        "assert [lab.note for lab in read_label_lines(path)] == ['négociation'] * 2\n"
    )
    done = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", script,
                           str(tmp_path / "labels.jsonl")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
