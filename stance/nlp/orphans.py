"""Parsing workers die with the process that forked them.

spaCy's ``nlp.pipe(n_process=N)`` forks N workers that wait on a pipe for text. When the
parent is killed (``kill -9``, SIGTERM) nobody closes that pipe, so without help the
workers (about 190 MB each) would wait forever. Inside :func:`die_with_parent`, every
process forked from this one is set up as it starts:

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker the moment
  its parent dies, however the parent died. The kernel ties this to the forking *thread*,
  so it is only set when the main thread forks (a worker forked by a thread that ends
  before the parent must not die with that thread);
- everywhere, a watchdog thread that ends the worker within a second once its parent is
  gone (its parent process id changes when it is handed to another process).

A worker whose parent died before either was in place ends at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_SECONDS = 1.0

_active = 0  # depth of die_with_parent() blocks open in this process
_fork: dict = {}  # set just before a fork, read by the child: who forks, from which thread


@contextlib.contextmanager
def die_with_parent() -> Iterator[None]:
    """Within this block, processes forked from this one end when this process ends."""
    global _active
    _register()
    _active += 1
    try:
        yield
    finally:
        _active -= 1


_registered = False


def _register() -> None:
    global _registered
    if not _registered and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
        _registered = True


def _before_fork() -> None:
    _fork.update(parent=os.getpid(), main_thread=threading.current_thread() is threading.main_thread())


def _after_fork_in_child() -> None:
    if not _active:
        return
    parent = _fork["parent"]
    if _fork["main_thread"]:
        _kill_me_when_parent_dies()
    if os.getppid() != parent:  # it died before the signal was set up
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="stance-parent-watch", daemon=True).start()


def _kill_me_when_parent_dies() -> bool:
    """Ask Linux to SIGKILL this process when its parent thread ends; whether it could."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
