"""Agreement figures against values computed by hand on small tables, and `stance agreement`."""

from __future__ import annotations

import json

import pytest

from stance.labeling.agreement import agreement, align
from stance.labeling.decisions import Draft, decision_lines
from stance.labeling.tasks import Task
from stance.labels import append_labels


def task(n: int) -> Task:
    return Task(id=f"art{n}:0-10", article_id=f"art{n}", profile="gaza", start=0, end=10,
                sentence=f"sentence {n}")


def pos(party, stance, issue):
    return Draft(party=party, kind="position", stance=stance, issue=issue)


def blame(party, target, issue=""):
    return Draft(party=party, kind="blame", target=target, issue=issue)


K1 = pos("hamas", "demand", "ceasefire")
# Two annotators, five sentences (the hand computation is in the comments of the test).
TWO = {
    1: {"a": [K1], "b": [K1]},
    2: {"a": [pos("israel", "reject", "withdrawal")], "b": [pos("israel", "accept", "withdrawal")]},
    3: {"a": [blame("hamas", "israel", "deal")], "b": []},
    4: {"a": [], "b": []},
    5: {"a": [pos("qatar", "demand", "truce")], "b": [pos("qatar", "demand", "ceasefire")]},
}


def decisions(table) -> dict:
    out = {}
    for n, answers in table.items():
        for who, drafts in answers.items():
            out[(who, task(n).id)] = decision_lines(task(n), who, drafts)
    return out


def figures(report) -> dict:
    return {f.field: (f.items, f.raw, f.kappa, f.alpha) for f in report.fields}


def test_two_annotators_against_hand_computed_values():
    got = figures(agreement(decisions(TWO), ["a", "b"]))
    # party, on the 4 slots holding a statement: a = hamas israel hamas qatar,
    # b = hamas israel (none) qatar. Raw 3/4. Kappa: p_o = 3/4, p_e = 2/4*1/4 + 1/4*1/4 +
    # 1/4*1/4 = 1/4, so (3/4 - 1/4) / (3/4) = 2/3. Alpha: coincidences hh 2, ii 2, qq 2,
    # hn 1, nh 1; n_c = 3, 2, 2, 1; n = 8; 1 - 7 * 2 / (64 - 18) = 16/23.
    assert got["party"] == pytest.approx((4, 3 / 4, 2 / 3, 16 / 23))
    # issue: a = ceasefire withdrawal deal truce, b = ceasefire withdrawal (none) ceasefire.
    # Raw 2/4; p_e = 1/4*2/4 + 1/4*1/4 = 3/16, kappa (1/2 - 3/16) / (13/16) = 5/13.
    items, raw, kappa, _ = got["issue"]
    assert (items, raw, kappa) == pytest.approx((4, 1 / 2, 5 / 13))
    # stance, on the 3 slots holding a position: a = demand reject demand, b = demand accept
    # demand. Raw 2/3; p_e = 2/3*2/3 = 4/9, kappa (2/3 - 4/9) / (5/9) = 2/5; alpha: dd 4,
    # ra 1, ar 1; n = 6; 1 - 5 * 2 / (36 - 18) = 4/9.
    assert got["stance"] == pytest.approx((3, 2 / 3, 2 / 5, 4 / 9))
    # target, on the one blame slot: israel against (none): no agreement, kappa 0, alpha 0.
    assert got["target"] == pytest.approx((1, 0.0, 0.0, 0.0))
    # overall, on all 5 slots (sentence 4: both said "no statement", they agree): raw 2/5;
    # a's 5 values each 1/5, b's (none) 2/5: p_e = 1/25 + 2/25, kappa (10/25 - 3/25) / (22/25).
    items, raw, kappa, _ = got["overall"]
    assert (items, raw, kappa) == pytest.approx((5, 2 / 5, 7 / 22))


def test_three_annotators_alpha_with_a_missing_answer():
    table = {
        1: {"a": [K1], "b": [K1], "c": [K1]},
        2: {"a": [K1], "b": [K1], "c": []},
        3: {"a": [], "b": []},  # c did not see sentence 3
    }
    report = agreement(decisions(table), ["a", "b", "c"])
    items, raw, kappa, alpha = figures(report)["overall"]
    # units (K K K), (K K N), (N N -): coincidences KK 3 + 1, KN 1, NK 1, NN 2; n_K 5,
    # n_N 3, n 8: alpha = 1 - 7 * 2 / (64 - 34) = 8/15. Raw: units 1 and 3 agree.
    assert (items, raw, alpha) == pytest.approx((3, 2 / 3, 8 / 15))
    assert kappa is None  # Cohen's kappa is for two annotators
    assert report.tasks == 3


