"""What benchmarks/mutation.sh found unpinned in stance/evaluation/: the printed report and
tables line by line (headers, column order, widths, the blank lines between blocks), the
JSON of an evaluation with another system beside it, and the boundaries of the confusion
matrix, the rule summary, the paired bootstrap and the attribution scores, and how a
labelled corpus is found and read.

Every count below is small enough to work out on paper; precision and recall differ in
each row, so a swapped column shows.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from stance.errors import ModelError, StanceError
from stance.evaluation.attribution import (AttributionReport, Share, format_attribution, score_attribution,
                                           sentence_index)
from stance.evaluation.evaluate import (PRF, Diff, KindScores, Report, format_comparison, format_confusion,
                                        format_groups, format_report, stance_confusion, tuples)
from stance.evaluation.gold import (REPO, LabelledCorpus, articles_by_profile, by_article, default_corpus_roots,
                                   default_split, evaluate_gold, load_corpus, locate, report_groups,
                                   resolve_articles, split_labels)
from stance.evaluation.heldout import (METRICS, Evaluation, GroupScore, evaluate_groups, evaluation_to_dict,
                                       format_evaluation, format_groups_table, format_headline)
from stance.evaluation.intervals import bootstrap, paired_difference
from stance.evaluation.rule_stats import RuleSummary, format_rule_summary, rule_summary
from stance.evaluation.split import check_split_name, find_split, read_split
from stance.labels import Label, write_labels
from stance.records import Article


def pos(party, issue, stance, file="a.txt"):
    return Label(file=file, party=party, kind="position", issue=issue, stance=stance)


# positions polarity 3/1/2: P 3/4, R 3/5, F1 6/9; strict 2/2/3: P 2/4, R 2/5, F1 4/9
# blame polarity 1/0/1: P 1, R 1/2, F1 2/3; strict 0/1/2: all 0
REPORT = Report(
    articles=2,
    positions=KindScores(PRF(3, 1, 2), PRF(2, 2, 3)),
    blame=KindScores(PRF(1, 0, 1), PRF(0, 1, 2)),
    by_issue={"truce": PRF(2, 1, 0), "withdrawal": PRF(1, 0, 2)},
    by_party={"hamas": PRF(3, 0, 1), "israel": PRF(1, 1, 2)},
    misses=[Diff("a1", "position", ("hamas", "withdrawal", "pro")), Diff("a10", "blame", ("israel", "hamas"))],
    false_hits=[Diff("a2", "position", ("israel", "truce", "con"))],
)

HEADLINE_TABLE = [
    "                         P      R     F1    tp    fp    fn",
    "positions polarity   0.750  0.600  0.667     3     1     2",
    "positions strict     0.500  0.400  0.444     2     2     3",
    "blame polarity       1.000  0.500  0.667     1     0     1",
    "blame strict         0.000  0.000  0.000     0     1     2",
]
# truce 2/1/0: P 2/3, R 1, F1 4/5; withdrawal 1/0/2: P 1, R 1/3, F1 2/4
ISSUE_TABLE = [
    "issue            P      R     F1    tp    fp    fn",
    "truce        0.667  1.000  0.800     2     1     0",
    "withdrawal   1.000  0.333  0.500     1     0     2",
]
# hamas 3/0/1: P 1, R 3/4, F1 6/7; israel 1/1/2: P 1/2, R 1/3, F1 2/5
PARTY_TABLE = [
    "party        P      R     F1    tp    fp    fn",
    "hamas    1.000  0.750  0.857     3     0     1",
    "israel   0.500  0.333  0.400     1     1     2",
]


def test_the_printed_report_line_by_line():
    assert format_report(REPORT).split("\n") == [
        "2 articles, micro-averaged (undefined ratios shown as 0.000)",
        "",
        *HEADLINE_TABLE,
        "",
        "Positions by issue (polarity):",
        *ISSUE_TABLE,
        "",
        "By party (positions and blame, polarity):",
        *PARTY_TABLE,
        "",
        "Misses (in gold, not predicted): 2",
        "  a1   position  hamas withdrawal pro",
        "  a10  blame     israel -> hamas",
        "",
        "False hits (predicted, not in gold): 1",
        "  a2  position  israel truce con",  # each list is as wide as its own ids
        "",  # the text ends in a newline
    ]


def test_a_diff_list_as_long_as_the_limit_is_shown_whole():
    lines = format_report(REPORT, max_diffs=2).split("\n")
    assert lines[-7:] == ["Misses (in gold, not predicted): 2", "  a1   position  hamas withdrawal pro",
                          "  a10  blame     israel -> hamas", "", "False hits (predicted, not in gold): 1",
                          "  a2  position  israel truce con", ""]
    # one over the limit: the rest is counted, not listed
    lines = format_report(REPORT, max_diffs=1).split("\n")
    assert lines[-7:] == ["Misses (in gold, not predicted): 2", "  a1  position  hamas withdrawal pro",
                          "  ... and 1 more", "", "False hits (predicted, not in gold): 1",
                          "  a2  position  israel truce con", ""]


def test_the_report_lists_thirty_diffs_by_default():
    misses = [Diff(f"a{i:02d}", "position", ("hamas", "truce", "pro")) for i in range(31)]
    report = Report(1, REPORT.positions, REPORT.blame, {}, {}, misses, [])
    lines = format_report(report).split("\n")
    start = lines.index("Misses (in gold, not predicted): 31")
    assert lines[start + 30] == "  a29  position  hamas truce pro"
    assert lines[start + 31] == "  ... and 1 more"


def test_the_group_tables_line_by_line():
    assert format_groups(REPORT) == "\n".join([
        "Positions by issue (polarity):", *ISSUE_TABLE, "",
        "By party (positions and blame, polarity):", *PARTY_TABLE]) + "\n"


def test_the_comparison_table_line_by_line():
    assert format_comparison({"rules": REPORT}) == (
        "system                  pos P  pos R pos F1 strict     bl P   bl R  bl F1 strict\n"
        "rules                   0.750  0.600  0.667  0.444    1.000  0.500  0.667  0.000\n")


def test_the_confusion_matrix_line_by_line():
    # (none, none) is not a cell: it prints blank
    cells = {(g, p): 0 for g in ("demand", "accept", "reject", "none")
             for p in ("demand", "accept", "reject", "none")}
    del cells["none", "none"]
    cells.update({("demand", "demand"): 2, ("demand", "reject"): 1, ("demand", "none"): 1,
                  ("accept", "accept"): 1, ("reject", "reject"): 3, ("none", "demand"): 1})
    assert format_confusion(cells) == (
        "gold \\ predicted   demand  accept  reject    none\n"
        "demand                  2       0       1       1\n"
        "accept                  0       1       0       0\n"
        "reject                  0       0       3       0\n"
        "none                    1       0       0        \n")


def test_the_confusion_matrix_counts_the_articles_asked_for_and_sums_cells():
    gold = {"a1": [pos("hamas", "ceasefire", "demand"), pos("hamas", "withdrawal", "demand")],
            "a2": [pos("israel", "deal", "reject")],
            "a4": [pos("israel", "truce", "accept")]}
    predicted = {"a1": [pos("hamas", "ceasefire", "demand"), pos("hamas", "withdrawal", "demand")],
                 "a2": [], "a3": [pos("qatar", "deal", "demand")]}
    # a2 is left out; a3 has no gold (its prediction is a false demand); a4 no prediction
    cells = stance_confusion(gold, predicted, articles=["a1", "a3", "a4"])
    assert {k: v for k, v in cells.items() if v} == {
        ("demand", "demand"): 2, ("none", "demand"): 1, ("accept", "none"): 1}
    assert len(cells) == 15


OVERALL = GroupScore(
    name="all", articles=2, labels=5,
    scores=dict(zip(METRICS, (REPORT.positions.polarity, REPORT.positions.strict, REPORT.blame.polarity,
                              REPORT.blame.strict))),
    intervals=dict(zip(METRICS, ((0.25, 0.75), (0.0, 0.5), (0.5, 1.0), (0.0, 0.0)))))
# positions 2/1/0 (F1 4/5); nothing about blame in gold or predicted
GAZA = GroupScore("gaza", 2, 3, {"positions polarity": PRF(2, 1, 0), "blame polarity": PRF()},
                  {"positions polarity": (0.5, 1.0), "blame polarity": (0.0, 0.0)})
# a name longer than the column; positions 1/1/0 (F1 2/3), blame 1/0/0 (F1 1)
WIRE = GroupScore("Associated Press International Wire", 12, 140,
                  {"positions polarity": PRF(1, 1, 0), "blame polarity": PRF(1, 0, 0)},
                  {"positions polarity": (0.0, 1.0), "blame polarity": (1.0, 1.0)})
HEADLINE = [
    "                            P      R     F1  F1 95% interval",
    "positions polarity      0.750  0.600  0.667  [0.25, 0.75]",
    "positions strict        0.500  0.400  0.444  [0.00, 0.50]",
    "blame polarity          1.000  0.500  0.667  [0.50, 1.00]",
    "blame strict            0.000  0.000  0.000  [0.00, 0.00]",
]
GROUPS_HEADER = "  group                        articles labels  positions F1 interval       blame F1 interval"
GAZA_ROW = "  gaza                                2      3         0.800 [0.50, 1.00]          -"
WIRE_ROW = "  Associated Press Internation       12    140         0.667 [0.00, 1.00]      1.000 [1.00, 1.00]"
EVALUATION = Evaluation(split="test", system="model", report=REPORT, overall=OVERALL,
                        groups={"outlet": [WIRE], "negotiation": [GAZA]}, replicates=200,
                        versus=("rules", {"positions polarity": (0.125, -0.05, 0.3),
                                          "blame polarity": (-0.5, -1.0, 0.0)}))


def test_the_headline_line_by_line():
    assert format_headline(EVALUATION).split("\n") == HEADLINE


def test_a_groups_table_line_by_line():
    # no blame in gold nor predicted: a dash, not a score; a long name is cut at its column;
    # one false hit beside one true hit is a score (2/3), and so is a single true hit
    assert format_groups_table("By outlet (polarity):", [GAZA, WIRE]).split("\n") == [
        "By outlet (polarity):", GROUPS_HEADER, GAZA_ROW, WIRE_ROW]


def test_the_whole_evaluation_line_by_line():
    # the group tables in the order of DIMENSIONS, whatever the order of the dict
    assert format_evaluation(EVALUATION).split("\n") == [
        ("split: test; system: model; 5 labels over 2 articles; 95% intervals from 200 bootstrap resamples"
         " of articles"),
        "",
        *HEADLINE,
        "",
        "Against rules on the same articles (F1 difference, paired 95% interval):",
        "  positions polarity     +0.125  [-0.050, +0.300]",
        "  blame polarity         -0.500  [-1.000, +0.000]",
        "",
        "By negotiation (polarity):", GROUPS_HEADER, GAZA_ROW,
        "",
        "By outlet (polarity):", GROUPS_HEADER, WIRE_ROW,
        "",
        *format_report(REPORT).split("\n"),
    ]


def test_the_evaluation_passes_its_diff_limit_to_the_report():
    misses = [Diff(f"a{i:02d}", "position", ("hamas", "truce", "pro")) for i in range(31)]
    report = Report(1, REPORT.positions, REPORT.blame, {}, {}, misses, [])
    ev = Evaluation("all", "rules", report, OVERALL)
    assert "  ... and 1 more" in format_evaluation(ev).split("\n")  # thirty by default
    lines = format_evaluation(ev, max_diffs=2).split("\n")
    assert "  ... and 29 more" in lines and "  a02  position  hamas truce pro" not in lines


def test_the_evaluation_as_json_names_its_run_and_the_system_beside_it():
    data = evaluation_to_dict(EVALUATION)
    assert set(data) == {"articles", "positions", "blame", "by_issue", "by_party", "misses", "false_hits",
                         "split", "system", "replicates", "overall", "groups", "versus"}
    assert (data["split"], data["system"], data["replicates"]) == ("test", "model", 200)
    assert data["versus"] == {"system": "rules", "f1_difference": {
        "positions polarity": {"difference": 0.125, "interval": [-0.05, 0.3]},
        "blame polarity": {"difference": -0.5, "interval": [-1.0, 0.0]}}}
    assert data["groups"]["outlet"]["Associated Press International Wire"]["scores"]["positions polarity"] == {
        "tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3),
        "f1_interval": [0.0, 1.0]}
    assert "versus" not in evaluation_to_dict(Evaluation("all", "rules", REPORT, OVERALL))


GOLD = {"a1": [pos("hamas", "ceasefire", "demand")], "a2": [pos("israel", "deal", "reject")]}


def test_evaluate_groups_records_what_it_scored():
    # a2 has no prediction at all: its gold statement is a miss, not an error
    ev = evaluate_groups(GOLD, {"a1": GOLD["a1"]}, {}, replicates=1)
    assert (ev.split, ev.system, ev.replicates) == ("all", "rules", 1)
    assert ev.overall.scores["positions polarity"] == PRF(1, 0, 1)
    # the interval comes from the resamples asked for: one resample, one point
    low, high = ev.overall.intervals["positions polarity"]
    assert low == high


def test_evaluate_groups_against_another_system_is_a_paired_f1_difference():
    # this system gets both articles right; the other (no entry for a2) only a1: F1 1 against
    # 2/3. Resampled: a1 twice gives 1 - 1 = 0, a2 twice 1 - 0 = 1, a quarter of the draws each
    ev = evaluate_groups(GOLD, GOLD, {}, replicates=400, versus=("rules", {"a1": GOLD["a1"]}))
    other, diffs = ev.versus
    assert other == "rules" and list(diffs) == list(METRICS)
    for metric in ("positions polarity", "positions strict"):
        assert diffs[metric] == (pytest.approx(1 / 3), 0.0, 1.0)
    # no blame on either side: no difference
    assert diffs["blame polarity"] == diffs["blame strict"] == (0.0, 0.0, 0.0)


def test_the_rule_summary_line_by_line():
    rows = [RuleSummary("cue.reject.verb", covered=3, coverage=0.75, overlaps=1, conflicts=2, right=2, wrong=1),
            RuleSummary("attr.x", covered=1, coverage=0.25, overlaps=0, conflicts=0, right=0, wrong=1)]
    assert format_rule_summary(rows, total=4).split("\n") == [
        "4 candidates (party-issue and party-target questions) in the labelled articles; covered: "
        "candidates a rule takes part in; right and wrong: its votes (one per statement it is in, so a "
        "candidate with two statements counts twice)",
        "rule             covered coverage overlap conflict right wrong accuracy",
        "cue.reject.verb        3    0.750       1        2     2     1    0.667",
        "attr.x                 1    0.250       0        0     0     1    0.000",
        "",
    ]


def test_abstentions_add_up_and_are_right_only_where_gold_says_none():
    # where no rule answered: two abstentions on "none" (right), one on a stated demand (wrong)
    items = [([], "none", ("issue.frame",)), ([], "none", ("issue.frame",)), ([], "demand", ("issue.frame",))]
    (row,) = rule_summary(items)
    assert (row.rule_id, row.covered, row.right, row.wrong) == ("issue.frame", 3, 2, 1)


def test_precision_of_a_single_article_is_its_own_in_every_resample():
    # one article: every resample is that article, so each interval is one point
    assert bootstrap([PRF(1, 0, 3)], replicates=10)["precision"] == (1.0, 1.0)
    low, high = bootstrap([PRF(2, 1, 0)], replicates=10)["precision"]
    assert low == pytest.approx(2 / 3) and high == pytest.approx(2 / 3)


def test_the_paired_difference_counts_false_hits_and_misses_apart():
    # first: 1 right, 3 false hits, no miss: F1 2/5; second: 1 right alone: F1 1
    diff, low, high = paired_difference([PRF(1, 3, 0)], [PRF(1, 0, 0)], replicates=10)
    assert (diff, low, high) == (pytest.approx(0.6), pytest.approx(0.6), pytest.approx(0.6))


def test_paired_counts_of_different_lengths_are_refused_with_both_lengths():
    with pytest.raises(ValueError, match=r"^paired counts need the same articles, got 1 and 2$"):
        paired_difference([PRF(1)], [PRF(1), PRF(0, 1)])


def test_swapping_the_systems_mirrors_the_paired_interval():
    """The same resamples for both orders: the difference and its interval change sign, the
    low end of one being the high end of the other (the two tails are cut alike)."""
    first = [PRF(9, 0, 1), PRF(1, 2, 9), PRF(5, 1, 5), PRF(3, 3, 0), PRF(0, 2, 4), PRF(7, 1, 2),
             PRF(2, 0, 6), PRF(4, 4, 4)]
    second = [PRF(10, 1, 0), PRF(2, 0, 8), PRF(6, 2, 4), PRF(3, 0, 0), PRF(1, 1, 3), PRF(6, 0, 3),
              PRF(5, 1, 3), PRF(4, 1, 4)]
    diff, low, high = paired_difference(first, second)
    back, back_low, back_high = paired_difference(second, first)
    assert low < diff < high
    assert (back, back_low, back_high) == (pytest.approx(-diff), pytest.approx(-high), pytest.approx(-low))


def test_evidence_is_found_exactly_first_then_inside_a_sentence_then_around_one():
    said = ["He added: Hamas said no.", "Hamas said no.", "Israel agreed."]
    assert sentence_index("Hamas said no.", said) == 1  # the exact sentence, not the one quoting it
    assert sentence_index("Israel  agreed.\n", said) == 2  # whitespace does not count
    assert sentence_index("added: Hamas", said) == 0  # part of a sentence
    assert sentence_index("Then Israel agreed. Talks go on.", said) == 2  # a sentence and more
    assert sentence_index("Qatar mediated.", said) is None


def test_the_attribution_report_line_by_line():
    report = AttributionReport(statements=4, unmatched=1, speaker=Share(2, 3), first_named=Share(1, 3),
                               by_rule={"(none)": Share(0, 1), "speaker.quote": Share(1, 1)},
                               holder=Share(2, 2))
    assert format_attribution(report).split("\n") == [
        "Attribution over 4 gold statements (1 with a sentence not found in the article):",
        "  speaker step        0.667 (2/3)",
        "  first party named   0.333 (1/3)",
        ("  rules' holders      1.000 (2/2)   (where a statement of the same kind and issue is predicted"
         " in the sentence)"),
        "  speaker rule          right / given",
        "    (none)              0.000 (0/1)",
        "    speaker.quote       1.000 (1/1)",
        "",
    ]


TALKS = ("Hamas blamed Israel for the collapse of the ceasefire talks.\n"  # 0: named Hamas; blame (deal)
         "Israel rejected the ceasefire proposal on Monday, Qatar said.\n"  # 1: said Qatar; Israel rejects
         "Talks resumed in the evening.\n"  # 2: no speaker, no party, no statement
         "Egypt and Qatar urged a ceasefire.\n"  # 3: named Egypt; both demand a ceasefire
         "Hamas said it would accept a prisoner exchange.\n")  # 4: said Hamas; Hamas accepts


def corpus(*articles):
    """A labelled corpus of ``(file, profile, text, labels)`` articles, built as load_corpus would."""
    arts = {file: Article(id=file, text=text, date=dt.date(2024, 6, 1)) for file, _, text, _ in articles}
    return LabelledCorpus(labels=[lab for *_, labs in articles for lab in labs], articles=arts,
                          gold={file: labs for file, _, _, labs in articles if labs},
                          profiles={file: profile for file, profile, _, _ in articles}, sides={}, outlets={})


def said(party, kind, sentence, issue="", stance="", target=""):
    return Label(file="", party=party, kind=kind, issue=issue, stance=stance, target=target, sentence=sentence)


def test_attribution_scores_worked_out_sentence_by_sentence():
    talks = [
        said("", "none", ""),  # an article-level "nothing here": not scored, and the rest still is
        said("qatar", "position", "A sentence the article does not have.", "deal", "demand"),
        said("israel", "blame", "Nor this one.", target="hamas"),
        # a blame labelled with its issue is matched on any predicted blame of the sentence
        said("hamas", "blame", "Hamas blamed Israel for the collapse of the ceasefire talks.", "deal",
             target="israel"),
        said("israel", "position", "Israel rejected the ceasefire proposal", "deal", "reject"),
        said("qatar", "position", "Egypt and Qatar urged a ceasefire.", "ceasefire", "demand"),
        # the rules say nothing of a ceasefire here (only in sentence 3): no holder to score
        said("hamas", "position", "Talks resumed in the evening.", "ceasefire", "demand"),
        # sentence 0 has a blame, not a position on withdrawal: no holder to score
        said("hamas", "position", "Hamas blamed Israel for the collapse", "withdrawal", "demand"),
        said("hamas", "position", "Hamas said it would accept a prisoner exchange.", "prisoners", "accept"),
    ]
    data = corpus(("talks.txt", "gaza", TALKS, talks),
                  # under its own profile, India is a party the speaker step names
                  ("kashmir.txt", "india_pakistan", "India demanded a ceasefire.\n",
                   [said("india", "position", "India demanded a ceasefire.", "ceasefire", "demand")]),
                  ("unlabelled.txt", "gaza", "Israel said talks resumed.\n", []))
    report = score_attribution(data)
    # speaker: Hamas (0) right twice, Qatar for Israel (1) wrong, Egypt for Qatar (3) wrong,
    # nobody (2) wrong, Hamas (4) right, India right
    assert (report.statements, report.unmatched) == (9, 2)
    assert report.speaker == Share(4, 7)
    assert report.by_rule == {"(none)": Share(0, 1), "speaker.named": Share(3, 4),
                              "speaker.said": Share(1, 2)}
    # the first party named: Hamas (0) twice, Israel (1), India right; Egypt before Qatar (3) and
    # no party (2) wrong
    assert report.first_named == Share(5, 7)
    # holders: Hamas's blame, Israel's rejection, Qatar beside Egypt, Hamas's acceptance, India
    assert report.holder == Share(5, 5)


def test_attribution_uses_the_model_it_is_given():
    data = corpus(("kashmir.txt", "india_pakistan", "India demanded a ceasefire.\n",
                   [said("india", "position", "India demanded a ceasefire.", "ceasefire", "demand")]))
    with pytest.raises(ModelError, match="no_such_model"):
        score_attribution(data, model="no_such_model")


@pytest.fixture
def two_articles(tmp_path):
    """Two labelled articles from AFP in a folder of their own, the labels elsewhere, and a
    second annotator who labelled only the first article, in a third folder."""
    texts = tmp_path / "texts"
    (texts / "mutev").mkdir(parents=True)
    (texts / "mutev" / "a.txt").write_text("date: 2024-08-04\noutlet: AFP\n\nHamas demanded a ceasefire.\n",
                                           encoding="utf-8")
    (texts / "mutev" / "b.txt").write_text("date: 2024-08-05\noutlet: AFP\n\nIsrael rejected the deal.\n",
                                           encoding="utf-8")
    (tmp_path / "labels").mkdir()
    (tmp_path / "other").mkdir()
    first = Label(file="mutev/a.txt", profile="gaza", annotator="g", party="hamas", kind="position",
                  issue="ceasefire", stance="demand", sentence="Hamas demanded a ceasefire.")
    second = Label(file="mutev/b.txt", profile="gaza", annotator="g", party="israel", kind="position",
                   issue="deal", stance="reject", sentence="Israel rejected the deal.")
    write_labels([first, second], tmp_path / "labels" / "gold.jsonl")
    write_labels([first], tmp_path / "other" / "second.jsonl")
    return tmp_path


def test_evaluate_gold_against_an_annotator_with_a_split_file_of_its_own(two_articles):
    (two_articles / "split.yaml").write_text("test:\n  outlets: [AFP]\n  negotiations: [gaza]\n",
                                             encoding="utf-8")
    # nothing beside the labels or under the working directory says where the texts or the
    # split are: only the arguments do
    ev = evaluate_gold(two_articles / "labels" / "gold.jsonl", corpus=[str(two_articles / "texts")],
                       split="test", split_file=two_articles / "split.yaml",
                       against=two_articles / "other" / "second.jsonl", replicates=1)
    assert (ev.split, ev.system, ev.articles, ev.labels) == ("test", "second.jsonl", 2, 2)
    # the second annotator agrees on a and has nothing on b: one hit, one miss
    assert ev.report.positions.polarity == PRF(1, 0, 1)


def test_evaluate_gold_uses_the_model_it_is_given(two_articles):
    with pytest.raises(ModelError, match="no_such_model"):
        evaluate_gold(two_articles / "labels" / "gold.jsonl", corpus=[str(two_articles / "texts")],
                      model="no_such_model", replicates=1)


def test_an_article_without_an_outlet_has_an_empty_one_and_its_own_row(two_articles):
    (two_articles / "texts" / "mutev" / "b.txt").write_text("date: 2024-08-05\n\nIsrael rejected the deal.\n",
                                                            encoding="utf-8")
    data = load_corpus(two_articles / "labels" / "gold.jsonl", corpus=[str(two_articles / "texts")])
    a, b = data.articles["mutev/a.txt"].id, data.articles["mutev/b.txt"].id
    assert data.outlets == {a: "AFP", b: ""}
    # no split file: every article is train, and there is no table by split
    groups = report_groups(data, "all")
    assert list(groups) == ["negotiation", "outlet"]
    assert groups["outlet"] == {a: "AFP", b: "(no outlet)"}
    sides = {a: "train", b: "test"}
    assert list(report_groups(LabelledCorpus([], {}, {}, {}, sides, {}), "all")) == ["split", "negotiation",
                                                                                   "outlet"]


def test_label_files_are_looked_up_beside_the_labels_then_here_then_in_the_source_tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    labels = tmp_path / "labels"
    labels.mkdir()
    here = [tmp_path, tmp_path / "labels" / "corpus", REPO, REPO / "labels" / "corpus"]
    # a file: the folder above its folder, and the corpus folder beside it
    assert default_corpus_roots(labels / "gold.jsonl") == here
    # a folder: the same, from the folder itself; duplicates are dropped
    assert default_corpus_roots(labels) == here
    assert default_corpus_roots(None) == here


def test_articles_go_under_their_labels_profile_or_gaza():
    arts = {i: Article(id=i, text="x", date=None) for i in ("a", "b", "c")}
    out = articles_by_profile(arts, {"a": "india_pakistan", "c": "gaza"})
    assert {name: [art.id for art in group] for name, group in out.items()} == {
        "gaza": ["b", "c"], "india_pakistan": ["a"]}


def test_unknown_names_are_refused_with_the_choices():
    with pytest.raises(StanceError, match=r"^unknown split 'dev' \(choose from test, train, all\)$"):
        check_split_name("dev")
    with pytest.raises(ValueError, match=r"^kind must be one of position, blame, not 'none'$"):
        tuples([], kind="none", strict=False)


def test_a_stance_without_a_polarity_scores_as_an_empty_one():
    odd = SimpleNamespace(party="hamas", kind="position", issue="deal", stance="", target="")
    assert tuples([odd], kind="position", strict=False) == {("hamas", "deal", "")}


def test_the_split_file_is_read_as_utf8_whatever_the_locale_says(tmp_path):
    # as for label files: Python's warn_default_encoding mode flags an open that leaves the
    # encoding to the locale. Read here first as well, so a mutation run knows this test
    # reaches read_split.
    path = tmp_path / "split.yaml"
    path.write_text("test:\n  negotiations: [côte_d_ivoire, mali]\n", encoding="utf-8")
    assert read_split(path).test_negotiations == {"côte_d_ivoire", "mali"}
    script = ("import sys, warnings\n"
              "warnings.simplefilter('error', EncodingWarning)\n"
              "from stance.evaluation.split import read_split\n"
              "print(len(read_split(sys.argv[1]).test_negotiations))\n")
    done = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", script, str(path)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "2"), done.stderr


@pytest.fixture
def two_negotiations(tmp_path):
    """A Gaza article from AFP and a Lebanon article from the BBC, labelled under their own
    profiles, with the texts in a folder the labels do not point to by default; the split
    holds the BBC's Lebanon articles out."""
    texts = tmp_path / "texts" / "mutgold"
    texts.mkdir(parents=True)
    # the keyword baseline reads a statement for both parties of this sentence; the rules none
    (texts / "gaza.txt").write_text("date: 2024-08-04\noutlet: AFP\n\nHamas and Israel discussed the ceasefire.\n",
                                    encoding="utf-8")
    # only the hezbollah profile knows Hezbollah and southern Lebanon
    (texts / "leb.txt").write_text("date: 2024-10-04\noutlet: BBC\n\n"
                                   "Hezbollah demanded that Israel withdraw from southern Lebanon.\n", encoding="utf-8")
    (tmp_path / "labels").mkdir()
    write_labels([Label(file="mutgold/gaza.txt", profile="gaza", party="hamas", kind="position",
                        issue="ceasefire", stance="demand"),
                  Label(file="mutgold/leb.txt", profile="hezbollah", party="hezbollah", kind="position",
                        issue="withdrawal", stance="demand")], tmp_path / "labels" / "gold.jsonl")
    (tmp_path / "labels" / "split.yaml").write_text("test:\n  outlets: [BBC]\n  negotiations: [hezbollah]\n",
                                                    encoding="utf-8")
    return tmp_path


