"""Human labels in the store and in every export; journals that survive crashes; labels export/import."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings
from pathlib import Path

import pytest
from conftest import REPO
from test_label_tui import current, drive, journal, space, with_statements  # noqa: F401 (fixture)

from stance.analysis.export import STATEMENT_COLUMNS
from stance.analysis.stored import stored_statements
from stance.errors import LabelError, StanceError
from stance.labeling.decisions import Draft, decision_lines
from stance.labeling.workspace import check_annotator
from stance.labels import (
    LabelWarning,
    append_labels,
    read_label_lines,
    read_labels,
)
from stance.store import store


def rows_of(db, task):
    code_rows = list(csv.DictReader(io.StringIO(db, newline="")))
    return [r for r in code_rows if r["sentence"] == task.sentence]


def export_csv(run_cli, db, tmp_path) -> str:
    target = tmp_path / "statements.csv"
    code, _, err = run_cli(["export", target, "--db", db])
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def test_export_shows_method_human_and_hides_deleted_statements(run_cli, space, tmp_path):  # noqa: F811
    task = next(t for t in with_statements(space) if len(t.statements) >= 2)
    db = space.engine.url.database
    before = rows_of(export_csv(run_cli, db, tmp_path), task)
    assert {r["method"] for r in before} == {"rule"} and len(before) == len(task.statements)
    drive(space, "2d+qatar accept truce\raq", tasks=[task])  # delete the 2nd, add one
    after = rows_of(export_csv(run_cli, db, tmp_path), task)
    kept = [task.statements[0], *task.statements[2:]]
    assert {(r["party"], r["kind"], r["issue"], r["stance"], r["target"]) for r in after} == \
        {s.key for s in kept} | {("qatar", "position", "truce", "accept", "")}
    assert {r["method"] for r in after} == {"human"}
    assert {float(r["confidence"]) for r in after} == {1.0}
    deleted = task.statements[1]
    assert deleted.key not in {(r["party"], r["kind"], r["issue"], r["stance"], r["target"]) for r in after}
    # other sentences keep the extractor's statements
    total = list(csv.DictReader(io.StringIO(export_csv(run_cli, db, tmp_path), newline="")))
    assert any(r["method"] == "rule" for r in total)


def test_read_statements_gives_the_rows_the_export_writes_with_human_labels(run_cli, space, tmp_path):  # noqa: F811
    import stance

    task = next(t for t in with_statements(space) if len(t.statements) >= 2)
    drive(space, "2d+qatar accept truce\raq", tasks=[task])  # delete the 2nd, add one
    db = space.engine.url.database
    exported = list(csv.DictReader(io.StringIO(export_csv(run_cli, db, tmp_path), newline="")))
    frame = stance.read_statements(db)
    assert list(frame.columns[:len(STATEMENT_COLUMNS)]) == list(STATEMENT_COLUMNS)
    key = ("article_id", "party", "kind", "issue", "stance", "target", "method", "sentence")
    assert sorted(tuple(r[k] for k in key) for r in exported) == \
        sorted(tuple(r[k] for k in key) for r in frame.to_dict("records"))
    assert "human" in set(frame["method"])
    # and with a filter, as the export's
    qatar = stance.read_statements(db, party=["qatar"])
    assert ("qatar", "human") in set(zip(qatar["party"], qatar["method"]))
    assert set(qatar["party"]) == {"qatar"}


def test_filters_apply_to_human_statements(space):  # noqa: F811
    task = with_statements(space)[0]
    drive(space, "+qatar accept truce\raq", tasks=[task])
    qatar = stored_statements(space.engine, party=["qatar"])
    assert [(s.party, s.method) for s in qatar if s.start == task.start] == [("qatar", "human")]
    assert all(s.party == "qatar" for s in qatar)
    assert not [s for s in stored_statements(space.engine, kind="blame") if s.party == "qatar"
                and s.start == task.start]


def test_extract_all_keeps_human_labels(run_cli, space):  # noqa: F811
    task = with_statements(space)[0]
    drive(space, "nq", tasks=[task])
    db = space.engine.url.database
    code, _, err = run_cli(["extract", "--all", "--db", db, "--quiet"])
    assert code == 0, err
    rows = [s for s in stored_statements(space.engine) if s.start == task.start
            and s.article_id == task.article_id]
    assert rows == []  # still "no statement": the label outlived the re-extraction
    assert len(store.label_lines(space.engine)) == 1


# --- journals -------------------------------------------------------------------------------

def lines_for(n: int, annotator="ann"):
    from stance.labeling.tasks import Task

    task = Task(id=f"art:{n}-{n + 5}", article_id="art", profile="gaza", start=n, end=n + 5,
                sentence="s")
    return decision_lines(task, annotator, [Draft(party="hamas", stance="demand", issue="truce"),
                                            Draft(party="israel", stance="reject", issue="truce")])


def test_a_torn_last_line_is_ignored_with_a_warning(tmp_path):
    path = tmp_path / "ann.jsonl"
    append_labels(lines_for(0), path)
    whole = path.read_text(encoding="utf-8")
    second = lines_for(10)
    append_labels(second, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(whole) + 40], encoding="utf-8")  # killed in the middle of a write
    with pytest.warns(LabelWarning, match="incomplete last line"):
        labels = read_labels(path)
    assert {lab.task for lab in labels} == {"art:0-5"}
    # the next append cuts the torn line off, and everything reads again
    with pytest.warns(LabelWarning, match="cutting an incomplete last line"):
        append_labels(lines_for(20), path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LabelWarning)
        assert {lab.task for lab in read_labels(path)} == {"art:0-5", "art:20-25"}


def test_a_decision_cut_short_is_ignored(tmp_path):
    path = tmp_path / "ann.jsonl"
    append_labels(lines_for(0), path)
    append_labels(lines_for(10)[:1], path)  # 1 of 2 lines made it to disk
    with pytest.warns(LabelWarning, match="lines missing"):
        assert {lab.task for lab in read_labels(path)} == {"art:0-5"}


def test_a_malformed_line_in_the_middle_names_file_and_line(tmp_path):
    path = tmp_path / "ann.jsonl"
    append_labels(lines_for(0), path)
    with path.open("a", encoding="utf-8") as out:
        out.write('{"kind": "position", "party": "hamas"\n')
    append_labels(lines_for(10), path)
    with pytest.raises(LabelError, match=rf"^{path}:3: invalid JSON"):
        read_label_lines(path)


def test_gold_labels_still_read_the_same(repo_root):
    labels = read_labels(repo_root / "labels" / "gold.jsonl")
    assert len(labels) == sum(1 for line in (repo_root / "labels" / "gold.jsonl").open() if line.strip())
    assert all(not lab.task for lab in labels)


@pytest.mark.parametrize("name, ok", [("ann", True), ("a.b-c_1", True), ("Ann", False),
                                      ("../x", False), ("", False), ("a b", False), ("x" * 41, False)])
def test_annotator_names_are_safe_file_names(name, ok):
    if ok:
        assert check_annotator(name) == name
    else:
        with pytest.raises(StanceError, match="annotator name"):
            check_annotator(name)


def test_label_without_a_terminal_or_name_is_a_clear_error(run_cli, seeded_db, tmp_path, monkeypatch):
    monkeypatch.delenv("STANCE_ANNOTATOR", raising=False)
    code, out, err = run_cli(["label", "--db", seeded_db, "--labels", tmp_path])
    assert code == 2 and err.count("\n") == 1 and "--annotator" in err
    code, out, err = run_cli(["label", "--annotator", "ann", "--db", seeded_db, "--labels", tmp_path])
    assert code == 2 and "needs a terminal" in err


# --- export / import --------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_export_then_import_on_another_machine(run_cli, space, seeded_db, tmp_path, suffix):  # noqa: F811
    drive(space, "a+qatar accept truce\ranuq")  # accept, add+accept, none, then undo the none
    exported = tmp_path / f"ann.{suffix}"
    db = space.engine.url.database
    code, out, err = run_cli(["labels", "export", exported, "--db", db, "--labels", space.folder])
    assert code == 0, err
    # another machine: a fresh copy of the seeded database, an empty labels folder
    other_db = tmp_path / "other.db"
    other_db.write_bytes(seeded_db.read_bytes())
    other = tmp_path / "other-labels"
    code, out, err = run_cli(["labels", "import", exported, "--db", other_db, "--labels", other])
    assert code == 0, err
    assert out.startswith("imported 2 decision(s)")
    assert {k: v for k, v in current(space).items()} == _current_of(other_db, other)
    first = export_csv(run_cli, db, tmp_path)
    assert export_csv(run_cli, other_db, tmp_path) == first
    # importing again adds nothing
    code, out, err = run_cli(["labels", "import", exported, "--db", other_db, "--labels", other])
    assert code == 0 and out.startswith("imported 0 decision(s)") and "2 already there" in out
    assert len(journal(other)) == sum(1 for _ in journal(other))
    assert len(store.label_lines(store.open_store(str(other_db)))) == len(journal(other))


def test_an_export_says_how_many_imported_article_level_decisions_it_leaves_out(run_cli, seeded_copy, tmp_path):
    # gold.jsonl's labels of the seeds become decisions in the store, not journal lines: the
    # export of journals has none of them, and says so rather than "0 lines" alone
    folder = tmp_path / "labels"
    code, out, err = run_cli(["labels", "import", REPO / "labels" / "gold.jsonl", "--db", seeded_copy,
                              "--labels", folder])
    assert code == 0, err
    imported = int(out.split()[1])
    assert imported > 0
    code, out, err = run_cli(["labels", "export", tmp_path / "out.jsonl", "--db", seeded_copy, "--labels", folder])
    assert code == 0, err
    assert out == (f"wrote 0 label line(s) to {tmp_path / 'out.jsonl'}; {imported} decision(s) of article-level "
                   "label files (such as gold.jsonl) left out: those files are where they are kept\n")
    code, out, err = run_cli(["labels", "export", "-", "--db", seeded_copy, "--labels", folder])
    assert (code, out) == (0, "")
    assert err == (f"stance: note: {imported} decision(s) of article-level label files (such as gold.jsonl) "
                   "left out: those files are where they are kept\n")
    # only the annotators asked for are counted
    code, out, err = run_cli(["labels", "export", "-", "--db", seeded_copy, "--labels", folder,
                              "--annotator", "nobody"])
    assert (code, out, err) == (0, "", "")


def _current_of(db, folder):
    from test_label_tui import workspace

    from stance.labeling.workspace import Workspace

    opened = workspace(db, folder)
    assert isinstance(opened, Workspace)
    return current(opened)


def test_import_reports_every_bad_line_and_writes_nothing(run_cli, seeded_copy, tmp_path):
    good = [json.dumps(line) for line in map(_as_dict, lines_for(0))]
    bad_party = json.dumps({**_as_dict(lines_for(10)[0]), "party": "martians", "lines": 1})
    bad_json = "{oops"
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([good[0], bad_party, good[1], bad_json]) + "\n", encoding="utf-8")
    folder = tmp_path / "labels"
    code, out, err = run_cli(["labels", "import", source, "--db", seeded_copy, "--labels", folder])
    assert code == 2
    errors = err.strip().splitlines()
    assert errors[0] == f"stance: error: {source}:2: party 'martians' is not a party of profile gaza"
    assert errors[1].startswith(f"stance: error: {source}:4: invalid JSON")
    assert "nothing imported" in errors[-1]
    assert not folder.exists() and store.label_lines(store.open_store(str(seeded_copy))) == []


def _as_dict(label):
    from stance.labels import label_to_dict

    return label_to_dict(label)


def test_import_gold_labels_into_the_store(run_cli, seeded_copy, tmp_path, repo_root):
    code, out, err = run_cli(["labels", "import", repo_root / "labels" / "gold.jsonl",
                              "--db", seeded_copy, "--labels", tmp_path / "labels"])
    assert code == 0, err
    engine = store.open_store(str(seeded_copy))
    rows = stored_statements(engine)
    gold_seeds = [lab for lab in read_labels(repo_root / "labels" / "gold.jsonl")
                  if lab.file.startswith("seeds/")]
    human = [s for s in rows if s.method == "human"]
    assert len(human) == len({(lab.sentence, lab.party, lab.kind, lab.issue, lab.stance, lab.target)
                              for lab in gold_seeds})
    assert all(s.method == "human" for s in rows)  # gold covers every seed sentence
    assert "are for articles not in this database" in out  # the dev-corpus labels: not in this store


def test_status_lists_gold_as_done(run_cli, seeded_db, tmp_path, repo_root):
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "gold.jsonl").write_bytes((repo_root / "labels" / "gold.jsonl").read_bytes())
    code, out, err = run_cli(["labels", "status", "--db", seeded_db, "--labels", folder])
    assert code == 0, err
    total = int(out.split()[0])
    gold = next(line for line in out.splitlines() if line.strip().startswith("gold"))
    assert int(gold.split()[1]) == total  # every candidate sentence of the seeds is done


def test_a_version_1_database_is_upgraded(seeded_copy):
    con = sqlite3.connect(seeded_copy)
    con.execute("DROP TABLE label")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    engine = store.open_store(str(seeded_copy), create=False)
    assert store.label_lines(engine) == []
    con = sqlite3.connect(seeded_copy)
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(store.SCHEMA_VERSION),)
    con.close()


def test_an_article_read_with_no_statement_clears_its_suggestions(run_cli, seeded_copy, tmp_path, repo_root):
    from stance.io.ingest import read_file

    art = read_file(repo_root / "seeds" / "001_6c84b83942d16bb2.txt")[0]
    engine = store.open_store(str(seeded_copy))
    assert any(s.article_id == art.id for s in stored_statements(engine))
    none = tmp_path / "none.jsonl"
    none.write_text(json.dumps({"article_id": art.id, "file": "seeds/001_6c84b83942d16bb2.txt",
                                "kind": "none", "annotator": "ann"}) + "\n")
    code, out, err = run_cli(["labels", "import", none, "--db", seeded_copy, "--labels", tmp_path / "labels"])
    assert code == 0, err
    assert "are for articles not in this database" not in out
    csv_text = export_csv(run_cli, seeded_copy, tmp_path)
    assert art.id not in csv_text


@pytest.mark.parametrize("write", ["append", "rewrite"])
def test_label_writes_reach_the_disk_before_they_return(tmp_path, monkeypatch, write):
    # a killed process keeps what the OS cached, so only fsync shows that the data would
    # survive a power cut: it must be called on the file, after the new lines are in it
    import os

    import stance.labels as labels_module

    journal = tmp_path / "ann.jsonl"
    synced = []
    real_fsync = os.fsync

    def fsync(fd):
        path = Path(os.readlink(f"/proc/self/fd/{fd}"))
        synced.append((path, path.read_bytes()))
        real_fsync(fd)

    monkeypatch.setattr(labels_module.os, "fsync", fsync)
    lines = lines_for(1)
    if write == "append":
        labels_module.append_labels(lines, journal)
        assert synced and synced[-1] == (journal, journal.read_bytes())
    else:
        labels_module.write_labels(lines, journal)
        # the temporary file is synced whole, then renamed over the journal
        assert synced and synced[-1][1] == journal.read_bytes()
    assert b'"decision"' in synced[-1][1]


def test_a_label_csv_is_spreadsheet_safe_and_imports_back_verbatim(tmp_path):
    from stance.labeling.transfer import read_import, write_export
    from stance.labels import Label

    lab = Label(article_id="a1", profile="gaza", sentence="=cmd|' /C calc'!A0 Hamas rejected the deal.",
                party="hamas", kind="position", issue="deal", stance="reject", annotator="ann")
    path = tmp_path / "labels.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_export([lab], out, "csv")
    assert "'=cmd" in path.read_text()
    (found,), problems = read_import(path, "csv")
    assert not problems and found[1].sentence == lab.sentence
    with path.open("w", encoding="utf-8", newline="") as out:
        write_export([lab], out, "csv", raw=True)
    assert "'=cmd" not in path.read_text() and "=cmd" in path.read_text()


def test_one_bad_journal_is_left_out_and_the_team_goes_on(run_cli, seeded_db, tmp_path):
    folder = tmp_path / "labels"
    append_labels(lines_for(0, "ann"), folder / "ann.jsonl")
    append_labels(lines_for(20, "bob"), folder / "bob.jsonl")
    with (folder / "bob.jsonl").open("a", encoding="utf-8") as out:
        out.write('{"kind": "position", "party": "hamas"\n')  # malformed, then more lines
    append_labels(lines_for(30, "bob"), folder / "bob.jsonl")
    code, out, err = run_cli(["labels", "status", "--db", seeded_db, "--labels", folder])
    assert code == 0, err
    assert f"{folder / 'bob.jsonl'}:3: invalid JSON" in err and "bob.jsonl is left out" in err
    assert "ann" in out and "bob" not in out


def test_a_label_with_ids_its_profile_does_not_know_is_skipped_with_a_warning(tmp_path, seeded_db):
    from dataclasses import replace

    from stance.labeling.workspace import open_workspace

    folder = tmp_path / "labels"
    good = lines_for(0, "ann")
    foreign = [replace(line, party="mossad") if line.party == "israel" else line for line in lines_for(40, "ann")]
    append_labels(good + foreign, folder / "ann.jsonl")
    opened = open_workspace(str(seeded_db), folder, sync=False)
    assert all(lab.party != "mossad" for lab in opened.lines)
    assert any(lab.party == "israel" for lab in opened.lines)
    assert any("party 'mossad' is not a party of profile gaza; line skipped" in w for w in opened.warnings)
