"""`stance label` in a real pseudo-terminal: label, get killed, resume where the annotator stopped."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from stance.labeling.tasks import load_tasks, order_tasks  # noqa: E402
from stance.store import store  # noqa: E402

LAUNCH = "import sys; from stance.cli import main; sys.exit(main(sys.argv[1:]))"


def spawn(args: list[str], env: dict[str, str]):
    return pexpect.spawn(sys.executable, ["-c", LAUNCH, *args], env=env, dimensions=(24, 80),
                         encoding="utf-8", timeout=60)


def decisions(path: Path) -> list[str]:
    """Tasks of the journal's decisions, in order (a torn last line would be skipped)."""
    if not path.exists():
        return []
    seen: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue
        seen.setdefault(data["decision"], data["task"])
    return list(seen.values())


def wait_for(path: Path, count: int, child) -> None:
    deadline = time.monotonic() + 60
    while len(decisions(path)) < count:
        assert child.isalive(), "stance label died"
        assert time.monotonic() < deadline, f"{path} never reached {count} decisions"
        time.sleep(0.05)


def test_kill_and_resume(seeded_copy, tmp_path):
    folder = tmp_path / "labels"
    path = folder / "ann.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("STANCE_ANNOTATOR", "STANCE_DB")}
    env["TERM"] = "xterm"
    expected = [t.id for t in order_tasks(load_tasks(store.open_store(str(seeded_copy))).tasks,
                                          "document")][:3]

    child = spawn(["label", "--annotator", "ann", "--db", str(seeded_copy), "--labels", str(folder)], env)
    child.expect("accept all")
    child.send("a")
    wait_for(path, 1, child)
    child.send("a")
    wait_for(path, 2, child)
    child.kill(signal.SIGKILL)  # no clean exit: what was decided must already be on disk
    child.close()
    assert decisions(path) == expected[:2]

    # Resume; with no --annotator and no $STANCE_ANNOTATOR the name is asked once.
    child = spawn(["label", "--db", str(seeded_copy), "--labels", str(folder)], env)
    child.expect("annotator name")
    child.send("ann\r")
    child.expect("accept all")
    child.send("n")
    wait_for(path, 3, child)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert decisions(path) == expected  # the third sentence, not one already done
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[-1]["kind"] == "none" and lines[-1]["task"] == expected[2]
    # the store got every decision too, also those of the killed run
    assert {lab.task for lab in store.label_lines(store.open_store(str(seeded_copy)))} == set(expected)
