"""Floors for the TUI measures: bare Textual apps with the widgets mrp-tui's first screen uses.

`BareApp` is the overview without mrp-tui: a header-like Static, a DataTable with the same five
rows as plain text, and a Footer. `BareInputApp` is one Input whose value a Static echoes, the
floor for a keystroke. Run `python bench/bare_app.py` to see the first one.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

COLUMNS = ("Styrelse", "År", "Periode", "Point", "Prognose", "Status")
#: The overview's rows for the five bundled plans, as plain text.
ROWS = (
    ("Hjemrejsestyrelsen", "2022", "året *", "67,5/100 ███░░░", "67,5", "✔8 ◐1 ✘2 …2"),
    ("Hjemrejsestyrelsen", "2023", "året *", "67,5/100 ███░░░", "67,5", "✔11 ◐2 ✘2 …1"),
    ("Hjemrejsestyrelsen", "2024", "året *", "69,58/100 ████░░", "74,58", "✔9 ◐3 ✘2 …1"),
    ("SIRI", "2024", "året *", "50,5/85 ███░░░", "50,5", "✔5 ◐2 ✘2 …1"),
    ("Udlændingestyrelsen", "2024", "året *", "67,08/90 ████░░", "67,08", "✔8 ◐3 ✘1 …1"),
)
CSS = """
.top-bar { height: auto; max-height: 2; background: $panel; padding: 0 1; }
DataTable { height: 1fr; }
"""


class BareApp(App[None]):
    CSS = CSS
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("q", "quit", "Afslut"), Binding("question_mark", "help", "Taster")
    ]

    def compose(self) -> ComposeResult:
        yield Static("mrp-tui · Styrelser", classes="top-bar")
        yield DataTable(id="plans", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        for row in ROWS:
            table.add_row(*row)
        table.focus()


class BareInputApp(App[None]):
    """One Input; each change is echoed in a top-bar Static, as mrp-tui shows the new total."""

    CSS = CSS

    def __init__(self, value: str = "1") -> None:
        super().__init__()
        self._value = value

    def compose(self) -> ComposeResult:
        yield Static(f"Point {self._value}", classes="top-bar", id="top")
        yield Input(self._value, compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#top", Static).update(f"Point {event.value}")


if __name__ == "__main__":
    BareApp().run()
