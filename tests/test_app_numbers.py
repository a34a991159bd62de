"""Every number in the app's tables is the one `mrp-tui --print --format json` reports, whole,
at 60x20, 80x24 and 120x40, read from the lines the tables paint (what a person sees)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from mrp_tui.core import danish
from mrp_tui.core.model import Status
from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.render import goal_needed
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.widgets.figure_input import FigureInput

SIZES = [(60, 20), (80, 24), (120, 40)]
PLAN = "hjemrejsestyrelsen-2024"
NUMBER = re.compile(r"\d[\d.,]*")


def print_json(*args: str | Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "json",
                           *map(str, args)], capture_output=True, text=True, check=True)
    return {p["id"]: p for p in json.loads(done.stdout)["plans"]}


def n(value: float) -> str:
    return danish.number(value)


def counts(counted: dict[str, int]) -> str:
    return " ".join(f"{danish.STATUS_SYMBOL[Status(k)]}{v}" for k, v in counted.items())


async def painted_cells(table: DataTable[Any], pilot: Any) -> dict[str, dict[str, str]]:
    """Each row's cells as painted on screen, by row key and column heading."""
    columns = table.ordered_columns
    cells: dict[str, dict[str, str]] = {}
    # every column lies inside the table, left of a scrollbar: nothing is painted off-screen
    total = sum(c.get_render_width(table) for c in columns)
    assert total <= table.scrollable_content_region.width, (total, table.size)
    for index in range(table.row_count):
        table.move_cursor(row=index, animate=False)  # scrolled into view
        await pilot.pause()
        line = table.render_line(1 + index - round(table.scroll_y)).text
        x, row = 0, {}
        for column in columns:
            row[str(column.label)] = line[x + 1:x + 1 + column.content_width].strip()
            x += column.get_render_width(table)
        cells[str(table.coordinate_to_cell_key((index, 0)).row_key.value)] = row
    return cells


def assert_whole(text: str, expected: set[str]) -> None:
    for number in NUMBER.findall(text):
        assert number in expected, f"{number!r} in {text!r} is not one of {sorted(expected)}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_overview_numbers_are_the_json_numbers(workspace: Path,
                                                      size: tuple[int, int]) -> None:
    reported = print_json(workspace / "plans")
    app = create_app([workspace / "plans"])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rows = await painted_cells(app.screen.query_one(DataTable), pilot)
    assert set(rows) == set(reported)
    for plan_id, cells in rows.items():
        doc = reported[plan_id]
        assert cells["Point"] == f"{n(doc['earned'])}/{n(doc['points'])}"
        assert cells["Status"] == counts(doc["counts"])
        if "Prognose" in cells:
            assert cells["Prognose"] == n(doc["forecast_earned"])
        if "År" in cells:
            assert cells["År"].rstrip("*") == str(doc["year"])
    if size[0] >= 80:
        assert "Prognose" in cells and "Periode" in cells


async def open_plan_with_changes(app: MrpApp, pilot: Any) -> None:
    await pilot.press("down", "down", "enter", "enter")
    await pilot.pause()
    assert isinstance(app.screen, GoalScreen)
    field = app.screen.query(FigureInput).first()
    field.focus()
    await pilot.press(*"100", "escape")  # the field selects its figure: typing replaces it
    await pilot.pause()
    assert isinstance(app.screen, PlanScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_plan_numbers_with_changes_are_the_json_numbers(workspace: Path,
                                                              size: tuple[int, int]) -> None:
    reported = print_json(workspace / "plans")[PLAN]
    app = create_app([workspace / "plans"])
    async with app.run_test(size=size) as pilot:
        await open_plan_with_changes(app, pilot)
        session = app.bench.session(PLAN)
        assert session.changes
        rows = await painted_cells(app.screen.query_one(DataTable), pilot)
        needed = {r.goal.id: goal_needed(r) for r in session.result.goals}
        scenario = app.bench.save(PLAN, "tal")
    changed = print_json(workspace / "plans", "--scenario", scenario)[PLAN]
    before = {g["id"]: g for g in reported["goals"]}
    goals = {g["id"]: g for g in changed["goals"]}
    shown = {key: cells for key, cells in rows.items() if key in goals}
    assert set(shown) == set(goals)
    for goal_id, cells in shown.items():
        doc = goals[goal_id]
        assert cells["Point"] == f"{n(doc['earned'])}/{n(doc['points'])}"
        status = danish.status_text(Status(doc["status"]))
        assert cells["Status"] in (status, status[0])  # the word gives way, never the symbol
        if "Prognose" in cells:
            symbol = danish.STATUS_SYMBOL[Status(doc["forecast_status"])]
            assert cells["Prognose"] == f"{symbol} {n(doc['forecast_earned'])}"
        if "Δ" in cells:
            difference = doc["earned"] - before[goal_id]["earned"]
            if abs(difference) > 1e-9:
                sign = "+" if difference > 0 else "−"
                assert cells["Δ"] == f"{sign}{n(abs(difference))}"
            else:
                assert cells["Δ"] == ""
        if "Mangler" in cells:
            # text that gives way: cut only between words, so its numbers stay whole
            text = cells["Mangler"]
            assert needed[goal_id].startswith(text.removesuffix("…").rstrip())
            assert_whole(text, set(NUMBER.findall(needed[goal_id])))
    assert "Δ" in next(iter(shown.values())), "the comparison is shown while editing"
