"""Quality floors on the labelled corpus, so that F1 never drops silently.

The floors sit just under the F1 measured with `stance evaluate --gold labels/ --split
test|train` when they were set. The test floor guards the held-out split: it is scored, never
tuned on; a change that lifts train and lowers test is not an improvement.
"""

from pathlib import Path

import pytest

from stance.evaluation.gold import evaluate_gold
from stance.extraction.extractor import Extractor
from stance.io.ingest import read_paths
from stance.records import Article

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "labels" / "corpus" / "dev"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason=f"dev corpus not present at {DEV}")

FLOORS = {  # (split, kind, view): floor; measured values in the comments
    ("test", "positions", "polarity"): 0.50,   # 0.517
    ("test", "positions", "strict"): 0.39,     # 0.411
    ("test", "blame", "polarity"): 0.58,       # 0.585
    ("test", "blame", "strict"): 0.40,         # 0.404
    ("train", "positions", "polarity"): 0.55,  # 0.591
    ("train", "positions", "strict"): 0.47,    # 0.507
    ("train", "blame", "polarity"): 0.85,      # 0.864
    ("train", "blame", "strict"): 0.63,        # 0.645
}


@pytest.fixture(scope="module")
def evaluations():
    return {split: evaluate_gold(REPO / "labels", split=split, replicates=1)
            for split in sorted({split for split, _, _ in FLOORS})}


@pytest.mark.parametrize("split, kind, view", sorted(FLOORS))
def test_f1_floor(evaluations, split, kind, view):
    scores = getattr(getattr(evaluations[split].report, kind), view)
    assert scores.f1 >= FLOORS[(split, kind, view)], f"{split} {kind} {view} F1 fell to {scores.f1:.3f}"


@pytest.fixture(scope="module")
def combined():
    """The learned model trained on `train` and combined with the rules, scored on `test`."""
    from stance.learn.heldout import evaluate_learned

    return evaluate_learned(REPO / "labels", system="combined", replicates=200)


def test_the_learned_model_adds_to_the_rules_on_held_out_news(combined):
    """Measured: combined 0.555 against the rules' 0.517 on `test` positions, paired difference
    +0.039 [+0.016, +0.063]; blame unchanged (0.585). A change to the candidates, the features
    or the policy that loses the model's contribution on unseen news fails here."""
    positions = combined.report.positions.polarity
    assert positions.f1 >= 0.54, f"combined test positions F1 fell to {positions.f1:.3f}"
    diff, low, _ = combined.versus[1]["positions polarity"]
    assert diff >= 0.025 and low > 0, f"the model adds {diff:+.3f} [{low:+.3f}, ...] to the rules"
    assert combined.report.blame.polarity.f1 >= 0.58


@pytest.mark.parametrize("folder, profile", [
    ("seeds", "gaza"),
    pytest.param(DEV, "gaza", marks=needs_dev, id="dev"),
    pytest.param(DEV / "other", "hezbollah", marks=needs_dev, id="dev-other"),
])
def test_prefilter_finds_the_same_statements_as_parsing_everything(folder, profile):
    arts = [a for a in read_paths([REPO / folder]) if isinstance(a, Article)]
    fast, full = Extractor(profile, prefilter=True), Extractor(profile, prefilter=False)
    keyed = lambda ex: {(a.id, s.key, s.start) for a, sts in ex.extract_many(arts) for s in sts}  # noqa: E731
    assert keyed(fast) == keyed(full)
    assert fast.sentences_parsed < full.sentences_parsed


def test_two_parsing_processes_give_the_same_statements_in_the_same_order():
    arts = [a for a in read_paths([REPO / "seeds"]) if isinstance(a, Article)]
    one = [(a.id, [s.key for s in sts]) for a, sts in Extractor("gaza").extract_many(arts)]
    two = [(a.id, [s.key for s in sts]) for a, sts in Extractor("gaza", workers=2).extract_many(arts)]
    assert [a.id for a in arts] == [i for i, _ in one]
    assert one == two


def test_articles_without_candidate_sentences_still_come_out_in_order():
    texts = ["Rain fell on the coast.", "Hamas rejected the proposal on Sunday.", "", "Markets rose."]
    arts = [Article(id=str(i), text=t or "Nothing here.") for i, t in enumerate(texts)]
    out = list(Extractor("gaza").extract_many(arts))
    assert [a.id for a, _ in out] == ["0", "1", "2", "3"]
    assert [len(sts) for _, sts in out] == [0, 1, 0, 0]
