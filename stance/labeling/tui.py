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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, VSplit, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.styles import Style

from ..labels import Label
from ..profile import Profile
from ..records import STANCES
from .decisions import Draft, decision_lines, draft_of, retraction, statements_of
from .highlight import Highlighter
from .tasks import Task
from .workspace import Workspace

STYLE = Style.from_dict({
    "status": "reverse",
    "meta": "italic",
    "context": "#888888",
    "sentence": "bold",
    "party": "bold fg:ansicyan",
    "issue": "bold fg:ansiyellow underline",
    "cue": "fg:ansigreen",
    "selected": "reverse",
    "why": "#888888",
    "message": "fg:ansired bold",
    "hint": "fg:ansiblue",
    "key": "bold",
    "prompt": "bold",
})

HINTS_LABEL = [
    [("Enter/a", "accept all"), ("n", "no statement"), ("s", "skip"), ("u", "undo"),
     ("c", "comment"), ("q", "quit")],
    [("↑↓/1-9", "select"), ("p", "party"), ("i", "issue"), ("t", "stance"), ("b", "blame target"),
     ("d", "delete"), ("+", "add"), ("e", "edit")],
]
HINTS_REVIEW = [
    [("Enter/a", "save as shown"), ("1-9", "take answer N"), ("n", "no statement"), ("s", "skip"),
     ("u", "undo"), ("c", "comment"), ("q", "quit")],
    [("↑↓", "select"), ("p", "party"), ("i", "issue"), ("t", "stance"), ("b", "blame target"),
     ("d", "delete"), ("+", "add"), ("e", "edit")],
]
HINTS_PROMPT = [[("type", "filter"), ("Tab", "complete"), ("Enter", "choose"), ("Esc/^G", "cancel")],
                [("add/edit", "PARTY demand|accept|reject ISSUE  or  PARTY blame TARGET [ISSUE]")]]


@dataclass
class _Prompt:
    label: str
    choices: Callable[[str], list[str]]
    on_done: Callable[[str], str]  # returns an error message, or "" when done
    free_text: bool = False


def describe(d: Draft | Label) -> str:
    """One line for a statement: ``hamas demand ceasefire`` or ``israel blame hamas (deal)``."""
    if d.kind == "none":
        return "no statement"
    if d.kind == "blame":
        return f"{d.party} blame {d.target}" + (f" ({d.issue})" if d.issue else "")
    return f"{d.party} {d.stance} {d.issue}"


def _prefix_matches(options: Sequence[str], typed: str) -> list[str]:
    typed = typed.strip().lower()
    first = [o for o in options if o.startswith(typed)]
    return first + [o for o in options if typed and typed in o and o not in first]


