"""Gold label files: validated reading (file:line errors), folders, atomic diff-friendly writing."""

import json
import os
from pathlib import Path

import pytest

from stance.errors import LabelError
from stance.labels import Label, read_labels, write_labels

LABELS = Path(__file__).parents[1] / "labels"

VALID = {"file": "seeds/a.txt", "party": "hamas", "kind": "position", "issue": "ceasefire",
         "stance": "demand", "target": ""}

ROUND_TRIP = [
    Label(file="seeds/a.txt", sentence="Hamas wants a “lasting” ceasefire.", party="hamas",
          kind="position", issue="ceasefire", stance="demand", annotator="gold", note="é"),
    Label(article_id="abc123", profile="ukraine", party="russia", kind="blame",
          target="ukraine"),
    Label(file="seeds/a.txt", party="israel", kind="blame", issue="deal", target="hamas"),
    Label(file="seeds/b.txt", kind="none", annotator="ann"),
]


def line(**changes):
    """A JSONL line: the valid position with some fields changed (None removes one)."""
    data = {**VALID, **changes}
    return json.dumps({k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(
    "stance, polarity", [("demand", "pro"), ("accept", "pro"), ("reject", "con"), ("", "")]
)
def test_polarity(stance, polarity):
    assert Label(stance=stance).polarity == polarity


def test_round_trip(tmp_path):
    path = tmp_path / "labels.jsonl"
    write_labels(ROUND_TRIP, path)
    assert read_labels(path) == ROUND_TRIP


def test_written_lines_are_sorted_and_minimal(tmp_path):
    path = tmp_path / "labels.jsonl"
    write_labels(ROUND_TRIP, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ROUND_TRIP)
    first = json.loads(lines[0])
    assert list(first) == sorted(first)
    assert "“lasting”" in lines[0] and "é" in lines[0]  # ensure_ascii=False
    # profile "gaza" and empty target are defaults; the scored fields are always written.
    assert first == {"annotator": "gold", "file": "seeds/a.txt", "issue": "ceasefire",
                     "kind": "position", "note": "é", "party": "hamas",
                     "sentence": "Hamas wants a “lasting” ceasefire.", "stance": "demand",
                     "target": ""}
    assert json.loads(lines[1])["profile"] == "ukraine"
    assert json.loads(lines[3]) == {"annotator": "ann", "file": "seeds/b.txt", "issue": "",
                                    "kind": "none", "party": "", "stance": "", "target": ""}


@pytest.mark.parametrize(
    "bad, problem",
    [
        ("{not json", "invalid JSON"),
        ('["a", "list"]', "expected a JSON object, got list"),
        (line(kind=None), "kind must be one of position, blame, none, not ''"),
        (line(kind="opinion"), "kind must be one of"),
        (line(file=None), "needs article_id or file"),
        (line(party=""), "a position needs a party"),
        (line(issue=""), "a position needs an issue"),
        (line(stance="maybe"), "a position needs stance demand, accept, reject, not 'maybe'"),
        (line(stance=None), "a position needs stance"),
        (line(target="israel"), "a position has no target"),
        (line(kind="blame", stance=""), "a blame needs a target"),
        (line(kind="blame", target="israel"), "a blame has no stance"),
        (line(stnace="demand"), "unknown field(s) stnace"),
        (line(issue=3), "issue must be a string, got int"),
        (line(target=None, stance=None, issue=None, kind="none", file=""), "needs article_id or file"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path, bad, problem):
    path = tmp_path / "x.jsonl"
    path.write_text(f"{line()}\n\n{bad}\n{line()}\n", encoding="utf-8")
    with pytest.raises(LabelError) as err:
        read_labels(path)
    message = str(err.value)
    assert message.startswith(f"{path}:3: ")
    assert problem in message


def test_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(f"\n{line()}\n   \n{line(party='israel')}\n\n", encoding="utf-8")
    assert [label.party for label in read_labels(path)] == ["hamas", "israel"]


def test_folder_reads_jsonl_files_in_name_order(tmp_path):
    (tmp_path / "b.jsonl").write_text(line(party="qatar") + "\n", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(line(party="egypt") + "\n" + line() + "\n",
                                      encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not labels", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text(line(party="usa") + "\n", encoding="utf-8")
    assert [label.party for label in read_labels(tmp_path)] == ["egypt", "hamas", "qatar"]
    assert [label.party for label in read_labels(str(tmp_path))] == ["egypt", "hamas", "qatar"]


def test_error_in_folder_names_the_file(tmp_path):
    (tmp_path / "a.jsonl").write_text(line() + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(line(kind="opinion") + "\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"b\.jsonl:1: kind must be"):
        read_labels(tmp_path)


@pytest.mark.parametrize("other_files", [[], ["notes.txt"]])
def test_folder_without_jsonl_files(tmp_path, other_files):
    for name in other_files:
        (tmp_path / name).write_text("x", encoding="utf-8")
    with pytest.raises(LabelError, match="no .jsonl label files in"):
        read_labels(tmp_path)


def test_missing_path(tmp_path):
    with pytest.raises(LabelError, match="no such labels file or folder"):
        read_labels(tmp_path / "missing.jsonl")


def test_undecodable_file(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"kind": "\xff"}\n')
    with pytest.raises(LabelError, match="cannot read"):
        read_labels(path)


def test_write_leaves_no_temp_file_and_replaces(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text("old\n", encoding="utf-8")
    write_labels(ROUND_TRIP[:1], path)
    assert os.listdir(tmp_path) == ["labels.jsonl"]
    assert read_labels(path) == ROUND_TRIP[:1]


def test_write_creates_missing_folders(tmp_path):
    path = tmp_path / "new" / "labels.jsonl"
    write_labels(ROUND_TRIP, path)
    assert read_labels(path) == ROUND_TRIP


def test_write_refuses_invalid_label_and_keeps_old_file(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text("old\n", encoding="utf-8")
    bad = Label(file="a.txt", party="hamas", kind="position", issue="ceasefire")
    with pytest.raises(LabelError, match=r"labels\.jsonl: label 2: a position needs stance"):
        write_labels([ROUND_TRIP[0], bad], path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["labels.jsonl"]


def test_failed_replace_keeps_old_file_and_removes_temp(tmp_path, monkeypatch):
    path = tmp_path / "labels.jsonl"
    path.write_text("old\n", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_labels(ROUND_TRIP, path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["labels.jsonl"]


def test_repository_gold_labels_load():
    labels = read_labels(LABELS / "gold.jsonl")
    assert labels
    assert {"position", "blame"} <= {label.kind for label in labels}
    assert set(labels) <= set(read_labels(LABELS))  # the folder form reads it too
