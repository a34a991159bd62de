"""Autosaves belong to the instance that typed (core/autosave.py): per-instance folders held
by a lock, never deleted by another instance, every one offered once its instance has ended,
newest first; restoring or discarding takes away only the one chosen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mrp_tui.core.autosave import Autosaves, autosave_dir
from mrp_tui.core.errors import LoadError
from mrp_tui.core.workbench import Workbench

HJS, UDL = "hjemrejsestyrelsen-2024", "udlaendingestyrelsen-2024"
MET = ("1.c", None, "met")
UDL_MET = ("1.1.a", None, "met")


def bench(workspace: Path) -> Workbench:
    return Workbench.load([workspace / "plans"])


def edited(workspace: Path, plan_id: str, key: tuple[str, str | None, str] = MET,
           value: float = 100) -> Workbench:
    loaded = bench(workspace)
    loaded.update(loaded.session(plan_id).set(key, value))
    return loaded


def ended(autosaves: Autosaves, plan_bench: Workbench) -> None:
    """As the process ending does: the lock goes, the autosave of unsaved edits stays."""
    autosaves.close(plan_bench)


def test_two_instances_on_different_plans_keep_each_others_autosaves(workspace: Path) -> None:
    first, second = Autosaves(), Autosaves()
    first_bench, second_bench = edited(workspace, HJS), edited(workspace, UDL, UDL_MET)
    assert first.write(first_bench) == [first.own_path(HJS)]
    second.write(second_bench)  # has no changes in HJS: deleted its autosave before
    second.write(second_bench)
    assert first.own_path(HJS).is_file() and second.own_path(UDL).is_file()
    # both are running: neither is offered the other's edits
    assert Autosaves().found(bench(workspace)) == []


def test_two_instances_on_the_same_plan_do_not_overwrite_each_other(workspace: Path) -> None:
    first, second = Autosaves(), Autosaves()
    first.write(edited(workspace, HJS, value=100))
    second.write(edited(workspace, HJS, value=7))
    assert "met = 100" in first.own_path(HJS).read_text(encoding="utf-8")
    assert "met = 7" in second.own_path(HJS).read_text(encoding="utf-8")


def test_every_autosave_of_ended_instances_is_offered_newest_first(workspace: Path) -> None:
    older, newer, running = Autosaves(), Autosaves(), Autosaves()
    older_bench = edited(workspace, HJS, value=100)
    older.write(older_bench)
    past = time.time() - 3600
    os.utime(older.own_path(HJS), (past, past))
    newer_bench = edited(workspace, HJS, value=7)
    newer.write(newer_bench)
    running.write(edited(workspace, UDL, UDL_MET))
    ended(older, older_bench)
    ended(newer, newer_bench)
    found = Autosaves().found(bench(workspace))
    assert [f.path for f in found] == [newer.own_path(HJS), older.own_path(HJS)]
    assert [f.changes for f in found] == [1, 1]
    assert found[0].saved_at > found[1].saved_at


def test_an_offered_autosave_is_not_offered_by_a_second_new_instance(workspace: Path) -> None:
    gone = Autosaves()
    gone_bench = edited(workspace, HJS)
    gone.write(gone_bench)
    ended(gone, gone_bench)
    offering = Autosaves()
    assert len(offering.found(bench(workspace))) == 1
    assert Autosaves().found(bench(workspace)) == []  # the first to start is offering it
    offering.close(bench(workspace))
    assert len(Autosaves().found(bench(workspace))) == 1  # not handled: offered again


def test_restoring_or_discarding_takes_only_the_chosen(workspace: Path) -> None:
    a, b = Autosaves(), Autosaves()
    a_bench, b_bench = edited(workspace, HJS, value=100), edited(workspace, HJS, value=7)
    a.write(a_bench)
    b.write(b_bench)
    ended(a, a_bench)
    ended(b, b_bench)
    now = Autosaves()
    loaded = bench(workspace)
    first, second = now.found(loaded)
    assert now.restore(loaded, first) == 1
    assert not first.path.exists() and second.path.is_file()
    assert now.own_path(HJS).is_file()  # written into its own autosave before removal
    now.discard(second)
    assert not second.path.exists()
    assert now.found(loaded) == []
    now.close(loaded)  # the restored edit is unsaved: it stays, in this instance's folder
    assert now.own_path(HJS).is_file()
    assert [p.name for p in autosave_dir().iterdir()] == [now.name]


def test_an_autosave_that_does_not_fit_is_kept_through_later_writes(workspace: Path) -> None:
    gone = Autosaves()
    gone_bench = edited(workspace, HJS)
    gone.write(gone_bench)
    ended(gone, gone_bench)
    text = gone.own_path(HJS).read_text(encoding="utf-8").replace('"1.c"', '"9.z"')
    gone.own_path(HJS).write_text(text, encoding="utf-8")
    now = Autosaves()
    loaded = bench(workspace)
    (found,) = now.found(loaded)
    assert found.changes is None and found.problems
    with pytest.raises(LoadError):
        now.restore(loaded, found)
    loaded.update(loaded.session(HJS).set(MET, 5))
    now.write(loaded)  # a keystroke in this instance
    loaded.update(loaded.session(HJS).revert_all())
    now.write(loaded)
    assert found.path.is_file()


def test_legacy_autosaves_are_offered(workspace: Path) -> None:
    legacy_bench = edited(workspace, HJS)
    mine = Autosaves()
    mine.write(legacy_bench)
    legacy = autosave_dir() / f"{HJS}.toml"
    legacy.write_bytes(mine.own_path(HJS).read_bytes())
    mine.close(bench(workspace))
    (found,) = Autosaves().found(bench(workspace))
    assert found.path == legacy and found.changes == 1


def test_a_quiet_instance_leaves_nothing(workspace: Path) -> None:
    quiet = Autosaves()
    loaded = bench(workspace)
    assert quiet.write(loaded) == []
    quiet.close(loaded)
    assert not autosave_dir().exists() or not any(autosave_dir().iterdir())
    edited_bench = edited(workspace, HJS)
    saving = Autosaves()
    saving.write(edited_bench)
    edited_bench.update(edited_bench.session(HJS).revert_all())  # as after a save
    saving.close(edited_bench)
    assert not any(autosave_dir().iterdir())


def test_leaving_without_saving_drops_this_instances_autosaves_for_good(
        workspace: Path) -> None:
    leaving = Autosaves()
    loaded = edited(workspace, HJS)
    leaving.write(loaded)
    leaving.drop_own()
    assert leaving.write(loaded) == []  # the half-second timer firing after the answer
    leaving.close(loaded)
    assert Autosaves().found(bench(workspace)) == []


async def test_the_app_offers_each_and_acts_only_on_the_chosen(workspace: Path) -> None:
    from textual.widgets import OptionList

    from mrp_tui.tui.app import create_app
    from mrp_tui.tui.screens.restore import RestoreAutosave

    left = []
    for plan_id, key, age in ((HJS, MET, 3600), (UDL, UDL_MET, 60)):
        gone = Autosaves()
        gone_bench = edited(workspace, plan_id, key)
        gone.write(gone_bench)
        past = time.time() - age
        os.utime(gone.own_path(plan_id), (past, past))
        ended(gone, gone_bench)
        left.append(gone.own_path(plan_id))
    hjs_file, udl_file = left
    app = create_app([workspace / "plans"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RestoreAutosave)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert shown[0].startswith("Udlændingestyrelsen 2024 · 1 ændring · ")  # newest first
        assert shown[1].startswith("Hjemrejsestyrelsen 2024 · 1 ændring · ")
        assert " kl. " in shown[0]
        await pilot.press("n")  # the marked one (the newest) goes, the other stays
        assert not udl_file.exists() and hjs_file.is_file()
        await pilot.press("escape")  # later
        assert not isinstance(app.screen, RestoreAutosave) and hjs_file.is_file()
        # the plan now gets changes of its own: restoring over them is refused, file kept
        app.apply(app.bench.session(HJS).set(MET, 5))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Hent ugemte ændringer fra sidst" in titles
        app.keeping.offer()
        await pilot.pause()
        await pilot.press("j")
        assert isinstance(app.screen, RestoreAutosave) and hjs_file.is_file()
        assert app.bench.session(HJS).value(MET) == 5
        await pilot.press("escape")
        app.apply(app.bench.session(HJS).revert_all())
        app.keeping.offer()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, RestoreAutosave)
        assert not hjs_file.exists()
        assert app.bench.session(HJS).value(MET) == 100
