"""A smoke test of every `stance` command, its help, and its place in the README."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re

import pytest

from stance import cli


def subcommands() -> dict[str, str]:
    """Every subcommand of the parser and the one-line help shown in ``stance --help``."""
    parser = cli.parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help or "" for choice in action._choices_actions}


COMMANDS = sorted(subcommands())


def test_every_subcommand_has_a_handler_and_every_handler_a_subcommand():
    handlers = {}
    for module in cli.command_groups():
        handlers.update(module.HANDLERS)
        assert set(module.EXAMPLES) == set(module.HANDLERS), module.__name__
    assert set(COMMANDS) == set(handlers)


def test_no_command_prints_help_and_fails(run_cli):
    code, out, _ = run_cli([])
    assert code == 2
    assert "COMMAND" in out


def test_version(run_cli):
    code, out, _ = run_cli(["--version"])
    assert code == 0
    assert out.startswith("stance ")


# --- help -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_one_line_help(command):
    assert subcommands()[command].strip(), f"`stance {command}` has no help text in `stance --help`"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_exits_0_and_ends_with_an_example(run_cli, command):
    code, out, err = run_cli([command, "--help"])
    assert code == 0, err
    assert "example:" in out, f"`stance {command} --help` shows no example"
    example = out.split("example:", 1)[1]
    assert f"stance {command}" in example, f"the example of `stance {command}` does not use it"


def test_top_level_help_lists_every_command(run_cli):
    code, out, _ = run_cli(["--help"])
    assert code == 0
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", out, re.M), f"{command} missing from `stance --help`"


def test_readme_mentions_every_command(repo_root):
    readme = repo_root / "README.md"
    assert readme.exists(), (f"{readme} does not exist yet; it must document every command: "
                             + ", ".join(f"`stance {c}`" for c in COMMANDS))
    text = readme.read_text(encoding="utf-8")
    missing = [c for c in COMMANDS if f"stance {c}" not in text]
    assert not missing, f"README.md does not mention: {', '.join(f'`stance {c}`' for c in missing)}"


# --- smoke: every command runs on the seeds ---------------------------------------------------

def test_ingest(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", seeds_dir, "--db", db, "--quiet"])
    assert code == 0, err
    assert out.startswith("articles: 5 new, 0 duplicate")
    assert "0 failed" in out
    assert db.exists()


def test_extract_all(run_cli, seeded_copy):
    code, out, err = run_cli(["extract", "--all", "--db", seeded_copy, "--quiet"])
    assert code == 0, err
    assert re.match(r"re-extracted 5 articles: \d+ statements", out)


def test_extract_needs_all(run_cli, seeded_copy):
    code, _, err = run_cli(["extract", "--db", seeded_copy])
    assert code == 2
    assert "--all" in err


def test_export_statements(run_cli, seeded_db, tmp_path):
    target = tmp_path / "statements.csv"
    code, out, err = run_cli(["export", target, "--db", seeded_db])
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert rows, "no statements exported from the seeds"
    assert out == f"wrote {len(rows)} statements rows to {target}\n"


def test_export_positions(run_cli, seeded_db, tmp_path):
    target = tmp_path / "positions.csv"
    code, out, err = run_cli(["export", target, "--db", seeded_db])
    assert code == 0, err
    assert "positions rows" in out
    header = target.read_text(encoding="utf-8").splitlines()[0]
    assert header == "period,party,issue,demand,accept,reject,statements,articles,net"


def test_articles(run_cli, seeded_db):
    code, out, err = run_cli(["articles", "--db", seeded_db])
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 5
    assert all(re.match(r"[0-9a-f]{16}  (\d{4}-\d\d-\d\d( inferred)?|undated   )\s+\d+ statements  \S", ln)
               for ln in lines), out


def test_articles_undated(run_cli, seeded_db):
    code, out, err = run_cli(["articles", "--undated", "--db", seeded_db])
    assert code == 0, err
    lines = [ln for ln in out.splitlines() if not ln.startswith("    ")]
    assert lines, "two seeds are dated only by what their text says"
    assert all(" inferred  " in ln for ln in lines), out
    assert len(lines) < 5
    # the statement counts stay in one column, marked inferred or not
    _, everything, _ = run_cli(["articles", "--db", seeded_db])
    assert len({ln.index(" statements") for ln in everything.splitlines()}) == 1
    assert any(" inferred " in ln for ln in everything.splitlines())
    assert any(" inferred " not in ln for ln in everything.splitlines())
    assert out.count("    suggested ") == out.count("    confirm: stance date ") == len(lines)


def test_date(run_cli, seeded_copy):
    _, out, _ = run_cli(["articles", "--undated", "--db", seeded_copy])
    article_id = out.split()[0]
    code, out, err = run_cli(["date", article_id[:8], "2025-01-09", "--db", seeded_copy])
    assert code == 0, err
    assert re.fullmatch(rf"dated article {article_id} 2025-01-09; re-extracted: \d+ statements\n", out), out
    _, out, _ = run_cli(["articles", "--db", seeded_copy])
    assert f"{article_id}  2025-01-09" in out


def test_dating_an_article_resolves_the_dates_its_text_gives(run_cli, tmp_path):
    text = tmp_path / "undated.txt"
    text.write_text("Hamas said on Tuesday it rejects the proposal.\n\nQatar called for a truce.\n")
    db = tmp_path / "s.db"
    assert run_cli(["ingest", text, "--db", db, "--quiet"])[0] == 0
    _, out, _ = run_cli(["export", "-", "--db", db])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and all(r["date"] == "" for r in rows), rows
    code, _, err = run_cli(["date", rows[0]["article_id"][:6], "2024-02-08", "--db", db])  # a Thursday
    assert code == 0, err
    _, out, _ = run_cli(["export", "-", "--db", db])
    dates = {r["party"]: r["date"] for r in csv.DictReader(io.StringIO(out))}
    assert dates == {"hamas": "2024-02-06", "qatar": "2024-02-08"}


def test_profile_list(run_cli):
    code, out, err = run_cli(["profile", "list"])
    assert code == 0, err
    names = [ln.split()[0] for ln in out.splitlines()]
    assert "gaza" in names and "hezbollah" in names
    # one column for the counts, however long a profile's id
    assert len({ln.index(" parties") for ln in out.splitlines()}) == 1


def test_profile_show(run_cli):
    code, out, err = run_cli(["profile", "show", "gaza"])
    assert code == 0, err
    assert out.startswith("gaza: ")
    assert "parties (in the order views show them):" in out and "issues:" in out
    assert re.search(r"^\s+hamas\s", out, re.M)
    assert re.search(r"^\s+ceasefire\s", out, re.M)
    assert "Benjamin Netanyahu" not in out and "permanent ceasefire" not in out  # counts only
    assert "2024-03-25  UN Security Council resolution 2728" in out


def test_profile_show_lists_aliases_and_terms(run_cli, repo_root):
    path = repo_root / "tests" / "fixtures" / "custom_profile" / "ukraine_talks.yaml"
    code, out, err = run_cli(["profile", "show", str(path), "--aliases", "--terms"])
    assert code == 0, err
    # the negotiating parties first, then the mediator the file lists between them
    assert [ln.split()[0] for ln in out.splitlines() if re.match(r"  \w", ln)][:3] == ["russia", "ukraine", "usa"]
    assert "      Russia · Russian · Kremlin · Moscow · Vladimir Putin · Putin · Dmitry Peskov" in out
    assert "      security guarantees · security guarantee" in out
    code, out, _ = run_cli(["profile", "show", "gaza", "--aliases"])
    assert "al-Qassam Brigades" in out and "permanent ceasefire" not in out
    code, out, _ = run_cli(["profile", "show", "gaza", "--terms"])
    assert "Benjamin Netanyahu" not in out and "against: " in out and "pattern [{" in out


def test_profile_check(run_cli, repo_root):
    path = repo_root / "stance" / "profiles" / "gaza.yaml"
    code, out, err = run_cli(["profile", "check", path])
    assert code == 0, out + err
    assert "ok: profile 'gaza'" in out


def test_profile_show_needs_a_name(run_cli):
    code, _, err = run_cli(["profile", "show"])
    assert code == 2
    assert err.count("\n") == 1 and "needs a profile id" in err


def test_rules_list(run_cli):
    code, out, err = run_cli(["rules", "list"])
    assert code == 0, err
    assert "cue rules" in out
    assert "party.hamas" in out
    assert "issue.ceasefire" in out


@pytest.fixture()
def split_corpus(tmp_path):
    """Two labelled articles, one on each side of a split, with labels counted by hand."""
    corpus, labels = tmp_path / "corpus", tmp_path / "labels"
    (corpus / "gaza").mkdir(parents=True)
    labels.mkdir()
    (corpus / "gaza" / "held.txt").write_text(
        "date: 2024-08-04\nsource: https://example.org/a\ntitle: T\noutlet: AFP\n\n"
        "Hamas rejected the proposal on Sunday.\n")
    (corpus / "gaza" / "seen.txt").write_text(
        "date: 2024-09-04\nsource: https://example.org/b\ntitle: T\noutlet: Reuters\n\n"
        "Hamas rejected the proposal on Sunday. Israel accused Hamas of stalling the talks.\n")
    rows = [
        {"file": "gaza/held.txt", "sentence": "Hamas rejected the proposal on Sunday.", "party": "hamas",
         "kind": "position", "issue": "deal", "stance": "reject"},
        # a miss the extractor cannot make: nothing in the text says it
        {"file": "gaza/held.txt", "sentence": "Hamas rejected the proposal on Sunday.", "party": "israel",
         "kind": "position", "issue": "hostages", "stance": "demand"},
        {"file": "gaza/seen.txt", "sentence": "Hamas rejected the proposal on Sunday.", "party": "hamas",
         "kind": "position", "issue": "deal", "stance": "reject"},
        {"file": "gaza/seen.txt", "sentence": "Israel accused Hamas of stalling the talks.",
         "party": "israel", "kind": "blame", "issue": "deal", "target": "hamas"},
    ]
    (labels / "gold.jsonl").write_text("".join(json.dumps({"profile": "gaza", "annotator": "g", **r}) + "\n"
                                               for r in rows))
    (labels / "split.yaml").write_text("test:\n  outlets: [AFP]\n  months: {gaza: [2024-08]}\n")
    return corpus, labels


@pytest.mark.parametrize("split, articles, labels, pos, blame", [
    ("test", 1, 2, (1, 0, 1), (0, 0, 0)),   # hamas reject deal found; israel's demand missed
    ("train", 1, 2, (1, 0, 0), (1, 0, 0)),
    ("all", 2, 4, (2, 0, 1), (1, 0, 0)),
])
def test_evaluate_scores_the_chosen_side_of_the_split(run_cli, split_corpus, split, articles, labels,
                                                      pos, blame):
    corpus, gold = split_corpus
    code, out, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--split", split, "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert (data["overall"]["articles"], data["overall"]["labels"]) == (articles, labels)
    got = data["overall"]["scores"]
    assert (got["positions polarity"]["tp"], got["positions polarity"]["fp"],
            got["positions polarity"]["fn"]) == pos
    assert (got["blame polarity"]["tp"], got["blame polarity"]["fp"], got["blame polarity"]["fn"]) == blame
    # precision and recall are not swapped: 2 of 2 predicted right, 2 of 3 found (all)
    if split == "all":
        assert got["positions polarity"]["precision"] == 1.0
        assert got["positions polarity"]["recall"] == pytest.approx(2 / 3)
        assert set(data["groups"]["split"]) == {"test", "train"}
        lo, hi = got["positions polarity"]["f1_interval"]
        assert lo <= got["positions polarity"]["f1"] <= hi


def test_evaluate_prints_intervals_and_tables(run_cli, split_corpus):
    corpus, gold = split_corpus
    code, out, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--bootstrap", "200"])
    assert code == 0, err
    assert out.startswith("split: all; system: rules; 4 labels over 2 articles; 95% intervals from 200")
    assert re.search(r"positions polarity\s+1\.000\s+0\.667\s+0\.800\s+\[\d\.\d\d, \d\.\d\d\]", out)
    # the spec's report below: P, R, F1, then tp, fp, fn
    assert re.search(r"positions polarity\s+1\.000\s+0\.667\s+0\.800\s+2\s+0\s+1\n", out)
    for table in ("By split", "By negotiation", "By outlet"):
        assert table in out
    assert re.search(r"AFP\s+1\s+2\s+0\.667", out)


def test_evaluate_the_keyword_baseline_and_another_annotator(run_cli, split_corpus, tmp_path):
    corpus, gold = split_corpus
    code, out, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--system", "keywords",
                              "--json"])
    assert code == 0, err
    scores = json.loads(out)["overall"]["scores"]
    # "rejected" makes both keyword positions rejections: right in both articles
    assert scores["positions polarity"]["tp"] == 2
    assert scores["blame polarity"]["tp"] == 1
    other = tmp_path / "b.jsonl"
    lines = (gold / "gold.jsonl").read_text().splitlines()
    other.write_text("\n".join(lines[:1] + lines[2:]) + "\n")  # b left out one statement
    code, out, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--against", other, "--json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["system"] == "b.jsonl"
    assert data["overall"]["scores"]["positions polarity"]["fn"] == 1
    assert data["overall"]["scores"]["positions polarity"]["fp"] == 0


def test_evaluate_refuses_a_split_without_a_split_file(run_cli, split_corpus):
    corpus, gold = split_corpus
    (gold / "split.yaml").unlink()
    code, _, err = run_cli(["evaluate", "--gold", gold, "--corpus", corpus, "--split", "test"])
    assert code != 0 and "no split file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_evaluate_on_a_labels_file_with_no_labels_is_a_one_line_error(run_cli, tmp_path, content):
    # no report of zeros: an empty file is a mistake, not a score
    gold = tmp_path / "empty.jsonl"
    gold.write_text(content)
    code, out, err = run_cli(["evaluate", "--gold", gold])
    assert (code, out) == (2, "")
    assert err == f"stance: error: no labels to score in {gold}\n"


def test_ingest_with_two_parsing_processes_stores_the_same_statements(run_cli, seeds_dir, seeded_db, tmp_path):
    db = tmp_path / "two.db"
    code, _, err = run_cli(["ingest", seeds_dir, "--db", db, "--quiet", "--workers", "2"])
    assert code == 0, err
    exports = [run_cli(["export", "-", "--db", d])[1] for d in (seeded_db, db)]
    assert exports[0].count("\n") > 10
    assert exports[0] == exports[1]


@pytest.mark.parametrize("value", ["0", "x", "-1"])
def test_workers_must_be_a_positive_number(run_cli, seeds_dir, tmp_path, value):
    code, _, err = run_cli(["ingest", seeds_dir, "--db", tmp_path / "w.db", "--workers", value])
    assert code == 2
    assert "--workers" in err
    assert not (tmp_path / "w.db").exists()


@pytest.mark.parametrize("value", ["0", "-1", "x", "nan", "inf"])
def test_max_mb_must_be_a_size_above_zero(run_cli, seeds_dir, tmp_path, value):
    # not every file failed later as "over the -1 MB limit"
    code, _, err = run_cli(["ingest", seeds_dir, "--db", tmp_path / "m.db", "--max-mb", value])
    assert code == 2
    assert "--max-mb" in err and f"{value!r} is not a size in MB above 0" in err
    assert not (tmp_path / "m.db").exists()
