"""What benchmarks/mutation.sh found unpinned in stance/analysis/export.py: where the
temporary file of an atomic write lives and is called, the one-line error when it cannot
be made, and formula-safe cells in the positions export."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys

import pytest

from stance.analysis.aggregate import PositionCount
from stance.analysis.export import (POSITION_COLUMNS, STATEMENT_COLUMNS, write_file_atomically,
                                   write_positions, write_statements)
from stance.errors import StanceError
from stance.records import Statement


def test_the_temporary_file_is_a_hidden_file_beside_the_target(tmp_path):
    # beside it, so the rename is atomic (same file system); hidden and named after it
    target = tmp_path / "statements.csv"
    seen = []

    def write(out):
        seen.extend(p.name for p in tmp_path.iterdir())
        out.write("a,b\r\n")
        return 7

    assert write_file_atomically(target, write) == 7
    assert len(seen) == 1 and re.fullmatch(r"\.statements\.csv\..+\.tmp", seen[0]), seen
    assert [p.name for p in tmp_path.iterdir()] == ["statements.csv"]
    assert target.read_bytes() == b"a,b\r\n"


def test_a_temporary_file_that_cannot_be_made_is_one_line_naming_the_target(tmp_path):
    # the "folder" is a file: it exists, but nothing can be created in it
    parent = tmp_path / "plain"
    parent.write_text("x")
    target = parent / "statements.csv"
    with pytest.raises(StanceError) as err:
        write_file_atomically(target, lambda out: out.write("never"))
    assert str(err.value) == f"cannot write {target}: Not a directory"


def test_positions_cells_that_start_like_a_formula_are_text_unless_raw():
    row = PositionCount(period="2024-W05", party="=hamas", issue="@ceasefire", demand=2, accept=0,
                        reject=1, articles=3)
    for raw, party, issue in ((False, "'=hamas", "'@ceasefire"), (True, "=hamas", "@ceasefire")):
        buf = io.StringIO()
        assert write_positions([row], buf, raw=raw) == 1
        header, line = buf.getvalue().split("\r\n")[:2]
        assert header == ",".join(POSITION_COLUMNS)
        assert line.split(",")[:4] == ["2024-W05", party, issue, "2"]
    default = io.StringIO()
    write_positions([row], default)
    assert "'=hamas" in default.getvalue()


def test_a_target_that_cannot_be_replaced_is_one_line_naming_it(tmp_path):
    target = tmp_path / "statements.csv"
    target.mkdir()  # a folder of that name: the rename fails, the temporary file goes
    with pytest.raises(StanceError) as err:
        write_file_atomically(target, lambda out: out.write("a,b\r\n"))
    assert str(err.value) == f"cannot write {target}: Is a directory"
    assert [p.name for p in tmp_path.iterdir()] == ["statements.csv"]


def test_write_statements_returns_the_number_of_rows_written():
    rows = [Statement(article_id=f"a{i}", party="hamas", kind="position", issue="deal", stance="reject",
                      target="", sentence="Hamas rejected the deal.", start=0, end=24,
                      date=dt.date(2024, 5, 1), source="s") for i in range(3)]
    buf = io.StringIO()
    assert write_statements(rows, buf) == 3
    assert buf.getvalue().count("\r\n") == 4


def test_the_date_source_column_says_where_each_rows_date_comes_from():
    def row(article_id, date, resolved=False):
        return Statement(article_id=article_id, party="hamas", kind="position", issue="deal",
                         stance="reject", target="", sentence="Hamas rejected the deal.", start=0,
                         end=24, date=date, date_resolved=resolved, source="s")
    day = dt.date(2024, 5, 1)
    rows = [row("given", day), row("guessed", day), row("guessed", day, resolved=True),
            row("guessed", None), row("unknown", day)]
    buf = io.StringIO()
    write_statements(rows, buf, date_sources={"given": "header", "guessed": "inferred"})
    lines = buf.getvalue().splitlines()
    assert lines[0] == ",".join(STATEMENT_COLUMNS) + ",date_source"
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["article", "inferred", "text", "", "article"]
    plain = io.StringIO()
    write_statements(rows, plain)  # not asked for: the spec's columns only
    assert plain.getvalue().splitlines()[0] == ",".join(STATEMENT_COLUMNS)


def test_an_export_is_written_as_utf8_whatever_the_locale_says(tmp_path):
    # the default text encoding follows the locale (cp1252 on many Windows machines);
    # Python's warn_default_encoding mode shows an open that leaves it to the locale.
    # Written here first as well, so that a mutation run knows this test reaches it.
    write_file_atomically(tmp_path / "here.csv", lambda out: out.write("négociation"))
    assert (tmp_path / "here.csv").read_bytes() == "négociation".encode("utf-8")
    script = ("import sys, warnings\n"
              "warnings.simplefilter('error', EncodingWarning)\n"
              "from stance.analysis.export import write_file_atomically\n"
              "write_file_atomically(sys.argv[1], lambda out: out.write('négociation'))\n")
    done = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", script,
                           str(tmp_path / "out.csv")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.csv").read_bytes() == "négociation".encode("utf-8")


def _drained(fifo):
    """A reader at the other end of ``fifo``: ``join()`` it, then ``received[0]`` is all it read."""
    import threading

    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    return reader, received


def test_an_export_into_a_pipe_is_utf8_whatever_the_locale_says(tmp_path):
    # as test_an_export_is_written_as_utf8_whatever_the_locale_says, for a pipe, which is
    # written into rather than replaced
    import os

    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    reader, received = _drained(fifo)
    write_file_atomically(fifo, lambda out: out.write("négociation"))
    reader.join(timeout=10)
    assert received == ["négociation".encode("utf-8")]
    reader, received = _drained(fifo)
    script = ("import sys, warnings\n"
              "warnings.simplefilter('error', EncodingWarning)\n"
              "from stance.analysis.export import write_file_atomically\n"
              "write_file_atomically(sys.argv[1], lambda out: out.write('négociation'))\n")
    done = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-c", script, str(fifo)],
                          capture_output=True, text=True, timeout=60)
    reader.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert received == ["négociation".encode("utf-8")]


def test_a_socket_at_the_target_is_a_one_line_error_and_stays(tmp_path, monkeypatch):
    # a Unix socket is neither a file nor a folder, and cannot be opened for writing
    import socket
    import stat

    monkeypatch.chdir(tmp_path)  # a short relative path: a socket's path has a length limit
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind("out.csv")
    try:
        with pytest.raises(StanceError) as caught:
            write_file_atomically("out.csv", lambda out: out.write("x"))
        assert str(caught.value) == "cannot write out.csv: No such device or address"
        assert stat.S_ISSOCK((tmp_path / "out.csv").stat().st_mode)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    finally:
        server.close()


def test_a_write_that_fails_over_an_existing_file_names_the_path_as_given_and_keeps_the_file(tmp_path, monkeypatch):
    import errno

    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.csv").write_text("old")

    def full(out):
        raise OSError(errno.ENOSPC, "No space left on device")
    with pytest.raises(StanceError) as caught:
        write_file_atomically("out.csv", full)
    assert str(caught.value) == "cannot write out.csv: No space left on device"
    assert (tmp_path / "out.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
