"""The learned model: candidates from real parses, the estimator contract, saving and loading,
the fallback to the rules, and the model inside the extractor.

Trained on the seed articles' labels only (five articles in the repository), so these
tests need neither the dev corpus nor much time.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from stance.errors import ModelError
from stance.extraction.classify import RuleOnly
from stance.extraction.extractor import Extractor
from stance.io.ingest import read_paths
from stance.learn.candidates import Candidate, dependency_path
from stance.learn.dataset import CandidateRecorder, collect
from stance.learn.estimator import fit_kind, make_pipeline
from stance.learn.features import CandidateFeatures
from stance.learn.model import LearnedClassifier, train
from stance.learn.persist import load_classifier, load_model, save_model
from stance.nlp.pipelines import parsing_pipeline
from stance.profile import load_profile
from stance.records import METHODS, Article


@pytest.fixture(scope="module")
def seed_data(seed_labels):
    return collect(seed_labels)


@pytest.fixture(scope="module")
def seed_model(seed_data):
    return train(seed_data, profile="gaza")


@pytest.fixture(scope="module")
def model_file(seed_model, tmp_path_factory):
    return save_model(seed_model, tmp_path_factory.mktemp("model") / "gaza.skops")


def sentence_candidates(text: str) -> list[Candidate]:
    extractor = Extractor("gaza")
    recorder = CandidateRecorder(extractor.profile)
    extractor.classifier = recorder
    extractor.extract(Article(id="t", text=text))
    return recorder.found


# --- candidates ---------------------------------------------------------------------

def test_a_rule_statement_becomes_a_candidate_that_carries_it():
    cands = sentence_candidates("Hamas rejected the proposal.")
    deal = [c for c in cands if c.key == ("position", "hamas", "deal", "")]
    assert len(deal) == 1
    assert deal[0].rule_label == "reject"
    assert "rule.stance=reject" in deal[0].symbols


def test_masked_text_names_roles_not_parties_or_issues():
    cands = sentence_candidates("Israel accused Hamas of blocking a ceasefire deal, Netanyahu said.")
    blame = next(c for c in cands if c.key == ("blame", "israel", "", "hamas"))
    assert "PARTYSELF" in blame.text and "PARTYTARGET" in blame.text
    for name in ("israel", "hamas", "netanyahu"):
        assert name not in blame.text.lower().replace("party", "")
        assert not any(name in s.lower() for s in blame.symbols)


def test_every_party_pair_is_asked_both_ways_and_no_party_blames_itself():
    cands = sentence_candidates("Israel and Hamas blamed each other for the collapse of the talks.")
    pairs = {(c.party, c.target) for c in cands if c.kind == "blame"}
    assert ("israel", "hamas") in pairs and ("hamas", "israel") in pairs
    assert all(p != t for p, t in pairs)


def test_a_sentence_without_a_party_has_no_candidate():
    assert sentence_candidates("The weather in the region was hot and dry for the whole week.") == []


def test_dependency_path_goes_up_then_down():
    doc = parsing_pipeline()("Hamas rejected the proposal.")
    assert dependency_path(doc[0], doc[3]) == "nsubj^|vdobj"
    assert dependency_path(doc[1], doc[1]) == "|"


# --- the estimator contract ---------------------------------------------------------

@pytest.mark.parametrize("check", [check_parameters_default_constructible, check_no_attributes_set_in_init,
                                   check_get_params_invariance, check_set_params])
def test_candidate_features_passes_sklearn_checks(check):
    check("CandidateFeatures", CandidateFeatures())


def test_candidate_features_fit_returns_self_and_fitted_state_ends_in_underscore(seed_data):
    features = CandidateFeatures(min_df=1)
    before = set(vars(features))
    assert features.fit(seed_data.candidates) is features
    learned = set(vars(features)) - before
    assert learned and all(name.endswith("_") for name in learned)
    matrix = features.transform(seed_data.candidates[:7])
    assert matrix.shape == (7, len(features.get_feature_names_out()))


def test_unfitted_features_refuse_to_transform(seed_data):
    with pytest.raises(NotFittedError):
        CandidateFeatures().transform(seed_data.candidates[:1])


def test_pipeline_clones_unfitted_and_predicts_probabilities(seed_data):
    pipe = fit_kind(seed_data.candidates, seed_data.labels, "position")
    fresh = clone(pipe)
    assert fresh.get_params()["classify__C"] == pipe.get_params()["classify__C"]
    with pytest.raises(NotFittedError):
        fresh.predict_proba([seed_data.candidates[0]])
    rows = [c for c in seed_data.candidates if c.kind == "position"]
    proba = pipe.predict_proba(rows)
    assert proba.shape == (len(rows), len(pipe.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert set(pipe.predict(rows)) <= set(pipe.classes_)


def test_the_model_learns_its_training_data(seed_data):
    # a floor, not a number copied from a run: the training data must mostly be fitted
    rows = [(c, y) for c, y in zip(seed_data.candidates, seed_data.labels) if c.kind == "position"]
    pipe = make_pipeline(min_df=1).fit([c for c, _ in rows], [y for _, y in rows])
    accuracy = np.mean(pipe.predict([c for c, _ in rows]) == np.array([y for _, y in rows]))
    assert accuracy >= 0.9


# --- saving, loading, fallback ------------------------------------------------------

def test_a_saved_model_loads_and_answers_the_same(seed_model, model_file, seed_data):
    loaded = load_model(model_file, profile="gaza")
    assert loaded.version == seed_model.version and loaded.version.startswith("m")
    assert loaded.meta["labels"] == seed_data.n_labels
    assert loaded.policy == seed_model.policy
    a = seed_model.probabilities(seed_data.candidates)
    b = loaded.probabilities(seed_data.candidates)
    assert all(np.allclose(x, y) for x, y in zip(a, b))


def test_the_version_depends_on_the_training(seed_data, seed_model):
    other = train(seed_data.subset(list(seed_data.gold)[:3]), profile="gaza")
    assert other.version != seed_model.version


@pytest.mark.parametrize("problem, message", [
    ("missing", "not found"),
    ("corrupt", "not a readable stance model"),
    ("other profile", "trained for profile 'gaza', not 'hezbollah'"),
    ("untrusted", "types stance does not trust"),
])
def test_an_unusable_model_is_one_clear_error(problem, message, model_file, tmp_path):
    import skops.io as sio

    path, profile = model_file, "gaza"
    if problem == "missing":
        path = tmp_path / "nothing.skops"
    elif problem == "corrupt":
        path = tmp_path / "corrupt.skops"
        path.write_bytes(model_file.read_bytes()[:2000])
    elif problem == "other profile":
        profile = "hezbollah"
    else:
        path = tmp_path / "untrusted.skops"
        sio.dump({"format": "stance-model/1", "x": Article(id="a", text="b")}, path)
    with pytest.raises(ModelError, match=message) as err:
        load_model(path, profile=profile)
    assert "\n" not in str(err.value)


def test_the_extractor_falls_back_to_the_rules_and_says_so(tmp_path, seeds_dir):
    classifier, message = load_classifier(tmp_path / "missing.skops", load_profile("gaza"))
    assert isinstance(classifier, RuleOnly)
    assert "not found" in message and "rules only" in message
    arts = [a for a in read_paths([seeds_dir]) if isinstance(a, Article)][:2]
    rules = [s for _, found in Extractor("gaza").extract_many(arts) for s in found]
    fallback = [s for _, found in Extractor("gaza", classifier=classifier).extract_many(arts) for s in found]
    assert fallback == rules


def test_a_loaded_model_marks_every_statement_it_decides(model_file, seeds_dir):
    profile = load_profile("gaza")
    classifier, message = load_classifier(model_file, profile)
    assert message == "" and isinstance(classifier, LearnedClassifier)
    arts = [a for a in read_paths([seeds_dir]) if isinstance(a, Article)]
    statements = [s for _, found in Extractor(profile, classifier=classifier).extract_many(arts) for s in found]
    assert statements
    for s in statements:
        assert s.model_version == classifier.version
        assert s.model_score is not None and 0 <= s.model_score <= 1
        assert s.method in METHODS and s.method != "human"
        assert 0 <= s.confidence <= 1


def test_ingest_with_a_missing_model_warns_and_stores_rule_statements(run_cli, seeds_dir, tmp_path):
    code, out, err = run_cli(["ingest", seeds_dir, "--db", tmp_path / "s.db", "--quiet",
                              "--classifier", tmp_path / "none.skops"])
    assert code == 1  # stored with the rules alone, but not as asked: scripts see it
    assert err.count("stance: warning:") == 1 and "rules only" in err
    found = int(re.search(r"statements found: (\d+)", out).group(1))
    assert "5 new" in out and found > 0
    code, out, err = run_cli(["extract", "--all", "--db", tmp_path / "s.db", "--quiet",
                              "--classifier", tmp_path / "none.skops"])
    assert code == 1 and "rules only" in err and f"re-extracted 5 articles: {found} statements" in out
