"""Gold labels: the ``labels/*.jsonl`` files, read with validation and written atomically.

One line is one :class:`Label`: a statement a person found in an article (``kind`` is
``position`` or ``blame``), or ``kind: none`` to record that an article was read and holds
no statement, so that predictions for it count as false hits.

Two styles of file share this format. Article-level files (``labels/gold.jsonl``) list the
statements of whole articles, found by ``file``. Sentence-level files written by
``stance label`` (``labels/<annotator>.jsonl``) are append-only journals: every line also
carries the ``task`` (one sentence: ``<article_id>:<start>-<end>``) and the ``decision``
it belongs to; a decision is the ``lines`` lines sharing its id, the latest decision of an
annotator for a task wins, and a ``kind: retract`` line withdraws an earlier decision
(undo). :func:`read_labels` returns what is current; :func:`read_label_lines` every line.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .errors import LabelError
from .records import KINDS, POLARITY, STANCES

LABEL_KINDS = (*KINDS, "none")
RETRACT = "retract"  # a journal line that withdraws a decision (undo)

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
        task: The sentence labelled, ``<article_id>:<start>-<end>`` (sentence-level files).
        start: Character offset of the sentence in the article text, or None.
        end: End offset of the sentence, or None.
        decision: Id of the decision this line belongs to (one decision, one task).
        lines: How many lines the decision has, so that a decision cut short is seen.
        time: When the decision was made, ISO 8601 UTC.
        comment: The annotator's free-text comment on the task.
        retracts: With ``kind="retract"``, the decision id withdrawn (undo).
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
    task: str = ""
    start: int | None = None
    end: int | None = None
    decision: str = ""
    lines: int = 0
    time: str = ""
    comment: str = ""
    retracts: str = ""

    @property
    def polarity(self) -> str:
        """``pro`` for demand/accept, ``con`` for reject, ``""`` otherwise (as Statement)."""
        return POLARITY.get(self.stance, "")


_FIELDS = tuple(f.name for f in fields(Label))
_INT_FIELDS = ("start", "end", "lines")
_DEFAULTS = {f.name: f.default for f in fields(Label)}


def label_problem(label: Label) -> str:
    """Say what is wrong with a label, in a few words, or return ``""`` when it is valid.

    Args:
        label: The label to check.

    Returns:
        The first problem found, or ``""``.
    """
    if label.kind not in LABEL_KINDS and label.kind != RETRACT:
        return f"kind must be one of {', '.join(LABEL_KINDS)}, not {label.kind!r}"
    if not (label.article_id or label.file):
        return "needs article_id or file"
    if label.task and not label.decision:
        return "a line with a task needs a decision id"
    if label.kind == RETRACT:
        return "" if label.retracts else "a retract line needs retracts (a decision id)"
    if label.retracts:
        return f"only a retract line has retracts (kind is {label.kind!r})"
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
        if key in _INT_FIELDS:
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(f"{key} must be a whole number, got {type(value).__name__}")
        elif not isinstance(value, str):
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
    """Read and validate labels from a ``.jsonl`` file or a folder of them: what is current.

    Blank lines are skipped. Lines of sentence-level journals are resolved with
    :func:`current_labels` (superseded and retracted decisions left out); lines without a
    ``task`` are kept as they are. The first invalid line stops the reading: the caller
    decides whether to report it or carry on without the file.

    Args:
        path: A ``.jsonl`` file or a folder holding ``*.jsonl`` files (non-recursive).

    Returns:
        The labels, file by file in name order, lines in file order.

    Raises:
        LabelError: A file cannot be read, or a line is invalid; the message is
            ``"<file>:<line>: <problem>"``.
    """
    return current_labels(read_label_lines(path))


def read_label_lines(path: str | Path) -> list[Label]:
    """Every valid line of a labels file or folder, in order, decisions not resolved.

    A last line without its line end that does not parse is what a crash in the middle
    of a write leaves: it is ignored with a warning (it cannot hold a complete decision).
    A decision with fewer lines than its ``lines`` count is ignored the same way.

    Raises:
        LabelError: As :func:`read_labels`.
    """
    labels: list[Label] = []
    for file in label_files(path):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise LabelError(f"{file}: cannot read ({err})") from None
        rows = text.split("\n")
        found: list[Label] = []
        for number, line in enumerate(rows, start=1):
            if not line.strip():
                continue
            try:
                found.append(parse_label(line))
            except ValueError as err:
                if number == len(rows):  # no line end after it: a torn write
                    warnings.warn(f"{file}:{number}: ignoring an incomplete last line ({err})",
                                  LabelWarning, stacklevel=2)
                    continue
                raise LabelError(f"{file}:{number}: {err}") from None
        labels.extend(_complete_decisions(found, file))
    return labels


class LabelWarning(UserWarning):
    """Something in a labels file was left out, such as a line cut short by a crash."""


def _complete_decisions(labels: list[Label], file: Path) -> list[Label]:
    counts: dict[str, int] = {}
    for label in labels:
        if label.decision:
            counts[label.decision] = counts.get(label.decision, 0) + 1
    short = {lab.decision for lab in labels
             if lab.decision and lab.lines and counts[lab.decision] < lab.lines}
    for decision in sorted(short):
        warnings.warn(f"{file}: ignoring decision {decision}: lines missing (cut short by a crash?)",
                      LabelWarning, stacklevel=3)
    return [lab for lab in labels if lab.decision not in short]


def current_labels(lines: Iterable[Label]) -> list[Label]:
    """What is current in journal lines: per annotator and task, the latest decision not retracted.

    Lines without a ``task`` (article-level files) are all current. Order is kept: the
    current lines come out where they stand in ``lines``.

    Args:
        lines: Label lines in the order written.

    Returns:
        The current labels (no ``retract`` lines).
    """
    lines = list(lines)
    retracted = {lab.retracts for lab in lines if lab.kind == RETRACT}
    latest: dict[tuple[str, str], str] = {}
    for lab in lines:
        if lab.task and lab.kind != RETRACT and lab.decision not in retracted:
            latest[(lab.annotator, lab.task)] = lab.decision
    winners = set(latest.values())
    return [lab for lab in lines
            if not lab.task or (lab.kind != RETRACT and lab.decision in winners)]


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
    lines = _encoded(labels, path)
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


def _encoded(labels: Iterable[Label], path: Path) -> list[str]:
    """The JSON lines of valid labels; the first invalid one raises LabelError naming it."""
    lines = []
    for number, label in enumerate(labels, start=1):
        problem = label_problem(label)
        if problem:
            raise LabelError(f"{path}: label {number}: {problem}")
        lines.append(json.dumps(label_to_dict(label), sort_keys=True, ensure_ascii=False))
    return lines


def append_labels(labels: Iterable[Label], path: str | Path) -> None:
    """Append labels to a journal with one write, then flush and fsync.

    A process killed after this returns loses nothing; one killed during it leaves at
    most a torn last line, which :func:`read_label_lines` ignores. Such a torn line, left
    by an earlier crash, is cut off before appending (it cannot hold a complete decision),
    so the journal never gets a malformed line in its middle.

    Args:
        labels: The lines of one decision (or any labels).
        path: The ``.jsonl`` journal; it and missing folders are created.

    Raises:
        LabelError: A label is invalid; nothing is written then.
    """
    path = Path(path)
    lines = _encoded(labels, path)
    if not lines:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    _cut_torn_line(path)
    with path.open("ab") as out:
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())


def _cut_torn_line(path: Path) -> None:
    """Drop a last line that has no line end (what a crash mid-write leaves)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("r+b") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return
        data = f.seek(0) or f.read()
        keep = data.rfind(b"\n") + 1
        warnings.warn(f"{path}: cutting an incomplete last line left by a crash "
                      f"({len(data) - keep} bytes)", LabelWarning, stacklevel=3)
        f.truncate(keep)
        f.flush()
        os.fsync(f.fileno())
