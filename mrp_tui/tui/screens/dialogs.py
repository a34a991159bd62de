"""Small modal screens: keys help, quit with unsaved changes, save a scenario, file problems
(the offer of autosaved edits is in restore.py)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from mrp_tui.core.errors import Problem
from mrp_tui.tui.safe import literal, plain
from mrp_tui.tui.widgets.ordered_input import OrderedInput


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened from."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Luk", tooltip="Luk hjælpen",
                        id="help.close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for key, text in self._rows:
            table.add_row(literal(key), literal(text))  # a rich table would read markup
        with VerticalScroll(classes="dialog"):
            yield Label("Taster på dette skærmbillede", classes="dialog-title")
            yield Static(table)
            yield Label("Escape lukker", classes="dialog-hint")


class ConfirmQuit(ModalScreen[bool]):
    BINDINGS = [
        Binding("j,y", "answer(True)", "Ja, afslut", tooltip="Afslut uden at gemme",
                id="quit.yes"),
        Binding("n,escape", "answer(False)", "Nej", tooltip="Bliv i mrp-tui", id="quit.no"),
    ]

    def __init__(self, unsaved: int) -> None:
        super().__init__()
        self._unsaved = unsaved

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            changes = "1 ugemt ændring" if self._unsaved == 1 else \
                f"{self._unsaved} ugemte ændringer"
            yield Label(f"Der er {changes}.", classes="dialog-title")
            yield Label("Afslut uden at gemme? (j/n) – ctrl+s gemmer som scenarie.")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Afslut (j)", id="yes", variant="error")
                yield Button("Bliv (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class SaveScenario(ModalScreen[str | None]):
    """Ask for a scenario name."""

    BINDINGS = [Binding("escape", "cancel", "Annullér", tooltip="Gem ikke", id="save.cancel")]

    def __init__(self, suggestion: str, error: str | None = None) -> None:
        super().__init__()
        self._suggestion = suggestion
        self._error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Gem ændringerne som scenarie", classes="dialog-title")
            yield OrderedInput(self._suggestion, placeholder="navn", id="name")
            # The error quotes the name typed and the path refused.
            yield Label(plain(self._error, "red") if self._error
                        else "Enter gemmer, Escape annullerer", id="save-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProblemsScreen(ModalScreen[None]):
    """Why a file could not be used: every problem, literally."""

    BINDINGS = [Binding("escape,q", "dismiss", "Luk", tooltip="Luk", id="problems.close")]

    def __init__(self, title: str, problems: Sequence[Problem]) -> None:
        super().__init__()
        self._title = title
        self._problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label(literal(self._title, "bold", one_line=True), classes="dialog-title")
            for problem in self._problems:
                yield Static(literal(str(problem)), classes="problem")
            yield Label("Escape lukker", classes="dialog-hint")
