"""Weak supervision and the candidates it needs: the rules label unlabelled articles, the
model fits hand and weak labels with their weights and without the rules' own answers, and
candidates reach the reported speaker and the package issue no term names."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from stance.errors import StanceError
from stance.extraction.extractor import Extractor
from stance.io.ingest import article_id
from stance.learn.candidates import NONE
from stance.learn.dataset import CandidateRecorder
from stance.learn.estimator import Recipe, fit_recipe
from stance.learn.features import CandidateFeatures
from stance.learn.weak import RULE_SYMBOLS, collect_weak, unlabelled_folders, weak_label
from stance.records import Article

QUOTES = ('Hamas official Osama Hamdan spoke to reporters in Beirut on Monday.\n\n'
          '"We will not accept any deal that does not end the war," Hamdan said. '
          '"The occupation must withdraw from all of Gaza," he added.\n\n'
          'The weather in Gaza was cold.')
PLAIN = ('Israel rejected the ceasefire proposal on Tuesday, officials said.\n\n'
         'Qatar said talks would resume next week in Doha.')


def _candidates(text: str, profile: str = "gaza"):
    extractor = Extractor(profile)
    recorder = CandidateRecorder(extractor.profile)
    extractor.classifier = recorder
    art = Article(id=article_id(text), text=text, date=dt.date(2024, 5, 1), source="test")
    list(extractor.extract_many([art]))
    return recorder.found


@pytest.fixture(scope="module")
def quote_candidates():
    return _candidates(QUOTES)


def test_the_reported_speaker_is_a_candidate_where_the_sentence_never_names_it(quote_candidates):
    added = [c for c in quote_candidates if "The occupation must" in c.sentence]
    hamas = {c.issue: c for c in added if c.kind == "position" and c.party == "hamas"}
    # "..., he added": Hamas speaks, though only "the occupation" (Israel) is named
    assert "withdrawal" in hamas
    assert {"p.speaker", "p.speaker=attr.speaker.added"} <= set(hamas["withdrawal"].symbols)
    israel = [c for c in added if c.party == "israel" and c.issue == "withdrawal"]
    assert israel and "p.speaker" not in israel[0].symbols


def test_a_stance_cue_asks_about_the_package_no_term_names(quote_candidates):
    added = [c for c in quote_candidates if "The occupation must" in c.sentence]
    deal = [c for c in added if c.kind == "position" and c.issue == "deal"]
    assert deal, "the profile's package issue (blame_issue) is asked about"
    assert all("term.none" in c.symbols and "icue.role=modal_demand" in c.symbols for c in deal)
    # a sentence that names the deal gets no term.none: its term is read as usual
    said = [c for c in quote_candidates if "We will not accept" in c.sentence and c.issue == "deal"]
    assert said and all("term.none" not in c.symbols for c in said)


def test_no_stance_cue_no_package_candidate():
    found = _candidates(PLAIN)
    talks = [c for c in found if c.sentence.startswith("Qatar said talks")]
    assert all(c.issue != "deal" for c in talks)


def test_weak_labels_are_the_rules_answers(quote_candidates):
    labels = {(c.party, c.issue): weak_label(c) for c in quote_candidates
              if c.kind == "position" and "We will not accept" in c.sentence}
    assert labels[("hamas", "deal")] == "reject"
    answered = [c for c in quote_candidates if c.rules]
    assert answered and all(weak_label(c) == c.rule_label != NONE for c in answered)
    assert all(weak_label(c) == NONE for c in quote_candidates if not c.rules)


@pytest.fixture
def unlabelled(tmp_path):
    (tmp_path / "gaza").mkdir()
    (tmp_path / "gaza" / "a.txt").write_text("date: 2024-05-01\n\n" + QUOTES)
    (tmp_path / "gaza" / "b.txt").write_text("date: 2024-05-02\n\n" + PLAIN)
    (tmp_path / "gaza" / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "notes").mkdir()  # not a profile: left alone
    (tmp_path / "notes" / "x.txt").write_text("date: 2024-05-01\n\nIsrael rejected the ceasefire.")
    return tmp_path


def test_collect_weak_labels_every_profile_folder(unlabelled):
    weak = collect_weak(unlabelled)
    assert weak.articles == {"gaza": 2}
    assert [path.endswith("bad.txt") for path, _ in weak.failures] == [True]
    assert len(weak.labels) == len(weak.candidates) > 0
    assert "reject" in weak.labels and NONE in weak.labels
    # an article that is also labelled is left out, its candidates with it
    plain = article_id(PLAIN)
    without = collect_weak(unlabelled, exclude={plain})
    assert without.articles == {"gaza": 1}
    assert all(c.article_id != plain for c in without.candidates)
    assert any(c.article_id == plain for c in weak.candidates)


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing", "is not a folder"),
    (lambda p: (p / "notes").mkdir() or p, "no folder named after a profile"),
])
def test_an_unusable_unlabelled_corpus_is_one_error(tmp_path, make, message):
    with pytest.raises(StanceError, match=message):
        unlabelled_folders(make(tmp_path))


def test_features_can_leave_the_rules_answers_out(quote_candidates):
    rows = [c for c in quote_candidates if c.kind == "position"]
    assert any(s.startswith("rule.") for c in rows for s in c.symbols)
    names = CandidateFeatures().fit(rows).get_feature_names_out()
    assert any(n.startswith("sym:rule.") for n in names)
    blind = CandidateFeatures(drop_symbols=RULE_SYMBOLS).fit(rows)
    names = blind.get_feature_names_out()
    assert not any(n.startswith("sym:rule.") for n in names)
    assert any(n.startswith("sym:p.") for n in names)
    assert blind.transform(rows).shape == (len(rows), len(names))


def test_weak_labels_join_the_fit_with_their_weight(unlabelled, quote_candidates):
    weak = collect_weak(unlabelled)
    hand = [c for c in quote_candidates if c.kind == "position"]
    labels = [weak_label(c) for c in hand]
    alone = fit_recipe(hand, labels, "position", Recipe())
    none_weight = fit_recipe(hand, labels, "position", Recipe(weak_weight=0.0), weak)
    light = fit_recipe(hand, labels, "position", Recipe(weak_weight=0.3), weak)
    heavy = fit_recipe(hand, labels, "position", Recipe(weak_weight=3.0), weak)
    # weight 0 leaves the weak labels out; a weight above 0 changes what is learnt, more so
    # the heavier it is
    assert np.array_equal(none_weight[-1].coef_, alone[-1].coef_)
    vocab_alone = len(alone[0].get_feature_names_out())
    assert len(light[0].get_feature_names_out()) > vocab_alone
    probe = hand[:3]
    p_light, p_heavy = light.predict_proba(probe), heavy.predict_proba(probe)
    assert not np.allclose(p_light, p_heavy)


def test_unanswered_weak_candidates_can_be_left_out(unlabelled, quote_candidates):
    weak = collect_weak(unlabelled)
    hand = [c for c in quote_candidates if c.kind == "position"]
    labels = [weak_label(c) for c in hand]
    unanswered = [c for c in weak.candidates if c.kind == "position" and not c.rules and not c.abstained]
    assert unanswered
    every = fit_recipe(hand, labels, "position", Recipe(weak_weight=1.0), weak)
    some = fit_recipe(hand, labels, "position", Recipe(weak_weight=1.0, weak_unanswered=False), weak)
    assert not np.allclose(every.predict_proba(hand), some.predict_proba(hand))
    # "none" is the class the unanswered candidates would add: leaving them out lowers it
    none = list(every.classes_).index(NONE)
    assert every.predict_proba(hand)[:, none].mean() > some.predict_proba(hand)[:, none].mean()


def test_a_blame_rule_that_abstained_votes_on_the_pairs_it_could_have_meant():
    found = _candidates("Any violation of the truce by Israel will be met with force, Hamas said.")
    blame = {(c.party, c.target): c.abstained for c in found if c.kind == "blame"}
    assert blame[("hamas", "israel")] == ("blame.hypothetical",)
    # not the reverse pair: the cue names who would blame and whom
    assert blame.get(("israel", "hamas"), ()) == ()