def test_sentences_only_one_annotator_did_are_not_compared():
    table = {1: {"a": [K1], "b": [K1]}, 2: {"a": [K1]}}
    report = agreement(decisions(table), ["a", "b"])
    assert report.tasks == 1
    assert figures(report)["overall"][0] == 1


@pytest.mark.parametrize("a, b, joined", [
    ([pos("hamas", "demand", "ceasefire")], [pos("hamas", "reject", "ceasefire")], True),
    ([pos("hamas", "demand", "ceasefire")], [pos("israel", "demand", "ceasefire")], True),
    ([pos("hamas", "demand", "ceasefire")], [pos("israel", "reject", "withdrawal")], False),
    ([pos("hamas", "demand", "ceasefire")], [blame("hamas", "israel")], False),
    ([blame("hamas", "israel")], [blame("qatar", "israel", "deal")], True),
])
def test_alignment_rule(a, b, joined):
    slots = align({"a": decision_lines(task(1), "a", a), "b": decision_lines(task(1), "b", b)})
    assert len(slots) == (1 if joined else 2)


def test_alignment_pairs_the_closest_statements():
    a = [pos("hamas", "demand", "ceasefire"), pos("hamas", "demand", "withdrawal")]
    b = [pos("hamas", "reject", "withdrawal"), pos("hamas", "demand", "ceasefire")]
    slots = align({"a": decision_lines(task(1), "a", a), "b": decision_lines(task(1), "b", b)})
    assert len(slots) == 2
    for slot in slots:
        assert slot["a"].issue == slot["b"].issue


def test_cli_agreement_json(run_cli, seeded_db, tmp_path):
    folder = tmp_path / "labels"
    for (who, _), lines in decisions(TWO).items():
        append_labels(lines, folder / f"{who}.jsonl")
    code, out, err = run_cli(["agreement", "--db", seeded_db, "--labels", folder, "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["annotators"] == ["a", "b"] and data["shared_sentences"] == 5
    assert data["fields"]["party"]["kappa"] == pytest.approx(2 / 3)
    code, out, err = run_cli(["agreement", "--db", seeded_db, "--labels", folder])
    assert code == 0 and "kappa" in out and "overall" in out


def test_cli_agreement_by_negotiation(run_cli, seeded_db, tmp_path):
    folder = tmp_path / "labels"
    for (who, _), lines in decisions(TWO).items():
        append_labels(lines, folder / f"{who}.jsonl")
    code, out, err = run_cli(["agreement", "--db", seeded_db, "--labels", folder, "--json",
                              "--by-negotiation"])
    assert code == 0, err
    data = json.loads(out)
    # the seeds are all of one negotiation: its table is the whole one
    assert set(data) == {"all", "gaza"}
    assert data["gaza"] == data["all"] and data["all"]["shared_sentences"] == 5
    code, out, err = run_cli(["agreement", "--db", seeded_db, "--labels", folder, "--by-negotiation"])
    assert code == 0 and out.startswith("negotiation: all\n") and "\nnegotiation: gaza\n" in out


def test_cli_agreement_needs_two_annotators(run_cli, seeded_db, tmp_path):
    folder = tmp_path / "labels"
    append_labels(decision_lines(task(1), "a", [K1]), folder / "a.jsonl")
    code, out, err = run_cli(["agreement", "--db", seeded_db, "--labels", folder])
    assert code == 2 and err.count("\n") == 1 and "needs two annotators" in err


def test_agreement_only_reads(run_cli, seeded_copy, tmp_path):
    from stance.store import store

    folder = tmp_path / "labels"
    for (who, _), lines in decisions(TWO).items():
        append_labels(lines, folder / f"{who}.jsonl")
    before = (folder / "a.jsonl").read_bytes()
    code, _, err = run_cli(["agreement", "--db", seeded_copy, "--labels", folder])
    assert code == 0, err
    assert store.label_lines(store.open_store(str(seeded_copy))) == []
    assert (folder / "a.jsonl").read_bytes() == before
