"""The year in view in the app: development and last year's columns where there is room,
points per period, a goal's periods and last year's result, read only when looked at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Sparkline, Static

from mrp_tui.core import history as history_module
from mrp_tui.core.model import Period
from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.widgets.leaf_history import LeafHistory
from mrp_tui.tui.widgets.trend import Trend

PLAN = "hjemrejsestyrelsen-2024"


def app_for(workspace: Path, **kwargs: Any) -> MrpApp:
    return create_app([workspace / "plans"], **kwargs)


def _headers(table: DataTable[Any]) -> list[str]:
    return [str(c.label) for c in table.columns.values()]


def test_start_up_reads_no_history(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = history_module.score_periods

    def counting(entry: Any, until: Any = None) -> Any:
        calls.append(entry.plan.id)
        return real(entry, until)

    monkeypatch.setattr(history_module, "score_periods", counting)
    app_for(workspace)
    assert calls == []


async def test_overview_shows_the_highlighted_plans_points_per_period(workspace: Path) -> None:
    app = app_for(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        trend = app.screen.query_one(Trend)
        assert trend.display
        spark = trend.query_one(Sparkline)
        expected = [r.earned for r in app.bench.history(PLAN).results]
        assert list(spark.data or []) == expected and len(expected) == 4
        assert "69,58" in str(trend.query_one(".trend-numbers").render())


@pytest.mark.parametrize(("size", "shown"), [((80, 24), False), ((120, 40), True)])
async def test_history_columns_where_there_is_room(workspace: Path, size: tuple[int, int],
                                                   shown: bool) -> None:
    app = app_for(workspace)
    async with app.run_test(size=size) as pilot:
        app.open_plan(PLAN)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        headers = _headers(table)
        assert ("Udvikling" in headers) is shown and ("Sidste år" in headers) is shown
        assert {"Point", "Status", "Prognose"} <= set(headers)  # numbers never give way
        if shown:
            row = table.get_row("1.c")
            assert str(row[headers.index("Udvikling")]) == "✘ ✘ ✔ ✔"
            assert str(row[headers.index("Sidste år")]).startswith("✘")
            assert str(table.get_row("1.a")[headers.index("Sidste år")]) == "–"  # not linked


async def test_switching_period_keeps_the_development_column(workspace: Path) -> None:
    app = app_for(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_plan(PLAN)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.bench.session(PLAN).base.period is Period.Q1
        table = app.screen.query_one(DataTable)
        assert isinstance(app.screen, PlanScreen)
        cell = table.get_row("1.c")[_headers(table).index("Udvikling")]
        assert str(cell) == "✘ ✘ ✔ ✔"
        assert "underline" in str(cell.spans[0].style)  # Q1, the period on screen


async def test_goal_screen_shows_each_delmaal_per_period_and_last_year(workspace: Path) -> None:
    # Only this year's plan given: last year's is found beside it, when the goal asks.
    app = create_app([workspace / "plans" / f"{PLAN}.toml"], goal="2.2")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        panels = {p.subgoal_id: p.text for p in app.screen.query(LeafHistory)}
        assert set(panels) == {None, "1", "2"}
        first = panels["1"]
        for line in ("1. kvt.  ikke udført", "2. kvt.  udført 27/6/2024", "året ▸"):
            assert line in first
        assert "Sidste år (2023, mål 2.2 delmål 1): senest 30/6/2023 · 1,25 point" in first
        assert "uændret krav" in first
        assert "Sidste år: 2023, mål 2.2 Databehandlerforhold" in panels[None]


async def test_a_goal_that_continues_nothing_says_so(workspace: Path) -> None:
    app = create_app([workspace / "plans" / f"{PLAN}.toml"], goal="1.a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        goal_panel = next(p for p in app.screen.query(LeafHistory) if p.subgoal_id is None)
        assert "nyt mål" in goal_panel.text


async def test_a_period_that_cannot_be_read_is_told_not_skipped(workspace: Path) -> None:
    from mrp_tui.tui.screens.dialogs import ProblemsScreen

    q1 = workspace / "figures" / PLAN / "Q1.toml"
    q1.write_text(q1.read_text(encoding="utf-8").replace("actual = 38", 'actual = "38"'),
                  encoding="utf-8")
    app = app_for(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_plan(PLAN)
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert app.bench.history(PLAN).periods == (Period.Q2, Period.Q3, Period.YEAR)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        app.pop_screen()
        await pilot.pause()
        app.open_plan(PLAN)  # told once, not on every visit
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)


def _sparks(app: MrpApp) -> dict[str | None, Sparkline]:
    return {p.subgoal_id: p.query_one(Sparkline) for p in app.screen.query(LeafHistory)}


async def test_a_delmaals_value_per_period_is_drawn_beside_its_table(workspace: Path) -> None:
    app = create_app([workspace / "plans"], goal="1.a")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        history = app.bench.history(PLAN)
        sparks = _sparks(app)
        assert set(sparks) == {None, "1", "2", "3"}
        assert not sparks[None].display  # the goal has delmål: it has no value of its own
        for sub_id in ("1", "2", "3"):
            spark = sparks[sub_id]
            expected = [leaf.value for leaf, _ in history.leaf("1.a", sub_id)]
            assert spark.display and len(expected) == 4
            assert list(spark.data or []) == expected
            table = spark.parent.query_one(".leaf-history-table", Static)  # type: ignore[union-attr]
            assert spark.region.x == table.region.right + 2  # beside the table, on screen
            assert spark.region.right <= app.size.width
        assert list(sparks["1"].data or []) == [38, 79, 118, 163]  # udsendte, Q1 → året


async def test_a_milestone_has_no_spark_and_a_narrow_card_no_room(workspace: Path) -> None:
    app = create_app([workspace / "plans"], goal="2.2")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not any(s.data or s.display for s in _sparks(app).values())
    app = create_app([workspace / "plans"], goal="1.a")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        panels = list(app.screen.query(LeafHistory))
        assert all(p.query_one(Sparkline).data for p in panels if p.subgoal_id)
        assert not any(p.query_one(Sparkline).display for p in panels)
        # without a spark the table has the card's width, and a row too wide wraps (as
        # before) rather than lose its points off the edge
        second = next(p for p in panels if p.subgoal_id == "2")
        table = second.query_one(".leaf-history-table", Static)
        assert table.size.width == second.content_size.width
        assert table.size.height > len(str(table.render()).splitlines())
