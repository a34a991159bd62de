"""The Textual app, driven by Textual's pilot: navigation, live what-if, scenarios, quitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLANS
from textual import events
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input

from mrp_tui.core.loader import load_figures
from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.screens.dialogs import ConfirmQuit, SaveScenario
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.overview import OverviewScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.widgets.figure_input import FigureInput, FigureRow
from mrp_tui.tui.widgets.top_bar import TopBar

PLAN = "hjemrejsestyrelsen-2024"


def app_for(workspace: Path, **kwargs: object) -> MrpApp:
    return create_app([workspace / "plans"], **kwargs)  # type: ignore[arg-type]


def field(app: MrpApp, goal: str, sub: str | None, name: str) -> FigureInput:
    return next(f for f in app.screen.query(FigureInput) if f.key == (goal, sub, name))


def top_bar(app: MrpApp) -> str:
    return str(app.screen.query_one(TopBar).render())


async def test_enter_enter_reaches_a_goal_and_escape_escape_returns(workspace: Path) -> None:
    app = app_for(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("DataTable")
        assert table.row_count == 5
        await pilot.press("down", "down", "enter")
        assert isinstance(app.screen, PlanScreen) and app.screen.plan_id == PLAN
        await pilot.press("enter")
        assert isinstance(app.screen, GoalScreen) and app.screen.goal_id == "1.a"
        # three delmål: actual; baseline and actual; actual; each with a forecast field
        assert len(app.screen.query(FigureRow)) == 7
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_typing_a_figure_rescores_the_plan_at_once(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, GoalScreen)
        before = app.bench.session(PLAN).result.earned
        assert f"Point {before:.2f}".replace(".", ",") in top_bar(app)
        met = field(app, "1.c", None, "met")
        met.focus()
        met.value = ""
        await pilot.press("1", "0")
        await pilot.pause()
        after = app.bench.session(PLAN).result.earned
        assert after == before - 5
        assert "Point 64,58/100" in top_bar(app) and "1 ændring −5" in top_bar(app)
        row = next(r for r in app.screen.query(FigureRow) if r.key == ("1.c", None, "met"))
        reported = app.bench.session(PLAN).reported_value(("1.c", None, "met"))
        assert f"indberettet: {reported}" in str(row.query_one(".figure-note").render())


async def test_invalid_input_is_marked_and_the_last_valid_value_counts(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        met = field(app, "1.c", None, "met")
        met.focus()
        met.value = ""
        await pilot.press("1", "0", "x")
        await pilot.pause()
        row = next(r for r in app.screen.query(FigureRow) if r.key == ("1.c", None, "met"))
        assert row.has_class("-invalid")
        assert "ikke et tal" in str(row.query_one(".figure-note").render())
        assert app.bench.session(PLAN).value(("1.c", None, "met")) == 10


async def test_undo_and_redo_restore_fields_and_scores(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        met = field(app, "1.c", None, "met")
        met.focus()
        met.value = ""
        await pilot.press("1", "0")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        session = app.bench.session(PLAN)
        assert not session.changes
        assert met.value == str(session.reported_value(("1.c", None, "met")))
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert met.value == "10" and len(app.bench.session(PLAN).changes) == 1


async def test_save_writes_a_scenario_that_reloads_the_same(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        met = field(app, "1.c", None, "met")
        met.focus()
        met.value = "100"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScenario)
        name_box = app.screen.query_one("#name")
        name_box.value = ""  # type: ignore[attr-defined]
        await pilot.press(*"færre sager", "enter")
        await pilot.pause()
        path = workspace / "scenarios" / PLAN / "færre sager.toml"
        assert path.is_file()
        session = app.bench.session(PLAN)
        scenario = load_figures(path, session.plan)
        assert session.base.apply(scenario).goals == session.figures.goals
        assert app.bench.unsaved() == 0


async def test_quitting_with_unsaved_changes_asks_first(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        field(app, "1.c", None, "met").value = "100"
        await pilot.pause()
        await pilot.press("escape", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("q", "j")
        await pilot.pause()
    assert app.return_code == 0


async def test_read_only_allows_no_edits(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c", read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert all(f.disabled for f in app.screen.query(FigureInput))
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, GoalScreen)
        assert app.check_action("save", ()) is False


async def test_filter_narrows_the_goals(workspace: Path) -> None:
    app = app_for(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter", "slash", *"dublin")
        await pilot.pause()
        table = app.screen.query_one("#goals")
        keys = [row.key.value for row in table.ordered_rows]  # type: ignore[attr-defined]
        assert keys == [None, "1.h"]  # the heading, then the goal
        await pilot.press("escape")
        assert len(table.ordered_rows) > 10  # type: ignore[attr-defined]


async def test_period_switch_keeps_the_edits(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        field(app, "1.c", None, "met").value = "100"
        await pilot.pause()
        await pilot.press("escape", "p")
        await pilot.pause()
        session = app.bench.session(PLAN)
        assert session.base.period == "Q1" or session.base.period == "Q3"
        assert session.changes == {("1.c", None, "met"): 100}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_resizing_keeps_working(workspace: Path, size: tuple[int, int]) -> None:
    app = app_for(workspace)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.press("enter")
        assert isinstance(app.screen, GoalScreen)


async def test_edits_are_autosaved_and_offered_back(workspace: Path) -> None:
    import signal

    from mrp_tui.tui.screens.restore import RestoreAutosave

    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        field(app, "1.c", None, "met").value = "100"
        await pilot.pause(0.8)  # the autosave follows the typing after half a second
        own = app.keeping.autosaves.own_path(PLAN)
        assert own.is_file()
        app.keeping.end_on(signal.SIGHUP)  # what SIGHUP does: write, then leave
    assert app.return_code == 129
    assert own.is_file()  # kept for the next start

    again = app_for(workspace)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, RestoreAutosave)
        await pilot.press("j")
        await pilot.pause()
        session = again.bench.session(PLAN)
        assert session.changes == {("1.c", None, "met"): 100}
        assert again.bench.unsaved(PLAN) == 1
        assert not own.exists()  # restored, and now in this instance's own autosave
        assert again.keeping.autosaves.own_path(PLAN).is_file()


async def test_a_group_split_by_other_goals_shows_twice(tmp_path: Path) -> None:
    """Goals of one group need not stand together in the file (no duplicate row keys)."""
    plan = tmp_path / "plans" / "delt-2024.toml"
    plan.parent.mkdir()
    goal = ('[[goal]]\nid = "{0}"\nsection = "faglig"\n{1}title = "T{0}"\ntext = "x"\n'
            'points = 10\nmeasure = "at_least"\ntarget = 1\n')
    plan.write_text('format = 1\n[plan]\nagency = "A"\nministry = "M"\nyear = 2024\n'
                    'title = "T"\nsource = "S"\n[[group]]\nid = "1"\ntext = "G"\n'
                    + goal.format("a", 'group = "1"\n') + goal.format("b", "")
                    + goal.format("c", 'group = "1"\n'), encoding="utf-8")
    app = create_app([plan])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        keys = [row.key.value for row in app.screen.query_one("#goals").ordered_rows]  # type: ignore[attr-defined]
        assert [k for k in keys if k is not None] == ["a", "b", "c"]  # headings: None


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from textual.binding import Binding

    from mrp_tui.tui.screens import dialogs
    from mrp_tui.tui.screens.restore import RestoreAutosave
    from mrp_tui.tui.widgets.row_tables import GoalTable, PlanTable

    classes = [MrpApp, OverviewScreen, PlanScreen, GoalScreen, dialogs.HelpScreen,
               dialogs.ConfirmQuit, dialogs.SaveScenario, dialogs.ProblemsScreen,
               RestoreAutosave, PlanTable, GoalTable]
    ids = []
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), (cls, binding)
            assert binding.id and binding.tooltip, (cls.__name__, binding.key)
            ids.append(binding.id)
    assert len(ids) == len(set(ids))


async def test_palette_offers_only_what_applies(workspace: Path) -> None:
    app = app_for(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Åbn plan: Hjemrejsestyrelsen 2024" in titles
        assert not any(t.startswith(("Gem", "Skift periode", "Eksportér")) for t in titles)
        await pilot.press("down", "down", "enter")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Skift periode: 3. kvartal" in titles and "Gem scenarie" not in titles
        app.apply(app.bench.session(PLAN).set(("1.c", None, "met"), 1))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Gem scenarie" in titles and "Fortryd alle ændringer" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        from mrp_tui.tui.screens.dialogs import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        rows = dict((text, key) for key, text in app.screen._rows)
        assert rows["Filtrér målene på id og titel"] == "/"
        assert "Gem ændringerne som scenarie" in rows
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        app.action_help()
        await pilot.pause()
        texts = [text for _, text in app.screen._rows]
        # mrp-tui's own keys, in Danish; not Textual's field and scroll keys one by one
        assert "Sæt feltet tilbage til det indberettede tal" in texts
        assert "Ret i feltet" in texts
        assert not [t for t in texts if t in ("Scroll Up", "Move cursor left", "Submit")]


async def burst(app: MrpApp, pilot: Pilot[None], *keys: str) -> None:
    """Keys arriving together, as from fast typing over SSH: all posted before any is
    handled (Pilot.press waits for each)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()


