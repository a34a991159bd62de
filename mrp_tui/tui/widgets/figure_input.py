"""An input field for one reported figure, and its row with label, reported value and error."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select

from mrp_tui.core import danish
from mrp_tui.core.model import Status
from mrp_tui.core.whatif import InputValue, Key, format_input
from mrp_tui.tui.safe import plain
from mrp_tui.tui.widgets.ordered_input import OrderedInput

INPUT_LABELS = {
    "actual": "Faktisk",
    "baseline": "Udgangspunkt",
    "met": "Opfyldt (antal)",
    "total": "I alt",
    "average": "Gennemsnit",
    "values": "Sagstider",
    "done_on": "Udført den",
    "verdict": "Vurdering",
    "reason": "Begrundelse",
    "forecast": "Prognose",
}
#: What an empty field asks for, worded so that it cannot be read as a reported figure.
PLACEHOLDERS = {"done_on": "fx 30/9/2024", "values": "fx 12; 30; 45", "reason": "fri tekst"}
#: Fields for free text or a list: as wide as the card allows.
WIDE_INPUTS = ("reason", "values")
VERDICTS = [("opfyldt", Status.MET.value), ("delvist opfyldt", Status.PARTLY_MET.value),
            ("ikke opfyldt", Status.NOT_MET.value)]


#: The fields' width in cells (app.tcss says the same).
FIELD_WIDTH = 16


@runtime_checkable
class FigureEditor(Protocol):
    """What a screen with figure fields does with a field's new text."""

    def edit_figure(self, key: Key, text: str) -> None: ...


class FigureInput(OrderedInput):
    """A text field bound to one input of one leaf."""

    def __init__(self, key: Key, value: InputValue, read_only: bool) -> None:
        super().__init__(format_input(value), placeholder=PLACEHOLDERS.get(key[2], "tal"),
                         disabled=read_only, compact=True)
        self.key = key
        self.set_class(key[2] in WIDE_INPUTS, "-wide")

    def show_counted(self, counted: InputValue) -> None:
        """While the field is empty, its placeholder is the value that still counts."""
        self.placeholder = format_input(counted) if counted is not None else \
            PLACEHOLDERS.get(self.key[2], "tal")

    @property
    def content_width(self) -> int:
        # Input lays the whole screen out again whenever this width changes, i.e. on every
        # keystroke; with a floor at the field's width, typing a figure is a mere repaint.
        return max(super().content_width, FIELD_WIDTH)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Handled here rather than where the message bubbles to: the field's own queue runs
        # this before the field asks for a repaint, so the re-scored totals are painted in the
        # frame that shows the key, not in Textual's next frame 17-33 ms later.
        editor = self.screen
        if isinstance(editor, FigureEditor):
            event.stop()
            editor.edit_figure(self.key, event.value)


class VerdictSelect(Select[str]):
    """The assessed verdict as a choice."""

    def __init__(self, key: Key, value: InputValue, read_only: bool,
                 allow_blank: bool = True) -> None:
        current = value.value if isinstance(value, Status) else Select.NULL
        # A reported verdict cannot be taken away (a scenario holds values, not deletions):
        # then "ikke vurderet" is not offered, rather than refused once chosen.
        super().__init__(VERDICTS, value=current, prompt="ikke vurderet", disabled=read_only,
                         compact=True, allow_blank=allow_blank or current is Select.NULL)
        self.key = key


class FigureRow(Horizontal):
    """Label, field, and the reported value once the field differs from it."""

    DEFAULT_CLASSES = "figure-row"

    def __init__(self, key: Key, value: InputValue, read_only: bool,
                 reported: InputValue = None) -> None:
        super().__init__()
        self.key = key
        self._value = value
        self._read_only = read_only
        self._reported = reported

    def compose(self) -> ComposeResult:
        self.set_class(self.key[2] in WIDE_INPUTS, "-wide")
        yield Label(INPUT_LABELS[self.key[2]], classes="figure-label")
        if self.key[2] == "verdict":
            yield VerdictSelect(self.key, self._value, self._read_only,
                                allow_blank=self._reported is None)
        else:
            yield FigureInput(self.key, self._value, self._read_only)
        yield Label("", classes="figure-note")

    def show_state(self, reported: InputValue, changed: bool, error: str | None) -> None:
        state = (changed, error)
        if state == getattr(self, "_state", (False, None)):
            return  # unchanged: no restyle, no layout
        self._state = state
        self.set_class(error is not None, "-invalid")
        self.set_class(changed, "-changed")
        note = self.query_one(".figure-note", Label)
        # The message quotes what was typed, and a reported reason is from a file.
        if error is not None:
            note.update(plain(f"⚠ {error}", one_line=True))
        elif changed:
            note.update(plain(f"indberettet: {shown_value(reported)}", one_line=True))
        else:
            note.update("")


def shown_value(value: InputValue) -> str:
    """A value as the app shows it: Danish words, numbers and dates ('delvist opfyldt',
    '1.250', '30/9/2024')."""
    if value is None:
        return "intet"
    if isinstance(value, Status):
        return danish.status_label(value)
    if isinstance(value, tuple):
        return "; ".join(danish.number(v, 4) for v in value)
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return danish.number(value, 6)
    return danish.date(value)