class LabelApp:
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
        input: prompt_toolkit input (a pipe in tests); the terminal by default.
        output: prompt_toolkit output; the terminal by default.
    """

    def __init__(self, space: Workspace, annotator: str, profile: Profile,
                 next_tasks: Callable[[], list[Task]], *, total: int, done: int = 0,
                 answers: dict[str, dict[str, list[Label]]] | None = None,
                 input=None, output=None):
        self.space = space
        self.annotator = annotator
        self.profile = profile
        self.next_tasks = next_tasks
        self.total = total
        self.done = done
        self.answers = answers
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
        self.app.run()
        return self.saved

    def _advance(self) -> None:
        """Show the first task still to do that was not skipped in this run."""
        self.space.refresh()
        for task in self.next_tasks():
            if task.id not in self.skipped:
                self._show(task)
                return
        self.task = None
        self.drafts = []

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
        self.history.append(("skip", self.task, []))
        self.message = "skipped (it comes back next time)"
        self._advance()

    def undo(self) -> None:
        if not self.history:
            self.message = "nothing to undo"
            return
        action, task, lines = self.history.pop()
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
        words = typed.split(" ")
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

    # --- screen -----------------------------------------------------------------------------

    def _layout(self) -> Layout:
        self._body = Window(FormattedTextControl(self._render_body, focusable=True), wrap_lines=True)
        prompting = Condition(lambda: self.prompt is not None)
        prompt_label = Window(FormattedTextControl(
            lambda: [("class:prompt", f"{self.prompt.label}> ")] if self.prompt else []),
            height=1, width=10, dont_extend_width=True)
        return Layout(HSplit([
            Window(FormattedTextControl(self._render_status), height=1, style="class:status"),
            self._body,
            Window(FormattedTextControl(lambda: [("class:message", self.message)]), height=1),
            ConditionalContainer(HSplit([
                VSplit([prompt_label, Window(BufferControl(self.buffer), height=1)]),
                Window(FormattedTextControl(self._render_choices), height=1),
            ]), filter=prompting),
            Window(FormattedTextControl(self._render_hints), height=Dimension(min=2, max=4),
                   wrap_lines=True, dont_extend_height=True),
        ]), focused_element=self._body)

    def _render_status(self):
        mode = "review" if self.answers is not None else "label"
        text = f" stance {mode} · {self.annotator} · done {self.done}/{self.total}"
        if self.saved:
            text += f" · {self.saved} this session"
        return [("class:status", text)]

    def _render_choices(self):
        if self.prompt is None:
            return []
        options = self.prompt.choices(self.buffer.text)
        return [("class:hint", "  ".join(options[:12]) if options else
                 ("(free text)" if self.prompt.free_text else "(no match)"))]

    def _render_hints(self):
        rows = HINTS_PROMPT if self.prompt else (HINTS_REVIEW if self.answers is not None else HINTS_LABEL)
        out = []
        for row in rows:
            for key, what in row:
                out += [("class:key", key), ("class:hint", f" {what} ")]
            out[-1] = (out[-1][0], out[-1][1].rstrip())
            out.append(("", "\n"))
        return out[:-1]

    def _render_body(self):
        task = self.task
        if task is None:
            return [("bold", "\n  Nothing left to label here. "),
                    ("", "u undoes the last decision, q quits.\n")]
        date = task.date.isoformat() if task.date else "undated"
        out = [("class:meta", f"{task.title or '(no title)'} · {date} · {task.source}\n")]
        if task.before:
            out.append(("class:context", task.before + "\n"))
        out += self._sentence(task) + [("", "\n")]
        if task.after:
            out.append(("class:context", task.after + "\n"))
        out.append(("", "\nstatements to save" + (" (none: Enter saves 'no statement')"
                                                    if not self.drafts else "") + ":\n"))
        for i, d in enumerate(self.drafts):
            style = "class:selected" if i == self.selected else ""
            out.append((style, f" {i + 1} {describe(d):40}"))
            out.append(("class:why", f" {d.why}\n" if d.why else "\n"))
        if self.answers is not None:
            out.append(("", "answers:\n"))
            for n, (who, lines) in enumerate(self.answers.get(task.id, {}).items(), start=1):
                said = "; ".join(describe(lab) for lab in statements_of(lines)) or "no statement"
                note = f"  [{lines[0].comment}]" if lines[0].comment else ""
                out.append(("", f" {n} {who}: {said}{note}\n"))
        if self.comment:
            out.append(("class:why", f"comment: {self.comment}\n"))
        return word_wrap(out, get_app().output.get_size().columns)

    def _sentence(self, task: Task):
        text = task.sentence
        out, at = [], 0
        for mark in self.highlighter.marks(text, task.date):
            if mark.start > at:
                out.append(("class:sentence", text[at:mark.start]))
            out.append((f"class:sentence class:{mark.kind}", text[mark.start:mark.end]))
            at = mark.end
        out.append(("class:sentence", text[at:]))
        return out

    # --- keys -------------------------------------------------------------------------------

    def _keys(self) -> KeyBindings:
        keys = KeyBindings()
        normal = Condition(lambda: self.prompt is None)
        prompting = Condition(lambda: self.prompt is not None)
        review = Condition(lambda: self.answers is not None)

        def bind(*names, action, filter=normal):
            for name in names:
                keys.add(name, filter=filter)(lambda event, action=action: self._run(action))

        bind("enter", "a", action=self.accept)
        bind("n", action=self.no_statement)
        bind("s", action=self.skip)
        bind("u", action=self.undo)
        bind("c", action=self.ask_comment)
        bind("up", "k", action=lambda: self.select(self.selected - 1))
        bind("down", "j", action=lambda: self.select(self.selected + 1))
        bind("p", action=lambda: self.ask_field("party"))
        bind("i", action=lambda: self.ask_field("issue"))
        bind("b", action=lambda: self.ask_field("target"))
        bind("t", action=self.cycle_stance)
        bind("d", "delete", action=self.delete)
        bind("+", "o", action=lambda: self.ask_statement(edit=False))
        bind("e", action=lambda: self.ask_statement(edit=True))
        for n in range(1, 10):
            bind(str(n), action=lambda n=n: self.select(n - 1), filter=normal & ~review)
            bind(str(n), action=lambda n=n: self.take_answer(n - 1), filter=normal & review)
        bind("q", "c-c", "c-d", action=self.app_exit)
        bind("enter", action=self.submit_prompt, filter=prompting)
        bind("tab", action=lambda: self.submit_prompt(complete=True), filter=prompting)
        bind("escape", "c-g", "c-c", action=self._cancel, filter=prompting)
        return keys

    def _cancel(self) -> None:
        self.message = "cancelled"
        self._close()

    def app_exit(self) -> None:
        self.app.exit()

    def _run(self, action) -> None:
        if action not in (self.submit_prompt,):
            self.message = ""
        try:
            action()
        except Exception as exc:  # a failed write must not kill the screen with a traceback
            from ..errors import StanceError

            if not isinstance(exc, StanceError):
                raise
            self.message = str(exc)


def word_wrap(fragments: list[tuple[str, str]], width: int) -> list[tuple[str, str]]:
    """Styled text broken into lines of at most ``width`` columns at spaces, not inside
    words (a word longer than a line is left to the window's own wrapping)."""
    out, column = [], 0
    for style, text in fragments:
        pieces = []
        for piece in re.split(r"(\s+)", text):
            if not piece:
                continue
            if "\n" in piece:
                pieces.append(piece)
                column = len(piece) - piece.rfind("\n") - 1
            elif piece.isspace():
                if column + len(piece) >= width:
                    pieces.append("\n")
                    column = 0
                else:
                    pieces.append(piece)
                    column += len(piece)
            else:
                if column and column + len(piece) > width:
                    pieces.append("\n")
                    column = 0
                pieces.append(piece)
                column += len(piece)
        out.append((style, "".join(pieces)))
    return out
