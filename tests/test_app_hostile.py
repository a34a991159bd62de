"""The app with hostile or broken files: shown literally, never obeyed; good plans still work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PLANS

from mrp_tui.tui.app import create_app
from mrp_tui.tui.screens.dialogs import ProblemsScreen
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.overview import OverviewScreen
from mrp_tui.tui.screens.plan import PlanScreen

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
