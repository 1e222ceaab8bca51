"""The labels folder and the store together: read every annotator's decisions, record new ones.

The journals in ``labels/`` are the record (diff-friendly, kept in git); the store holds
a copy of their lines so that exports see human labels. Recording writes the journal
first (one append, fsync) and the store second; :meth:`Workspace.sync` copies to the
store whatever a crash between the two, a ``git pull`` or another machine left only in
the files.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path

from ..errors import LabelError, StanceError
from ..labels import Label, append_labels, read_label_lines
from ..profile import load_profile
from ..store import store
from .decisions import REVIEWER, article_level_decisions, decisions_by, journal_path
from .tasks import TaskSet, load_tasks

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")


def check_annotator(name: str) -> str:
    """The annotator name, checked to be a safe file name (``labels/<name>.jsonl``).

    Raises:
        StanceError: The name is empty, too long, or has characters other than
            lowercase letters, digits, ``.``, ``_`` and ``-``.
    """
    name = (name or "").strip()
    if not _SAFE_NAME.match(name) or name.endswith(".") or ".." in name:
        raise StanceError(f"annotator name {name!r} must be 1-40 lowercase letters, digits, "
                          "'.', '_' or '-' (it names labels/<annotator>.jsonl)")
    return name


class Workspace:
    """The stored articles split into tasks, the labels folder, and every decision made.

    Args:
        engine: The store.
        folder: The labels folder (``labels``).
        profile: Split articles with this profile instead of each one's own.
        tasks: Tasks already loaded (tests, benchmarks); loaded from the store otherwise.
    """

    def __init__(self, engine, folder: str | Path = "labels", *, profile: str | None = None,
                 tasks: TaskSet | None = None):
        self.engine = engine
        self.folder = Path(folder)
        self.tasks = tasks if tasks is not None else load_tasks(engine, profile=profile)
        self.warnings: list[str] = []
        self.unmatched = 0
        self.reference: set[str] = set()
        self._stamp: tuple = ()
        self._journal: list[Label] = []  # lines of sentence-level journals
        self._converted: list[Label] = []  # article-level labels as per-sentence decisions
        self.refresh()

    def _files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.jsonl") if p.is_file())

    def refresh(self) -> bool:
        """Re-read the labels folder if a file changed; returns whether it was re-read."""
        files = self._files()
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        lines: list[Label] = []
        legacy: list[Label] = []
        problems: list[str] = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for path in files:
                try:
                    found = read_label_lines(path)
                except LabelError as exc:  # one bad journal never stops the others
                    problems.append(f"{exc}; {path.name} is left out until that line is mended")
                    continue
                for lab in found:
                    problem = ids_problem(lab)
                    if problem:  # ids from another profile or a typo: never a human statement
                        problems.append(f"{path}: decision {lab.decision or '(article-level)'}: "
                                        f"{problem}; line skipped")
                        continue
                    (lines if lab.task else legacy).append(lab)
        self.warnings = [str(w.message) for w in caught] + problems
        converted, self.unmatched = article_level_decisions(legacy, self.tasks)
        self.reference = {lab.annotator for lab in legacy} | {REVIEWER}
        self._converted, self._journal = converted, lines
        return True

    @property
    def lines(self) -> list[Label]:
        """Every journal line, article-level labels turned into per-sentence decisions first."""
        return self._converted + self._journal

    def decisions(self) -> dict[tuple[str, str], list[Label]]:
        """Current decisions keyed by ``(annotator, task)``."""
        return decisions_by(self.lines)

    def record(self, lines: list[Label]) -> None:
        """Append one decision's lines to its annotator's journal, then to the store.

        Raises:
            StanceError: The journal or the store cannot be written.
        """
        if not lines:
            return
        path = journal_path(self.folder, lines[0].annotator)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                append_labels(lines, path)
            self.warnings += [str(w.message) for w in caught]
        except OSError as exc:
            raise StanceError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._journal.extend(lines)
        self._stamp = ()  # our own write changed the folder
        store.add_label_lines(self.engine, lines)

    def sync(self) -> int:
        """Copy to the store every journal decision it lacks; returns the lines added."""
        return store.add_label_lines(self.engine, self._journal)


def ids_problem(lab: Label) -> str:
    """What of a label's ids its profile does not know (party, issue, target), or ``""``."""
    if lab.kind not in ("position", "blame"):
        return ""
    known = _profile_ids(lab.profile or "gaza")
    if isinstance(known, str):
        return known
    profile, parties, issues = known
    if lab.party not in parties:
        return f"party {lab.party!r} is not a party of profile {profile}"
    if lab.issue and lab.issue not in issues:
        return f"issue {lab.issue!r} is not an issue of profile {profile}"
    if lab.target and lab.target not in parties:
        return f"target {lab.target!r} is not a party of profile {profile}"
    return ""


@lru_cache(maxsize=32)
def _profile_ids(name: str) -> tuple[str, frozenset[str], frozenset[str]] | str:
    """A profile's id, party ids and issue ids (thousands of journal lines name a few
    profiles), or why it cannot be loaded."""
    try:
        prof = load_profile(name)
    except StanceError as exc:
        return str(exc)
    return prof.id, frozenset(prof.party_ids), frozenset(prof.issue_ids)


def open_workspace(db: str | None, folder: str | Path, *, profile: str | None = None,
                   sync: bool = True) -> Workspace:
    """Open the store (it must exist) and the labels folder; by default sync the files into the store.

    Commands that only read (agreement, status, export) pass ``sync=False`` and write nothing.

    Raises:
        StanceError: No database, or a labels file has an invalid line.
    """
    engine = store.open_store(db, create=False)
    space = Workspace(engine, folder, profile=profile)
    if sync:
        space.sync()
    return space
