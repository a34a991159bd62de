"""What the app shows is so: one-line top bar, fields that say what counts, one rule for a
plan without figures, a failed file in sight, Danish words, a remembered theme."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PLANS
from textual.widgets import DataTable, Input, Label, Static

from mrp_tui.core.danish import PERIOD_DA, STATUS_DA
from mrp_tui.core.model import Status
from mrp_tui.core.scoring import score_plan
from mrp_tui.tui import settings
from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.screens.dialogs import HelpScreen
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.overview import OverviewScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.widgets.figure_input import FigureInput, FigureRow, VerdictSelect
from mrp_tui.tui.widgets.top_bar import TopBar

PLAN = "hjemrejsestyrelsen-2024"
SIZES = [(60, 20), (80, 24), (120, 40)]


def plan_file(workspace: Path) -> list[Path]:
    """The one plan, so that --goal opens its goal (other plans have goals of that id too)."""
    return [workspace / "plans" / f"{PLAN}.toml"]


def row(app: MrpApp, goal: str, sub: str | None, name: str) -> FigureRow:
    return next(r for r in app.screen.query(FigureRow) if r.key == (goal, sub, name))


def note(app: MrpApp, goal: str, sub: str | None, name: str) -> str:
    label = row(app, goal, sub, name).query_one(".figure-note", Label)
    return str(label.render())


def top_line(app: MrpApp) -> str:
    return str(app.screen.query_one(TopBar).render())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_top_bar_is_one_whole_line(workspace: Path, size: tuple[int, int]) -> None:
    app = create_app([workspace / "plans"], goal="4", read_only=False)
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen, GoalScreen) and app.screen.plan_id == "siri-2024"
        field = app.screen.query(FigureInput).first()
        field.focus()
        await pilot.press(*"12")
        await pilot.pause()
        bar = app.screen.query_one(TopBar)
        line = top_line(app)
        assert bar.size.height == 1 and len(line) <= size[0] - 2, line
        session = app.bench.session("siri-2024")
        points = f"Point {session.result.earned:g}/85".replace(".", ",")
        assert points in line and "1 ændring" in line  # the numbers are never what gives way
        assert "Styrelsen for International" in line or "SIRI" in line


async def test_read_only_is_marked_in_the_top_bar(workspace: Path) -> None:
    app = create_app([workspace / "plans"], read_only=True)
    async with app.run_test(size=(60, 20)) as pilot:
        assert "kun læsning" in top_line(app)
        await pilot.press("down", "down", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen) and "kun læsning" in top_line(app)


async def test_a_corrected_entry_loses_its_error(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="1.a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"500x")
        await pilot.pause()
        assert "«500x» er ikke et tal" in note(app, "1.a", "1", "actual")
        assert row(app, "1.a", "1", "actual").has_class("-invalid")
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen.focused.value == "500"  # type: ignore[union-attr]
        assert not row(app, "1.a", "1", "actual").has_class("-invalid")
        assert note(app, "1.a", "1", "actual") == "indberettet: 163"


async def test_an_emptied_field_shows_what_counts_and_gets_it_back(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="1.a")
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.focused
        assert isinstance(field, FigureInput) and field.value == "163"
        await pilot.press("backspace")
        await pilot.pause()
        assert field.value == "" and field.placeholder == "163"  # what counts, not 'tal'
        assert "163 tæller stadig" in note(app, "1.a", "1", "actual")
        assert app.bench.session(PLAN).value(("1.a", "1", "actual")) == 163
        await pilot.press("tab")
        await pilot.pause()
        assert field.value == "163" and note(app, "1.a", "1", "actual") == ""


async def test_the_reported_value_and_a_bad_date_are_in_danish(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="2.1")
    async with app.run_test(size=(80, 24)) as pilot:
        select = app.screen.query_one(VerdictSelect)
        assert not any(v == select.BLANK for _, v in select._options)  # cannot be emptied
        reported = app.bench.session(PLAN).reported_value(("2.1", None, "verdict"))
        assert isinstance(reported, Status)
        select.value = next(s for s in ("met", "not_met") if s != reported.value)
        await pilot.pause()
        assert note(app, "2.1", None, "verdict") == f"indberettet: {STATUS_DA[reported]}"
        assert "_" not in note(app, "2.1", None, "verdict")
        await pilot.press("escape")
        app.open_goal(PLAN, "1.4")
        await pilot.pause()
        app.screen.query_one(FigureInput).focus()
        await pilot.press(*"31-02-2024")
        await pilot.pause()
        assert note(app, "1.4", None, "done_on") == "⚠ «31-02-2024» er ikke en gyldig dato"


async def test_only_number_measures_have_a_forecast_field(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="2.4")  # three milestones
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        names = [r.key[2] for r in app.screen.query(FigureRow)]
        assert names == ["done_on"] * 3
        await pilot.press("escape")
        app.open_goal(PLAN, "2.1")  # assessed
        await pilot.pause()
        assert [r.key[2] for r in app.screen.query(FigureRow)] == ["verdict", "reason"]
        app.open_goal(PLAN, "1.c")  # a share: a forecast may be typed
        await pilot.pause()
        assert "forecast" in [r.key[2] for r in app.screen.query(FigureRow)]


async def test_the_reason_field_uses_the_width(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="2.1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reason = next(f for f in app.screen.query(FigureInput) if f.key[2] == "reason")
        assert reason.size.width > 60


async def test_long_notes_wrap_instead_of_being_cut(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="1.a")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press(*"100")
        await pilot.pause()
        label = row(app, "1.a", "1", "actual").query_one(".figure-note", Label)
        assert str(label.render()) == "indberettet: 163"
        assert label.size.width >= len("indberettet: 163")
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause()
        text = str(label.render())
        assert "tæller stadig" in text and label.size.height * label.size.width >= len(text)


def no_figures(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "figures").mkdir()
    shutil.copy(PLANS / f"{PLAN}.toml", tmp_path / "plans")
    return tmp_path / "plans"


async def test_a_plan_without_figures_is_not_reported_as_in_print(tmp_path: Path) -> None:
    app = create_app([no_figures(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # (last year's plan is not there: a note about the history may be on top)
        assert isinstance(app.screen_stack[1], PlanScreen)
        session = app.bench.session(PLAN)
        printed = score_plan(session.plan, None)  # what --print scores without figures
        assert session.result.goals == printed.goals
        assert session.result.period is None and session.result.as_of is None
        assert session.result.counts[next(iter(printed.counts))] == 0
        summary = str(app.screen_stack[1].query_one("#summary", Static).render())
        assert "ingen tal" in summary and "31/12/2024" not in summary
        # an empty field asks in words that cannot be taken for a reported figure
        app.open_goal(PLAN, "1.4")
        await pilot.pause()
        assert app.screen.query_one(FigureInput).placeholder == "fx 30/9/2024"


async def test_period_without_figures_is_not_reported(workspace: Path) -> None:
    from mrp_tui.core.model import Period

    (workspace / "figures" / PLAN / "Q1.toml").unlink()  # the example figures have a Q1
    app = create_app([workspace / "plans"], period=Period.Q1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        result = app.bench.session(PLAN).result
        assert result.period is None and result.counts[Status.PENDING] == len(result.goals)


async def test_a_failed_file_keeps_the_overview_in_sight(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy(PLANS / "siri-2024.toml", tmp_path / "plans")
    (tmp_path / "plans" / "ødelagt-2024.toml").write_text("format = 1\n[plan\n",
                                                          encoding="utf-8")
    app = create_app([tmp_path / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        legend = str(app.screen.query_one("#legend", Static).render())
        assert "ødelagt-2024.toml: linje" in legend
        table = app.screen.query_one(DataTable)
        headings = [str(c.label) for c in table.ordered_columns]
        assert "Status" in headings
        status = next(c for c in table.ordered_columns if str(c.label) == "Status")
        assert status.content_width >= len("Status")


async def test_help_lists_every_key_of_the_screen(workspace: Path) -> None:
    app = create_app(plan_file(workspace), goal="1.a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {key for key, _ in app.screen._rows}
        for key in ("^y", "^z", "^s", "^r", "Tab, shift+Tab", "esc"):
            assert key in keys, keys


async def test_period_names_are_danish(workspace: Path) -> None:
    app = create_app([workspace / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Skift periode: 3. kvartal" in titles
        await pilot.press("p")
        await pilot.pause()
        period = app.bench.session(PLAN).base.period
        assert any(n.message == f"Periode: {PERIOD_DA[period.value]}"
                   for n in app._notifications)
        assert all(n.message != f"Periode: {period.value}" for n in app._notifications)


async def test_the_theme_is_remembered_and_a_bad_file_ignored(workspace: Path) -> None:
    app = create_app([workspace / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_change_theme()
        await pilot.pause()
        assert app.screen.query_one(Input).placeholder == "Søg efter et tema…"
        await pilot.press("escape")
        app.theme = "nord"
        await pilot.pause()
    assert settings.config_path().read_text(encoding="utf-8") == 'theme = "nord"\n'
    app = create_app([workspace / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    settings.config_path().write_text("theme = [\n", encoding="utf-8")
    app = create_app([workspace / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
