"""Decisions: what an annotator said about one task, as journal lines, and which decision wins.

A decision is one or more :class:`~stance.labels.Label` lines sharing a ``decision`` id:
one line per statement, or one ``kind: none`` line for "no statement". Undo appends a
``retract`` line. Per task, the adjudicated decision of annotator ``review`` wins over the
others; without one, the most recent decision of anyone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..labels import RETRACT, Label, current_labels
from ..records import POLARITY, Statement
from .tasks import Task, TaskSet, task_id

REVIEWER = "review"


@dataclass(frozen=True)
class Draft:
    """A statement being edited on screen.

    Attributes:
        party: Who holds the position, or who blames.
        kind: ``position`` or ``blame``.
        issue: Issue id (optional for blame).
        stance: ``demand``, ``accept`` or ``reject`` for a position.
        target: The blamed party for blame.
        why: Where it came from (rule ids, model score), shown, never written.
    """

    party: str
    kind: str = "position"
    issue: str = ""
    stance: str = ""
    target: str = ""
    why: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.party, self.kind, self.issue, self.stance, self.target)

    def problem(self) -> str:
        """What is missing before this can be saved, or ``""``."""
        if not self.party:
            return "needs a party"
        if self.kind == "position":
            if not self.issue:
                return "a position needs an issue"
            if self.stance not in POLARITY:
                return "a position needs a stance"
        elif not self.target:
            return "a blame needs a target"
        return ""


def draft_of(statement: Statement | Label) -> Draft:
    """The editable form of a machine statement or a label, with why it was suggested."""
    why = ""
    if isinstance(statement, Statement):
        parts = [" ".join(statement.rule_ids)] if statement.rule_ids else []
        if statement.model_score is not None:
            parts.append(f"model {statement.model_score:.2f}")
        parts.append(f"conf {statement.confidence:.2f}")
        why = "  ".join(parts)
    return Draft(party=statement.party, kind=statement.kind, issue=statement.issue,
                 stance=statement.stance if statement.kind == "position" else "",
                 target=statement.target if statement.kind == "blame" else "", why=why)


def new_decision_id() -> str:
    return uuid.uuid4().hex[:12]


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def decision_lines(task: Task, annotator: str, drafts: Sequence[Draft], *, comment: str = "",
                   decision: str | None = None, time: str | None = None) -> list[Label]:
    """The journal lines of one decision on a task: one per statement, or one ``none`` line.

    Raises:
        ValueError: A draft is incomplete.
    """
    decision = decision or new_decision_id()
    time = now() if time is None else time
    drafts = list(dict.fromkeys(d for d in drafts))  # identical statements once
    for d in drafts:
        if d.problem():
            raise ValueError(f"{d.party or '?'} {d.kind}: {d.problem()}")
    common = dict(article_id=task.article_id, profile=task.profile, sentence=task.sentence,
                  annotator=annotator, task=task.id, start=task.start, end=task.end,
                  decision=decision, lines=max(1, len(drafts)), time=time, comment=comment)
    if not drafts:
        return [Label(kind="none", **common)]
    return [Label(party=d.party, kind=d.kind, issue=d.issue, stance=d.stance, target=d.target,
                  **common) for d in drafts]


def retraction(lines: Sequence[Label]) -> Label:
    """The line that withdraws a decision (undo), keeping the journal append-only."""
    first = lines[0]
    return Label(article_id=first.article_id, profile=first.profile, kind=RETRACT,
                 annotator=first.annotator, task=first.task, start=first.start, end=first.end,
                 decision=new_decision_id(), lines=1, time=now(), retracts=first.decision)


def decisions_by(lines: Iterable[Label]) -> dict[tuple[str, str], list[Label]]:
    """Current decisions keyed by ``(annotator, task)``: each the lines of one decision."""
    out: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for lab in current_labels(lines):
        if lab.task:
            out[(lab.annotator, lab.task)].append(lab)
    return dict(out)


def done_by(decisions: dict[tuple[str, str], list[Label]]) -> dict[str, set[str]]:
    """Per task id, the annotators with a current decision on it."""
    out: dict[str, set[str]] = defaultdict(set)
    for annotator, task in decisions:
        out[task].add(annotator)
    return dict(out)


def winning_decisions(lines: Iterable[Label]) -> dict[str, list[Label]]:
    """Per task, the decision that overrides the extractor: ``review``'s, else the latest.

    Args:
        lines: Journal lines in the order written (or stored).

    Returns:
        Task id to the lines of its winning decision (a ``none`` line when nothing holds).
    """
    lines = list(lines)
    order = {lab.decision: i for i, lab in enumerate(lines)}
    best: dict[str, list[Label]] = {}
    for (annotator, task), found in decisions_by(lines).items():
        rank = (annotator == REVIEWER, found[0].time, order[found[0].decision])
        held = best.get(task)
        if held is None or rank > (held[0].annotator == REVIEWER, held[0].time, order[held[0].decision]):
            best[task] = found
    return best


def statements_of(found: Sequence[Label]) -> list[Label]:
    """The statement lines of a decision (a ``none`` decision has none)."""
    return [lab for lab in found if lab.kind in ("position", "blame")]


def article_level_decisions(labels: Sequence[Label], tasks: TaskSet) -> tuple[list[Label], int]:
    """Turn article-level labels (``labels/gold.jsonl``) into one decision per sentence.

    A label is matched to its sentence by text (the stored article holding that sentence
    verbatim, or the sentence of the splitter where the label's text starts). An
    article-level file lists every statement of the articles it covers, so each other
    sentence of a covered article gets a ``none`` decision: it counts as done by that
    annotator, and in agreement as "no statement".

    Args:
        labels: Labels without a task.
        tasks: The split stored articles.

    Returns:
        ``(lines, unmatched)``: the decision lines, and how many labels matched no
        stored sentence.
    """
    index: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for article, sents in tasks.sentences.items():
        for start, end, text in sents:
            index[text].append((article, start, end))
    grouped: dict[tuple[str, str], list[Label]] = defaultdict(list)
    covered: dict[str, set[str]] = defaultdict(set)
    unmatched = 0
    for lab in labels:
        if lab.kind == "none" and not lab.sentence and lab.article_id in tasks.texts:
            covered[lab.annotator].add(lab.article_id)  # read, and no statement anywhere in it
            continue
        places = [p for p in index.get(lab.sentence, [])
                  if not lab.article_id or p[0] == lab.article_id]
        if not places:
            places = _find_in_texts(lab, tasks)
        if not places:
            unmatched += 1
            continue
        for article, start, end in places:
            grouped[(lab.annotator, task_id(article, start, end))].append(lab)
            covered[lab.annotator].add(article)
    out: list[Label] = []
    for annotator, articles in sorted(covered.items()):
        for article in sorted(articles):
            for tid in tasks.article_tasks(article):
                task = tasks.task(tid)
                found = grouped.get((annotator, tid), [])
                drafts = [draft_of(lab) for lab in found if lab.kind in ("position", "blame")]
                lines = decision_lines(task, annotator, drafts, decision=f"{annotator}:{tid}",
                                       time="")
                notes = [lab.note for lab in found]
                out.extend(replace(line, note=notes[i] if i < len(notes) else "")
                           for i, line in enumerate(lines))
    return out, unmatched


def _find_in_texts(lab: Label, tasks: TaskSet) -> list[tuple[str, int, int]]:
    """Where a label's sentence starts in a stored article, when the splitter cut it otherwise."""
    probe = lab.sentence.strip()[:80]
    if not probe:
        return []
    for article, text in tasks.texts.items():
        if lab.article_id and article != lab.article_id:
            continue
        at = text.find(probe)
        if at >= 0:
            tid = tasks.sentence_task(article, at)
            if tid:
                from .tasks import parse_task_id

                _, start, end = parse_task_id(tid)
                return [(article, start, end)]
    return []


def journal_path(folder: str | Path, annotator: str) -> Path:
    """``<folder>/<annotator>.jsonl``."""
    return Path(folder) / f"{annotator}.jsonl"
