"""An input field for one reported figure, and its row with label, reported value and error."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select

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
PLACEHOLDERS = {"done_on": "30/9/2024", "values": "12; 30; 45", "reason": "tekst"}
VERDICTS = [("opfyldt", Status.MET.value), ("delvist opfyldt", Status.PARTLY_MET.value),
            ("ikke opfyldt", Status.NOT_MET.value)]


#: The fields' width in cells (app.tcss says the same).
FIELD_WIDTH = 20


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

    def __init__(self, key: Key, value: InputValue, read_only: bool) -> None:
        current = value.value if isinstance(value, Status) else Select.NULL
        super().__init__(VERDICTS, value=current, prompt="ikke vurderet", disabled=read_only,
                         compact=True)
        self.key = key


class FigureRow(Horizontal):
    """Label, field, and the reported value once the field differs from it."""

    DEFAULT_CLASSES = "figure-row"

    def __init__(self, key: Key, value: InputValue, read_only: bool) -> None:
        super().__init__()
        self.key = key
        self._value = value
        self._read_only = read_only

    def compose(self) -> ComposeResult:
        yield Label(INPUT_LABELS[self.key[2]], classes="figure-label")
        if self.key[2] == "verdict":
            yield VerdictSelect(self.key, self._value, self._read_only)
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
            note.update(plain(f"indberettet: {format_input(reported) or 'intet'}", one_line=True))
        else:
            note.update("")
