"""Dates inferred from what an undated article says: a table of texts, the seeds, ingest and the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stance.extraction.dating import APPLY_AT, suggest_date
from stance.profile import load_profile
from stance.store import store

GAZA = load_profile("gaza").milestones
D = dt.date

# (text, expected date or None, lowest confidence, highest confidence)
TABLE = [
    # an event the profile dates, its weekday confirmed, then the article's own weekday
    (("Mediator Qatar said Tuesday that talks continue. Since the UN Security Council adopted a resolution "
      "on Monday demanding an immediate ceasefire, both sides traded blame."), D(2024, 3, 26), 0.8, 0.9),
    # the article's weekday is the event's own: the same day
    (("President Joe Biden outlined a three-phase proposal on Friday. Hamas said on Friday that it viewed the "
      "proposal positively."), D(2024, 5, 31), 0.8, 0.9),
    # "N months into the war" and an event still ahead bound a window
    (("Over 15 months into the conflict, about 100 hostages remain. Trump warned of consequences unless a deal "
      "is reached by his inauguration on January 20."), D(2025, 1, 7), 0.6, 0.75),
    # a dateline day, its year from a full date the text reports
    ("DOHA, Nov 15 — Israel rejected a full withdrawal. The war began with the attacks on October 7, 2023.",
     D(2023, 11, 15), 0.8, 0.9),
    # a full date in the opening paragraph: a lower bound only, suggested but not applied
    ("Hamas said on Monday, March 25, 2024, that it rejects the proposal.", D(2024, 3, 25), 0.4, 0.5),
    # a month and year reported in the past
    ("The last agreement was reached in November 2023, with a weeklong truce.", D(2023, 11, 30), 0.2, 0.5),
    # a full date written as digits
    ("The talks of 2024-06-10 ended without a deal, officials said.", D(2024, 6, 10), 0.2, 0.5),
    # texts that must give no date
    ("Hamas rejected the proposal and blamed Israel for the delay.", None, 0, 0),
    ("Israel said on Tuesday it may accept the deal in March.", None, 0, 0),  # weekday, yearless month
    ("In December, Hamas had said that talks were serious.", None, 0, 0),
    ("Talks will resume on March 3, 2025, the mediators said.", None, 0, 0),  # a date still ahead
    ("Biden and Harris call Trump to concede the 2024 presidential race.", None, 0, 0),  # a year alone
    ("The Security Council adopted a resolution on Monday.", None, 0, 0),  # no milestone named in full
    ("Fighting continued 15 days into the ceasefire.", None, 0, 0),
    ("", None, 0, 0),
]


@pytest.mark.parametrize(("text", "expected", "low", "high"), TABLE)
def test_a_table_of_texts(text, expected, low, high):
    found = suggest_date(text, GAZA, today=D(2026, 1, 1))
    if expected is None:
        assert found is None, found
        return
    assert found is not None
    assert found.date == expected, found.evidence
    assert low <= found.confidence <= high, (found.confidence, found.evidence)
    assert found.evidence


def test_nothing_later_than_today():
    assert suggest_date("Hamas said on Monday, March 25, 2024, that it rejects it.", GAZA,
                        today=D(2024, 3, 1)) is None


def test_without_milestones_events_date_nothing():
    text = TABLE[0][0]
    assert suggest_date(text, (), today=D(2026, 1, 1)) is None


def _true_month(seed: str) -> str:
    return {"002": "2025-01", "004": "2024-03"}[seed]


@pytest.mark.parametrize("seed", ["002", "004"])
def test_each_undated_seed_gets_a_suggestion_in_its_true_month(seeds_dir, seed):
    # 002: "15 months into the conflict", the Biden administration "nears its final days", Salah
    # killed on a Thursday: January 2025. 004: Resolution 2728 adopted "on Monday" 25 March 2024
    path = next(seeds_dir.glob(f"{seed}_*.txt"))
    found = suggest_date(path.read_text(encoding="utf-8"), GAZA)
    assert found is not None and found.applies
    assert found.date.isoformat()[:7] == _true_month(seed), found.evidence
    assert len(found.clues) >= 2


def test_ingest_applies_confident_suggestions_and_marks_them(seeded_db, run_cli):
    engine = store.open_store(str(seeded_db), create=False)
    inferred = [row for row in store.articles(engine) if row.date_source == "inferred"]
    assert sorted(row.source.split("/")[-1][:3] for row in inferred) == ["002", "004"]
    for row in inferred:
        meta = json.loads(row.meta)["date_suggestion"]
        assert meta["date"] == row.date.isoformat() and meta["confidence"] >= APPLY_AT and meta["evidence"]
    code, out, _ = run_cli(["articles", "--db", str(seeded_db), "--undated"])
    assert code == 0
    assert out.count("inferred") >= 2 and "confirm: stance date 47ed4084 2024-03-26" in out
    assert "Security Council adopted a resolution on Monday" in out


def test_the_export_says_inferred_only_when_asked(seeded_db, run_cli):
    code, out, _ = run_cli(["export", "-", "--db", str(seeded_db)])
    assert code == 0 and "inferred" not in out.splitlines()[0]
    code, out, _ = run_cli(["export", "-", "--db", str(seeded_db), "--date-source"])
    header, *rows = out.splitlines()
    assert header.endswith(",date_source")
    bases = {row.rsplit(",", 1)[1] for row in rows}
    assert {"article", "inferred", "text"} <= bases


def test_confirming_makes_the_date_a_persons(seeded_copy, run_cli):
    code, out, _ = run_cli(["date", "47ed4084", "2024-03-27", "--db", str(seeded_copy)])
    assert code == 0
    engine = store.open_store(str(seeded_copy), create=False)
    row = store.find_article(engine, store.article_id_of(engine, "47ed4084"))
    assert row.date == D(2024, 3, 27) and row.date_source == "user"
    code, out, _ = run_cli(["articles", "--db", str(seeded_copy), "--undated"])
    assert "47ed4084" not in out


def test_a_profile_with_a_bad_milestone_is_refused(tmp_path):
    from stance.profile import check_profile

    from pathlib import Path

    bad = Path(load_profile("hezbollah").path).read_text(encoding="utf-8") + "\nmilestones:\n  - id: x\n    date: 2024-13-01\n    cues: ['(unclosed']\n"
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    problems = check_profile(path)
    assert any("'date' must be a date" in p for p in problems)
    assert any("not a regular expression" in p for p in problems)


def test_an_article_of_a_profile_file_is_dated_and_re_extracted_without_the_file(run_cli, repo_root, tmp_path):
    # the store keeps the profile file's data: dating re-extracts with it after the file is gone
    profile = tmp_path / "talks.yaml"
    profile.write_text((repo_root / "tests" / "fixtures" / "custom_profile" / "ukraine_talks.yaml").read_text())
    article = tmp_path / "undated.txt"
    article.write_text("Russia rejected a ceasefire, the Kremlin said on Tuesday.\n")
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", str(article), "--profile", str(profile), "--db", str(db)])
    assert code == 0, err
    profile.unlink()
    code, out, err = run_cli(["articles", "--db", str(db), "--undated"])
    assert "the text gives no date" in out
    article_id = out.split()[0]
    code, out, err = run_cli(["date", article_id[:8], "2025-03-12", "--db", str(db)])
    assert code == 0, err
    assert out.endswith("re-extracted: 1 statements\n")
    engine = store.open_store(str(db), create=False)
    (statement,) = store.statements(engine)
    assert (statement.party, statement.stance, statement.date) == ("russia", "reject", D(2025, 3, 11))
