"""Bad input at the CLI: the batch goes on, each failure is one stderr line, nothing stored is lost."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest
from conftest import table_counts

GOOD = ("date: 2024-06-03\ntitle: Hamas answers\n\n"
        "Hamas said on Monday it demands a permanent ceasefire and a full Israeli withdrawal.\n\n"
        "Israel accused Hamas of stalling the talks.\n")


def article_ids(db) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT id FROM article")}
    finally:
        con.close()


def assert_one_line_error(err: str, *words: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1, f"expected one line on stderr, got:\n{err}"
    assert err.startswith("stance: error: ")
    for word in words:
        assert word in err


@pytest.fixture
def bad_folder(tmp_path):
    """A folder with one good article and one of each kind of unreadable file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    undecodable = b"Caf\xe9 au lait: Hamas said \xfa\xfb\xfc it rejects the plan.\n"
    assert not undecodable.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))  # no BOM
    with pytest.raises(UnicodeDecodeError):
        undecodable.decode("utf-8")
    (folder / "latin1.txt").write_bytes(undecodable)
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    (folder / "baddate.txt").write_text("date: 2024-13-45\n\nHamas demands a ceasefire.\n",
                                        encoding="utf-8")
    return folder


BAD_FILES = {"empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "UTF-8",
             "huge.txt": "MB", "baddate.txt": "date"}


def test_bad_files_fail_one_line_each_and_the_batch_goes_on(run_cli, bad_folder, seeded_copy):
    before_ids, before = article_ids(seeded_copy), table_counts(seeded_copy)
    code, out, err = run_cli(["ingest", bad_folder, "--db", seeded_copy, "--quiet"])
    assert code == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == len(BAD_FILES), err
    for name, word in BAD_FILES.items():
        (line,) = [ln for ln in lines if name in ln]
        assert line.startswith("stance: error: ") and word in line, line
    assert "good.txt" not in err
    assert out.startswith("articles: 1 new, 0 duplicate")
    assert f"{len(BAD_FILES)} failed" in out
    after, after_ids = table_counts(seeded_copy), article_ids(seeded_copy)
    assert before_ids < after_ids and len(after_ids - before_ids) == 1  # the good one, added
    assert after["article"] == before["article"] + 1
    assert after["statement"] >= before["statement"]


def test_only_bad_files_exit_non_zero_and_store_nothing(run_cli, bad_folder, tmp_path):
    (bad_folder / "good.txt").unlink()
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", bad_folder, "--db", db, "--quiet"])
    assert code == 1
    assert len(err.splitlines()) == len(BAD_FILES)
    assert table_counts(db) == {"article": 0, "article_source": 0, "statement": 0}


def test_missing_input_path(run_cli, tmp_path):
    code, out, err = run_cli(["ingest", tmp_path / "nope.txt", "--db", tmp_path / "s.db", "--quiet"])
    assert code == 1
    assert_one_line_error(err, "nope.txt")


def test_size_limit_can_be_raised(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD * 20, encoding="utf-8")
    code, _, err = run_cli(["ingest", tmp_path / "a.txt", "--db", tmp_path / "s.db", "--max-mb", "0.001"])
    assert code == 1
    assert_one_line_error(err, "a.txt", "--max-mb")


# --- profile and database errors --------------------------------------------------------------

def test_unknown_profile_writes_nothing(run_cli, seeds_dir, tmp_path):
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", seeds_dir, "--profile", "atlantis", "--db", db])
    assert code == 2
    assert_one_line_error(err, "unknown profile 'atlantis'", "gaza")
    assert out == ""
    assert not db.exists()


def test_unknown_profile_leaves_an_existing_database_alone(run_cli, seeds_dir, seeded_copy):
    before = table_counts(seeded_copy)
    code, _, err = run_cli(["ingest", seeds_dir, "--profile", "atlantis", "--db", seeded_copy])
    assert code == 2
    assert_one_line_error(err, "atlantis")
    assert table_counts(seeded_copy) == before


def test_unknown_profile_in_extract(run_cli, seeded_copy):
    before = table_counts(seeded_copy)
    code, _, err = run_cli(["extract", "--all", "--profile", "atlantis", "--db", seeded_copy])
    assert code == 2
    assert_one_line_error(err, "atlantis")
    assert table_counts(seeded_copy) == before


@pytest.mark.parametrize("command", [["ingest", "seeds"], ["articles"], ["export", "-"]])
def test_missing_database_folder(run_cli, command):
    code, out, err = run_cli([*command, "--db", "/nonexistent/dir/x.db"])
    assert code == 2
    assert_one_line_error(err, "/nonexistent/dir")
    assert not os.path.exists("/nonexistent/dir")


@pytest.mark.parametrize("command", [["export", "-"], ["articles"], ["extract", "--all"],
                                     ["date", "abcd", "2025-01-01"]])
def test_database_that_does_not_exist(run_cli, tmp_path, command):
    db = tmp_path / "missing.db"
    code, out, err = run_cli([*command, "--db", db])
    assert code == 2
    assert out == ""
    assert_one_line_error(err, "no database at", "missing.db")
    assert not db.exists()  # reading commands never create a database


def test_read_only_database_file(run_cli, seeded_copy, tmp_path):
    (tmp_path / "new.txt").write_text(GOOD, encoding="utf-8")
    before = table_counts(seeded_copy)
    os.chmod(seeded_copy, 0o444)
    try:
        if os.access(seeded_copy, os.W_OK):
            pytest.skip("running as root: a chmod 0o444 file is still writable "
                        "(test_read_only_database_uri covers the read-only case)")
        code, _, err = run_cli(["ingest", tmp_path / "new.txt", "--db", seeded_copy, "--quiet"])
    finally:
        os.chmod(seeded_copy, 0o644)
    assert code != 0
    assert_one_line_error(err, "readonly")
    assert table_counts(seeded_copy) == before


