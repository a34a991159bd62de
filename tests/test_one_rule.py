"""One set of rules for what is accepted (issue 10 §5): a value typed in the app, a scenario
laid over the figures it is based on, and a figures file obey the same rules."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from mrp_tui.cli import main
from mrp_tui.core.errors import LoadError
from mrp_tui.core.workbench import Workbench
from mrp_tui.tui.app import MrpApp, create_app
from mrp_tui.tui.widgets.figure_input import FigureRow

SIRI = "siri-2024"


def scenario(workspace: Path, body: str) -> Path:
    path = workspace / "scenarios" / SIRI / "hvis.toml"
    path.parent.mkdir(parents=True)
    path.write_text(f'format = 1\nplan = "{SIRI}"\nscenario = "hvis"\nbased_on = "Q3"\n{body}',
                    encoding="utf-8")
    return path


def test_a_scenario_over_its_figures_obeys_the_figures_rules(workspace: Path, capsys) -> None:
    """met = 99999 alone is a valid scenario; laid over Q3's total = 5200 it would print
    1923 % "met": refused by --check, --print and the app alike, naming the file and goal."""
    path = scenario(workspace, '[goal."2"]\nmet = 99999\n')
    plan = workspace / "plans" / f"{SIRI}.toml"
    assert main(["--check", str(plan), str(path)]) == 2
    err = capsys.readouterr().err
    assert "hvis.toml" in err and "mål 2" in err and '"met" (99999)' in err
    assert main(["--print", str(plan), "--scenario", str(path)]) == 2
    assert "mål 2" in capsys.readouterr().err
    bench = Workbench.load([plan])
    try:
        bench.open_scenario(SIRI, path)
    except LoadError as err:
        assert "mål 2" in str(err)
    else:
        raise AssertionError("the app opened a scenario its loader refuses")


def test_a_valid_scenario_still_opens(workspace: Path, capsys) -> None:
    path = scenario(workspace, '[goal."2"]\nmet = 5000\n')
    plan = workspace / "plans" / f"{SIRI}.toml"
    assert main(["--check", str(plan), str(path)]) == 0
    assert main(["--print", str(plan), "--scenario", str(path)]) == 0


def _note(app: MrpApp, key: tuple[str, str | None, str]) -> str:
    row = next(r for r in app.screen.query(FigureRow) if r.key == key)
    return str(row.query_one(".figure-note", Label).render())


async def test_a_typed_value_the_loader_refuses_is_refused_in_a_what_if(
        workspace: Path) -> None:
    """Not only while recording: 1e20 and met above total never become a what-if that
    --print would reject."""
    app = create_app([workspace / "plans" / f"{SIRI}.toml"], goal="2")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        key = ("2", None, "met")
        total = app.bench.session(SIRI).figures.inputs("2").total

        def counted() -> float | None:
            return app.bench.session(SIRI).figures.inputs("2").met

        await pilot.press("end", "ctrl+u", *"99999")
        await pilot.pause()
        assert "større end" in _note(app, key) and "i alt" in _note(app, key)
        assert counted() == 999  # the last valid value (9999 would be above the total)
        assert total is not None and total < 9999
        await pilot.press("end", "ctrl+u", *"1e20")
        await pilot.pause()
        assert "for stort" in _note(app, key)
        assert counted() == 100  # "1e2" was the last valid value on the way to "1e20"
        await pilot.press("end", "ctrl+u", *"10")
        await pilot.pause()
        assert counted() == 10


def test_a_scenario_opened_by_a_relative_path_saves_back(workspace: Path, monkeypatch) -> None:
    """Saving back the scenario this session opened is not "exists already", however its
    path was written on the command line."""
    path = scenario(workspace, '[goal."2"]\nmet = 5000\n')
    monkeypatch.chdir(workspace)
    bench = Workbench.load([Path("plans") / f"{SIRI}.toml"])
    bench.open_scenario(SIRI, Path("scenarios") / SIRI / "hvis.toml")
    bench.update(bench.session(SIRI).set(("2", None, "met"), 5100))
    assert bench.save(SIRI, "hvis").resolve() == path.resolve()
    assert "met = 5100" in path.read_text(encoding="utf-8")
