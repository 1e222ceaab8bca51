"""CSV exports: the golden statements.csv of the seeds, RFC 4180, filters, stdout, positions per period."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import sqlite3
from pathlib import Path

import pytest

from stance.analysis.export import STATEMENT_COLUMNS, statements_csv, write_statements
from stance.records import Statement

GOLDEN = Path(__file__).parent / "golden" / "seeds_statements.csv"
HEADER = "article_id,date,party,kind,issue,stance,target,confidence,method,sentence,source"
REGENERATE = ("If the change is intended (rules, profile or model changed), regenerate the golden file "
              "with\n    STANCE_UPDATE_GOLDEN=1 python -m pytest tests/test_export.py -k golden\n"
              f"and review the diff of {GOLDEN.relative_to(GOLDEN.parents[2])} before committing it.")


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def export(run_cli, seeded_db):
    """``export(*options) -> rows``: ``stance export - OPTIONS`` on the seeded database, parsed."""

    def run(*options):
        code, out, err = run_cli(["export", "-", "--db", seeded_db, *options])
        assert code == 0, err
        return parse(out)

    return run


@pytest.fixture
def all_rows(export):
    rows = export()
    assert len(rows) > 10, "the seeds should give more statements than this"
    return rows


# --- golden -----------------------------------------------------------------------------------

def test_seeds_statements_csv_matches_golden(run_cli, repo_root, tmp_path, monkeypatch):
    monkeypatch.chdir(repo_root)  # sources are then "seeds/...", the same on every machine
    db, target = tmp_path / "golden.db", tmp_path / "statements.csv"
    code, _, err = run_cli(["ingest", "seeds", "--db", db, "--quiet"])
    assert code == 0, err
    code, _, err = run_cli(["export", target, "--db", db])
    assert code == 0, err
    actual = target.read_bytes()
    if os.environ.get("STANCE_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(actual)
    assert GOLDEN.exists(), f"golden file {GOLDEN} is missing.\n{REGENERATE}"
    expected = GOLDEN.read_bytes()
    if actual != expected:
        diff = list(difflib.unified_diff(
            expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines(),
            "golden", "now", lineterm="", n=0))
        shown = "\n".join(diff[:60]) + (f"\n... and {len(diff) - 60} more diff lines" if len(diff) > 60 else "")
        pytest.fail(f"statements.csv of the seeds differs from {GOLDEN.name}:\n{shown}\n\n{REGENERATE}",
                    pytrace=False)


def test_golden_file_is_plausible():
    """The golden file itself keeps to the contract (so a bad regeneration is caught too)."""
    text = GOLDEN.read_bytes().decode("utf-8")
    assert text.startswith(HEADER + "\r\n")
    rows = parse(text)
    assert rows
    for row in rows:
        assert re.fullmatch(r"[0-9a-f]{16}", row["article_id"])
        assert row["source"].startswith("seeds/")
        assert row["kind"] in ("position", "blame")
        assert row["method"] in ("rule", "model", "rule+model", "human")
        assert 0 <= float(row["confidence"]) <= 1
        assert row["sentence"].strip()
        if row["kind"] == "position":
            assert row["issue"] and row["stance"] in ("demand", "accept", "reject") and not row["target"]
        else:
            assert row["target"] and not row["stance"] and row["target"] != row["party"]


# --- format -----------------------------------------------------------------------------------

def test_header_is_exactly_the_spec_columns(run_cli, seeded_db, tmp_path):
    target = tmp_path / "s.csv"
    run_cli(["export", target, "--db", seeded_db])
    assert target.read_bytes().split(b"\r\n", 1)[0].decode() == HEADER
    assert ",".join(STATEMENT_COLUMNS) == HEADER


def test_header_only_when_nothing_matches(export):
    assert export("--party", "nobody") == []


def test_rows_end_in_crlf(run_cli, seeded_db, tmp_path):
    target = tmp_path / "s.csv"
    run_cli(["export", target, "--db", seeded_db])
    data = target.read_bytes()
    rows = parse(data.decode("utf-8"))
    assert data.endswith(b"\r\n")
    # sentences hold no CR (ingest makes every line end "\n"), so each CRLF ends a record
    assert data.count(b"\r\n") == len(rows) + 1


def test_rfc4180_round_trip_of_quotes_commas_and_newlines():
    tricky = 'He said "no deal, no truce", then left;\nlater: "maybe".'
    st = Statement(article_id="a" * 16, party="hamas", kind="position", issue="deal", stance="reject",
                   target="", sentence=tricky, start=0, end=len(tricky), date=dt.date(2024, 5, 31),
                   confidence=0.8, source="https://example.org/a,b?c=\"d\"")
    text = statements_csv([st])
    assert '"He said ""no deal, no truce"", then left;\nlater: ""maybe""."' in text
    (row,) = parse(text)
    assert row == {"article_id": "a" * 16, "date": "2024-05-31", "party": "hamas", "kind": "position",
                   "issue": "deal", "stance": "reject", "target": "", "confidence": "0.800",
                   "method": "rule", "sentence": tricky, "source": 'https://example.org/a,b?c="d"'}


def test_write_statements_counts_rows():
    out = io.StringIO()
    assert write_statements([], out) == 0
    assert out.getvalue() == HEADER + "\r\n"


def test_seed_sentences_round_trip_verbatim(all_rows, seeded_db):
    con = sqlite3.connect(seeded_db)
    stored = sorted(r[0] for r in con.execute("SELECT sentence FROM statement"))
    con.close()
    assert sorted(r["sentence"] for r in all_rows) == stored
    assert any('"' in s and "," in s for s in stored), "the seeds have a quoted sentence with commas"


def test_undated_statements_have_an_empty_date(all_rows):
    dates = [r["date"] for r in all_rows]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)  # two seeds dated by their text
    undated = Statement(article_id="a", party="hamas", kind="position", issue="deal", stance="reject",
                        target="", sentence="Hamas rejected it.", start=0, end=18)
    out = io.StringIO()
    write_statements([undated], out)
    assert out.getvalue().splitlines()[1].split(",")[1] == ""


# --- filters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("options, keep", [
    (["--party", "hamas"], lambda r: r["party"] == "hamas"),
    (["--party", "hamas", "--party", "qatar"], lambda r: r["party"] in ("hamas", "qatar")),
    (["--issue", "ceasefire"], lambda r: r["issue"] == "ceasefire"),
    (["--issue", "hostages", "--issue", "deal"], lambda r: r["issue"] in ("hostages", "deal")),
    (["--kind", "blame"], lambda r: r["kind"] == "blame"),
    (["--kind", "position"], lambda r: r["kind"] == "position"),
    (["--since", "2025-01-01"], lambda r: r["date"] != "" and r["date"] >= "2025-01-01"),
    (["--until", "2024-12-31"], lambda r: r["date"] != "" and r["date"] <= "2024-12-31"),
    (["--since", "2025-01-04", "--until", "2025-01-04"], lambda r: r["date"] == "2025-01-04"),
    (["--party", "israel", "--kind", "blame", "--since", "2024-12-01"],
     lambda r: r["party"] == "israel" and r["kind"] == "blame" and r["date"] >= "2024-12-01"),
])
def test_filters(export, all_rows, options, keep):
    rows = export(*options)
    assert rows, f"{options} keeps nothing of the seeds: the test would prove nothing"
    assert len(rows) < len(all_rows), f"{options} filtered nothing out"
    assert rows == [r for r in all_rows if keep(r)]


def test_dash_writes_to_stdout_only(run_cli, seeded_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "s.csv"
    run_cli(["export", target, "--db", seeded_db])
    code, out, err = run_cli(["export", "-", "--db", seeded_db])
    assert code == 0, err
    assert out == target.read_bytes().decode("utf-8")  # CSV only: no "wrote N rows" line
    assert not (tmp_path / "-").exists()


# --- positions --------------------------------------------------------------------------------

def _label(day: str, period: str) -> str:
    d = dt.date.fromisoformat(day)
    if period == "day":
        return day
    if period == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return day[:7]


@pytest.mark.parametrize("period, pattern", [
    ("day", r"\d{4}-\d\d-\d\d"),
    ("week", r"\d{4}-W\d\d"),
    ("month", r"\d{4}-\d\d"),
])
def test_positions_periods(export, all_rows, period, pattern):
    positions = export("--what", "positions", "--period", period)
    dated = [r for r in all_rows if r["kind"] == "position" and r["date"]]
    assert positions and dated
    assert all(re.fullmatch(pattern, p["period"]) for p in positions)
    assert {p["period"] for p in positions} == {_label(r["date"], period) for r in dated}
    assert sum(int(p["statements"]) for p in positions) == len(dated)
    for p in positions:
        assert int(p["statements"]) == int(p["demand"]) + int(p["accept"]) + int(p["reject"])
        assert -1 <= float(p["net"]) <= 1


def test_positions_known_periods_of_the_seeds(export):
    weeks = {p["period"] for p in export("--what", "positions", "--period", "week")}
    months = {p["period"] for p in export("--what", "positions", "--period", "month")}
    assert "2025-W01" in weeks  # seeds dated 2025-01-03 and 2025-01-04
    assert {"2023-12", "2025-01"} <= months


def test_positions_default_period_is_week(export):
    assert export("--what", "positions") == export("--what", "positions", "--period", "week")


def test_positions_chosen_by_file_name(run_cli, seeded_db, tmp_path):
    target = tmp_path / "positions-2025.csv"
    code, out, _ = run_cli(["export", target, "--db", seeded_db])
    assert code == 0
    assert "positions rows" in out
    assert target.read_text(encoding="utf-8").startswith("period,party,issue,")


def test_positions_honour_filters(export):
    rows = export("--what", "positions", "--party", "hamas")
    assert rows and {r["party"] for r in rows} == {"hamas"}


# --- failures ---------------------------------------------------------------------------------

def test_export_to_a_missing_folder(run_cli, seeded_db, tmp_path):
    target = tmp_path / "no" / "such" / "statements.csv"
    code, out, err = run_cli(["export", target, "--db", seeded_db])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("stance: error: ") and "does not exist" in err
    assert not (tmp_path / "no").exists()


def test_export_onto_a_folder_leaves_no_temp_file(run_cli, seeded_db, tmp_path):
    (tmp_path / "out.csv").mkdir()
    code, _, err = run_cli(["export", tmp_path / "out.csv", "--db", seeded_db])
    assert code == 2
    assert err.count("\n") == 1 and "cannot write" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_bad_filter_date_is_an_argument_error(run_cli, seeded_db):
    code, _, err = run_cli(["export", "-", "--db", seeded_db, "--since", "2024-13-01"])
    assert code == 2
    assert "--since" in err and "Traceback" not in err


def test_positions_count_a_statement_carried_by_several_articles_once(run_cli, tmp_path):
    quote = "Hamas rejected the ceasefire proposal on Sunday, its spokesman said."
    (tmp_path / "a.txt").write_text(f"date: 2024-06-03\nsource: outlet-a\n\n{quote}\n\nRain fell in Doha.\n")
    (tmp_path / "b.txt").write_text(f"date: 2024-06-04\nsource: outlet-b\n\n{quote}\n\nMarkets rose.\n")
    db = tmp_path / "s.db"
    assert run_cli(["ingest", tmp_path / "a.txt", tmp_path / "b.txt", "--db", db, "--quiet"])[0] == 0
    _, statements, _ = run_cli(["export", "-", "--db", db])
    assert len([r for r in csv.DictReader(io.StringIO(statements)) if r["party"] == "hamas"]) == 2
    code, out, err = run_cli(["export", "-", "--what", "positions", "--period", "month", "--db", db])
    assert code == 0, err
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["party"] == "hamas"]
    assert [(r["issue"], r["reject"], r["statements"], r["articles"]) for r in rows] == [("deal", "1", "1", "1")]


def _statement(sentence: str, source: str = "https://example.org/a") -> Statement:
    return Statement(article_id="a1", party="hamas", kind="position", issue="deal", stance="reject",
                     target="", sentence=sentence, start=0, end=len(sentence),
                     date=dt.date(2024, 5, 1), source=source)


@pytest.mark.parametrize("sentence, cell", [
    ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
    ("+972 said Hamas rejected the deal.", "'+972 said Hamas rejected the deal."),
    ("-Hamas rejected the deal.", "'-Hamas rejected the deal."),
    ("@Hamas rejected the deal.", "'@Hamas rejected the deal."),
    ("Hamas rejected the deal = no.", "Hamas rejected the deal = no."),  # only a leading sign counts
])
def test_a_cell_that_starts_like_a_formula_is_shown_as_text(sentence, cell):
    safe = parse(statements_csv([_statement(sentence)]))[0]
    assert safe["sentence"] == cell
    buf = io.StringIO()
    write_statements([_statement(sentence)], buf, raw=True)
    assert parse(buf.getvalue())[0]["sentence"] == sentence  # --raw: verbatim


def test_export_raw_and_safe_from_the_command_line(run_cli, seeded_copy, tmp_path):
    from sqlmodel import Session, select

    from stance.store import store
    from stance.store.tables import StatementRow

    engine = store.open_store(str(seeded_copy))
    with Session(engine) as session:
        row = session.exec(select(StatementRow)).first()
        row.sentence = "=1+1 " + row.sentence
        session.add(row)
        session.commit()
    for flags, start in (([], "'=1+1 "), (["--raw"], "=1+1 ")):
        out_file = tmp_path / f"s{len(flags)}.csv"
        code, _, err = run_cli(["export", out_file, "--db", seeded_copy, *flags])
        assert code == 0, err
        assert any(r["sentence"].startswith(start) for r in parse(out_file.read_text()))


def test_a_planted_symlink_at_a_temporary_name_is_never_followed(run_cli, seeded_db, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / ".statements.csv.tmp").symlink_to(victim)  # the name a fixed temporary file had
    code, _, err = run_cli(["export", tmp_path / "statements.csv", "--db", seeded_db])
    assert code == 0, err
    assert victim.read_text() == "keep me"
    assert parse((tmp_path / "statements.csv").read_text())
    assert oct((tmp_path / "statements.csv").stat().st_mode & 0o777) == "0o644"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".statements.csv.") and p.is_file()
                and not p.is_symlink()]


def test_an_export_into_a_pipe_is_written_into_it_and_leaves_it_a_pipe(run_cli, seeded_db, tmp_path):
    import stat
    import threading

    fifo = tmp_path / "statements.csv"
    os.mkfifo(fifo)
    received = []
    # a reader at the other end, as `stance export fifo & cat fifo` would have
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, out, err = run_cli(["export", fifo, "--db", seeded_db])
    reader.join(timeout=10)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # not replaced by an ordinary file
    rows = parse(received[0].decode("utf-8"))
    assert len(rows) > 1 and list(rows[0]) == list(STATEMENT_COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["statements.csv"]  # no temporary file left


def test_an_export_to_a_link_writes_the_file_it_points_at_and_keeps_the_link(run_cli, seeded_db, tmp_path):
    # as "/dev/stdout" is when the output goes to a file: the file gets the CSV, and the
    # link (in /dev, for that one) is never replaced
    (tmp_path / "out").mkdir()
    real = tmp_path / "out" / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, err = run_cli(["export", link, "--db", seeded_db])
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real
    assert list(parse(real.read_text(encoding="utf-8"))[0]) == list(STATEMENT_COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "out"]  # no temporary file beside the link
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["real.csv"]


def test_a_filter_value_no_stored_statement_has_is_named_in_a_warning(run_cli, seeded_db):
    # "Hamas" for "hamas": an empty export that says why
    code, out, err = run_cli(["export", "-", "--db", seeded_db, "--party", "Hamas", "--issue", "nope"])
    assert code == 0
    assert out.splitlines() == [",".join(STATEMENT_COLUMNS)]
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith("stance: warning: no stored statement has ") for line in lines)
    assert "--party 'Hamas' (stored: " in lines[0] and "hamas" in lines[0]
    assert "--issue 'nope' (stored: " in lines[1] and "ceasefire" in lines[1]
    # a known value that matches nothing under the other filters is no mistake: no warning
    code, out, err = run_cli(["export", "-", "--db", seeded_db, "--party", "hamas", "--until", "1999-01-01"])
    assert (code, err) == (0, "")
    assert out.splitlines() == [",".join(STATEMENT_COLUMNS)]


def test_since_after_until_is_a_one_line_error(run_cli, seeded_db):
    code, out, err = run_cli(["export", "-", "--db", seeded_db, "--since", "2025-02-01", "--until", "2024-01-01"])
    assert (code, out) == (2, "")
    assert err == "stance: error: --since 2025-02-01 is after --until 2024-01-01: no date is in between\n"


def test_a_period_for_a_statements_export_is_a_warning(run_cli, seeded_db, tmp_path):
    target = tmp_path / "weekly_positions.csv"
    code, out, err = run_cli(["export", target, "--db", seeded_db, "--period", "month"])
    assert code == 0 and "statements rows" in out
    assert err.startswith("stance: warning: --period sets the rows of a positions export;")
    assert err.count("\n") == 1
    code, out, err = run_cli(["export", target, "--db", seeded_db, "--period", "month", "--what", "positions"])
    assert (code, err) == (0, "") and "positions rows" in out


def test_an_export_to_a_loop_of_links_replaces_the_broken_link(run_cli, seeded_db, tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)  # points at itself: no file to write through to
    code, _, err = run_cli(["export", loop, "--db", seeded_db])
    assert code == 0, err
    assert not loop.is_symlink()
    assert list(parse(loop.read_text(encoding="utf-8"))[0]) == list(STATEMENT_COLUMNS)
