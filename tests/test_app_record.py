"""The record in the app (issue 12): Indberetning and Scenarie, each palette command, the
dialogs' refusals, saving with the change log, someone else saving first, read-only."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, Select, TextArea

from mrp_tui.core.changelog import read_log
from mrp_tui.core.loader import load_figures
from mrp_tui.core.model import Inputs, Override, Period, Status
from mrp_tui.core.record import login_name, open_reported, save_reported
from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.screens.record_dialogs import (
    AsOfDialog,
    CommentDialog,
    OverrideDialog,
    TakeAlong,
)
from mrp_tui.tui.widgets.figure_input import FigureInput, FigureRow
from mrp_tui.tui.widgets.top_bar import TopBar

PLAN = "hjemrejsestyrelsen-2024"
RECORD_TITLES = ("Gem som indberettede tal", "Tilsidesæt resultat", "Skriv bemærkning",
                 "Ny scenarie fra disse tal", "Ret opgørelsesdato")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder holding only a copy of plans/, the current folder."""
    shutil.copytree(PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def app_on(goal: str | None = "1.b", read_only: bool = False) -> MrpApp:
    return create_app([Path("plans") / f"{PLAN}.toml"], goal=goal, read_only=read_only)


def q1(folder: Path) -> Path:
    return folder / "figures" / PLAN / "Q1.toml"


def top_bar(app: MrpApp) -> str:
    return str(app.screen.query_one(TopBar).render())


def titles(app: MrpApp) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


async def command(pilot: Pilot[None], title: str) -> None:
    """Run the palette command with exactly this title (as choosing it does)."""
    app = pilot.app
    found = [c for c in app.get_system_commands(app.screen) if c.title == title]
    assert len(found) == 1, (title, titles(app))  # type: ignore[arg-type]
    found[0].callback()
    await pilot.pause()
    await pilot.pause()


def notes(app: MrpApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def field(app: MrpApp, goal: str, sub: str | None, name: str) -> FigureInput:
    return next(f for f in app.screen.query(FigureInput) if f.key == (goal, sub, name))


def error_at(app: MrpApp, key: tuple[str, str | None, str]) -> str:
    row = next(r for r in app.screen.query(FigureRow) if r.key == key)
    return str(row.query_one(".figure-note", Label).render())


async def record_q1_with_two(pilot: Pilot[None]) -> MrpApp:
    app = pilot.app
    await command(pilot, "Indberet tal: 1. kvartal")
    await pilot.press("2")
    await pilot.pause()
    return app  # type: ignore[return-value]


# --------------------------------------------------------------------------- the modes


async def test_the_top_bar_says_which_mode(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(120, 30)) as pilot:
        assert "Scenarie" in top_bar(app) and "Indberetning" not in top_bar(app)
        await record_q1_with_two(pilot)
        bar = top_bar(app)
        assert "Indberetning 1. kvartal" in bar and "Scenarie" not in bar
        assert "1 ændring" in bar and "ikke gemt" in bar
        await command(pilot, "Ny scenarie fra disse tal")
        bar = top_bar(app)
        assert "Scenarie" in bar and "Indberetning" not in bar
        assert "1 ændring" in bar  # the typed value came along, as a what-if
        await pilot.press("ctrl+s")  # in Scenarie: save as a scenario, by name
        await pilot.pause()
        app.screen.query_one(Input).value = "hvis"
        await pilot.press("enter")
        await pilot.pause()
        assert "Scenarie «hvis»" in top_bar(app)
        assert (folder / "scenarios" / PLAN / "hvis.toml").is_file()


async def test_record_a_new_period_type_and_save(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, GoalScreen)
        await command(pilot, "Indberet tal: 1. kvartal")
        # The screen stays where it is; its first field has the focus, empty (a new period).
        assert isinstance(app.screen, GoalScreen) and app.screen.goal_id == "1.b"
        assert app.screen.focused is field(app, "1.b", None, "actual")
        assert field(app, "1.b", None, "actual").value == ""
        await pilot.press("2")
        await pilot.press("ctrl+s")  # in Indberetning: "Gem som indberettede tal"
        await pilot.pause()
        text = q1(folder).read_text(encoding="utf-8")
        assert 'period = "Q1"' in text and "as_of = 2024-03-31" in text
        saved = load_figures(q1(folder))
        assert saved.inputs("1.b").actual == 2 and saved.scenario is None
        lines = (q1(folder).parent / "changes.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1
        line = json.loads(lines[0])
        assert (line["user"], line["period"], line["goal"], line["key"], line["old"],
                line["new"]) == (login_name(), "Q1", "1.b", "actual", None, 2)
        assert Period.Q1 in app.bench.periods(PLAN)
        assert "ændring" not in top_bar(app)  # saved: nothing unsaved
        assert any("Gemt som indberettede tal" in n for n in notes(app))
        # The goal's change log on its screen, newest first, with the login.
        history = str(app.screen.query_one(".record-history").render())
        assert login_name() in history and "Faktisk: – → 2" in history


async def test_a_period_with_a_file_starts_from_it_and_logs_old_and_new(folder: Path) -> None:
    path = q1(folder)
    plan = create_app([Path("plans") / f"{PLAN}.toml"]).bench.session(PLAN).plan
    first = open_reported(plan, path, Period.Q1).figures.with_inputs("1.b", None,
                                                                     Inputs(actual=1))
    save_reported(plan, first, None, path)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await command(pilot, "Indberet tal: 1. kvartal")
        actual = field(app, "1.b", None, "actual")
        assert actual.value == "1"
        await pilot.press("3")  # the field selects its figure on focus: typing replaces it
        await command(pilot, "Gem som indberettede tal")
        assert load_figures(path).inputs("1.b").actual == 3
        entries = read_log(path.parent / "changes.jsonl").newest_first()
        assert (entries[0].old, entries[0].new) == (1, 3)
        history = str(app.screen.query_one(".record-history").render())
        assert history.index("1 → 3") < history.index("– → 1")  # newest first


async def test_bundled_example_figures_are_not_the_start_of_a_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = create_app([PLANS / f"{PLAN}.toml"], goal="1.b")  # the bundled plans
    async with app.run_test(size=(80, 24)) as pilot:
        assert Period.Q3 in app.bench.periods(PLAN)  # example figures exist for Q3
        await command(pilot, "Indberet tal: 3. kvartal")
        assert field(app, "1.b", None, "actual").value == ""
        assert any("eksempeltallene bruges ikke" in n for n in notes(app))
        await pilot.press("4", "ctrl+s")
        await pilot.pause()
        saved = load_figures(tmp_path / "figures" / PLAN / "Q3.toml")
        assert not saved.example and saved.as_of.isoformat() == "2024-09-30"
        assert set(saved.goals) == {"1.b"}


async def test_a_scenario_with_changes_asks_before_a_record_starts(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert app.bench.unsaved(PLAN) == 1
        await command(pilot, "Indberet tal: 1. kvartal")
        assert isinstance(app.screen, TakeAlong)
        await pilot.press("u")  # "Uden": not offered while the changes are unsaved
        await pilot.pause()
        assert isinstance(app.screen, TakeAlong)
        await pilot.press("t")
        await pilot.pause()
        assert "Indberetning 1. kvartal" in top_bar(app)
        assert app.bench.session(PLAN).value(("1.b", None, "actual")) == 5


# --------------------------------------------------------------------------- dialogs


async def open_override(pilot: Pilot[None]) -> OverrideDialog:
    await command(pilot, "Tilsidesæt resultat")
    assert isinstance(pilot.app.screen, OverrideDialog)
    return pilot.app.screen


async def submit(pilot: Pilot[None], dialog: OverrideDialog) -> None:
    """Enter in the reason field, as one finishes the dialog."""
    dialog.query_one("#reason", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_override_needs_a_reason_and_points_within_the_goals(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await record_q1_with_two(pilot)
        dialog = await open_override(pilot)
        dialog.query_one("#earned", Input).value = "5"
        dialog.query_one("#reason", Input).value = "Aftalt"
        await submit(pilot, dialog)
        assert app.screen is dialog  # 1.b is not yet scored: no status is suggested
        assert "vælg opfyldt" in str(dialog.query_one("#status-error").render())
        dialog.query_one("#status", Select).value = Status.PARTLY_MET.value
        dialog.query_one("#reason", Input).value = "   "
        await submit(pilot, dialog)
        assert app.screen is dialog  # refused at the field
        assert "skal have en begrundelse" in str(dialog.query_one("#reason-error").render())
        dialog.query_one("#reason", Input).value = "Aftalt med departementet"
        dialog.query_one("#earned", Input).value = "11"  # 1.b has 10 points
        await submit(pilot, dialog)
        assert app.screen is dialog
        assert "mellem 0 og målets 10" in str(dialog.query_one("#earned-error").render())
        assert app.bench.session(PLAN).value(("1.b", None, "override")) is None  # kept
        dialog.query_one("#earned", Input).value = "5"
        await submit(pilot, dialog)
        assert isinstance(app.screen, GoalScreen)
        heading = str(app.screen.query_one("#goal-heading").render())
        assert "⚑" in heading and "Aftalt med departementet" in heading
        judgement = str(app.screen.query_one(".record-judgement").render())
        assert "⚑ Tilsidesat: ◐ delvist opfyldt, 5 point" in judgement
        await command(pilot, "Gem som indberettede tal")
        saved = load_figures(q1(folder)).for_goal("1.b").override
        assert saved == Override(Status.PARTLY_MET, "Aftalt med departementet", 5)
        log = read_log(q1(folder).parent / "changes.jsonl").newest_first()
        assert log[0].key == "override" and log[0].reason == "Aftalt med departementet"


async def test_an_override_can_be_removed(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await record_q1_with_two(pilot)
        dialog = await open_override(pilot)
        dialog.query_one("#status", Select).value = Status.MET.value
        dialog.query_one("#reason", Input).value = "Skøn"
        dialog.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.bench.session(PLAN).value(("1.b", None, "override")) is not None
        await open_override(pilot)
        await pilot.click("#remove")
        await pilot.pause()
        assert app.bench.session(PLAN).value(("1.b", None, "override")) is None
        await pilot.press("ctrl+z")  # an override is an edit like any other
        assert app.bench.session(PLAN).value(("1.b", None, "override")) is not None


async def test_a_comment_is_saved_many_lines_and_all(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await record_q1_with_two(pilot)
        await command(pilot, "Skriv bemærkning")
        assert isinstance(app.screen, CommentDialog)
        area = app.screen.query_one(TextArea)
        area.text = "Første linje\nAnden linje med [b]klammer[/b]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        judgement = str(app.screen.query_one(".record-judgement").render())
        assert "[b]klammer[/b]" in judgement  # shown literally, not as markup
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = load_figures(q1(folder)).for_goal("1.b").comment
        assert saved == "Første linje\nAnden linje med [b]klammer[/b]"
        keys = [e.key for e in read_log(q1(folder).parent / "changes.jsonl").entries]
        assert keys == ["actual", "comment"]


async def test_as_of_outside_the_plans_year_is_refused(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await record_q1_with_two(pilot)
        await command(pilot, "Ret opgørelsesdato")
        dialog = app.screen
        assert isinstance(dialog, AsOfDialog)
        box = dialog.query_one(Input)
        box.value = "31/3/2025"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "uden for planens år" in str(dialog.query_one("#as_of-error").render())
        assert app.bench.records[PLAN].as_of.isoformat() == "2024-03-31"  # kept
        box.value = "15/3/2024"
        await pilot.press("enter")
        await pilot.pause()
        assert app.bench.records[PLAN].as_of.isoformat() == "2024-03-15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "as_of = 2024-03-15" in q1(folder).read_text(encoding="utf-8")


async def test_a_value_the_loader_refuses_is_refused_at_the_field(folder: Path) -> None:
    app = app_on(goal="1.c")  # a share: met of total
    async with app.run_test(size=(80, 24)) as pilot:
        await command(pilot, "Indberet tal: 1. kvartal")
        total = field(app, "1.c", None, "total")
        total.value = "10"
        await pilot.pause()
        met = field(app, "1.c", None, "met")
        met.value = "12"
        await pilot.pause()
        assert "opfyldt (12) er større end i alt (10)" in error_at(app, ("1.c", None, "met"))
        assert app.bench.session(PLAN).value(("1.c", None, "met")) is None  # last valid
        met.value = "1" + "0" * 16
        await pilot.pause()
        assert "for stort" in error_at(app, ("1.c", None, "met"))
        met.value = "9"
        await pilot.pause()
        assert app.bench.session(PLAN).value(("1.c", None, "met")) == 9


# --------------------------------------------------------------------------- what applies


async def test_the_palette_offers_what_applies_in_each_mode(folder: Path) -> None:
    app = app_on(goal=None)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PlanScreen)
        offered = titles(app)
        assert [t for t in offered if t.startswith("Indberet tal")] == [
            "Indberet tal: 1. kvartal", "Indberet tal: 2. kvartal", "Indberet tal: 3. kvartal",
            "Indberet tal: året"]
        assert not set(RECORD_TITLES) & set(offered)
        await command(pilot, "Indberet tal: året")
        assert "Indberetning året" in top_bar(app)
        offered = titles(app)
        assert "Indberet tal: året" not in offered and "Indberet tal: 1. kvartal" in offered
        # on the plan screen: no goal to judge; the scenario commands are not offered
        assert {"Gem som indberettede tal", "Ny scenarie fra disse tal"} <= set(offered)
        assert not {"Tilsidesæt resultat", "Skriv bemærkning"} & set(offered)
        assert not any(t.startswith(("Skift periode", "Gem scenarie", "Åbn scenarie"))
                       for t in offered)
        await pilot.press("enter")  # the first goal
        await pilot.pause()
        assert {"Tilsidesæt resultat", "Skriv bemærkning"} <= set(titles(app))


async def test_the_palette_finds_the_command_by_its_title(folder: Path) -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Indberet tal: 1. kvartal")
        await wait(pilot, lambda: "Indberet tal: 1. kvartal" in _first_hit(app))
        await pilot.press("enter")
        await wait(pilot, lambda: PLAN in app.bench.records)
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        assert app.screen.focused is field(app, "1.b", None, "actual")
        await pilot.press("2")
        await pilot.pause()
        assert app.bench.session(PLAN).value(("1.b", None, "actual")) == 2


def _first_hit(app: Any) -> str:
    from textual.widgets import OptionList

    options = app.screen.query(OptionList)
    if not options or not options.first().option_count:
        return ""  # the palette's list is not there yet
    return str(options.first().get_option_at_index(0).prompt)


async def wait(pilot: Pilot[None], ready: Callable[[], bool], tries: int = 100) -> None:
    for _ in range(tries):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("not ready")


async def test_the_help_names_what_ctrl_s_does_in_each_mode(folder: Path) -> None:
    from mrp_tui.tui.screens.dialogs import HelpScreen

    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await record_q1_with_two(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {text: key for key, text in app.screen._rows}
        assert rows.get("Gem som indberettede tal") == "^s"
        assert not any(text.startswith("Gem ændringerne som scenarie") for text in rows)
