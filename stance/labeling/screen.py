"""How the labelling interface looks and which keys do what (prompt_toolkit).

:class:`LabelScreen` is the half of :class:`~stance.labeling.tui.LabelApp` that draws:
the layout, the status, body, choices and hint lines, and the key bindings that call
the app's actions. The app holds the state and the actions.
"""

from __future__ import annotations

import re

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, VSplit, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.styles import Style

from ..labels import Label
from .decisions import Draft, statements_of
from .tasks import Task

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




def describe(d: Draft | Label) -> str:
    """One line for a statement: ``hamas demand ceasefire`` or ``israel blame hamas (deal)``."""
    if d.kind == "none":
        return "no statement"
    if d.kind == "blame":
        return f"{d.party} blame {d.target}" + (f" ({d.issue})" if d.issue else "")
    return f"{d.party} {d.stance} {d.issue}"


class LabelScreen:
    """The screen and keys of :class:`~stance.labeling.tui.LabelApp` (a mixin: it reads the
    app's state and calls its actions)."""

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