def test_each_article_is_extracted_under_its_labels_profile(two_negotiations):
    gold, texts = two_negotiations / "labels" / "gold.jsonl", [str(two_negotiations / "texts")]
    rules = evaluate_gold(gold, corpus=texts, replicates=1)
    # Gaza: the rules find nothing (a miss); Lebanon: Hezbollah's demand, as labelled
    assert (rules.system, rules.report.positions.polarity) == ("rules", PRF(1, 0, 1))
    keywords = evaluate_gold(gold, corpus=texts, system="keywords", replicates=1)
    # Gaza: Hamas (right) and Israel; Lebanon: Hezbollah (right), Israel and Lebanon
    assert (keywords.system, keywords.report.positions.polarity) == ("keywords", PRF(2, 3, 0))
    assert sorted(d.tuple for d in keywords.report.false_hits) == [
        ("israel", "ceasefire", "pro"), ("israel", "withdrawal", "pro"), ("lebanon", "withdrawal", "pro")]
    with pytest.raises(ModelError, match="no_such_model"):
        evaluate_gold(gold, corpus=texts, system="keywords", model="no_such_model", replicates=1)
    with pytest.raises(StanceError, match=r"^unknown system 'llm' \(choose from rules, keywords\)$"):
        evaluate_gold(gold, corpus=texts, system="llm", replicates=1)


