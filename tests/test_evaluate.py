"""The spec's metric: per-article tuple sets, micro-averaged P/R/F1, strict variants, diffs."""

import json

import pytest

from stance.evaluation.evaluate import (
    PRF,
    Diff,
    format_report,
    report_to_dict,
    score,
    tuples,
)
from stance.labels import Label
from stance.records import Statement


def pos(party, issue, stance):
    return Label(file="a.txt", party=party, kind="position", issue=issue, stance=stance)


def blame(party, target, issue="deal"):
    return Label(file="a.txt", party=party, kind="blame", issue=issue, target=target)


NONE = Label(file="a.txt", kind="none")

# The worked example: gold {A: hamas ceasefire demand, israel withdrawal reject;
# B: israel -> hamas blame}; predicted {A: hamas ceasefire accept (polarity match, strict
# miss), usa aid demand (false hit); B: nothing}.
GOLD = {
    "A": [pos("hamas", "ceasefire", "demand"), pos("israel", "withdrawal", "reject")],
    "B": [blame("israel", "hamas")],
}
PREDICTED = {"A": [pos("hamas", "ceasefire", "accept"), pos("usa", "aid", "demand")], "B": []}


def counts(prf):
    return (prf.tp, prf.fp, prf.fn)


# name, gold, predicted, articles, expected (tp, fp, fn) for
# positions polarity, positions strict, blame polarity, blame strict.
CASES = [
    # positions polarity: tp hamas/ceasefire/pro, fp usa/aid, fn israel/withdrawal.
    # strict: accept != demand, so both gold tuples missed and both predictions false.
    # blame: israel->hamas missed, nothing predicted.
    ("worked example", GOLD, PREDICTED, None, [(1, 1, 1), (0, 2, 2), (0, 0, 1), (0, 0, 1)]),
    ("duplicates count once",
     {"A": [pos("hamas", "ceasefire", "demand")] * 2 + [blame("hamas", "israel")] * 2},
     {"A": [pos("hamas", "ceasefire", "demand")] * 3 + [blame("hamas", "israel")] * 3},
     None, [(1, 0, 0), (1, 0, 0), (1, 0, 0), (1, 0, 0)]),
    # demand and accept are both pro: one polarity tuple in gold, two strict ones.
    ("demand and accept share a polarity",
     {"A": [pos("hamas", "deal", "demand"), pos("hamas", "deal", "accept")]},
     {"A": [pos("hamas", "deal", "accept")]},
     None, [(1, 0, 0), (1, 0, 1), (0, 0, 0), (0, 0, 0)]),
    ("pro is not con",
     {"A": [pos("hamas", "ceasefire", "demand")]}, {"A": [pos("hamas", "ceasefire", "reject")]},
     None, [(0, 1, 1), (0, 1, 1), (0, 0, 0), (0, 0, 0)]),
    ("article only in predicted is ignored",
     {"A": [pos("hamas", "ceasefire", "demand")]},
     {"A": [pos("hamas", "ceasefire", "demand")], "C": [pos("usa", "aid", "demand")]},
     None, [(1, 0, 0), (1, 0, 0), (0, 0, 0), (0, 0, 0)]),
    ("article only in predicted counts when listed",
     {"A": [pos("hamas", "ceasefire", "demand")]},
     {"A": [pos("hamas", "ceasefire", "demand")], "C": [pos("usa", "aid", "demand")]},
     ["A", "C"], [(1, 1, 0), (1, 1, 0), (0, 0, 0), (0, 0, 0)]),
    ("listed articles restrict gold too",
     {"A": [pos("hamas", "ceasefire", "demand")], "B": [blame("israel", "hamas")]}, {},
     ["A"], [(0, 0, 1), (0, 0, 1), (0, 0, 0), (0, 0, 0)]),
    ("empty gold article turns predictions into false hits",
     {"A": []}, {"A": [pos("hamas", "ceasefire", "demand"), blame("hamas", "israel")]},
     None, [(0, 1, 0), (0, 1, 0), (0, 1, 0), (0, 1, 0)]),
    ("kind none is ignored on both sides",
     {"A": [NONE]}, {"A": [NONE, pos("hamas", "ceasefire", "demand")]},
     None, [(0, 1, 0), (0, 1, 0), (0, 0, 0), (0, 0, 0)]),
    # polarity view: (israel, hamas) matches; strict adds the issue: deal != hostages.
    ("blame strict needs the issue",
     {"A": [blame("israel", "hamas", "deal")]}, {"A": [blame("israel", "hamas", "hostages")]},
     None, [(0, 0, 0), (0, 0, 0), (1, 0, 0), (0, 1, 1)]),
    ("blame has a direction",
     {"A": [blame("israel", "hamas")]}, {"A": [blame("hamas", "israel")]},
     None, [(0, 0, 0), (0, 0, 0), (0, 1, 1), (0, 1, 1)]),
    ("the same tuple in another article does not match",
     {"A": [pos("hamas", "ceasefire", "demand")], "B": []},
     {"A": [], "B": [pos("hamas", "ceasefire", "demand")]},
     None, [(0, 1, 1), (0, 1, 1), (0, 0, 0), (0, 0, 0)]),
    ("nothing to evaluate", {}, {"A": [pos("hamas", "ceasefire", "demand")]},
     None, [(0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0)]),
]


