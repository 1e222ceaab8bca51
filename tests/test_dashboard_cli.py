"""`stance dashboard`: what it checks before serving, and how it starts Streamlit."""

from __future__ import annotations

from pathlib import Path

from stance.cli.dashboard import streamlit_argv
from stance.store import store


def test_a_missing_database_is_a_one_line_error(run_cli, tmp_path):
    code, out, err = run_cli(["dashboard", "--db", tmp_path / "none.db", "--port", "8999"])
    assert code == 2
    assert err.startswith("stance: error: no database at") and "stance ingest" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()


def test_a_file_that_is_not_a_stance_database(run_cli, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    code, _, err = run_cli(["dashboard", "--db", junk])
    assert code == 2 and err.startswith("stance: error: ")


def test_a_bad_port(run_cli, seeded_db):
    code, _, err = run_cli(["dashboard", "--db", seeded_db, "--port", "70000"])
    assert code == 2 and "--port must be between 1 and 65535" in err


def test_streamlit_runs_headless_without_usage_stats():
    argv = streamlit_argv(Path("app.py"), 8765, "localhost")
    pairs = dict(zip(argv[5::2], argv[6::2]))
    assert argv[1:5] == ["-m", "streamlit", "run", "app.py"]
    assert pairs["--server.headless"] == "true"          # no browser, no first-run e-mail prompt
    assert pairs["--browser.gatherUsageStats"] == "false"
    assert pairs["--server.port"] == "8765"


def test_the_app_file_is_shipped_in_the_package():
    import stance

    assert (Path(stance.__file__).parent / "dashboard" / "app.py").is_file()
    assert store.database_url("x.db") == "sqlite:///x.db"


def test_a_port_in_use_is_a_one_line_error(run_cli, seeded_db):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run_cli(["dashboard", "--db", seeded_db, "--port", port])
    assert code == 2
    assert f"port {port}" in err and "in use" in err and len(err.strip().splitlines()) == 1
    assert "serving" not in out
