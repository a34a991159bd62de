"""The record in the app (issue 12), what must not happen: someone else's save overwritten,
typed values lost to a folder that may not be written, edits under --read-only, a bad file
recorded over, text from a file obeyed or changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_app_record
from test_app_record import (
    PLAN,
    app_on,
    command,
    notes,
    open_override,
    q1,
    record_q1_with_two,
    submit,
    titles,
    top_bar,
)
from textual.widgets import TextArea

from mrp_tui.core.changelog import read_log
from mrp_tui.core.loader import load_figures
from mrp_tui.core.model import Override
from mrp_tui.tui.screens.dialogs import ProblemsScreen
from mrp_tui.tui.screens.goal import GoalScreen
from mrp_tui.tui.screens.record_dialogs import SavedByAnother

folder = test_app_record.folder  # the fixture: an empty folder holding a copy of plans/


# --------------------------------------------------------------------------- not lost


async def test_saved_by_another_meanwhile_is_not_overwritten_and_nothing_is_lost(
        folder: Path) -> None:
    first, second = app_on(), app_on()
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(80, 24)) as two:
        await record_q1_with_two(one)
        await command(two, "Indberet tal: 1. kvartal")
        await two.press("7")
        await two.press("ctrl+s")  # the other instance saves first: it wins
        await two.pause()
        assert load_figures(q1(folder)).inputs("1.b").actual == 7
        await one.press("ctrl+s")
        await one.pause()
        assert isinstance(first.screen, SavedByAnother)  # told, and not overwritten
        assert load_figures(q1(folder)).inputs("1.b").actual == 7
        await one.press("h")  # reload: their figures, ours kept as a what-if over them
        await one.pause()
        assert isinstance(first.screen, GoalScreen)
        session = first.bench.session(PLAN)
        assert PLAN not in first.bench.records and "Scenarie" in top_bar(first)
        assert session.reported_value(("1.b", None, "actual")) == 7
        assert session.value(("1.b", None, "actual")) == 2
        assert first.bench.unsaved(PLAN) == 1
        # ... and can be taken into the record again, over their figures
        await command(one, "Indberet tal: 1. kvartal")
        await one.press("t")
        await one.pause()
        await one.press("ctrl+s")
        await one.pause()
        assert load_figures(q1(folder)).inputs("1.b").actual == 2
        entries = read_log(q1(folder).parent / "changes.jsonl").entries
        assert [(e.old, e.new) for e in entries] == [(None, 7), (7, 2)]


async def test_a_folder_that_may_not_be_written_keeps_the_values(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mrp_tui.core import record
    from mrp_tui.core.writer import WriteRefused

    def refuse(where: Path) -> None:
        raise WriteRefused(f"ingen adgang til at skrive i mappen {where}")

    monkeypatch.setattr(record, "make_folder", refuse)  # as the writer says it (test_record)
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await record_q1_with_two(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("ingen adgang til at skrive" in n and "bevaret" in n for n in notes(app))
        assert not q1(folder).exists()
        assert app.bench.session(PLAN).value(("1.b", None, "actual")) == 2
        assert "Indberetning 1. kvartal" in top_bar(app) and app.bench.unsaved(PLAN) == 1


async def test_read_only_allows_none_of_it(folder: Path) -> None:
    app = app_on(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not any(t.startswith("Indberet tal") for t in titles(app))
        for action in ("record_period", "record_save", "override", "comment",
                       "record_as_of", "record_scenario"):
            assert app.check_action(action, ("Q1",)) is False
        app.action_record_period("Q1")  # even asked directly
        await pilot.pause()
        assert not app.bench.records
        await pilot.press("ctrl+s")
        assert not (folder / "figures").exists()


async def test_a_file_that_is_not_reported_figures_is_shown_not_recorded(folder: Path) -> None:
    path = q1(folder)
    path.parent.mkdir(parents=True)
    path.write_text(f'format = 1\nplan = "{PLAN}"\nscenario = "hvis"\nbased_on = "Q1"\n',
                    encoding="utf-8")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)  # said at the start, as the loader refuses it
        await pilot.press("escape")
        await command(pilot, "Indberet tal: 1. kvartal")
        assert isinstance(app.screen, ProblemsScreen)  # and again when asked to record over it
        assert not app.bench.records  # still Scenarie: nothing to record over


async def test_text_from_the_file_is_shown_literally_and_kept_as_it_was(folder: Path) -> None:
    path = q1(folder)
    path.parent.mkdir(parents=True)
    comment = "Se [b]note[/b]\x1b]0;titel\x07 her"
    path.write_text(
        f'format = 1\nplan = "{PLAN}"\nperiod = "Q1"\nas_of = 2024-03-31\n\n'
        f'[goal."1.b"]\nactual = 1\ncomment = {json.dumps(comment)}\n\n'
        '[goal."1.b".override]\nstatus = "met"\nreason = "Fordi\\u001b[2J"\n',
        encoding="utf-8")
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await command(pilot, "Indberet tal: 1. kvartal")
        judgement = str(app.screen.query_one(".record-judgement").render())
        assert "[b]note[/b]" in judgement and "\\x1b" in judgement and "\x1b" not in judgement
        await command(pilot, "Skriv bemærkning")
        area = app.screen.query_one(TextArea)
        assert "\x1b" not in area.text and "\\x1b" in area.text  # shown neutralised
        await pilot.press("ctrl+s")  # untouched: kept exactly as the file had it
        await pilot.pause()
        assert app.bench.session(PLAN).value(("1.b", None, "comment")) == comment
        dialog = await open_override(pilot)
        assert "\x1b" not in dialog.query_one("#reason").value  # type: ignore[attr-defined]
        await submit(pilot, dialog)
        override = app.bench.session(PLAN).value(("1.b", None, "override"))
        assert isinstance(override, Override) and override.reason == "Fordi\x1b[2J"
        assert app.bench.unsaved(PLAN) == 0  # nothing changed
