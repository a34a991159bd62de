"""`tui.render.show`: a Static is laid out again exactly when its height changes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from mrp_tui.tui.render import show


class OneStatic(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(id="shown")
        yield Static("below", id="below")


def spy_layouts(widget: Static) -> list[bool]:
    layouts: list[bool] = []
    refresh = widget.refresh

    def spying(*regions: Any, **kwargs: Any) -> Widget:
        layouts.append(bool(kwargs.get("layout")))
        return refresh(*regions, **kwargs)

    widget.refresh = spying  # type: ignore[method-assign]
    return layouts


async def test_a_longer_text_that_wraps_grows_the_widget_and_moves_what_is_below() -> None:
    app = OneStatic()
    async with app.run_test(size=(40, 12)) as pilot:
        shown = app.query_one("#shown", Static)
        show(shown, Text("Point 1/100"))
        await pilot.pause()
        assert shown.size.height == 1
        layouts = spy_layouts(shown)
        show(shown, Text("Point 2/100"))  # same height: a repaint only
        await pilot.pause()
        assert layouts == [False]
        show(shown, Text("Point 3/100 " + "ændring " * 8))  # 75 cells wrap to 2 lines at 40
        await pilot.pause()
        assert True in layouts
        assert shown.size.height == 2
        assert app.query_one("#below").region.y == 2
        show(shown, Text("Point 4/100"))
        await pilot.pause()
        assert shown.size.height == 1 and app.query_one("#below").region.y == 1
        assert "Point 4/100" in str(shown.render())


async def test_the_same_text_again_is_not_even_repainted() -> None:
    app = OneStatic()
    async with app.run_test(size=(40, 12)) as pilot:
        shown = app.query_one("#shown", Static)
        show(shown, Text("Point 1/100"))
        await pilot.pause()
        layouts = spy_layouts(shown)
        show(shown, Text("Point 1/100"))
        assert layouts == []
