"""Writers write only what they should (issue 10 §2): only over a regular file or a new name,
new files with `0666 & ~umask`, never into the plans through a link, export names from
validated parts only, and a killed writer's temporary file removed by the next write."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import PLANS
from test_writes import BASE, FORK, KEY, MINE, PLAN, leftovers

from mrp_tui.core.workbench import Workbench
from mrp_tui.core.writer import WriteRefused, atomic_write, save_scenario, scenario_path


def output(tmp_path: Path, target: Path) -> tuple[int, str]:
    """`mrp-tui --print --output target`: the exit code and stderr."""
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", str(PLANS),
                           "--output", str(target)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


def test_output_writes_a_new_file_and_over_a_regular_one(tmp_path: Path) -> None:
    new = tmp_path / "ud" / "kort.txt"
    assert output(tmp_path, new)[0] == 0
    assert "Hjemrejsestyrelsen" in new.read_text(encoding="utf-8")
    new.write_text("gammel\n")
    assert output(tmp_path, new)[0] == 0 and "gammel" not in new.read_text()


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "link-to-fifo", "link-to-folder",
                                  "dangling-link"])
def test_output_refuses_anything_but_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    other = tmp_path / "other"
    if kind in ("fifo", "link-to-fifo"):
        os.mkfifo(other if kind.startswith("link") else target)
    elif kind in ("folder", "link-to-folder"):
        (other if kind.startswith("link") else target).mkdir()
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    if kind.endswith("link"):
        target.symlink_to(tmp_path / "nowhere")
    elif kind.startswith("link"):
        target.symlink_to(other)
    before = target.lstat()
    code, err = output(tmp_path, target)
    assert code == 2
    assert "mrp-tui skriver kun til en almindelig fil eller et nyt filnavn" in err, err
    wanted = {"fifo": "navngiven pipe", "folder": "er en mappe", "device": "enhed",
              "link-to-fifo": "symbolsk link til en navngiven pipe",
              "link-to-folder": "symbolsk link til en mappe",
              "dangling-link": "symbolsk link til noget, der ikke findes"}[kind]
    assert wanted in err
    after = target.lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)  # untouched
    assert leftovers(tmp_path) == [] and not (tmp_path / "nowhere").exists()


def test_a_link_to_a_regular_file_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "kort.txt"
    real.parent.mkdir()
    real.write_text("gammel\n")
    real.chmod(0o640)
    link = tmp_path / "kort.txt"
    link.symlink_to(real)
    atomic_write(link, "ny\n")
    assert link.is_symlink() and real.read_text() == "ny\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_new_files_get_0666_less_the_umask_and_old_ones_keep_their_mode(
        tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        new = tmp_path / "ny.toml"
        atomic_write(new, "format = 1\n")
        assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
        kept = tmp_path / "gammel.toml"
        kept.write_text("x\n")
        for mode in (0o600, 0o664, 0o640):
            kept.chmod(mode)
            atomic_write(kept, "format = 1\n")
            assert stat.S_IMODE(kept.stat().st_mode) == mode
        scenario = scenario_path(tmp_path / "scenarios", PLAN.id, "delt")
        save_scenario(MINE, scenario)
        assert stat.S_IMODE(scenario.stat().st_mode) == 0o666 & ~mask
        code, _ = output(tmp_path, tmp_path / "print.txt")
        assert code == 0 and stat.S_IMODE((tmp_path / "print.txt").stat().st_mode) == 0o666 & ~mask
    finally:
        os.umask(old)


def test_a_link_into_the_plans_folder_cannot_lead_a_scenario_save_there(workspace: Path) -> None:
    bench = Workbench.load([workspace / "plans" / f"{PLAN.id}.toml"])
    (workspace / "scenarios").mkdir()
    (workspace / "scenarios" / PLAN.id).symlink_to(workspace / "plans")
    before = sorted(p.name for p in (workspace / "plans").iterdir())
    bench.update(bench.session(PLAN.id).set(KEY, 10))
    with pytest.raises(WriteRefused, match="skrives aldrig blandt planer"):
        bench.save(PLAN.id, "q")
    assert sorted(p.name for p in (workspace / "plans").iterdir()) == before


def test_the_guard_compares_resolved_folders_not_their_names(tmp_path: Path) -> None:
    mine = tmp_path / "mine-planer"  # not called "plans": only the resolved path gives it away
    mine.mkdir()
    (tmp_path / "scen").mkdir()
    (tmp_path / "scen" / "p").symlink_to(mine)
    with pytest.raises(WriteRefused, match="skrives aldrig"):
        save_scenario(MINE, tmp_path / "scen" / "p" / "q.toml", protected=[mine])
    assert list(mine.iterdir()) == []
    save_scenario(MINE, tmp_path / "scen" / "q.toml", protected=[mine])  # beside it is fine


@pytest.mark.parametrize("name", ["/../../../tmp/x", "../x", "a/b", ".skjult", " x", "\x1b]0;x",
                                  "..", "/"])
def test_an_export_name_is_built_only_from_validated_parts(tmp_path: Path, name: str) -> None:
    """A scenario name read from a file may be anything; the export lands in its folder."""
    from mrp_tui.tui.export import export_plan

    folder = tmp_path / "here"
    folder.mkdir()
    session = attrs.evolve(BASE.set(KEY, 10), name=name)
    path = export_plan(session, "text", folder)
    # main's export names fold a scenario's name to [a-z0-9-] (tui/export.py: file_slug).
    assert path.parent == folder and re.fullmatch(rf"{PLAN.id}-Q3-scenarie-[a-z0-9-]+\.txt",
                                                  path.name), path.name
    assert [p.name for p in tmp_path.iterdir()] == ["here"]
    assert [p.name for p in folder.iterdir()] == [path.name]
    good = export_plan(attrs.evolve(session, name="hvis færre"), "html", folder)
    assert good == folder / f"{PLAN.id}-Q3-scenarie-hvis-faerre.html"


def _write_until_killed(path: Path) -> None:
    """A child: start a write and hang just before the rename, as if killed mid-write."""
    os.replace = lambda *args: time.sleep(600)  # type: ignore[assignment]
    atomic_write(path, "half\n" * 1000)


def test_a_write_killed_with_sigkill_leaves_a_temporary_file_the_next_write_removes(
        tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    child = FORK.Process(target=_write_until_killed, args=(path,))
    child.start()
    deadline = time.monotonic() + 30
    while not leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=30)
    [left] = leftovers(tmp_path)
    assert left.startswith(f".a.toml.mrp{child.pid}.")
    atomic_write(tmp_path / "other.toml", "format = 1\n")  # any write in that folder
    assert leftovers(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "other.toml"]


def test_only_our_own_leftovers_are_removed(tmp_path: Path) -> None:
    alive_recent = tmp_path / f".b.toml.mrp{os.getpid()}.abcdefgh.tmp"  # a live writer's
    alive_old = tmp_path / f".c.toml.mrp{os.getpid()}.abcdefgh.tmp"
    not_ours = [tmp_path / ".d.toml.abcdefgh.tmp", tmp_path / "e.mrp1.abcdefgh.tmp",
                tmp_path / ".f.toml.mrp12.abc.tmp"]
    for p in (alive_recent, alive_old, *not_ours):
        p.write_text("x")
    os.utime(alive_old, (time.time() - 3600, time.time() - 3600))
    atomic_write(tmp_path / "a.toml", "format = 1\n")
    assert alive_recent.exists() and not alive_old.exists()
    assert all(p.exists() for p in not_ours)


def _as_nobody(action: Any, results: Any) -> None:
    try:
        os.setgid(65534)
        os.setuid(65534)
        action()
    except WriteRefused as err:
        results.put(("refused", str(err)))
    except BaseException as err:  # noqa: BLE001 - reported to the parent
        results.put((type(err).__name__, str(err)))
    else:
        results.put(("written", ""))


def run_without_write_access(action: Any) -> tuple[str, str]:
    """Run `action` where a folder with mode 0555 really is read-only: as this user, or, as
    root (whom no mode stops), in a child that has become nobody."""
    if os.geteuid() != 0:
        try:
            action()
        except WriteRefused as err:
            return "refused", str(err)
        return "written", ""
    results = FORK.Queue()
    child = FORK.Process(target=_as_nobody, args=(action, results))
    child.start()
    child.join(timeout=60)
    return results.get(timeout=5)  # type: ignore[no-any-return]


def test_a_read_only_folder_gives_a_clear_danish_message(tmp_path: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="mrp-ro-", dir="/tmp"))  # reachable for nobody
    try:
        base.chmod(0o755)
        folder = base / "figures"
        folder.mkdir(mode=0o555)
        folder.chmod(0o555)
        outcome = run_without_write_access(lambda: atomic_write(folder / "Q1.toml", "x\n"))
        assert outcome == ("refused", f"ingen adgang til at skrive i mappen {folder}")
        below = run_without_write_access(lambda: atomic_write(folder / "p" / "Q1.toml", "x\n"))
        assert below == ("refused", f"ingen adgang til at skrive i mappen {folder / 'p'}")
        assert list(folder.iterdir()) == []
    finally:
        shutil.rmtree(base)
