"""The full-screen labelling interface (prompt_toolkit): one sentence at a time, keyboard only.

The screen, top to bottom: a status line (annotator, progress), the article's title,
date and source, the sentence between its neighbours with party names, issue terms and
cue words highlighted, the statements to save (pre-filled with the extractor's, each
with why), in review mode every annotator's answer, a message line, the type-ahead
prompt when one is open, and the key hints, which stay on screen in 80x24.

Every decision is recorded when its key is pressed (:meth:`Workspace.record`), so
quitting, a lost SSH connection or a kill loses at most the task on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document

from ..labels import Label
from ..profile import Profile
from ..records import STANCES
from .claims import Claims
from .decisions import Draft, decision_lines, draft_of, retraction, statements_of
from .highlight import Highlighter
from .screen import (
    STYLE,
    LabelScreen,
    describe,
)
from .tasks import Task
from .workspace import Workspace


@dataclass
class _Prompt:
    label: str
    choices: Callable[[str], list[str]]
    on_done: Callable[[str], str]  # returns an error message, or "" when done
    free_text: bool = False


def _prefix_matches(options: Sequence[str], typed: str) -> list[str]:
    typed = typed.strip().lower()
    first = [o for o in options if o.startswith(typed)]
    return first + [o for o in options if typed and typed in o and o not in first]


class LabelApp(LabelScreen):
    """The labelling (or review) screen over a queue of tasks.

    Args:
        space: Where decisions are read and recorded.
        annotator: Who is labelling (``review`` in review mode).
        profile: The profile whose ids may be chosen.
        next_tasks: Returns the tasks still to show, in order (re-read before each task,
            so annotators sharing a queue do not get a task another one just did).
        total: Tasks in the whole queue, for the progress counter.
        done: How many of them this annotator had done before.
        answers: Review mode: per task id, each annotator's decision lines.
        claims: The shared queue's leases: a task is shown only once this annotator holds
            it, so annotators working at once never get the same sentence (beyond
            ``--overlap``); None shows every task of ``next_tasks`` (review).
        input: prompt_toolkit input (a pipe in tests); the terminal by default.
        output: prompt_toolkit output; the terminal by default.
    """

    def __init__(self, space: Workspace, annotator: str, profile: Profile,
                 next_tasks: Callable[[], list[Task]], *, total: int, done: int = 0,
                 answers: dict[str, dict[str, list[Label]]] | None = None,
                 claims: Claims | None = None, input=None, output=None):
        self.space = space
        self.annotator = annotator
        self.profile = profile
        self.next_tasks = next_tasks
        self.total = total
        self.done = done
        self.answers = answers
        self.claims = claims
        self.highlighter = Highlighter(profile)
        self.saved = 0
        self.skipped: list[str] = []
        self.history: list[tuple[str, Task, list[Label]]] = []  # ("decision"|"skip", task, lines)
        self.task: Task | None = None
        self.drafts: list[Draft] = []
        self.selected = 0
        self.comment = ""
        self.message = ""
        self.prompt: _Prompt | None = None
        self.buffer = Buffer(multiline=False)
        self.app = Application(layout=self._layout(), key_bindings=self._keys(), style=STYLE,
                               full_screen=True, mouse_support=False, input=input, output=output)
        self._advance()

    # --- flow -------------------------------------------------------------------------------

    def run(self) -> int:
        """Run until quit or the queue is empty and the annotator quits; returns decisions saved."""
        try:
            self.app.run()
        finally:
            self._let_go()  # the sentence on screen goes back to the queue
        return self.saved

    def _advance(self) -> None:
        """Show the first task still to do that was not skipped in this run."""
        self.space.refresh()
        passed = set(self.skipped) | (self.claims.taken() if self.claims is not None else set())
        for task in self.next_tasks():
            if task.id not in passed and (self.claims is None or self.claims.claim(task.id)):
                self._show(task)
                return
        self.task = None
        self.drafts = []

    def _let_go(self) -> None:
        """Free the lease on the task on screen, undecided."""
        if self.claims is not None and self.task is not None:
            self.claims.release(self.task.id)

    def _show(self, task: Task, drafts: list[Draft] | None = None, comment: str = "") -> None:
        self.task = task
        if drafts is None:
            drafts = self._prefill(task)
        self.drafts = drafts
        self.selected = 0
        self.comment = comment

    def _prefill(self, task: Task) -> list[Draft]:
        if self.answers is not None:
            first = next(iter(self.answers.get(task.id, {}).values()), [])
            return [draft_of(lab) for lab in statements_of(first)]
        return [draft_of(s) for s in task.statements]

    def _save(self, drafts: list[Draft]) -> None:
        if self.task is None:
            return
        problems = [f"{i + 1}: {d.problem()}" for i, d in enumerate(drafts) if d.problem()]
        if problems:
            self.message = "cannot save, statement " + "; ".join(problems)
            return
        lines = decision_lines(self.task, self.annotator, drafts, comment=self.comment)
        self.space.record(lines)
        if self.claims is not None:
            self.claims.finish(self.task.id)
        self.history.append(("decision", self.task, lines))
        self.saved += 1
        self.done += 1
        self.message = f"saved: {'; '.join(describe(d) for d in drafts) or 'no statement'}"
        self._advance()

    def accept(self) -> None:
        self._save(self.drafts)

    def no_statement(self) -> None:
        self._save([])

    def skip(self) -> None:
        if self.task is None:
            return
        self.skipped.append(self.task.id)
        self._let_go()
        self.history.append(("skip", self.task, []))
        self.message = "skipped (it comes back next time)"
        self._advance()

    def undo(self) -> None:
        if not self.history:
            self.message = "nothing to undo"
            return
        action, task, lines = self.history.pop()
        # back to a lease that expires until decided again; a skipped one may be another's now
        if self.claims is not None and not self.claims.claim(task.id):
            self.message = "another annotator has the skipped sentence now"
            return
        if self.task is not None and self.task.id != task.id:
            self._let_go()
        if action == "skip":
            self.skipped.remove(task.id)
            self._show(task)
            self.message = "back to the skipped sentence"
            return
        self.space.record([retraction(lines)])
        self.saved -= 1
        self.done -= 1
        self._show(task, [draft_of(lab) for lab in statements_of(lines)], lines[0].comment)
        self.message = "undone: the decision is withdrawn; decide again"

    # --- editing ----------------------------------------------------------------------------

    def _current(self) -> Draft | None:
        return self.drafts[self.selected] if self.drafts else None

    def _set(self, draft: Draft) -> None:
        self.drafts[self.selected] = replace(draft, why="edited")

    def select(self, index: int) -> None:
        if 0 <= index < len(self.drafts):
            self.selected = index

    def cycle_stance(self) -> None:
        d = self._current()
        if d is None:
            self.message = "no statement to change: + adds one"
            return
        if d.kind == "blame":
            self._set(replace(d, kind="position", stance="demand", target="",
                              issue=d.issue or self._guess_issue()))
            return
        nxt = STANCES[(STANCES.index(d.stance) + 1) % len(STANCES)] if d.stance in STANCES else STANCES[0]
        self._set(replace(d, stance=nxt))

    def delete(self) -> None:
        if not self.drafts:
            self.message = "nothing to delete"
            return
        gone = self.drafts.pop(self.selected)
        self.selected = max(0, min(self.selected, len(self.drafts) - 1))
        self.message = f"deleted: {describe(gone)}"

    def _guess_issue(self) -> str:
        issues = self.highlighter.issues(self.task.sentence) if self.task else set()
        return sorted(issues)[0] if issues else ""

    def _open(self, label: str, choices: Callable[[str], list[str]], on_done: Callable[[str], str],
              *, text: str = "", free_text: bool = False) -> None:
        self.prompt = _Prompt(label, choices, on_done, free_text)
        self.buffer.set_document(Document(text, len(text)), bypass_readonly=True)
        self.app.layout.focus(self.buffer)

    def _close(self) -> None:
        self.prompt = None
        self.buffer.reset()
        self.app.layout.focus(self._body)

    def ask_field(self, field: str) -> None:
        d = self._current()
        if d is None:
            self.message = "no statement to change: + adds one"
            return
        ids = self.profile.issue_ids if field == "issue" else self.profile.party_ids
        extra = ["-"] if field == "issue" and d.kind == "blame" else []

        def done(text: str) -> str:
            value = self._pick(ids + tuple(extra), text)
            if value is None:
                return f"no {field} matches {text!r}"
            value = "" if value == "-" else value
            if field == "target":
                self._set(replace(d, kind="blame", target=value, stance=""))
            else:
                self._set(replace(d, **{field: value}))
            return ""

        self._open(field, lambda typed: _prefix_matches(list(ids) + extra, typed), done)

    @staticmethod
    def _pick(options: Sequence[str], typed: str) -> str | None:
        typed = typed.strip().lower()
        if typed in options:
            return typed
        found = _prefix_matches(options, typed)
        return found[0] if found else None

    def ask_statement(self, edit: bool) -> None:
        if self.task is None:
            return
        current = self._current() if edit else None
        if edit and current is None:
            self.message = "no statement to edit: + adds one"
            return

        def done(text: str) -> str:
            draft, problem = self.parse_statement(text)
            if problem:
                return problem
            if edit:
                self._set(draft)
            else:
                self.drafts.append(replace(draft, why="added"))
                self.selected = len(self.drafts) - 1
            return ""

        self._open("edit" if edit else "add", self._statement_choices, done,
                   text=describe(current) + " " if current else "")

    def _statement_choices(self, typed: str) -> list[str]:
        # runs of spaces are one break (Tab completes with a space; the annotator's own space
        # after it must not start an empty word), and a space at the end starts the next word
        words = typed.split() + ([""] if not typed.strip() or typed[-1].isspace() else [])
        words = words or [""]
        position = len(words) - 1
        kinds = (*STANCES, "blame")
        if position == 0:
            options = list(self.profile.party_ids)
        elif position == 1:
            options = list(kinds)
        elif position == 2:
            blame = self._pick(kinds, words[1]) == "blame"
            options = list(self.profile.party_ids if blame else self.profile.issue_ids)
        elif position == 3 and self._pick(kinds, words[1]) == "blame":
            options = list(self.profile.issue_ids)
        else:
            options = []
        return _prefix_matches(options, words[-1])

    def parse_statement(self, text: str) -> tuple[Draft | None, str]:
        """``PARTY demand|accept|reject ISSUE`` or ``PARTY blame TARGET [ISSUE]``; ids by prefix."""
        words = text.split()
        usage = "type PARTY demand|accept|reject ISSUE, or PARTY blame TARGET [ISSUE]"
        if len(words) < 3:
            return None, usage
        party = self._pick(self.profile.party_ids, words[0])
        kind = self._pick((*STANCES, "blame"), words[1])
        if party is None:
            return None, f"unknown party {words[0]!r}"
        if kind is None:
            return None, f"{words[1]!r} is not demand, accept, reject or blame"
        if kind == "blame":
            target = self._pick(self.profile.party_ids, words[2])
            issue = self._pick(self.profile.issue_ids, words[3]) if len(words) > 3 else ""
            if target is None or issue is None or len(words) > 4:
                return None, usage
            return Draft(party=party, kind="blame", target=target, issue=issue), ""
        issue = self._pick(self.profile.issue_ids, words[2])
        if issue is None or len(words) > 3:
            return None, f"unknown issue {words[2]!r}" if issue is None else usage
        return Draft(party=party, kind="position", stance=kind, issue=issue), ""

    def ask_comment(self) -> None:
        if self.task is None:
            return

        def done(text: str) -> str:
            self.comment = text.strip()
            self.message = "comment kept; it is saved with the decision"
            return ""

        self._open("comment", lambda _: [], done, text=self.comment, free_text=True)

    def take_answer(self, number: int) -> None:
        if self.answers is None or self.task is None:
            return
        answers = list(self.answers.get(self.task.id, {}).items())
        if not 0 <= number < len(answers):
            self.message = f"there is no answer {number + 1}"
            return
        who, lines = answers[number]
        self.drafts = [draft_of(lab) for lab in statements_of(lines)]
        self.selected = 0
        self.message = f"took {who}'s answer"

    def submit_prompt(self, complete: bool = False) -> None:
        prompt = self.prompt
        text = self.buffer.text
        if prompt is None:
            return
        if complete:
            options = prompt.choices(text)
            if options:
                head = text.rsplit(" ", 1)[0] + " " if " " in text else ""
                new = head + options[0] + " "
                self.buffer.set_document(Document(new, len(new)))
            return
        problem = prompt.on_done(text)
        if problem:
            self.message = problem
            return
        if not prompt.free_text:
            self.message = ""
        self._close()
