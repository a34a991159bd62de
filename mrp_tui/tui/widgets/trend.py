"""One line: a label, Textual's `Sparkline` of the points earned per period, and the points."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

from mrp_tui.core.history import History
from mrp_tui.core.model import Period
from mrp_tui.tui.history_render import trend_numbers
from mrp_tui.tui.render import show

SPARK_WIDTH = 8


class Trend(Horizontal):
    DEFAULT_CLASSES = "trend"

    def __init__(self, label: Text, id: str | None = None) -> None:
        super().__init__(id=id)
        self._label = label
        self._shown: tuple[History, Period | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._label, classes="trend-label")
        yield Sparkline([], classes="trend-spark")
        yield Static("", classes="trend-numbers")

    def show_history(self, history: History | None, current: Period | None,
                     label: Text | None = None) -> None:
        """Show `history`'s points per period (hidden when it has no periods)."""
        if label is not None:
            self._label = label
            show(self.query_one(".trend-label", Static), label)
        self.display = history is not None and bool(history.results)
        if history is None or not history.results:
            self._shown = None
            return
        self._shown = (history, current)
        self.query_one(Sparkline).data = [r.earned for r in history.results]
        self._numbers()

    def on_resize(self) -> None:
        self._numbers()

    def _numbers(self) -> None:
        if self._shown is None:
            return
        history, current = self._shown
        room = self.size.width - self._label.cell_len - SPARK_WIDTH - 2
        show(self.query_one(".trend-numbers", Static),
             trend_numbers(history, current, max(0, room)))
