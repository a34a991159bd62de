"""The app with hostile or broken files: shown literally, never obeyed; good plans still work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PLANS
from textual.widgets import Input

from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.screens.dialogs import ProblemsScreen, SaveScenario
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.overview import OverviewScreen
from mrp_tui.tui.screens.plan import PlanScreen
from mrp_tui.tui.widgets.figure_input import FigureInput

HOSTILE = {
    "markup": "[bold red]fed[/] [link=http://x.example]klik[/link]",
    "ansi": "farve\x1b[31mRØD\x1b[0m",
    "osc": "titel\x1b]0;overtaget\x07slut",
    "control": "klokke\x07\x08tilbage",
    "bidi": "abc\u202eFDP.exe",
    "long": "Sagsbehandlingstidsopfølgningsrapporteringsforpligtelsesoverholdelse" * 3,
}


def hostile_plan(folder: Path) -> Path:
    def toml(value: str) -> str:
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                             for c in value) + '"'

    goals = "".join(
        f'[[goal]]\nid = "{kind}"\nsection = "faglig"\ntitle = {toml(value)}\n'
        f'text = {toml(value)}\nnote = {toml(value)}\npoints = 10\nmeasure = "at_least"\n'
        f"target = 1\nunit = {toml(value[:20])}\n\n"
        for kind, value in HOSTILE.items())
    path = folder / "plans" / "fjendtlig-2024.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('format = 1\n[plan]\nagency = "[reverse]Styrelse\\u001b[5m"\n'
                    'ministry = "M"\nyear = 2024\ntitle = "T"\nsource = "S"\n\n' + goals,
                    encoding="utf-8")
    return path


async def test_hostile_texts_are_shown_literally(tmp_path: Path) -> None:
    hostile_plan(tmp_path)
    app = create_app([tmp_path / "plans"], goal="markup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        shot = app.export_screenshot()
        # Markup is text: the brackets are on screen, and no link was made.
        assert "[bold red]fed[/]" in shot.replace("&#160;", " ")
        assert "http://x.example" in shot
        assert "<a " not in shot
        for kind in ("ansi", "osc", "control", "bidi", "long"):
            await pilot.press("escape")
            app.open_goal("fjendtlig-2024", kind)
            await pilot.pause()
            shot = app.export_screenshot()
            assert "\x1b" not in shot and "\x07" not in shot and "\u202e" not in shot
            if kind in ("ansi", "osc"):
                assert "\\x1b" in shot  # shown as a visible escape, not obeyed
            if kind == "bidi":
                assert "\\u202e" in shot


async def test_a_bad_plan_is_an_error_row_and_the_good_ones_work(tmp_path: Path) -> None:
    shutil.copytree(PLANS, tmp_path / "plans")
    (tmp_path / "plans" / "ødelagt-2024.toml").write_text("format = 1\n[plan\n",
                                                          encoding="utf-8")
    app = create_app([tmp_path / "plans"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("DataTable")
        keys = [row.key.value for row in table.ordered_rows]  # type: ignore[attr-defined]
        bad = next(k for k in keys if k.startswith("error:"))
        assert len(keys) == 6
        table.move_cursor(row=keys.index(bad))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "TOML-syntaksfejl" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("escape")
        table.move_cursor(row=keys.index("siri-2024"))  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen) and app.screen.plan_id == "siri-2024"


async def test_export_and_reopen_a_scenario(workspace: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    plan = "hjemrejsestyrelsen-2024"
    app = create_app([workspace / "plans"], goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        app.apply(app.bench.session(plan).set(("1.c", None, "met"), 100))
        app.bench.save(plan, "lav")
        app.export(plan, "html")
        await pilot.pause()
        html = (workspace / f"{plan}-year-scenarie-lav.html").read_text(encoding="utf-8")
        assert "<table" in html and "Hjemrejsestyrelsen" in html
        assert "SCENARIE «lav» – ikke indberettede tal" in html  # never taken for reported
        app.apply(app.bench.session(plan).set(("1.c", None, "met"), 101))  # unsaved again
        app.export(plan, "text")
        await pilot.pause()
        text = (workspace / f"{plan}-year-scenarie-lav-ugemte-aendringer.txt").read_text(
            encoding="utf-8")
        assert "UGEMTE ÆNDRINGER i scenarie «lav» – ikke indberettede tal" in text
        app.revert_all(plan)
        assert not app.bench.session(plan).changes
        app.open_scenario(plan, workspace / "scenarios" / plan / "lav.toml")
        await pilot.pause()
        assert app.bench.session(plan).changes == {("1.c", None, "met"): 100}
        assert app.bench.session(plan).name == "lav"


# ---------------------------------------------------------------- one door (issue 10, §1)

HOSTILE_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
HOSTILE_PLAN = "fjendtlig-2024"
#: What a terminal would obey, as it may come from a file, a file name or a paste.
OBEYED = ("\x1b", "\x07", "\x9b", "\x9d", "\u202e", "\u2066", "\u2028", "\u2029")


def hostile_workspace(tmp_path: Path, scenario_name: str = "fjendtlig") -> Path:
    root = tmp_path / "ws [kladde]"
    shutil.copytree(HOSTILE_FIXTURES, root)
    scenario = root / "scenarios" / HOSTILE_PLAN / "fjendtlig.toml"
    scenario.rename(scenario.with_name(f"{scenario_name}.toml"))
    return root


def screen_text(app: MrpApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


def assert_nothing_obeyed(text: str) -> None:
    assert not [c for c in OBEYED if c in text], repr(text[:300])


async def test_a_reason_with_an_osc_sequence_is_shown_escaped_in_its_field(
        tmp_path: Path) -> None:
    root = hostile_workspace(tmp_path)
    app = create_app([root / "plans"], goal="1.b")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        reason = next(f for f in app.screen.query(FigureInput) if f.key[2] == "reason")
        assert reason.value == "\\x1b]0;PWNED\\x07ok[/]"
        assert_nothing_obeyed(screen_text(app))
        # shown escaped is not an edit: the reported reason is still the one that counts
        assert not app.bench.session(HOSTILE_PLAN).changes


async def test_a_number_field_takes_markup_without_losing_the_digit_before(
        tmp_path: Path) -> None:
    root = hostile_workspace(tmp_path)
    app = create_app([root / "plans"], goal="1.a")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = app.focused
        assert isinstance(first, FigureInput)
        await pilot.press("9", "[", "/")
        assert first.value == "9[/"
        assert app.bench.session(HOSTILE_PLAN).value(first.key) == 9
        assert "«9[/»" in screen_text(app)  # the message quotes it literally


async def test_editing_a_reason_that_holds_markup(tmp_path: Path) -> None:
    root = hostile_workspace(tmp_path)
    app = create_app([root / "plans"], goal="1.b")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        reason = next(f for f in app.screen.query(FigureInput) if f.key[2] == "reason")
        reason.focus()
        await pilot.press("end", "[", "b", "]", "[", "/", "]")
        assert app.bench.session(HOSTILE_PLAN).value(reason.key) == \
            "\\x1b]0;PWNED\\x07ok[/][b][/]"
        assert "indberettet: \\x1b]0;PWNED\\x07ok[/]" in screen_text(app)


async def test_a_hostile_scenario_name_in_the_notification_top_bar_and_save_dialog(
        tmp_path: Path) -> None:
    file_name = "x\x1b]0;PWNED\x07[b]fed\u202e"
    root = hostile_workspace(tmp_path, file_name)
    app = create_app([root / "plans"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        scenario = root / "scenarios" / HOSTILE_PLAN / f"{file_name}.toml"
        app.open_scenario(HOSTILE_PLAN, scenario)
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert messages == ["Scenarie åbnet: x\\x1b]0;PWNED\\x07[b]fed\\u202e"]
        app.action_save()
        await pilot.pause()
        assert isinstance(app.screen, SaveScenario)
        assert app.screen.query_one(Input).value == "fjendtlig"
        assert_nothing_obeyed(screen_text(app))
        await pilot.press("escape")
        # A scenario whose own name is hostile is refused on load (the rule of saving), and
        # the refusal shows the name literally.
        text = scenario.read_text(encoding="utf-8")
        scenario.write_text(text.replace('scenario = "fjendtlig"',
                                         'scenario = "s\\u001b]0;PWNED\\u0007[b]fed[/b]"'),
                            encoding="utf-8")
        app.open_scenario(HOSTILE_PLAN, scenario)
        await pilot.pause()
        shown = screen_text(app)
        assert "kan ikke bruges som navn" in shown and "[b]fed[/b]" in shown
        assert_nothing_obeyed(shown)
        assert app.is_running


async def test_the_palette_shows_markup_in_titles_literally(tmp_path: Path) -> None:
    from textual.command import CommandList, CommandPalette

    root = hostile_workspace(tmp_path)
    app = create_app([root / "plans"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"åbn")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        hits = app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        plan_hit = next(p for p in prompts if p.startswith("Åbn plan: agency⟨"))
        assert "[link=https://x.example]klik[/link] [@click=app.quit]luk[/]" in plan_hit
        scenario_hit = next(p for p in prompts if p.startswith("Åbn scenarie"))
        assert "ws [kladde]" in scenario_hit  # the folder's name, not 'ws '
        assert_nothing_obeyed("".join(prompts))
        await pilot.click(CommandList, offset=(30, 1))  # where a [@click] would be
        await pilot.pause()
        assert app.is_running


async def test_pasted_escape_sequences_are_neutralised(workspace: Path) -> None:
    from textual import events

    app = create_app([workspace / "plans"], goal="1.c")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.focused
        assert isinstance(field, FigureInput)
        app.post_message(events.Paste("12\x1b]0;PWNED\x07"))
        await pilot.pause()
        assert field.value == "12\\x1b]0;PWNED\\x07"
        field.value = ""
        app.post_message(events.Paste("34\r56\r"))  # a terminal's line ends: the first line
        await pilot.pause()
        assert field.value == "34"
