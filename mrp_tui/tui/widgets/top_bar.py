"""The line at the top of every screen: where you are, and the unsaved what-if changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mrp_tui.core.text import neutralise
from mrp_tui.tui.render import show


class TopBar(Static):
    DEFAULT_CLASSES = "top-bar"

    def show(self, place: str, changes: Text | None = None) -> None:
        text = Text("mrp-tui · ", style="bold")
        text.append(neutralise(place, one_line=True))  # agency and goal ids come from files
        if changes:
            text.append("  ")
            text.append_text(changes)
        show(self, text)