async def test_keys_arriving_together_are_applied_in_order(workspace: Path) -> None:
    app = app_for(workspace, goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        met = field(app, "1.c", None, "met")
        met.focus()
        await pilot.pause()
        await burst(app, pilot, "end", *["backspace"] * len(met.value), "1", "2", "left",
                    "backspace", "3")
        assert met.value == "32"
        assert app.bench.session(PLAN).value(("1.c", None, "met")) == 32
        await pilot.press("escape", "slash")
        box = app.screen.query_one("#filter", Input)
        await burst(app, pilot, "1", ".", "x", "backspace", "c")
        assert box.value == "1.c"


def restore_dialog(workspace: Path) -> ModalScreen[None]:
    import datetime as dt

    from mrp_tui.core.autosave import Found
    from mrp_tui.tui.screens.restore import RestoreAutosave

    now = dt.datetime(2026, 11, 30, 14, 5)
    return RestoreAutosave([Found(PLAN, workspace / "a.toml", now, 3),
                            Found("udlaendingestyrelsen-2024", workspace / "b.toml", now, None)])


@pytest.mark.parametrize("dialog", ["restore", "quit", "save-error", "problems"])
async def test_dialog_texts_wrap_inside_the_dialog_at_80x24(workspace: Path, dialog: str) -> None:
    from textual.widgets import Label

    from mrp_tui.tui.screens.dialogs import ConfirmQuit, ProblemsScreen

    long_name = "scenarie-med-et-meget-langt-navn-som-ikke-kan-vises-på-én-linje"
    screens = {
        "restore": lambda: restore_dialog(workspace),
        "quit": lambda: ConfirmQuit(3),
        "save-error": lambda: SaveScenario(long_name, f"scenariet «{long_name}» findes "
                                                      "allerede – vælg et andet navn"),
        "problems": lambda: ProblemsScreen(f"/srv/mrp/plans/{long_name}.toml kunne ikke "
                                           "indlæses", []),
    }
    app = app_for(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(screens[dialog]())
        await pilot.pause()
        box = app.screen.query_one(".dialog").content_region
        for label in app.screen.query(Label):
            text = str(label.render())
            assert label.region.right <= box.right, text
            lines = label.size.height
            assert lines * label.size.width >= len(text.replace("\n", "")), text


async def test_the_collector_is_back_on_after_the_first_frame(workspace: Path) -> None:
    import gc

    app = app_for(workspace)
    app.own_process = True  # as the CLI sets it, after switching the collector off
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_moving_and_opening_typed_together_opens_the_marked_row(workspace: Path) -> None:
    app = app_for(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await burst(app, pilot, "down", "down", "enter")
        assert isinstance(app.screen, PlanScreen) and app.screen.plan_id == PLAN
        await burst(app, pilot, "down", "down", "enter")
        assert isinstance(app.screen, GoalScreen) and app.screen.goal_id == "1.c"


async def test_a_goal_id_of_any_shape_opens(tmp_path: Path) -> None:
    """Goal ids are data, never widget ids or table keys made of them: "heading:0" and "[x]"
    sit beside the section headings and open like any goal."""
    plan = (PLANS / "siri-2024.toml").read_text(encoding="utf-8")
    plan = plan.replace('id = "1"\n', 'id = "heading:0"\n', 1)
    plan = plan.replace('id = "3"\n', 'id = "[x]"\n', 1)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "siri-2024.toml").write_text(plan, encoding="utf-8")
    app = create_app([tmp_path / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#goals")
        keys = [row.key.value for row in table.ordered_rows]  # type: ignore[attr-defined]
        assert "heading:0" in keys and "[x]" in keys and None in keys
        table.move_cursor(row=keys.index("heading:0"))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen) and app.screen.goal_id == "heading:0"
