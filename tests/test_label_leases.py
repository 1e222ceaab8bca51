"""The labelling queue is claimed in the database: annotators working at once, in one process,
in several, or on machines sharing one database, never get the same sentence unless
``--overlap`` asks for it; a lease left by a killed annotator expires and the sentence returns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_label_tui import GAZA, journal, with_statements, workspace

from stance.labeling.claims import Claims
from stance.labeling.decisions import done_by
from stance.labeling.tasks import queue
from stance.labeling.tui import LabelApp
from stance.store import leases, store

REPO = Path(__file__).resolve().parents[1]


class Clock:
    """Seconds that the test moves on by hand, so expiry needs no waiting."""

    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(tmp_path):
    return store.open_store(str(tmp_path / "leases.db"))


def test_a_leased_task_is_no_one_elses_until_it_expires(engine):
    clock = Clock()
    ann, bob = (Claims(engine, name, seconds=600, clock=clock) for name in ("ann", "bob"))
    assert ann.claim("t1")
    assert not bob.claim("t1")
    assert bob.taken() == {"t1"}
    assert ann.claim("t1")  # one's own lease is renewed
    clock.now += 601  # ann was killed or walked away: her lease lapses
    assert bob.taken() == set()
    assert bob.claim("t1")
    assert not ann.claim("t1")


def test_a_decided_task_stays_taken_and_a_skipped_one_returns_at_once(engine):
    clock = Clock()
    ann, bob = (Claims(engine, name, seconds=600, clock=clock) for name in ("ann", "bob"))
    assert ann.claim("done") and ann.claim("skipped")
    ann.finish("done")
    ann.release("skipped")
    clock.now += 10 * 600
    assert not bob.claim("done")
    assert bob.claim("skipped")


def test_overlap_gives_a_task_to_that_many_annotators(engine):
    ann, bob, cid = (Claims(engine, name, overlap=2, clock=Clock()) for name in ("ann", "bob", "cid"))
    assert ann.claim("t1") and bob.claim("t1")
    assert not cid.claim("t1")
    assert cid.taken() == {"t1"}
    assert ann.taken() == set()  # bob holds one slot, ann the other


def test_a_lease_table_is_added_to_a_database_made_before_it(tmp_path):
    db = tmp_path / "old.db"
    engine = store.open_store(str(db))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE task_lease")
    claims = Claims(store.open_store(str(db), create=False), "ann", clock=Clock())
    assert claims.claim("t1")


RACE = """
import json, sys, time
from pathlib import Path
from stance.labeling.claims import Claims
from stance.store import store

db, name, go = sys.argv[1:4]
claims = Claims(store.open_store(db, create=False), name)
Path(f"{go}.{name}").touch()  # ready
while not Path(go).exists():
    time.sleep(0.001)
got = []
for i in range(60):
    task = f"t{i:02d}"
    if claims.claim(task):
        claims.finish(task)
        got.append(task)
print(json.dumps(got))
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_db(request, tmp_path) -> str:
    """A new database the annotators share: a SQLite file, or one on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "race.db")
    return request.getfixturevalue("pg_url")


def test_two_annotators_started_together_get_disjoint_sentences(tmp_path, shared_db):
    db = shared_db
    store.open_store(db)
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", RACE, db, name, str(go)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("ann", "bob")]
    deadline = time.monotonic() + 120
    while not all(Path(f"{go}.{name}").exists() for name in ("ann", "bob")):  # both ready
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), "a claimer died"
        time.sleep(0.01)
    go.touch()
    results = [proc.communicate(timeout=120) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), [err for _, err in results]
    ann, bob = (set(json.loads(out)) for out, _ in results)
    assert not ann & bob
    assert ann | bob == {f"t{i:02d}" for i in range(60)}


def drive_together(space_a, space_b, keys: str, *, overlap: int = 1) -> list[str]:
    """Two labelling screens opened at once on one database (ann's and bob's), then each
    typing ``keys``: the second opens while the first has its first sentence on screen.
    Returns the sentence each showed first."""
    tasks = with_statements(space_a)[:6]
    apps = []
    with create_pipe_input() as pipe_a, create_pipe_input() as pipe_b:
        for space, name, pipe in ((space_a, "ann", pipe_a), (space_b, "bob", pipe_b)):
            def remaining(space=space, name=name):
                return queue(tasks, done_by(space.decisions()), name, overlap=overlap,
                             reference=space.reference - {name})

            pipe.send_text(keys)
            apps.append(LabelApp(space, name, GAZA, remaining, total=len(tasks), input=pipe,
                                 output=DummyOutput(), claims=Claims(space.engine, name, overlap=overlap)))
        first_on_screen = [app.task.id for app in apps]
        for app in apps:
            app.run()
    return first_on_screen


def test_two_labelling_screens_on_one_database_show_different_sentences(seeded_copy, tmp_path):
    # two machines: each its own labels folder, one shared database
    space_a = workspace(seeded_copy, tmp_path / "a-labels")
    space_b = workspace(seeded_copy, tmp_path / "b-labels")
    first = drive_together(space_a, space_b, "aaq")
    assert first[0] != first[1]
    ann = {line["task"] for line in journal(space_a.folder, "ann")}
    bob = {line["task"] for line in journal(space_b.folder, "bob")}
    assert len(ann) == len(bob) == 2
    assert not ann & bob
    # quitting gave back the sentence each had on screen
    assert leases.taken(space_a.engine, "cid", now=int(time.time())) == ann | bob


def test_overlap_two_shows_both_screens_the_same_sentences(seeded_copy, tmp_path):
    space_a = workspace(seeded_copy, tmp_path / "a-labels")
    space_b = workspace(seeded_copy, tmp_path / "b-labels")
    first = drive_together(space_a, space_b, "aaq", overlap=2)
    assert first[0] == first[1]
    assert {line["task"] for line in journal(space_a.folder, "ann")} == \
        {line["task"] for line in journal(space_b.folder, "bob")}
