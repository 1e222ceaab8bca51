"""The model's commands end to end on the seed articles' labels: train, evaluate
--by-group/--compare, rules report, and their one-line errors."""

from __future__ import annotations

import json

import pytest

from stance.extraction.rules import NAMED_RULES
from stance.learn.dataset import collect
from stance.learn.persist import load_model


def test_train_reports_cross_validated_scores_and_saves_a_model(run_cli, seed_labels, tmp_path):
    out_file = tmp_path / "m.skops"
    code, out, err = run_cli(["train", "--gold", seed_labels, "--out", out_file, "--folds", "2"])
    assert code == 0, err
    assert "grouped cross-validation, 2 folds" in out
    rows = [line.split()[0] for line in out.splitlines() if line.split()[:1] in (["rules"], ["model"], ["combined"])]
    assert rows == ["rules", "model", "combined"]
    model = load_model(out_file, profile="gaza")
    assert model.meta["labels"] == sum(1 for _ in seed_labels.read_text().splitlines())
    assert set(model.meta["scores"]) == {"rules", "model", "combined"}
    assert f"saved model {model.version}" in out
    # the rules inside cross-validation are the rules: the same F1 as a plain evaluation,
    # in the printed table and in the saved model
    code, plain, _ = run_cli(["evaluate", "--gold", seed_labels, "--json"])
    pos = json.loads(plain)["positions"]["polarity"]
    saved = model.meta["scores"]["rules"]
    assert saved["positions_f1"] == round(pos["f1"], 4)
    rules_row = next(line.split() for line in out.splitlines() if line.split()[:1] == ["rules"])
    assert rules_row[1:4] == [f"{pos['precision']:.3f}", f"{pos['recall']:.3f}", f"{pos['f1']:.3f}"]


@pytest.mark.parametrize("argv, message", [
    (["--profile", "hezbollah"], "no labels of profile 'hezbollah'"),
    (["--out", "no/such/folder/m.skops"], "folder no/such/folder does not exist"),
    (["--weak-weight", "0.5"], "--weak-weight needs --unlabelled DIR"),
    (["--unlabelled", "no/such/folder"], "is not a folder"),
])
def test_train_errors_are_one_line(run_cli, seed_labels, argv, message):
    code, out, err = run_cli(["train", "--gold", seed_labels, *argv])
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_evaluate_compares_systems_in_one_table(run_cli, seed_labels):
    code, out, err = run_cli(["evaluate", "--gold", seed_labels, "--by-group", "article",
                              "--compare", "rules,combined", "--folds", "2"])
    assert code == 0, err
    assert "grouped by article, 2 folds" in out
    table = out.split("\n\n")[0].splitlines()
    assert [line.split()[0] for line in table[2:]] == ["rules", "combined"]
    assert "Positions by issue" in out and "gold \\ predicted" in out
    assert "Brier" in out


def test_evaluate_compare_as_json_matches_the_rules_only_evaluation(run_cli, seed_labels):
    code, out, _ = run_cli(["evaluate", "--gold", seed_labels, "--compare", "rules", "--folds", "2", "--json"])
    assert code == 0
    data = json.loads(out)
    code, plain, _ = run_cli(["evaluate", "--gold", seed_labels, "--json"])
    # the rules inside cross-validation are the rules: same score as a plain evaluation
    assert data["systems"]["rules"]["positions"] == json.loads(plain)["positions"]
    assert data["systems"]["rules"]["blame"] == json.loads(plain)["blame"]


def test_evaluate_compare_refuses_an_unknown_system(run_cli, seed_labels):
    code, _, err = run_cli(["evaluate", "--gold", seed_labels, "--compare", "rules,oracle"])
    assert code == 2 and "--compare takes" in err and err.count("\n") == 1


def test_rules_report_lists_rules_with_accuracy(run_cli, seed_labels):
    code, out, err = run_cli(["rules", "report", "--gold", seed_labels])
    assert code == 0, err
    lines = out.splitlines()
    assert "candidates" in lines[0] and "accuracy" in lines[1]
    rows = {line.split()[0]: line.split() for line in lines[2:]}
    assert "attr.np" in rows
    # a rule that abstained where another rule answered covers the candidate without voting
    abstaining = {rule for c in collect(seed_labels).candidates for rule in c.abstained}
    for cells in rows.values():
        covered, right, wrong = int(cells[1]), int(cells[5]), int(cells[6])
        assert covered >= 1
        assert right + wrong >= covered or cells[0] in abstaining, cells
        assert 0.0 <= float(cells[7]) <= 1.0


def test_rules_report_by_name_lists_the_named_rules_that_voted(run_cli, seed_labels):
    code, out, err = run_cli(["rules", "report", "--gold", seed_labels, "--by", "name"])
    assert code == 0, err
    rows = {line.split()[0] for line in out.splitlines()[2:]}
    assert "positions.stance-cues" in rows
    assert rows <= set(NAMED_RULES)  # names only: no word-list ids (issue.*, attr.*)


def test_train_makes_its_default_folder(run_cli, seed_labels, tmp_path, monkeypatch):
    """A fresh clone has no models/ folder: the default --out makes it; a folder the user
    names must exist (the one-line error above)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["train", "--gold", seed_labels, "--folds", "0"])
    assert code == 0, err
    assert load_model(tmp_path / "models" / "gaza.skops", profile="gaza").version in out


def test_train_with_unlabelled_articles_says_which_files_it_left_out(run_cli, seed_labels, tmp_path):
    folder = tmp_path / "unlabelled" / "gaza"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("date: 2024-05-01\n\nIsrael rejected the ceasefire proposal, "
                                  "officials said on Tuesday.\n")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run_cli(["train", "--gold", seed_labels, "--folds", "0", "--out", tmp_path / "m.skops",
                              "--unlabelled", tmp_path / "unlabelled"])
    assert code == 0, err
    assert "of 1 unlabelled articles" in err
    assert "1 unlabelled file(s) could not be read and are left out (first: " in err and "b.txt" in err
    model = load_model(tmp_path / "m.skops", profile="gaza")
    assert model.meta["weak"]["articles"] == {"gaza": 1} and model.meta["recipe"]["weak_weight"] == 0.3
