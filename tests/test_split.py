"""The held-out split: by outlet and month, never by article; the repository's split holds that."""

import datetime as dt
from pathlib import Path

import pytest

from stance.errors import StanceError
from stance.evaluation.gold import load_corpus
from stance.evaluation.split import (
    ArticleKey,
    Split,
    check_split_name,
    outlet_key,
    read_split,
)

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "labels"

SPLIT = Split(test_outlets=frozenset({"agence france presse", "bbc"}),
              test_months={"gaza": frozenset({"2024-08"})},
              test_negotiations=frozenset({"india_pakistan"}))


@pytest.mark.parametrize("outlet, negotiation, date, side", [
    ("AFP", "gaza", dt.date(2024, 8, 3), "test"),                 # test outlet, test month
    ("Reuters", "gaza", dt.date(2024, 9, 3), "train"),            # neither
    ("AFP", "gaza", dt.date(2024, 9, 3), "excluded"),             # test outlet in a train month
    ("Reuters", "gaza", dt.date(2024, 8, 30), "excluded"),        # train outlet in a test month
    ("BBC News", "india_pakistan", dt.date(2025, 5, 10), "test"),  # whole negotiation held out
    ("Reuters", "india_pakistan", dt.date(2025, 5, 10), "excluded"),
    ("AFP", "hezbollah", dt.date(2024, 8, 3), "excluded"),        # a month is one negotiation's
    ("", "gaza", dt.date(2024, 8, 3), "excluded"),                # no outlet: never held out
    ("", "gaza", None, "train"),
    ("AFP", "gaza", None, "excluded"),
])
def test_an_article_is_held_out_only_when_outlet_and_time_both_are(outlet, negotiation, date, side):
    assert SPLIT.side(ArticleKey(negotiation, outlet, date)) == side


@pytest.mark.parametrize("name, key", [
    ("The Times of Israel", "times of israel"), ("AFP", "agence france presse"),
    ("Agence France-Presse", "agence france presse"), ("Spokesman-Review", "spokesman review"),
    ("  BBC News ", "bbc"),
])
def test_outlet_names_fold_to_one_key(name, key):
    assert outlet_key(name) == key


def test_reading_a_split_file(tmp_path):
    path = tmp_path / "split.yaml"
    path.write_text("test:\n  outlets: [The Guardian, AFP]\n  months: {gaza: [2024-01]}\n"
                    "  negotiations: [drc_m23]\n")
    split = read_split(path)
    assert split.test_outlets == {"guardian", "agence france presse"}
    assert split.test_months == {"gaza": {"2024-01"}}
    assert split.side(ArticleKey("drc_m23", "Guardian", dt.date(2025, 6, 1))) == "test"


@pytest.mark.parametrize("text, message", [
    ("- a list\n", "needs a 'test' mapping"),
    ("test:\n  months: {gaza: [January]}\n", "months are YYYY-MM"),
    ("test:\n  outlets: AFP\n", "are lists"),
    ("test: [\n", "cannot read the split"),
])
def test_a_bad_split_file_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "split.yaml"
    path.write_text(text)
    with pytest.raises(StanceError, match=message):
        read_split(path)


def test_an_unknown_split_name_is_refused():
    assert check_split_name("test") == "test"
    with pytest.raises(StanceError, match="unknown split 'dev'"):
        check_split_name("dev")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(LABELS)


def test_the_repository_split_shares_no_outlet_and_no_month_between_its_sides(corpus):
    split = read_split(LABELS / "split.yaml")
    sides = {"test": {"outlets": set(), "months": set()}, "train": {"outlets": set(), "months": set()}}
    for art in corpus.articles.values():
        side = corpus.sides[art.id]
        if side == "excluded":
            continue
        key = ArticleKey(corpus.profiles[art.id], corpus.outlets[art.id], art.date)
        if key.outlet:
            sides[side]["outlets"].add(outlet_key(key.outlet))
        if key.month:
            sides[side]["months"].add((key.negotiation, key.month))
        if side == "test":  # held out means both held out, by the file's own lists
            assert split.outlet_held_out(key) and split.time_held_out(key)
    assert not sides["test"]["outlets"] & sides["train"]["outlets"]
    assert not sides["test"]["months"] & sides["train"]["months"]


def test_the_repository_split_is_large_enough_to_measure_with(corpus):
    test = [a for a, s in corpus.sides.items() if s == "test"]
    gaza = [a for a in test if corpus.profiles[a] == "gaza"]
    other = [a for a in test if corpus.profiles[a] != "gaza"]
    assert len(gaza) >= 60 and len(other) >= 25
    train = [a for a, s in corpus.sides.items() if s == "train"]
    assert len(train) > len(test)
    # every article the rules were first developed on (seeds and dev) is on the train side
    for name, art in corpus.articles.items():
        if name.startswith(("seeds/", "dev/")):
            assert corpus.sides[art.id] == "train", name


def test_choosing_a_side_keeps_only_its_articles():
    test = load_corpus(LABELS, split="test")
    assert set(test.sides.values()) == {"test"}
    assert {lab.file for lab in test.labels} == set(test.articles)


def test_a_split_other_than_all_needs_a_split_file(tmp_path):
    (tmp_path / "gold.jsonl").write_text((LABELS / "gold.jsonl").read_text().splitlines()[0] + "\n")
    with pytest.raises(StanceError, match="no split file"):
        load_corpus(tmp_path, split="test")
    assert set(load_corpus(tmp_path).sides.values()) == {"train"}


def test_labels_find_their_articles_beside_them_wherever_the_package_is_installed(tmp_path, monkeypatch):
    # a copy of the labels folder elsewhere, with its corpus inside it, evaluated from
    # another working directory: the articles are found beside the labels, not in the source tree
    import shutil

    from stance.evaluation import gold

    copy = tmp_path / "checkout"
    (copy / "labels" / "corpus").mkdir(parents=True)
    shutil.copytree(LABELS / "corpus" / "dev", copy / "labels" / "corpus" / "dev")
    lines = [line for line in (LABELS / "gold.jsonl").read_text().splitlines() if '"dev/' in line][:5]
    (copy / "labels" / "gold.jsonl").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(gold, "REPO", tmp_path / "site-packages")  # as when installed
    monkeypatch.chdir(tmp_path)
    found = load_corpus(copy / "labels")
    assert found.articles and all(name.startswith("dev/") for name in found.articles)
