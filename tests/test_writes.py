"""Safe saves: atomic writes that leave nothing behind, refusing to overwrite a file another
user changed, and two processes saving the same scenario at once."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, PLANS

from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.model import Figures
from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.workbench import Workbench
from mrp_tui.core.writer import (
    WriteRefused,
    atomic_write,
    figures_to_toml,
    save_scenario,
    scenario_path,
)

PLAN = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
BASE = WhatIf.start(PLAN, load_figures(FIGURES / PLAN.id / "Q3.toml", PLAN))
KEY = ("1.c", None, "met")
#: Two users' scenarios under one name: different, and long enough that a torn write shows.
MINE = BASE.set(KEY, 10).set(("1.a", "1", "actual"), 150).as_scenario("fælles")
THEIRS = BASE.set(KEY, 190).set(("1.d", None, "total"), 120).as_scenario("fælles")
#: fork: the children share the loaded plan; the test module need not be importable.
FORK = multiprocessing.get_context("fork")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_leaves_exactly_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.toml"
    mtime = atomic_write(path, "format = 1\n")
    assert path.read_text() == "format = 1\n"
    assert mtime == path.stat().st_mtime_ns
    assert [p.name for p in path.parent.iterdir()] == ["a.toml"]
    atomic_write(path, "format = 1\n# again\n", expected_mtime_ns=mtime)
    assert path.read_text() == "format = 1\n# again\n"
    assert [p.name for p in path.parent.iterdir()] == ["a.toml"]


def test_the_temporary_file_is_beside_the_target_and_synced_before_replace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.toml"
    path.write_text("old\n")
    events: list[tuple[str, Any]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced = Path(os.readlink(f"/proc/self/fd/{fd}"))
        events.append(("fsync", (synced, synced.read_text())))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(("replace", (Path(src), Path(dst))))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(path, "new\n")
    (kind1, (synced, content)), (kind2, (src, dst)) = events
    assert (kind1, kind2) == ("fsync", "replace")
    assert synced == src and content == "new\n"  # the whole text was on disk before replace
    assert src.parent == path.parent and src.name.startswith(".a.toml.") and dst == path
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["fsync", "replace"])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_write_failing_midway_leaves_the_old_file_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str,
        error: BaseException) -> None:
    path = tmp_path / "a.toml"
    path.write_text("old\n")

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, where, fail)
    with pytest.raises(type(error)):
        atomic_write(path, "new\n" * 1000)
    monkeypatch.undo()
    assert path.read_text() == "old\n"
    assert leftovers(tmp_path) == [] and [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_a_write_that_cannot_encode_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    with pytest.raises(UnicodeEncodeError):
        atomic_write(path, "half \ud800 a surrogate")
    assert list(tmp_path.iterdir()) == []


def test_a_file_changed_on_disk_since_it_was_read_is_refused(tmp_path: Path) -> None:
    path = scenario_path(tmp_path / "scenarios", PLAN.id, "fælles")
    seen = save_scenario(MINE, path)
    # Another user saves the same scenario after we opened it (a second later, say).
    path.write_text(figures_to_toml(THEIRS), encoding="utf-8")
    os.utime(path, ns=(seen + 10**9, seen + 10**9))
    with pytest.raises(WriteRefused, match="er ændret på disken, siden den blev åbnet; gem "
                                           "under et nyt navn"):
        save_scenario(MINE, path, expected_mtime_ns=seen)
    assert load_figures(path, PLAN).goals == load_figures_of(THEIRS, tmp_path).goals
    # Where it has not changed, the save goes through.
    now = path.stat().st_mtime_ns
    save_scenario(MINE, path, expected_mtime_ns=now)
    assert load_figures(path, PLAN).goals == load_figures_of(MINE, tmp_path).goals


def test_new_refuses_a_file_that_exists(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    atomic_write(path, "theirs\n", new=True)
    with pytest.raises(WriteRefused, match="gemt af en anden imens"):
        atomic_write(path, "mine\n", new=True)
    assert path.read_text() == "theirs\n"


def load_figures_of(figures: Figures, folder: Path) -> Figures:
    """`figures` as they read back from a file, for comparing with a saved one."""
    path = folder / "expected" / "x.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(figures_to_toml(figures), encoding="utf-8")
    return load_figures(path, PLAN)


def _save_in_turns(path: Path, which: int, rounds: int, barrier: Any,
                   results: Any) -> None:
    """A child: wait for the other, then save its scenario `rounds` times."""
    barrier.wait()
    for _ in range(rounds):
        save_scenario((MINE, THEIRS)[which], path)
    results.put(which)


def _save_once(path: Path, which: int, expected: int | None, new: bool, barrier: Any,
               results: Any) -> None:
    """A child: wait for the other, then save once as one would after reading the file."""
    barrier.wait()
    try:
        save_scenario((MINE, THEIRS)[which], path, expected_mtime_ns=expected, new=new)
    except WriteRefused as err:
        results.put((which, str(err)))
    else:
        results.put((which, None))


def race(target: Any, *args: Any) -> list[Any]:
    barrier, results = FORK.Barrier(2), FORK.Queue()
    children = [FORK.Process(target=target, args=(*args[:1], which, *args[1:], barrier,
                                                  results)) for which in (0, 1)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    return sorted(results.get(timeout=5) for _ in children)


def test_two_processes_saving_the_same_scenario_never_leave_a_torn_file(
        tmp_path: Path) -> None:
    path = scenario_path(tmp_path / "scenarios", PLAN.id, "fælles")
    save_scenario(MINE, path)
    expected = (load_figures_of(MINE, tmp_path), load_figures_of(THEIRS, tmp_path))
    barrier, results = FORK.Barrier(3), FORK.Queue()
    children = [FORK.Process(target=_save_in_turns, args=(path, which, 40, barrier, results))
                for which in (0, 1)]
    for child in children:
        child.start()
    barrier.wait()
    # Read while they write: every read is one whole scenario or the other.
    while any(child.is_alive() for child in children):
        assert load_figures(path, PLAN).goals in (expected[0].goals, expected[1].goals)
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    assert sorted(results.get(timeout=5) for _ in children) == [0, 1]
    final = load_figures(path, PLAN)
    assert final.goals in (expected[0].goals, expected[1].goals)
    assert leftovers(path.parent) == []


@pytest.mark.parametrize("rounds", range(5))
def test_of_two_saving_over_the_file_they_read_one_gets_a_conflict(
        tmp_path: Path, rounds: int) -> None:
    path = scenario_path(tmp_path / "scenarios", PLAN.id, "fælles")
    seen = save_scenario(BASE.set(KEY, 1).as_scenario("fælles"), path)
    outcomes = race(_save_once, path, seen, False)
    refused = [which for which, error in outcomes if error]
    assert len(refused) == 1, outcomes
    assert "ændret på disken, siden den blev åbnet" in str(outcomes[refused[0]][1])
    winner = (MINE, THEIRS)[1 - refused[0]]
    assert load_figures(path, PLAN).goals == load_figures_of(winner, tmp_path).goals
    assert leftovers(path.parent) == []


@pytest.mark.parametrize("rounds", range(3))
def test_of_two_saving_a_new_scenario_one_gets_a_conflict(tmp_path: Path, rounds: int) -> None:
    path = scenario_path(tmp_path / "scenarios", PLAN.id, "fælles")
    path.parent.mkdir(parents=True)
    outcomes = race(_save_once, path, None, True)
    refused = [which for which, error in outcomes if error]
    assert len(refused) == 1, outcomes
    winner = (MINE, THEIRS)[1 - refused[0]]
    assert load_figures(path, PLAN).goals == load_figures_of(winner, tmp_path).goals


def test_workbench_refuses_to_save_over_another_users_scenario(workspace: Path) -> None:
    bench = Workbench.load([workspace / "plans" / f"{PLAN.id}.toml"])
    theirs = workspace / "scenarios" / PLAN.id / "fælles.toml"
    theirs.parent.mkdir(parents=True)
    theirs.write_text(figures_to_toml(THEIRS), encoding="utf-8")
    before = theirs.read_bytes()
    bench.update(bench.session(PLAN.id).set(KEY, 10))
    with pytest.raises(WriteRefused, match="findes allerede"):
        bench.save(PLAN.id, "fælles")
    assert theirs.read_bytes() == before
    assert bench.unsaved(PLAN.id) == 1  # nothing counts as saved
    # Under a new name it saves; then another user changes that file, and we are refused.
    mine = bench.save(PLAN.id, "mit")
    mine.write_text(figures_to_toml(THEIRS).replace('"fælles"', '"mit"'), encoding="utf-8")
    os.utime(mine, ns=(1, 1))
    bench.update(bench.session(PLAN.id).set(KEY, 11))
    with pytest.raises(WriteRefused, match="ændret på disken"):
        bench.save(PLAN.id, "mit")
    assert "190" in mine.read_text()
