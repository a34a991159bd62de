"""Dialogs of the record (Indberetning): a goal's override and comment, the cut-off date, and
the questions asked before a recording starts or when someone else saved first.

A dialog checks what is typed itself, with the record's rules passed in, and says what is
wrong at the field: it closes only with a value that may stand, so the last valid value is
kept until then. Text from files is shown neutralised; a comment with a control character is
edited as it is shown, and kept as it was unless the text is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from mrp_tui.core import danish
from mrp_tui.core.model import Override, Status
from mrp_tui.core.text import neutralise
from mrp_tui.core.whatif import InputError, parse_date, parse_number
from mrp_tui.tui.safe import as_line, literal
from mrp_tui.tui.widgets.ordered_input import OrderedInput

#: What the override dialog answers to remove the override.
REMOVE: Literal["remove"] = "remove"
STATUSES = [(danish.status_label(s), s.value) for s in
            (Status.MET, Status.PARTLY_MET, Status.NOT_MET)]


def _error(widget: Label, message: str | None) -> None:
    widget.update(Text(f"⚠ {message}", style="red") if message else "")
    widget.display = bool(message)


class OverrideDialog(ModalScreen[Override | Literal["remove"] | None]):
    """Set a goal's override (status, points earned, reason) or remove it."""

    BINDINGS = [Binding("escape", "cancel", "Annullér", tooltip="Luk uden at ændre "
                        "tilsidesættelsen", id="override.cancel")]

    def __init__(self, goal: str, points: float | None, current: Override | None,
                 status: Status, check: Callable[[Override], str | None]) -> None:
        super().__init__()
        self._goal, self._points, self._current = goal, points, current
        self._status = current.status if current else status
        self._check = check

    def compose(self) -> ComposeResult:
        current = self._current
        points = danish.number(self._points or 0, 6)
        with Vertical(classes="dialog record-dialog"):
            yield Label(literal(f"Tilsidesæt resultatet af mål {self._goal}", "bold",
                                one_line=True), classes="dialog-title")
            with Horizontal(classes="dialog-row"):
                yield Label("Status", classes="dialog-label")
                # A goal not yet scored suggests no status: the judge picks one.
                judged = self._status is not Status.PENDING
                yield Select(STATUSES, value=self._status.value if judged else Select.NULL,
                             prompt="vælg status", id="status", compact=True)
            yield Label("", id="status-error", classes="dialog-error")
            with Horizontal(classes="dialog-row"):
                yield Label("Point", classes="dialog-label")
                earned = "" if current is None or current.earned is None else \
                    danish.number(current.earned, 6).replace(".", "")
                yield OrderedInput(earned, placeholder=f"valgfrit, 0–{points}", id="earned",
                                   compact=True)
            yield Label("", id="earned-error", classes="dialog-error")
            with Horizontal(classes="dialog-row"):
                yield Label("Begrundelse", classes="dialog-label")
                yield OrderedInput(as_line(current.reason) if current else "",
                                   placeholder="påkrævet", id="reason", compact=True)
            yield Label("", id="reason-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Gem", id="ok", variant="primary")
                if current is not None:
                    yield Button("Fjern", id="remove", variant="error")
                yield Button("Annullér", id="cancel")
            yield Label("Enter gemmer, Escape annullerer", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    def _override(self) -> Override | None:
        """The override typed, or None with the reason shown at its field."""
        status_error = self.query_one("#status-error", Label)
        earned_error = self.query_one("#earned-error", Label)
        reason_error = self.query_one("#reason-error", Label)
        for label in (status_error, earned_error, reason_error):
            _error(label, None)
        text = self.query_one("#earned", Input).value
        reason_field = self.query_one("#reason", Input).value
        # A reason shown neutralised and not touched is kept as the file had it.
        current = self._current
        reason = current.reason if current and reason_field == as_line(
            current.reason) else reason_field.strip()
        earned = None
        if text.strip():
            try:
                earned = float(parse_number(text))
            except InputError as err:
                _error(earned_error, str(err))
                return None
        if not reason.strip():
            _error(reason_error, "en tilsidesættelse skal have en begrundelse")
            self.query_one("#reason", Input).focus()
            return None
        chosen = self.query_one("#status", Select).value
        if chosen is Select.NULL:
            _error(status_error, "vælg opfyldt, delvist opfyldt eller ikke opfyldt")
            self.query_one("#status", Select).focus()
            return None
        status = Status(str(chosen))
        override = Override(status=status, reason=reason, earned=earned)
        why = self._check(override)
        if why is not None:
            _error(earned_error, why)
            self.query_one("#earned", Input).focus()
            return None
        return override

    def _submit(self) -> None:
        override = self._override()
        if override is not None:
            self.dismiss(override)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._submit()
        elif event.button.id == "remove":
            self.dismiss(REMOVE)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CommentDialog(ModalScreen[str | None]):
    """A goal's comment for the period: multi-line text ("" removes it)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Gem", tooltip="Gem bemærkningen", id="comment.save",
                priority=True),
        Binding("escape", "cancel", "Annullér", tooltip="Luk uden at ændre bemærkningen",
                id="comment.cancel"),
    ]

    def __init__(self, goal: str, period: str, current: str | None) -> None:
        super().__init__()
        self._goal, self._period, self._current = goal, period, current or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide record-dialog"):
            yield Label(literal(f"Bemærkning til mål {self._goal} ({self._period})", "bold",
                                one_line=True), classes="dialog-title")
            yield TextArea(neutralise(self._current), id="comment", soft_wrap=True,
                           show_line_numbers=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Gem", id="ok", variant="primary")
                yield Button("Annullér", id="cancel")
            yield Label("ctrl+s gemmer, Escape annullerer; en tom bemærkning fjernes",
                        classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        # Shown neutralised: untouched, the comment stays exactly as the file had it.
        self.dismiss(self._current if text == neutralise(self._current) else text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_save()
        else:
            self.dismiss(None)


class AsOfDialog(ModalScreen[dt.date | None]):
    """The cut-off date of the figures being recorded."""

    BINDINGS = [Binding("escape", "cancel", "Annullér", tooltip="Behold datoen",
                        id="as_of.cancel")]

    def __init__(self, current: dt.date, check: Callable[[dt.date], str | None]) -> None:
        super().__init__()
        self._current, self._check = current, check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog record-dialog"):
            yield Label("Opgørelsesdato for tallene", classes="dialog-title")
            yield OrderedInput(self._current.isoformat(), placeholder="30/9/2024", id="as_of",
                               compact=True)
            yield Label("", id="as_of-error", classes="dialog-error")
            yield Label("Enter gemmer, Escape beholder datoen", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#as_of-error", Label)
        try:
            value = parse_date(event.value)
        except InputError as err:
            _error(error, str(err))
            return
        why = self._check(value)
        if why is not None:
            _error(error, why)
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Question(ModalScreen[str | None]):
    """A question with a few answers, each a button and a key (the subclass's bindings to
    `answer`); Escape answers None."""

    BINDINGS = [Binding("escape", "answer('')", "Annullér", tooltip="Luk uden at gøre noget",
                        id="question.cancel")]

    def __init__(self, title: str, text: str, answers: list[tuple[str, str, str]]) -> None:
        """`answers`: (key, button label, answer) each."""
        super().__init__()
        self._title, self._text, self._answers = title, text, answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog record-dialog"):
            yield Label(literal(self._title, "bold", one_line=True), classes="dialog-title")
            yield Label(literal(self._text))
            with Horizontal(classes="dialog-buttons"):
                for key, label, answer in self._answers:
                    yield Button(f"{label} ({key})", id=f"answer-{answer}")
                yield Button("Annullér (Esc)", id="answer-")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer or None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters and parameters[0]:
            return any(a == parameters[0] for _, _, a in self._answers)
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer((event.button.id or "answer-").removeprefix("answer-"))


class SavedByAnother(Question):
    """The period's file was saved by someone else since it was opened."""

    BINDINGS = [Binding("h", "answer('reload')", "Hent", tooltip="Hent de nye tal; dine "
                        "indtastninger beholdes som et ugemt scenarie", id="conflict.reload")]

    def __init__(self, path: str, unsaved: int) -> None:
        yours = "din ugemte ændring" if unsaved == 1 else f"dine {unsaved} ugemte ændringer"
        super().__init__(
            "Tallene er gemt af en anden imens",
            f"{path} er ændret på disken, siden du åbnede den, og er ikke overskrevet. "
            f"Hent de nye tal og behold {yours} som et scenarie over dem, så intet går tabt?",
            [("h", "Hent og behold mine", "reload")])


class TakeAlong(Question):
    """A recording is started while the what-if has changes: take them along as typed
    values, or leave them (only when they are saved as a scenario)."""

    BINDINGS = [
        Binding("t", "answer('take')", "Tag med", tooltip="Scenariets ændringer bliver "
                "indtastede tal i indberetningen", id="take_along.take"),
        Binding("u", "answer('leave')", "Uden", tooltip="Start fra de indberettede tal; "
                "scenariet er gemt", id="take_along.leave"),
    ]

    def __init__(self, period: str, changes: int, unsaved: bool) -> None:
        answers = [("t", "Tag med", "take")]
        if not unsaved:
            answers.append(("u", "Uden", "leave"))
        counted, they, them = ("1 ændring", "den", "den") if changes == 1 else \
            (f"{changes} ændringer", "de", "dem")
        where = (f"{they.capitalize()} er ikke gemt: tag {them} med, eller annullér og gem "
                 f"{them} først (ctrl+s)." if unsaved else "Scenariet er gemt.")
        super().__init__(f"Indberet tal for {period}",
                         f"Scenariet har {counted}. Skal {they} med som indtastede tal i "
                         f"indberetningen? {where}", answers)
