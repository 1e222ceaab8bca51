"""The learned model on the held-out side: trained on `train`, scored on `test` through the real
extractor, as `stance evaluate --split test --system combined|model` does.

A small slice of the labelled corpus (eight training and three test articles of the Israel–Hamas
talks, with the repository's split file) keeps these tests quick.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from stance.errors import StanceError
from stance.evaluation.evaluate import score
from stance.evaluation.gold import evaluate_gold, load_corpus
from stance.learn.combine import system_statements
from stance.learn.dataset import collect
from stance.learn.heldout import evaluate_learned, train_on_split
from stance.learn.persist import ANY_PROFILE, load_model, save_model

TRAIN = ["dev/012_qatar_pm_how_can_mediation_succeed_haniyeh.txt",
         "gaza/2024-02-06_thehill_qatari-pm-deal-soon-hostages.txt",
         "gaza/2024-03-07_wtxnews_hamas-leave-truce-talks-without-deal.txt",
         "gaza/2024-09-02_nysun_biden-netanyahu-not-doing-enough.txt",
         "dev/030_israel_keeps_rafah_closed_cuts_aid_hostage_bodies_npr.txt",
         "gaza/2023-10-20_nyt_hamas-releases-two-us-hostages.txt",
         "gaza/2023-10-30_wion_netanyahu-ceasefire-will-not-happen.txt",
         "gaza/2023-12-02_reuters_renewed-fighting-truce-collapses.txt"]
TEST = ["gaza/2024-01-29_msnbc_qatari-pm-hamas-engage-positively.txt",
        "gaza/2024-04-10_scripps_hamas-doesnt-have-40-living-hostages.txt",
        "gaza/2025-04-07_times-of-israel_egypt-floats-eight-hostages.txt"]


@pytest.fixture(scope="module")
def small_labels(repo_root, tmp_path_factory):
    """Labels of eleven articles beside the repository's split file."""
    folder = tmp_path_factory.mktemp("heldout")
    lines = [line for line in (repo_root / "labels" / "gold.jsonl").read_text().splitlines()
             if json.loads(line)["file"] in TRAIN + TEST]
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n")
    shutil.copy(repo_root / "labels" / "split.yaml", folder / "split.yaml")
    return folder


@pytest.fixture(scope="module")
def fitted(small_labels):
    return train_on_split(small_labels)


def test_the_slice_has_both_sides(small_labels):
    assert len(load_corpus(small_labels, split="train").articles) == len(TRAIN)
    assert sorted(load_corpus(small_labels, split="test").articles) == sorted(TEST)


def test_training_uses_the_train_side_only(fitted, small_labels):
    train_labels = sum(1 for labs in load_corpus(small_labels, split="train").gold.values()
                       for lab in labs if lab.kind != "none")
    assert fitted.meta["labels"] == train_labels
    assert fitted.meta["articles"] == len(TRAIN)
    assert fitted.profile == ANY_PROFILE


def test_the_model_alone_scores_what_its_candidates_say(fitted, small_labels):
    """Through the extractor, the model-only system keeps exactly the answers its
    candidates get: the same score as the candidates scored directly."""
    result = evaluate_learned(small_labels, system="model", fitted=fitted, replicates=20)
    test = collect(load_corpus(small_labels, split="test").labels)
    direct = score(test.gold, system_statements(test.candidates, fitted.probabilities(test.candidates),
                                                fitted.policy, "model"))
    assert result.articles == len(TEST)
    assert result.report.positions == direct.positions
    assert result.report.blame == direct.blame


def test_combined_that_never_adds_or_drops_is_the_rules(fitted, small_labels):
    """With thresholds no probability reaches, the combined system keeps every rule
    statement and adds none: the rules' own evaluation of the test side."""
    policy = replace(fitted.policy, add={"position": 1.01, "blame": 1.01},
                     veto={"position": 0.0, "blame": 0.0})
    silent = replace(fitted, policy=policy)
    combined = evaluate_learned(small_labels, system="combined", fitted=silent, replicates=20)
    rules = evaluate_gold(small_labels, split="test", replicates=20)
    assert combined.report.positions == rules.report.positions
    assert combined.report.blame == rules.report.blame
    assert combined.system == "combined" and combined.split == "test"
    # and the paired difference from the rules is nothing, in every resample
    assert combined.versus[0] == "rules"
    assert all(diff == (0.0, 0.0, 0.0) for diff in combined.versus[1].values())


def test_the_difference_from_the_rules_is_the_two_scores_apart(fitted, small_labels):
    combined = evaluate_learned(small_labels, system="combined", fitted=fitted, replicates=200)
    rules = evaluate_gold(small_labels, split="test", replicates=20)
    for metric, mine, theirs in (("positions polarity", combined.report.positions.polarity,
                                  rules.report.positions.polarity),
                                 ("blame polarity", combined.report.blame.polarity, rules.report.blame.polarity)):
        diff, lo, hi = combined.versus[1][metric]
        assert diff == pytest.approx(mine.f1 - theirs.f1)
        assert lo <= diff <= hi


def test_a_model_for_every_profile_loads_for_any_profile(fitted, tmp_path):
    path = tmp_path / "all.skops"
    save_model(fitted, path)
    for profile in ("gaza", "sudan"):
        assert load_model(path, profile=profile).version == fitted.version


@pytest.mark.parametrize("kwargs, message", [
    ({"split": "train"}, "score it on the other side"),
    ({"split": "all"}, "score it on the other side"),
    ({"system": "rules"}, "unknown learned system"),
])
def test_scoring_where_the_model_was_trained_is_refused(small_labels, fitted, kwargs, message):
    with pytest.raises(StanceError, match=message):
        evaluate_learned(small_labels, fitted=fitted, **kwargs)


def test_evaluate_command_scores_the_combined_system_on_test(run_cli, small_labels):
    code, out, err = run_cli(["evaluate", "--gold", small_labels, "--system", "combined",
                              "--bootstrap", "20", "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["split"] == "test" and data["system"] == "combined"
    assert data["versus"]["system"] == "rules"
    assert set(data["versus"]["f1_difference"]) == {"positions polarity", "positions strict",
                                                     "blame polarity", "blame strict"}
    code, text, _ = run_cli(["evaluate", "--gold", small_labels, "--system", "combined", "--bootstrap", "20"])
    assert code == 0 and "Against rules on the same articles" in text
    code, _, err = run_cli(["evaluate", "--gold", small_labels, "--system", "model", "--split", "train"])
    assert code == 2 and "score it on the other side" in err and err.count("\n") == 1


def test_the_split_file_given_is_the_one_used(run_cli, small_labels, tmp_path):
    code, _, err = run_cli(["evaluate", "--gold", small_labels, "--system", "model",
                            "--split-file", tmp_path / "missing.yaml"])
    assert code == 2 and "missing.yaml" in err and err.count("\n") == 1
