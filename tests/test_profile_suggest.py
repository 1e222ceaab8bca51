"""`stance profile suggest`: missing issue terms found by the company they keep, on a small fixed corpus.

The corpus is real text parsed by the real pipeline. "truce" is a term the profile lacks:
it occurs next to the known term "ceasefire" and fills its slots (demanded, rejected,
agreed to). "weather" is frequent but keeps no such company. "ceasefire" itself is
already a term, so it is never suggested.
"""

from __future__ import annotations

import pytest
import yaml

from stance.errors import StanceError
from stance.profile import check_profile, load_profile
from stance.profiling.corpus import observe, parse_articles
from stance.profiling.report import format_table, format_yaml
from stance.profiling.suggest import check_issue, g2, suggest_terms
from stance.records import Article

PROFILE = """\
id: talks
name: Test talks
parties:
  - {id: hamas, name: Hamas, aliases: [Hamas]}
  - {id: israel, name: Israel, aliases: [Israel, Israeli]}
issues:
  - id: ceasefire
    label: Ceasefire
    terms: [ceasefire]
  - id: hostages
    label: Hostages
    terms: [hostages]
"""

ARTICLES = [
    ("Hamas demanded a ceasefire on Monday. Hamas also demanded a truce in the south. "
     "The weather was cold in the city. Officials said the weather would improve."),
    ("Israel rejected the truce. Israel rejected a ceasefire as well. "
     "The weather made travel hard for the delegations."),
    ("Hamas agreed to a truce after talks. Israel agreed to a ceasefire later. "
     "Rain and weather delayed the convoy. The weather forecast was poor."),
    ("Mediators said a truce and a ceasefire were close. Hamas wants the hostages home. "
     "The weather turned warm. Reporters wrote about the weather."),
    "Israel demanded the release of the hostages. The weather in Cairo was hot.",
]


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("profile") / "talks.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def parsed():
    return parse_articles([Article(id=f"a{n}", text=text, source=f"a{n}.txt") for n, text in enumerate(ARTICLES)])


@pytest.fixture(scope="module")
def suggested(parsed, profile_file):
    observations = observe(parsed, load_profile(profile_file))
    return suggest_terms(observations, "ceasefire", top=5)


@pytest.mark.parametrize("phrase, expected", [
    ("truce", True),       # near the known term, in its slots
    ("weather", False),    # more frequent, unrelated
    ("ceasefire", False),  # already a term of the profile
    ("hostages", False),   # another issue's term
])
def test_suggests_what_keeps_the_company_of_known_terms(suggested, phrase, expected):
    texts = [s.text for s in suggested]
    assert (phrase in texts) is expected, texts


def test_the_best_suggestion_is_the_missing_term_with_its_evidence(suggested):
    best = suggested[0]
    assert best.text == "truce" and best.count == 4
    assert best.together >= 3 and best.association > 0 and best.similarity > 0
    assert any("truce" in sentence and "ceasefire" in sentence for sentence in best.evidence)


def test_a_term_once_added_is_no_longer_suggested(parsed, profile_file, tmp_path):
    snippet = yaml.safe_load(format_yaml(suggest_terms(observe(parsed, load_profile(profile_file)),
                                                       "ceasefire", top=1)))
    assert snippet["issues"] == [{"id": "ceasefire", "terms": ["truce"]}]
    grown = yaml.safe_load(PROFILE)
    grown["issues"][0]["terms"] += snippet["issues"][0]["terms"]
    path = tmp_path / "grown.yaml"
    path.write_text(yaml.safe_dump(grown), encoding="utf-8")
    assert check_profile(path) == []
    texts = [s.text for s in suggest_terms(observe(parsed, load_profile(path)), "ceasefire", top=5)]
    assert "truce" not in texts


def test_a_verb_and_its_object_becomes_a_token_pattern_the_profile_accepts(tmp_path, parsed, profile_file):
    observations = observe(parsed, load_profile(profile_file))
    pairs = [p for p in observations.phrases if p.kind == "verb-object"]
    assert ("demand", "…", "truce") in {p.key for p in pairs}
    from stance.profiling.suggest import Suggestion

    pair = Suggestion("ceasefire", ("demand", "…", "truce"), "verb-object", ("demanded a truce",), 2, 2, 1.0, 0.1,
                      1.0, (), frozenset())
    grown = yaml.safe_load(PROFILE)
    grown["issues"][0]["terms"] += yaml.safe_load(format_yaml([pair]))["issues"][0]["terms"]
    path = tmp_path / "pattern.yaml"
    path.write_text(yaml.safe_dump(grown), encoding="utf-8")
    assert check_profile(path) == []
    assert "demand … truce" in format_table([pair])


def test_g2_is_positive_for_company_and_negative_for_avoidance():
    assert g2(together=8, count=10, with_issue=20, total=100) > 10
    assert g2(together=0, count=10, with_issue=50, total=100) < 0
    assert g2(together=2, count=10, with_issue=20, total=100) == pytest.approx(0.0)


def test_an_unknown_issue_is_one_clear_error(profile_file):
    with pytest.raises(StanceError, match="has no issue 'truce' .*ceasefire, hostages"):
        check_issue(load_profile(profile_file), "truce")


# --- the command ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for n, text in enumerate(ARTICLES):
        (folder / f"{n}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def test_suggest_prints_a_table_with_evidence(run_cli, profile_file, corpus_dir):
    code, out, err = run_cli(["profile", "suggest", profile_file, corpus_dir, "--issue", "ceasefire", "--top", "3"])
    assert code == 0, err
    assert "5 articles" in out and "ceasefire: " in out
    rows = [line.split()[1] for line in out.splitlines() if line[:3].strip().isdigit()]
    assert rows[0] == "truce" and "weather" not in rows
    assert "> Hamas also demanded a truce in the south." in out


def test_suggest_writes_yaml_to_paste(run_cli, profile_file, corpus_dir):
    code, out, err = run_cli(["profile", "suggest", profile_file, corpus_dir, "--format", "yaml", "--top", "2",
                              "--cues"])
    assert code == 0, err
    snippet = yaml.safe_load(out)
    assert [i["id"] for i in snippet["issues"]] == ["ceasefire", "hostages"]
    assert "truce" in snippet["issues"][0]["terms"]


@pytest.mark.parametrize("argv, message", [
    (["profile", "suggest", "no_such_profile", "."], "unknown profile 'no_such_profile'"),
    (["profile", "suggest", "gaza", "EMPTY"], "empty: no article files in this folder (read: .csv,"),
    (["profile", "suggest", "gaza"], "needs article files or folders"),
    (["profile", "suggest", "gaza", "EMPTY", "--issue", "nope"], "profile 'gaza' has no issue 'nope'"),
    (["profile", "suggest", "gaza", "EMPTY", "--top", "0"], "--top and --min-count must be positive"),
])
def test_bad_input_is_one_clear_line(run_cli, tmp_path, argv, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli([str(empty) if a == "EMPTY" else a for a in argv])
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_an_unreadable_file_is_named_and_the_rest_is_read(run_cli, profile_file, corpus_dir, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run_cli(["profile", "suggest", profile_file, corpus_dir, bad, "--issue", "ceasefire"])
    assert code == 1
    assert "bad.txt" in err and err.count("\n") == 1
    assert "truce" in out
