"""Gold labels: the ``labels/*.jsonl`` files, read with validation and written atomically.

One line is one :class:`Label`: a statement a person found in an article (``kind`` is
``position`` or ``blame``), or ``kind: none`` to record that an article was read and holds
no statement, so that predictions for it count as false hits.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .errors import LabelError
from .records import KINDS, POLARITY, STANCES

LABEL_KINDS = (*KINDS, "none")

# Written on every line even when empty, so each line shows the scored fields at a glance
# and lines of one file line up in a diff.
_ALWAYS_WRITTEN = ("kind", "party", "issue", "stance", "target")


@dataclass(frozen=True)
class Label:
    """One human judgement about one sentence (or, with ``kind="none"``, one article).

    Attributes:
        article_id: Stable article id; ``""`` until resolved from ``file``.
        file: The article's file, relative to the repository (e.g. ``seeds/001_x.txt``).
        profile: The negotiation profile the ids come from.
        sentence: The evidence sentence, verbatim.
        party: Who holds the position, or who blames.
        kind: ``position``, ``blame`` or ``none``.
        issue: The issue id (position; optional for blame).
        stance: ``demand``, ``accept`` or ``reject`` (position only).
        target: The blamed party (blame only).
        annotator: Who labelled it.
        note: Free-text reasoning of the annotator.
    """

    article_id: str = ""
    file: str = ""
    profile: str = "gaza"
    sentence: str = ""
    party: str = ""
    kind: str = ""
    issue: str = ""
    stance: str = ""
    target: str = ""
    annotator: str = ""
    note: str = ""

    @property
    def polarity(self) -> str:
        """``pro`` for demand/accept, ``con`` for reject, ``""`` otherwise (as Statement)."""
        return POLARITY.get(self.stance, "")


_FIELDS = tuple(f.name for f in fields(Label))
_DEFAULTS = {f.name: f.default for f in fields(Label)}


def label_problem(label: Label) -> str:
    """Say what is wrong with a label, in a few words, or return ``""`` when it is valid.

    Args:
        label: The label to check.

    Returns:
        The first problem found, or ``""``.
    """
    if label.kind not in LABEL_KINDS:
        return f"kind must be one of {', '.join(LABEL_KINDS)}, not {label.kind!r}"
    if not (label.article_id or label.file):
        return "needs article_id or file"
    if label.kind == "none":
        return ""
    if not label.party:
        return f"a {label.kind} needs a party"
    if label.kind == "position":
        if not label.issue:
            return "a position needs an issue"
        if label.stance not in STANCES:
            return f"a position needs stance {', '.join(STANCES)}, not {label.stance!r}"
        if label.target:
            return f"a position has no target (got {label.target!r})"
    else:
        if not label.target:
            return "a blame needs a target"
        if label.stance:
            return f"a blame has no stance (got {label.stance!r})"
    return ""


def parse_label(line: str) -> Label:
    """Parse and validate one JSONL line.

    Args:
        line: One line of a labels file.

    Returns:
        The label.

    Raises:
        ValueError: The line is not a valid label; the message says why, without location.
    """
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise ValueError(f"invalid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    # Unknown keys are refused rather than dropped: a typo ("stnace") would otherwise
    # silently turn into an empty field, and write_labels would lose the data.
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}")
    for key, value in data.items():
        if not isinstance(value, str):
            raise ValueError(f"{key} must be a string, got {type(value).__name__}")
    label = Label(**data)
    problem = label_problem(label)
    if problem:
        raise ValueError(problem)
    return label


def label_files(path: str | Path) -> list[Path]:
    """The labels files a path names: the file itself, or a folder's ``*.jsonl``, sorted.

    Args:
        path: A ``.jsonl`` file or a folder (not searched recursively).

    Returns:
        The files, in name order.

    Raises:
        LabelError: The path does not exist, or the folder has no ``.jsonl`` file.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
        if not files:
            raise LabelError(f"no .jsonl label files in {path}")
        return files
    if not path.is_file():
        raise LabelError(f"{path}: no such labels file or folder")
    return [path]


def read_labels(path: str | Path) -> list[Label]:
    """Read and validate labels from a ``.jsonl`` file or a folder of them.

    Blank lines are skipped. The first invalid line stops the reading: the caller decides
    whether to report it or carry on without the file.

    Args:
        path: A ``.jsonl`` file or a folder holding ``*.jsonl`` files (non-recursive).

    Returns:
        The labels, file by file in name order, lines in file order.

    Raises:
        LabelError: A file cannot be read, or a line is invalid; the message is
            ``"<file>:<line>: <problem>"``.
    """
    labels: list[Label] = []
    for file in label_files(path):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise LabelError(f"{file}: cannot read ({err})") from None
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                labels.append(parse_label(line))
            except ValueError as err:
                raise LabelError(f"{file}:{number}: {err}") from None
    return labels


def label_to_dict(label: Label) -> dict[str, str]:
    """The fields worth writing: the scored ones always, others only when not the default.

    Args:
        label: The label.

    Returns:
        A dict ready for ``json.dumps(..., sort_keys=True)``.
    """
    return {
        key: value
        for key, value in asdict(label).items()
        if key in _ALWAYS_WRITTEN or value != _DEFAULTS[key]
    }


def write_labels(labels: Iterable[Label], path: str | Path) -> None:
    """Write labels as JSONL, atomically: readers see the old file or the new one, never half.

    Every label is validated first, so a file this writes always reads back. Lines are
    ``json.dumps`` with sorted keys and ``ensure_ascii=False``, in the order given.

    Args:
        labels: The labels to write.
        path: The ``.jsonl`` file to create or replace; missing folders are created.

    Raises:
        LabelError: A label is invalid (``"<path>: label <n>: <problem>"``, 1-based);
            nothing is written then.
    """
    path = Path(path)
    lines = []
    for number, label in enumerate(labels, start=1):
        problem = label_problem(label)
        if problem:
            raise LabelError(f"{path}: label {number}: {problem}")
        lines.append(json.dumps(label_to_dict(label), sort_keys=True, ensure_ascii=False))
    path.parent.mkdir(parents=True, exist_ok=True)
    # The temp file must sit in the target's folder: os.replace is atomic only within
    # one file system.
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write("".join(line + "\n" for line in lines))
            out.flush()
            os.fsync(out.fileno())
        # mkstemp creates the file private (0600); keep the old file's mode, else 0644.
        os.chmod(temp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
