"""Keys typed ahead are never dropped (tui/typeahead.py): keys that arrive in one burst are
applied in order across a focus change and a screen push or pop, in the app (Pilot) and in a
real terminal where the keys come in one write."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from ssh_helpers import Terminal
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.widgets.figure_input import FigureInput

HJS = "hjemrejsestyrelsen-2024"
Send = Callable[[MrpApp, Pilot[None], tuple[str, ...]], Awaitable[None]]


async def posted_together(app: MrpApp, pilot: Pilot[None], keys: tuple[str, ...]) -> None:
    """All keys in the app's queue before the first is handled, as from one read of the
    terminal (Pilot.press waits a little after each key)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()


async def pressed(app: MrpApp, pilot: Pilot[None], keys: tuple[str, ...]) -> None:
    await pilot.press(*keys)
    await pilot.pause()


SENDS = pytest.mark.parametrize("send", [posted_together, pressed], ids=["burst", "press"])


def fields(app: MrpApp) -> list[FigureInput]:
    return list(app.screen.query(FigureInput))


@SENDS
async def test_slash_and_a_word_fill_the_filter(workspace: Path, send: Send) -> None:
    app = create_app([workspace / "plans"])
    async with app.run_test(size=(100, 30)) as pilot:
        await send(app, pilot, ("down", "down", "down", "enter", "slash", "b", "i", "o"))
        assert isinstance(app.screen, PlanScreen) and app.screen.plan_id == "siri-2024"
        assert app.screen.query_one("#filter", Input).value == "bio"
        goals = app.screen.query_one("#goals")
        assert [r.key.value for r in goals.ordered_rows][1:] == ["4"]  # type: ignore[attr-defined]
        assert app._typeahead.timeouts == 0


@SENDS
async def test_down_enter_and_digits_type_into_the_goal_opened(workspace: Path,
                                                                send: Send) -> None:
    app = create_app([workspace / "plans" / f"{HJS}.toml"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(app, pilot, ("down", "enter", "7", "7"))
        assert isinstance(app.screen, GoalScreen) and app.screen.goal_id == "1.b"
        assert fields(app)[0].value == "77"
        assert app.bench.session(HJS).value(("1.b", None, "actual")) == 77


@SENDS
async def test_digits_tab_digits_fill_two_fields(workspace: Path, send: Send) -> None:
    app = create_app([workspace / "plans"], goal="1.b")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(app, pilot, ("1", "0", "0", "tab", "5"))
        actual, forecast = fields(app)
        assert (actual.value, forecast.value) == ("100", "5")
        assert app.focused is forecast


@SENDS
async def test_a_burst_across_a_pop_and_two_pushes(workspace: Path, send: Send) -> None:
    app = create_app([workspace / "plans" / f"{HJS}.toml"], goal="1.a")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(app, pilot, ("escape", "down", "down", "enter", "4", "2", "tab", "9"))
        assert isinstance(app.screen, GoalScreen) and app.screen.goal_id == "1.c"
        assert [f.value for f in fields(app)][:2] == ["42", "9"]


def test_keys_in_one_write_to_a_real_terminal(workspace: Path) -> None:
    term = Terminal([sys.executable, "-m", "mrp_tui", "plans"], "xterm-256color", 100, 30,
                    cwd=workspace)
    try:
        term.wait_for("Udlændingestyrelsen")
        term.send("\x1b[B\x1b[B\x1b[B\r/bio")  # to SIRI, open it, filter: one write
        screen = term.wait_for("bio")
        assert "Biometri" in screen or "biometri" in screen.lower()
        term.keys("\x1b", pause=0.3)  # Escape alone: the filter closes
        term.keys("\x1b", pause=0.3)  # back to the overview
        term.send("\x1b[A\r\x1b[B\r77\t5")  # to HJS 2024, its goal 1.b, two fields
        screen = term.wait_for("Mål 1.b")
        term.wait_for("77 ")
        term.settle(0.5)
        screen = term.text
        lines = [line for line in screen.splitlines() if "Faktisk" in line or "Prognose " in line]
        assert any("77" in line for line in lines if "Faktisk" in line), screen
        assert any(" 5 " in line for line in lines if "Prognose" in line), screen
    finally:
        term.close()


async def test_idle_is_read_from_textuals_bookkeeping(workspace: Path) -> None:
    """The private names `_is_idle` reads still mean what they did (see typeahead.py)."""
    from mrp_tui.tui.typeahead import _is_idle

    async def becomes_idle(app: MrpApp, pilot: Pilot[None]) -> bool:
        for _ in range(100):  # a timer (the cursor's blink) may have a message under way
            if _is_idle(app):
                return True
            await pilot.pause(0.02)
        return False

    app = create_app([workspace / "plans" / f"{HJS}.toml"])
    async with app.run_test(size=(100, 30)) as pilot:
        assert await becomes_idle(app, pilot)
        app.open_goal(HJS, "1.a")
        assert not _is_idle(app)  # the goal screen is not mounted yet
        assert await becomes_idle(app, pilot)
        assert isinstance(app.screen, GoalScreen) and isinstance(app.focused, FigureInput)