@pytest.mark.parametrize(
    "gold, predicted, articles, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_score_counts(gold, predicted, articles, expected):
    report = score(gold, predicted, articles=articles)
    got = [counts(report.positions.polarity), counts(report.positions.strict),
           counts(report.blame.polarity), counts(report.blame.strict)]
    assert got == expected


@pytest.mark.parametrize(
    "prf, precision, recall, f1",
    [
        (PRF(1, 1, 1), 0.5, 0.5, 0.5),
        (PRF(2, 0, 1), 1.0, 2 / 3, 0.8),  # F1 = 2 * 1 * 2/3 / (5/3) = 0.8
        (PRF(1, 0, 3), 1.0, 0.25, 0.4),  # F1 = 2 * 0.25 / 1.25 = 0.4
        (PRF(3, 1, 2), 0.75, 0.6, 2 / 3),  # F1 = 2*3 / (2*3 + 1 + 2) = 6/9
        (PRF(0, 0, 0), 0.0, 0.0, 0.0),  # all undefined -> 0.0
        (PRF(0, 3, 0), 0.0, 0.0, 0.0),  # recall undefined (no gold) -> 0.0
        (PRF(0, 0, 2), 0.0, 0.0, 0.0),  # precision undefined (nothing predicted) -> 0.0
    ],
)
def test_prf_ratios(prf, precision, recall, f1):
    assert (prf.precision, prf.recall, prf.f1) == pytest.approx((precision, recall, f1))


def test_prf_adds_counts():
    assert PRF(1, 2, 3) + PRF(10, 20, 30) == PRF(11, 22, 33)


def test_worked_example_ratios():
    report = score(GOLD, PREDICTED)
    assert report.articles == 2
    p = report.positions.polarity
    assert (p.precision, p.recall, p.f1) == (0.5, 0.5, 0.5)
    s = report.positions.strict
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    # blame: precision undefined (nothing predicted) -> 0.0, recall 0/1.
    b = report.blame.polarity
    assert (b.precision, b.recall, b.f1) == (0.0, 0.0, 0.0)


def test_micro_average_sums_counts_over_articles():
    # A: 1 of 1 found; B: 0 of 3 found. Micro: tp=1 fn=3 -> R = 0.25 (macro would say 0.5).
    gold = {"A": [pos("hamas", "ceasefire", "demand")],
            "B": [pos("israel", "withdrawal", "reject"), pos("israel", "governance", "reject"),
                  pos("qatar", "truce", "demand")]}
    predicted = {"A": [pos("hamas", "ceasefire", "demand")]}
    report = score(gold, predicted)
    assert counts(report.positions.polarity) == (1, 0, 3)
    assert report.positions.polarity.recall == 0.25
    assert report.positions.polarity.f1 == pytest.approx(0.4)


def test_by_issue_and_by_party():
    report = score(GOLD, PREDICTED)
    # ceasefire: hamas pro matched; withdrawal: israel con missed; aid: usa false hit.
    assert report.by_issue == {"aid": PRF(0, 1, 0), "ceasefire": PRF(1, 0, 0),
                               "withdrawal": PRF(0, 0, 1)}
    assert list(report.by_issue) == ["aid", "ceasefire", "withdrawal"]
    # israel misses a position (withdrawal) and a blame (-> hamas).
    assert report.by_party == {"hamas": PRF(1, 0, 0), "israel": PRF(0, 0, 2),
                               "usa": PRF(0, 1, 0)}


def test_misses_and_false_hits():
    report = score(GOLD, PREDICTED)
    assert report.misses == [
        Diff("A", "position", ("israel", "withdrawal", "con")),
        Diff("B", "blame", ("israel", "hamas")),
    ]
    assert report.false_hits == [Diff("A", "position", ("usa", "aid", "pro"))]


def test_statements_score_like_labels():
    statement = Statement(article_id="A", party="hamas", kind="position", issue="ceasefire",
                          stance="accept", target="", sentence="", start=0, end=0)
    report = score(GOLD, {"A": [statement]})
    assert counts(report.positions.polarity) == (1, 0, 1)


@pytest.mark.parametrize(
    "kind, strict, expected",
    [
        ("position", False, {("hamas", "ceasefire", "pro"), ("israel", "withdrawal", "con")}),
        ("position", True, {("hamas", "ceasefire", "demand"), ("israel", "withdrawal", "reject")}),
        ("blame", False, {("israel", "hamas")}),
        ("blame", True, {("israel", "deal", "hamas")}),
    ],
)
def test_tuples(kind, strict, expected):
    records = [*GOLD["A"], *GOLD["B"], NONE, GOLD["A"][0]]
    assert tuples(records, kind=kind, strict=strict) == expected


@pytest.mark.parametrize("kind", ["none", "", "positions"])
def test_tuples_refuses_unscored_kinds(kind):
    with pytest.raises(ValueError, match="kind must be"):
        tuples([], kind=kind, strict=False)


def test_format_report_shows_the_numbers():
    text = format_report(score(GOLD, PREDICTED))
    rows = {" ".join(line.split()[:2]): line.split()[2:] for line in text.splitlines()
            if line.startswith(("positions ", "blame "))}
    assert rows["positions polarity"] == ["0.500", "0.500", "0.500", "1", "1", "1"]
    assert rows["positions strict"] == ["0.000", "0.000", "0.000", "0", "2", "2"]
    assert rows["blame polarity"] == ["0.000", "0.000", "0.000", "0", "0", "1"]
    assert "2 articles" in text
    assert "withdrawal" in text and "usa" in text
    assert "israel withdrawal con" in text
    assert "israel -> hamas" in text
    assert "usa aid pro" in text


def test_format_report_columns_line_up():
    lines = format_report(score(GOLD, PREDICTED)).splitlines()
    table = [line for line in lines if line.startswith(("positions ", "blame "))]
    assert len({len(line) for line in table}) == 1


def test_format_report_cuts_long_diff_lists():
    gold = {"A": [pos(p, "ceasefire", "demand") for p in ("hamas", "israel", "qatar", "egypt")]}
    text = format_report(score(gold, {}), max_diffs=1)
    assert "Misses (in gold, not predicted): 4" in text
    assert "egypt ceasefire pro" in text  # the first, sorted
    assert "hamas ceasefire pro" not in text
    assert "... and 3 more" in text


def test_report_to_dict_is_json_ready():
    data = json.loads(json.dumps(report_to_dict(score(GOLD, PREDICTED))))
    assert data["articles"] == 2
    assert data["positions"]["polarity"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5,
                                             "recall": 0.5, "f1": 0.5}
    assert data["blame"]["strict"]["fn"] == 1
    assert data["by_issue"]["aid"]["fp"] == 1
    assert data["by_party"]["israel"]["fn"] == 2
    assert data["misses"][1] == {"article_id": "B", "kind": "blame", "tuple": ["israel", "hamas"]}
    assert data["false_hits"] == [{"article_id": "A", "kind": "position",
                                   "tuple": ["usa", "aid", "pro"]}]


def test_annotators_sentence_lines_stay_out_of_article_level_scoring_and_training(seed_labels, tmp_path):
    from stance.evaluation.gold import evaluate_gold
    from stance.labels import Label, append_labels
    from stance.learn.dataset import collect

    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "gold.jsonl").write_text(seed_labels.read_text())
    plain = evaluate_gold(folder, replicates=1).labels
    first = json.loads(seed_labels.read_text().splitlines()[0])
    append_labels([Label(article_id="d61c7228a28c89c0", profile="gaza", sentence=first["sentence"],
                         party="qatar", kind="position", issue="truce", stance="demand", annotator="ann",
                         task="d61c7228a28c89c0:0-10", start=0, end=10, decision="d1", lines=1,
                         time="2026-01-01T00:00:00+00:00")], folder / "ann.jsonl")
    with_journal = evaluate_gold(folder, replicates=1).labels
    assert with_journal == plain
    assert collect(str(folder)).n_labels == plain


def test_rule_summary_counts_an_abstention_as_a_vote_for_no_statement():
    from types import SimpleNamespace

    from stance.evaluation.rule_stats import rule_summary

    said = SimpleNamespace(kind="position", stance="reject", polarity="con", rule_ids=("cue.reject.verb",))
    items = [
        ([], "none", ("issue.frame",)),  # abstained, nothing to say: right
        ([], "demand", ("issue.frame",)),  # abstained on a stated demand: wrong
        ([said], "reject", ("issue.frame",)),  # another term said it: covered, no vote
        ([said], "none"),  # a vote without abstentions, the two-field form
    ]
    rows = {r.rule_id: r for r in rule_summary(items)}
    frame = rows["issue.frame"]
    assert (frame.covered, frame.right, frame.wrong, frame.conflicts) == (3, 1, 1, 0)
    assert (rows["cue.reject.verb"].right, rows["cue.reject.verb"].wrong) == (1, 1)