def test_labels_name_their_article_by_file_or_by_id_and_default_to_gaza():
    by_file = Label(file="f.txt", profile="hezbollah", party="hezbollah", kind="position")
    by_id = Label(article_id="abc", profile="", party="hamas", kind="position")
    gold, profiles = by_article([by_file, by_id], {"f.txt": Article(id="f1", text="x", date=None)})
    assert gold == {"f1": [by_file], "abc": [by_id]}
    assert profiles == {"f1": "hezbollah", "abc": "gaza"}


def test_a_corpus_scores_only_the_labels_whose_article_it_has(two_negotiations):
    on_file = Label(file="mutgold/gaza.txt", party="hamas", kind="position", issue="ceasefire", stance="demand")
    by_id = Label(article_id="abc", party="hamas", kind="position", issue="ceasefire", stance="demand")
    # labels already read: no split file is looked for, and an id without a file has no text
    data = load_corpus([on_file, by_id], corpus=[str(two_negotiations / "texts")])
    assert data.labels == [on_file]
    assert list(data.gold.values()) == [[on_file]]


def test_the_default_split_is_train_where_a_split_file_goes_with_the_labels(two_negotiations, tmp_path):
    labels = two_negotiations / "labels"
    assert default_split(labels) == default_split(labels / "gold.jsonl") == "train"
    assert find_split(labels / "gold.jsonl") == labels / "split.yaml"
    assert default_split(tmp_path / "texts") == "all"
    assert default_split([Label(file="x.txt")]) == "all"
    texts = [str(two_negotiations / "texts")]
    # by default only the train side: the Gaza article from AFP
    assert [lab.file for lab in split_labels(labels, corpus=texts)] == ["mutgold/gaza.txt"]
    assert [lab.file for lab in split_labels(labels, corpus=texts, split="test")] == ["mutgold/leb.txt"]
    (labels / "split.yaml").unlink()
    with pytest.raises(StanceError, match=rf"^no split file beside {re.escape(str(labels))} \(labels/split.yaml\); "
                                          r"give --split-file or --split all$"):
        load_corpus(labels, corpus=texts, split="test")