def read_only(db) -> str:
    """SQLite's own read-only mode: writes fail whoever runs the tests, root included."""
    return f"sqlite:///file:{db}?mode=ro&uri=true"


def test_read_only_database_uri(run_cli, seeded_copy, tmp_path):
    (tmp_path / "new.txt").write_text(GOOD, encoding="utf-8")
    before_ids, before = article_ids(seeded_copy), table_counts(seeded_copy)
    code, out, err = run_cli(["ingest", tmp_path / "new.txt", "--db", read_only(seeded_copy), "--quiet"])
    assert code == 2
    assert_one_line_error(err, "readonly database")
    assert table_counts(seeded_copy) == before
    assert article_ids(seeded_copy) == before_ids


@pytest.mark.parametrize("command", [["extract", "--all", "--quiet"], ["date", "", "2025-01-01"]])
def test_read_only_database_other_writers(run_cli, seeded_copy, command):
    if command[0] == "date":  # a unique prefix, so that the write is attempted
        command = ["date", sorted(article_ids(seeded_copy))[0], "2025-01-01"]
    before = table_counts(seeded_copy)
    code, _, err = run_cli([*command, "--db", read_only(seeded_copy)])
    assert code == 2
    assert_one_line_error(err, "readonly database")
    assert table_counts(seeded_copy) == before


def test_read_only_database_still_reads(run_cli, seeded_copy):
    code, out, err = run_cli(["export", "-", "--db", read_only(seeded_copy)])
    assert code == 0, err
    assert out.startswith("article_id,")


# --- arguments --------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["2025-13-01", "yesterday", "2025/01/09x", ""])
def test_date_command_bad_date_is_an_argument_error(run_cli, seeded_copy, day):
    before = table_counts(seeded_copy)
    code, out, err = run_cli(["date", "abcd", day, "--db", seeded_copy])
    assert code == 2
    assert "Traceback" not in err
    assert "usage: stance date" in err and "YYYY-MM-DD" in err
    assert table_counts(seeded_copy) == before


def test_ingest_bad_date_option(run_cli, seeds_dir, tmp_path):
    code, _, err = run_cli(["ingest", seeds_dir, "--date", "2024-02-30", "--db", tmp_path / "s.db"])
    assert code == 2
    assert "--date" in err and "Traceback" not in err
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("day", ["2099-01-01", "1066-10-14", "1899-12-31"])
def test_an_implausible_date_given_on_the_command_line_is_refused_as_a_headers_is(run_cli, seeded_copy, seeds_dir,
                                                                                 tmp_path, day):
    before = table_counts(seeded_copy)
    code, _, err = run_cli(["date", "60d8", day, "--db", seeded_copy])
    assert code == 2
    assert f"implausible date {day}: before 1900 or in the future (a typo in the year?)" in err
    assert table_counts(seeded_copy) == before
    code, _, err = run_cli(["ingest", seeds_dir, "--date", day, "--db", tmp_path / "s.db"])
    assert code == 2
    assert f"argument --date: implausible date {day}" in err
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("header_date", ["2099-01-01", "0001-01-01", "1850-05-01"])
def test_an_implausible_date_is_a_one_line_error_and_the_batch_goes_on(run_cli, tmp_path, header_date):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"date: {header_date}\n\nHamas rejected the proposal.\n")
    (folder / "b.txt").write_text("date: 2024-05-01\n\nIsrael rejected the proposal.\n")
    code, out, err = run_cli(["ingest", folder, "--db", tmp_path / "s.db", "--quiet"])
    assert code == 1
    assert "1 new" in out and "1 failed" in out
    assert f"implausible date {dt.date.fromisoformat(header_date).isoformat()}" in err
    assert err.count("stance: error:") == 1


def test_a_malformed_header_is_an_error_naming_the_line_and_the_batch_goes_on(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date: 2024-05-01\nsource Reuters\n\nHamas rejected the proposal.\n")
    (folder / "b.txt").write_text("date: 2024-05-01\n\nIsrael rejected the proposal.\n")
    db = tmp_path / "s.db"
    code, out, err = run_cli(["ingest", folder, "--db", db, "--quiet"])
    assert code == 1
    assert "1 new" in out and "1 failed" in out
    assert err.strip() == (f"stance: error: {folder / 'a.txt'}:2: header line 'source Reuters' is not "
                           "'key: value' (a header is 'key: value' lines ended by a blank line)")
    titles = [row[0] for row in sqlite3.connect(db).execute("SELECT title FROM article")]
    assert not any(t.startswith("date:") for t in titles)


def test_plausible_dates_run_from_1900_to_tomorrow():
    from stance.io.formats import plausible_date

    today = dt.date(2026, 12, 6)
    assert plausible_date(dt.date(1900, 1, 1), today=today)
    assert plausible_date(dt.date(2026, 12, 7), today=today)  # a paper dated in a later time zone
    assert not plausible_date(dt.date(2026, 12, 8), today=today)
    assert not plausible_date(dt.date(1899, 12, 31), today=today)


@pytest.mark.parametrize("url, module, hint", [
    ("postgresql+pg8000://u@localhost/x", "pg8000",
     'for PostgreSQL: pip install "stance[postgres]" and a postgresql+psycopg:// URL'),
    ("mysql+pymysql://u@localhost/x", "pymysql", "install the driver the URL names"),
])
def test_a_database_url_whose_driver_is_missing_says_what_to_install(run_cli, url, module, hint):
    code, out, err = run_cli(["export", "-", "--db", url])
    assert (code, out) == (2, "")
    assert err == f"stance: error: cannot open database {url}: No module named '{module}' ({hint})\n"
