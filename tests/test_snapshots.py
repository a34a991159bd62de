"""What a person sees, as SVG snapshots (pytest-textual-snapshot), at 60x20, 80x24 and 120x40:
each screen as opened and with a change typed, and the keys help.

Update after an intended change: `python3 -m pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import PLANS
from textual.pilot import Pilot

from mrp_tui.tui.app import create_app

SIZES = [(60, 20), (80, 24), (120, 40)]


async def to_plan(pilot: Pilot[Any]) -> None:
    await pilot.press("down", "down", "enter")
    await pilot.pause()


async def to_goal(pilot: Pilot[Any]) -> None:
    await to_plan(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def goal_with_change(pilot: Pilot[Any]) -> None:
    await to_goal(pilot)
    await pilot.press(*"100")  # the field selects its figure on focus: typing replaces it
    await pilot.pause()


async def plan_with_change(pilot: Pilot[Any]) -> None:
    await goal_with_change(pilot)
    await pilot.press("escape")
    await pilot.pause()


async def overview_with_change(pilot: Pilot[Any]) -> None:
    await plan_with_change(pilot)
    await pilot.press("escape")
    await pilot.pause()


async def goal_help(pilot: Pilot[Any]) -> None:
    await goal_with_change(pilot)
    await pilot.press("f1")
    await pilot.pause()


async def at_overview(pilot: Pilot[Any]) -> None:
    await pilot.pause()


SCREENS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "overview": at_overview,
    "plan": to_plan,
    "goal": to_goal,
    "overview-with-change": overview_with_change,
    "plan-with-change": plan_with_change,
    "goal-with-change": goal_with_change,
    "goal-help": goal_help,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare: Any, screen: str, size: tuple[int, int]) -> None:
    app = create_app([PLANS])
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])
