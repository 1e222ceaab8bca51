"""The combination policy: precise rules stand, the model vetoes or adds at thresholds
chosen on held-out data, and ``method`` says who decided. Hand-made candidates and
probabilities, so every expected value is worked out by hand."""

import numpy as np
import pytest

from stance.labels import Label
from stance.learn.candidates import Candidate
from stance.learn.combine import (
    ADD_GRID,
    Policy,
    agreement,
    best_answer,
    choose_policy,
    decide,
    precise_rules,
)
from stance.records import Statement


def rule(party="hamas", issue="deal", stance="reject", rule_ids=("issue.deal", "cue.reject.verb", "attr.np"),
         kind="position", target=""):
    return Statement(article_id="A", party=party, kind=kind, issue=issue, stance=stance, target=target,
                     sentence="s", start=0, end=1, confidence=0.8, rule_ids=rule_ids)


def cand(party="hamas", issue="deal", rules=(), kind="position", target="", article="A"):
    return Candidate(article, kind, party, issue if kind == "position" else "", target, "s", 0, 1,
                     ("x",), "x", tuple(rules))


# columns: none, demand, accept, reject
P = lambda none, demand, accept, reject: np.array([none, demand, accept, reject])  # noqa: E731
POLICY = Policy(add={"position": 0.6, "blame": 0.6}, veto={"position": 0.2, "blame": 0.2},
                model_only={"position": 0.5, "blame": 0.5}, precise=("cue.negation",))


def test_best_answer_picks_the_polarity_then_the_stance():
    # pro = 0.3 + 0.25 = 0.55 > con 0.2: demand (0.3 > 0.25), scored by the polarity
    assert best_answer("position", P(0.25, 0.3, 0.25, 0.2)) == ("demand", pytest.approx(0.55))
    assert best_answer("position", P(0.2, 0.1, 0.2, 0.5)) == ("reject", pytest.approx(0.5))
    assert best_answer("blame", np.array([0.3, 0.7])) == ("blame", pytest.approx(0.7))


def test_agreement_is_the_probability_of_the_rules_polarity():
    assert agreement(rule(stance="reject"), P(0.1, 0.2, 0.3, 0.4)) == pytest.approx(0.4)
    assert agreement(rule(stance="accept"), P(0.1, 0.2, 0.3, 0.4)) == pytest.approx(0.5)


@pytest.mark.parametrize("proba, expected_method", [
    (P(0.1, 0.0, 0.0, 0.9), "rule+model"),   # agrees (0.9 >= 0.5)
    (P(0.6, 0.1, 0.0, 0.3), "rule"),         # unsure (0.3): kept, the rules decided
    (P(0.9, 0.0, 0.0, 0.1), None),           # disagrees (0.1 < veto 0.2): dropped
])
def test_a_rule_statement_is_kept_or_vetoed(proba, expected_method):
    out = decide(cand(rules=[rule()]), proba, POLICY, "combined", version="m1")
    assert [s.method for s in out] == ([expected_method] if expected_method else [])
    for s in out:
        assert s.model_version == "m1" and s.model_score == pytest.approx(proba[3])
        assert s.stance == "reject"


def test_a_precise_rule_stands_whatever_the_model_says():
    precise = rule(rule_ids=("issue.deal", "cue.negation", "attr.np"))
    out = decide(cand(rules=[precise]), P(0.99, 0.0, 0.0, 0.01), POLICY, "combined", version="m1")
    assert [s.method for s in out] == ["rule"]


def test_the_model_adds_only_where_the_rules_are_silent_and_only_above_the_threshold():
    assert decide(cand(), P(0.45, 0.5, 0.05, 0.0), POLICY, "combined") == []  # 0.55 < 0.6
    out = decide(cand(), P(0.3, 0.5, 0.2, 0.0), POLICY, "combined", version="m1")
    assert [(s.method, s.stance, s.model_score) for s in out] == [("model", "demand", 0.7)]
    assert out[0].rule_ids == ("model",) and out[0].confidence == 0.7


def test_blame_added_by_the_model_has_a_target_and_no_stance():
    out = decide(cand(kind="blame", target="israel"), np.array([0.2, 0.8]), POLICY, "combined")
    assert [(s.kind, s.party, s.target, s.stance) for s in out] == [("blame", "hamas", "israel", "")]


def test_rules_and_model_alone():
    c = cand(rules=[rule()])
    assert decide(c, P(0.9, 0.0, 0.0, 0.1), POLICY, "rules") == [rule()]
    assert decide(c, None, POLICY, "combined") == [rule()]  # no model: the rules speak
    # model-only ignores the rules: pro 0.6 >= 0.5
    assert [s.stance for s in decide(c, P(0.4, 0.6, 0.0, 0.0), POLICY, "model")] == ["demand"]


def test_precise_rules_need_enough_uses_and_accuracy():
    five_right = [(cand(rules=[rule(rule_ids=("cue.a",))]), "reject")] * 5
    four_of_five = [(cand(rules=[rule(rule_ids=("cue.b",))]), "reject")] * 4 + \
                   [(cand(rules=[rule(rule_ids=("cue.b",))]), "none")]
    four_uses = [(cand(rules=[rule(rule_ids=("cue.c",))]), "reject")] * 4
    items = five_right + four_of_five + four_uses
    assert precise_rules([c for c, _ in items], [y for _, y in items]) == ("cue.a",)


def test_choose_policy_takes_the_threshold_with_the_best_held_out_f1():
    gold = {"A": [Label(file="a", party="hamas", kind="position", issue="deal", stance="demand")]}
    cands = [cand(party="hamas"), cand(party="israel")]
    probas = [P(0.3, 0.7, 0.0, 0.0), P(0.6, 0.4, 0.0, 0.0)]
    policy = choose_policy(cands, ["demand", "none"], probas, gold)
    # add <= 0.4: F1 2/3; 0.4 < add <= 0.7: F1 1; above: 0. Ties go to the higher add.
    assert policy.add["position"] == 0.7
    assert policy.model_only["position"] == 0.7
    assert policy.veto["position"] == 0.0
    # no blame candidate: every threshold scores 0, the most conservative one is kept
    assert policy.add["blame"] == max(ADD_GRID)


def test_policy_survives_a_round_trip_through_plain_types():
    assert Policy.from_dict(POLICY.to_dict()) == POLICY