def test_a_label_file_that_is_missing_or_holds_two_articles_is_named(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    with pytest.raises(StanceError, match=rf"^labelled file 'x.txt' not found under {re.escape(str(first))}, "
                                          rf"{re.escape(str(second))} \(give --corpus\)$"):
        locate("x.txt", [first, second])
    (tmp_path / "two.jsonl").write_text('{"text": "Hamas demanded a ceasefire.", "date": "2024-08-04"}\n'
                                        '{"text": "Israel rejected the deal.", "date": "2024-08-05"}\n',
                                        encoding="utf-8")
    with pytest.raises(StanceError, match=r"^labelled file 'two.jsonl' does not hold exactly one article$"):
        resolve_articles([Label(file="two.jsonl")], [tmp_path])


RIGHT_POS = [SimpleNamespace(party="hamas", kind="position", issue="deal", stance="demand", target="")]


def test_groups_are_listed_largest_first_and_the_whole_is_all():
    gold = {a: RIGHT_POS for a in ("a1", "a2", "a3")}
    ev = evaluate_groups(gold, {"a1": RIGHT_POS}, {"outlet": {"a1": "AFP", "a2": "Zeit", "a3": "Zeit"}},
                         replicates=1)
    assert [(g.name, g.articles) for g in ev.groups["outlet"]] == [("Zeit", 2), ("AFP", 1)]
    assert (ev.overall.name, ev.overall.articles) == ("all", 3)


def test_the_paired_interval_uses_the_replicates_asked_for():
    gold = {a: RIGHT_POS for a in ("a1", "a2", "a3", "a4")}
    ours, theirs = {"a1": RIGHT_POS, "a2": RIGHT_POS}, {"a2": RIGHT_POS, "a3": RIGHT_POS, "a4": RIGHT_POS}
    wide = evaluate_groups(gold, ours, {}, replicates=200, versus=("other", theirs)).versus[1]
    assert wide["positions polarity"][1] < wide["positions polarity"][2]
    # one resample: the interval is a single point
    _, one = evaluate_groups(gold, ours, {}, replicates=1, versus=("other", theirs)).versus
    assert all(low == high for _, low, high in one.values())


def test_recall_intervals_count_only_resamples_with_something_in_gold():
    # one article: every resample is that article; recall 2/4
    assert bootstrap([PRF(2, 0, 2)], replicates=10)["recall"] == (0.5, 0.5)
    # tp + fn = 1: recall 1, not 1/2; and defined
    assert bootstrap([PRF(1, 0, 0)], replicates=10)["recall"] == (1.0, 1.0)
    # tp = fn: defined (something in gold)
    assert bootstrap([PRF(1, 0, 1)], replicates=10)["recall"] == (0.5, 0.5)
    # resamples of only the first article have nothing in gold: left out, not counted as 0
    assert bootstrap([PRF(0, 1, 0), PRF(1, 0, 0)], replicates=200)["recall"] == (1.0, 1.0)
    # and for precision, resamples with nothing predicted
    assert bootstrap([PRF(0, 0, 1), PRF(1, 0, 0)], replicates=200)["precision"] == (1.0, 1.0)
    # a single hit: F1 1, defined
    assert bootstrap([PRF(1, 0, 0)], replicates=10)["f1"] == (1.0, 1.0)


def test_the_interval_cuts_the_same_share_from_both_tails():
    data = [PRF(1, 0, 0), PRF(0, 1, 1), PRF(2, 1, 0), PRF(0, 0, 3)]
    # with two resamples the percentiles interpolate between their two values, so the ends
    # of a symmetric interval add up to the two values' sum
    low, high = bootstrap(data, replicates=2, level=0.5, seed=3)["f1"]
    least, most = bootstrap(data, replicates=2, level=1 - 1e-12, seed=3)["f1"]
    assert most - least > 0.1
    assert low + high == pytest.approx(least + most, abs=1e-9)


def test_bad_interval_options_are_refused_with_the_value():
    with pytest.raises(ValueError, match=r"^level must be between 0 and 1, not 1.5$"):
        bootstrap([PRF(1, 0, 0)], level=1.5)
    with pytest.raises(ValueError, match=r"^replicates must be at least 1, not 0$"):
        bootstrap([PRF(1, 0, 0)], replicates=0)
