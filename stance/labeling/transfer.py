"""Move labels between machines: export current decisions to JSONL or CSV, import them back.

Export writes the current decision lines of every (or one) annotator. Import validates
every line first (fields, and ids against the profile) and reports each bad line as
``FILE:LINE: problem``; only when all are good does it append the decisions the labels
folder does not hold yet, so importing the same file twice adds nothing. Article-level
labels (no ``task``, like ``labels/gold.jsonl``) are matched to the stored sentences and
go to the store only: their own file stays their record.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path

from ..errors import StanceError
from ..labels import Label, label_problem, label_to_dict, parse_label
from ..store import store
from .decisions import article_level_decisions
from .workspace import Workspace, check_annotator, ids_problem

COLUMNS = tuple(f.name for f in fields(Label))
_INTS = ("start", "end", "lines")


class InvalidImport(StanceError):
    """Some lines of an imported file are invalid; ``problems`` lists one message per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} invalid line(s), nothing imported: {problems[0]}"
                         + (" (and more, listed above)" if len(problems) > 1 else ""))


def file_format(path: str | Path, given: str | None = None) -> str:
    """``jsonl`` or ``csv``, from ``--format`` or the file's extension."""
    if given:
        return given
    suffix = Path(path).suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise StanceError(f"{path}: cannot tell the format from the extension; give --format jsonl|csv")


def export_labels(space: Workspace, *, annotators=None) -> list[Label]:
    """The current decision lines (article-level files left as they are), in journal order."""
    return [lab for lab in _current_lines(space, annotators) if not _from_article_level_file(lab)]


def article_level_decisions_left_out(space: Workspace, *, annotators=None) -> int:
    """How many decisions :func:`export_labels` leaves out because they come from an
    article-level label file (``labels/gold.jsonl``, in the labels folder or imported into
    the store), which stays the place they are kept."""
    wanted = set(annotators) if annotators else None
    stored = [lab for lab in store.label_lines(space.engine) if wanted is None or lab.annotator in wanted]
    return len({lab.decision for lab in _current_lines(space, annotators) + stored
                if lab.decision and _from_article_level_file(lab)})


def _current_lines(space: Workspace, annotators) -> list[Label]:
    current = {id(lab) for lines in space.decisions().values() for lab in lines}
    wanted = set(annotators) if annotators else None
    return [lab for lab in space.lines if id(lab) in current and lab.decision
            and (wanted is None or lab.annotator in wanted)]


def _from_article_level_file(lab: Label) -> bool:
    return lab.decision.startswith(f"{lab.annotator}:")  # "annotator:task", made on import


def write_export(labels: list[Label], out, fmt: str, *, raw: bool = False) -> None:
    """Write labels as JSONL (the journal's line format) or CSV (every field a column; text
    cells spreadsheet-safe unless ``raw``)."""
    from ..analysis.export import spreadsheet_safe

    if fmt == "jsonl":
        for lab in labels:
            out.write(json.dumps(label_to_dict(lab), sort_keys=True, ensure_ascii=False) + "\n")
        return
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for lab in labels:
        row = {k: ("" if v is None else v if raw or not isinstance(v, str) else spreadsheet_safe(v))
               for k, v in label_to_dict(lab).items()}
        writer.writerow({c: row.get(c, "") for c in COLUMNS})


def _unescaped(value: str) -> str:
    """A cell as labelled: the apostrophe a spreadsheet-safe export put before a formula-like
    start is removed (see :func:`stance.analysis.export.spreadsheet_safe`)."""
    from ..analysis.export import FORMULA_START

    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def read_import(path: Path, fmt: str) -> tuple[list[tuple[int, Label]], list[str]]:
    """Parse a file to import: ``([(line number, label)], [problems])``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StanceError(f"{path}: cannot read ({exc})") from None
    good, problems = [], []
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                good.append((number, parse_label(line)))
            except ValueError as exc:
                problems.append(f"{path}:{number}: {exc}")
        return good, problems
    reader = csv.DictReader(io.StringIO(text, newline=""))
    unknown = sorted(set(reader.fieldnames or ()) - set(COLUMNS))
    if unknown:
        return [], [f"{path}:1: unknown column(s) {', '.join(unknown)}"]
    for number, row in enumerate(reader, start=2):
        data = {k: _unescaped(v) for k, v in row.items() if k is not None and v not in ("", None)}
        try:
            for key in _INTS:
                if key in data:
                    if not data[key].lstrip("-").isdigit():
                        raise ValueError(f"{key} must be a whole number, got {data[key]!r}")
                    data[key] = int(data[key])
            good.append((number, parse_label(json.dumps(data))))
        except ValueError as exc:
            problems.append(f"{path}:{number}: {exc}")
    return good, problems


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the labels folder (``flock`` on the folder itself; none where the
    platform has no ``fcntl``), so that imports into one folder take turns and none appends
    a decision another has just appended. The database refuses doubles on its own."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def _id_problem(lab: Label, space: Workspace) -> str:
    """Ids of the label unknown to its profile, the annotator name, the task's article."""
    try:
        check_annotator(lab.annotator)
    except StanceError as exc:
        return str(exc)
    problem = ids_problem(lab)
    if problem:
        return problem
    if lab.task:
        if lab.start is None or lab.end is None or lab.task != f"{lab.article_id}:{lab.start}-{lab.end}":
            return f"task {lab.task!r} does not match article_id, start and end"
    return ""


def import_labels(path: str | Path, space: Workspace, *, fmt: str | None = None) -> tuple[int, int, int]:
    """Validate a file of labels, then add what is new to the journals and the store.

    Returns:
        ``(decisions added, decisions already there, article-level labels matching no
        stored sentence)``.

    Raises:
        InvalidImport: Some lines are invalid (nothing is written).
    """
    path = Path(path)
    if not path.is_file():
        raise StanceError(f"{path}: no such file")
    found, problems = read_import(path, file_format(path, fmt))
    for number, lab in found:
        problem = label_problem(lab) or _id_problem(lab, space)
        if problem:
            problems.append(f"{path}:{number}: {problem}")
    if problems:
        raise InvalidImport(sorted(problems, key=lambda p: int(p.rsplit(":", 2)[-2])
                                  if p.rsplit(":", 2)[-2].isdigit() else 0))
    labels = [lab for _, lab in found]
    journal = [lab for lab in labels if lab.task]
    article_level = [lab for lab in labels if not lab.task]
    converted, unmatched = article_level_decisions(article_level, space.tasks)
    with _locked(space.folder):  # another import into this folder waits: it sees these lines
        space.refresh()
        known = {lab.decision for lab in space.lines}
        new: dict[str, list[Label]] = defaultdict(list)
        for lab in journal:
            if lab.decision not in known:
                new[lab.annotator].append(lab)
        added = len({lab.decision for labs in new.values() for lab in labs})
        for _, labs in sorted(new.items()):
            space.record(labs)
        stored = {lab.decision for lab in store.label_lines(space.engine)}
        fresh = [lab for lab in converted if lab.decision not in stored]
        store.add_label_lines(space.engine, fresh)
        added += len({lab.decision for lab in fresh})
    all_decisions = {lab.decision for lab in journal} | {lab.decision for lab in converted}
    return added, len(all_decisions) - added, unmatched
