"""Parsing workers die with their parent: `stance ingest --workers 2` killed with SIGKILL or
SIGTERM leaves no worker behind (they used to wait forever on a pipe)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLE = ("date: 2024-05-{day:02d}\n\nHamas said on Monday it rejects the proposal for a ceasefire "
           "in district {i}. Israel demanded the release of all hostages held in town {i}, an "
           "official said. Qatar urged both sides to accept the truce.\n")

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            state = _stat(int(entry.name))
            if state and state[1] == pid and state[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    state = _stat(pid)
    return state is not None and state[0] != "Z"  # a zombie has ended, only not reaped yet


def _stat(pid: int) -> tuple[str, int] | None:
    """``(state, parent pid)`` of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()  # the name in parentheses may hold spaces
    return fields[0], int(fields[1])


def wait_for(condition, seconds: float) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for i in range(3000):  # minutes of parsing: the workers are busy when the parent is killed
        (folder / f"{i:05d}.txt").write_text(ARTICLE.format(day=1 + i % 28, i=i))
    return folder


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_parsing_worker_outlives_a_killed_ingest(corpus, tmp_path, sig):
    command = [sys.executable, "-c", "import sys; from stance.cli import main; sys.exit(main())",
               "ingest", str(corpus), "--db", str(tmp_path / "s.db"), "--quiet", "--workers", "2"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    parent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        assert wait_for(lambda: len(children(parent.pid)) >= 2, 120), "the workers never started"
        workers = children(parent.pid)
        time.sleep(1)  # let them get to work
        assert all(alive(w) for w in workers)
        parent.send_signal(sig)
        parent.wait(timeout=60)
        assert wait_for(lambda: not any(alive(w) for w in workers), 30), \
            f"workers {sorted(w for w in workers if alive(w))} outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for worker in workers:  # only when the test failed: never leave them behind
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
