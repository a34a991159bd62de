"""The line at the top of every screen: where you are, the plan's points and the unsaved
what-if changes. Always one line: at a narrow width it drops the app's name, uses the agency's
short name and the short form of the changes, and at last cuts the place with an ellipsis;
the numbers are never cut."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mrp_tui.tui.render import show
from mrp_tui.tui.safe import as_line, literal

READ_ONLY_MARK = "kun læsning"


class TopBar(Static):
    DEFAULT_CLASSES = "top-bar"

    _parts: tuple[tuple[str, str], tuple[Text, Text], bool] | None = None

    def show(self, place: str, info: Text | None = None, *, short_place: str | None = None,
             short_info: Text | None = None, read_only: bool = False) -> None:
        """`place` and `info` (points, changes) in full, with shorter forms for narrow
        terminals; `read_only` adds the mark that no edits are possible."""
        info = info or Text()
        self._parts = ((place, short_place or place), (info, short_info or info), read_only)
        show(self, self._fit(self.content_size.width))

    def on_resize(self) -> None:
        if self._parts is not None:
            show(self, self._fit(self.content_size.width))

    def _fit(self, width: int) -> Text:
        assert self._parts is not None
        (place, short_place), (info, short_info), read_only = self._parts
        tail = Text()
        if read_only:
            tail.append(" ")
            tail.append(f" {READ_ONLY_MARK} ", style="reverse")
        tries = [("mrp-tui · ", place, info), ("", place, info), ("", short_place, info),
                 ("", short_place, short_info)]
        for prefix, where, what in tries:
            line = _line(prefix, where, what, tail)
            if width <= 0 or line.cell_len <= width:
                return line
        # Too narrow for even the short form: the place gives way, never a number.
        room = width - _line("", "", short_info, tail).cell_len
        cut = literal(short_place, one_line=True)
        cut.truncate(max(room, 1), overflow="ellipsis")
        return _line("", cut.plain, short_info, tail)


def _line(prefix: str, place: str, info: Text, tail: Text) -> Text:
    text = Text(prefix, style="bold")
    text.append(as_line(place))  # agency and goal ids come from files
    if info:
        text.append("  ")
        text.append_text(info)
    text.append_text(tail)
    return text
