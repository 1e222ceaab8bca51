"""A throw-away PostgreSQL 15 server for the tests: Debian's ``postgresql`` package, one cluster
under a temporary folder for the whole session, reached through a Unix socket, stopped at the end.

Without the binaries the tests that need it are skipped, unless ``STANCE_PG_REQUIRED=1``
(set by ``.ci/run``), where a missing server fails them. ``initdb`` refuses to run as
root, so as root the cluster belongs to the ``postgres`` user (or ``nobody``).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BIN = Path(os.environ.get("STANCE_PG_BIN", "/usr/lib/postgresql/15/bin"))
_names = itertools.count(1)


def _unavailable(why: str):
    if os.environ.get("STANCE_PG_REQUIRED") == "1":
        pytest.fail(f"PostgreSQL is required here (STANCE_PG_REQUIRED=1) but {why}")
    pytest.skip(f"no PostgreSQL server for the tests: {why}")


def _owner() -> str | None:
    """The user the cluster runs as: ourselves, or as root an unprivileged user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    return None


def _run(argv: list[str], owner: str | None) -> None:
    if owner:
        argv = ["runuser", "-u", owner, "--", *argv]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def pg_server():
    """``(socket folder, port)`` of a running PostgreSQL 15 whose superuser is ``stance``."""
    if not (BIN / "initdb").exists():
        _unavailable(f"{BIN}/initdb does not exist (apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable('the psycopg driver is not installed (pip install "stance[postgres]")')
    owner = _owner()
    if os.geteuid() == 0 and owner is None:
        _unavailable("running as root and no unprivileged user to run initdb as")
    root = Path(tempfile.mkdtemp(prefix="stance-pg-"))  # short: a socket path has a length limit
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data, port = root / "data", 5432
    try:
        _run([str(BIN / "initdb"), "-D", str(data), "-U", "stance", "-A", "trust", "-E", "UTF8",
              "--locale=C", "--no-sync"], owner)
        options = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        _run([str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
              "start"], owner)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"the test cluster did not start: {exc}")
    try:
        yield root, port
    finally:
        subprocess.run(([("runuser"), "-u", owner, "--"] if owner else [])
                       + [str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=120, check=False)
        shutil.rmtree(root, ignore_errors=True)


def pg_url_of(server, database: str) -> str:
    root, port = server
    return f"postgresql+psycopg://stance@/{database}?host={root}&port={port}"


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database on the session's server (one per test)."""
    import psycopg

    name = f"t{os.getpid()}_{next(_names)}"
    root, port = pg_server
    with psycopg.connect(host=str(root), port=port, user="stance", dbname="postgres",
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_url_of(pg_server, name)
