"""Unsaved what-if edits kept on disk, so that a dropped SSH connection, a kill or a crash
loses nothing, and one running mrp-tui never touches the edits of another.

Each running app (an *instance*) writes its plans' unsaved changes, shortly after every edit
and at once on SIGHUP, SIGTERM, SIGINT or SIGQUIT, into a folder of its own:
`$XDG_STATE_HOME/mrp-tui/autosave/<pid>-<start ms>-<random>/<plan-id>.toml` (by default under
`~/.local/state/`), in the scenario format. While it runs it holds an exclusive lock
(`flock`) on the folder's `lock` file; the kernel drops that lock when the process ends in any
way, `kill -9` included. So a folder whose lock can be taken holds what an instance left
behind, and its autosaves are offered at the next start, every one, newest first; a folder
still locked belongs to a running instance (or to one offering it right now) and is left
alone. Restoring or discarding takes away only the autosave chosen. Files
`autosave/<plan-id>.toml` written by versions before per-instance folders are offered too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import time
from pathlib import Path

import attrs
from attrs import frozen

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.loader import load_figures
from mrp_tui.core.model import Figures
from mrp_tui.core.workbench import Workbench

NAME = "autosave"
LOCK = "lock"


def autosave_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "mrp-tui" / "autosave"


@frozen
class Found:
    """An autosave left by an instance that has ended."""

    plan_id: str
    path: Path
    saved_at: dt.datetime
    #: The changed inputs it holds, or None when it no longer fits the plan.
    changes: int | None
    problems: tuple[Problem, ...] = ()


def _try_lock(path: Path) -> int | None:
    """An exclusive lock on `path` (created if need be), or None when another process has it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


class Autosaves:
    """This instance's autosaves, and those that ended instances left behind."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or autosave_dir()
        # pid and start time say whose it is; the random part keeps two of one process apart
        self.name = f"{os.getpid()}-{time.time_ns() // 1_000_000}-{os.urandom(2).hex()}"
        self.folder = self.root / self.name
        self._own_lock: int | None = None
        self._dropped = False
        #: Folders of ended instances whose autosaves this instance is offering: locked, so
        #: that an instance started meanwhile does not offer the same edits a second time.
        self._adopted: dict[Path, int] = {}

    # ------------------------------------------------------------------ this instance's

    def own_path(self, plan_id: str) -> Path:
        return self.folder / f"{plan_id}.toml"

    def _claim(self) -> None:
        """Make the folder, locked before any other instance can see it under its name."""
        if self._own_lock is not None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        making = self.root / f".{self.name}.new"
        making.mkdir(mode=0o700)
        fd = _try_lock(making / LOCK)
        if fd is None:
            raise OSError(f"kunne ikke låse {making / LOCK}")
        os.write(fd, f"{os.getpid()}\n".encode())
        making.rename(self.folder)
        self._own_lock = fd

    def write(self, bench: Workbench) -> list[Path]:
        """Bring this instance's autosaves in line with its unsaved changes; returns the
        files written. Only this instance's folder is touched."""
        from mrp_tui.core.writer import atomic_write, figures_to_toml  # not needed to start

        written: list[Path] = []
        if self._dropped:
            return written
        for plan_id, session in bench.sessions.items():
            path = self.own_path(plan_id)
            if bench.unsaved(plan_id):
                self._claim()
                atomic_write(path, figures_to_toml(session.as_scenario(NAME)))
                written.append(path)
            elif self._own_lock is not None:
                path.unlink(missing_ok=True)
        return written

    def drop_own(self) -> None:
        """The user chose to leave without saving: this instance's autosaves go, and no
        write still under way (the half-second timer) brings them back."""
        self._dropped = True
        if self._own_lock is not None:
            for path in self.folder.glob("*.toml"):
                path.unlink(missing_ok=True)

    def close(self, bench: Workbench) -> None:
        """At exit: keep the autosaves of plans with unsaved changes (offered at the next
        start), remove the rest, and let go of every lock."""
        if self._own_lock is not None:
            for path in self.folder.glob("*.toml"):
                if not (path.stem in bench.sessions and bench.unsaved(path.stem)):
                    path.unlink(missing_ok=True)
            self._let_go(self.folder, self._own_lock)
            self._own_lock = None
        for folder, fd in list(self._adopted.items()):
            self._let_go(folder, fd)
        self._adopted.clear()

    @staticmethod
    def _let_go(folder: Path, fd: int) -> None:
        """Release a folder's lock, removing the folder first when nothing is left in it."""
        with contextlib.suppress(OSError):
            if not any(folder.glob("*.toml")):
                (folder / LOCK).unlink(missing_ok=True)
                folder.rmdir()
        os.close(fd)

    # ------------------------------------------------------------------ left behind

    def found(self, bench: Workbench) -> list[Found]:
        """The autosaves that ended instances left for the plans loaded, newest first."""
        if not self.root.is_dir():
            return []
        paths = [p for p in self.root.glob("*.toml") if p.stem in bench.sessions]  # legacy
        for folder in sorted(self.root.iterdir()):
            if folder.name.endswith(".new") and folder.name.startswith("."):
                self._tidy_unfinished(folder)
            if folder.name.startswith(".") or folder == self.folder or not folder.is_dir():
                continue
            wanted = [p for p in folder.glob("*.toml") if p.stem in bench.sessions]
            if not wanted:
                continue
            if folder not in self._adopted:
                fd = _try_lock(folder / LOCK)
                if fd is None:
                    continue  # its instance is running
                self._adopted[folder] = fd
            paths += wanted
        found = [self._describe(bench, p) for p in paths if p.is_file()]
        return sorted(found, key=lambda f: f.saved_at, reverse=True)

    def _tidy_unfinished(self, folder: Path) -> None:
        """A folder an instance was making when it was killed (it holds nothing else); one
        made in the last minute may be in the making still."""
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime < 60:
                return
        fd = _try_lock(folder / LOCK)
        if fd is not None:
            self._let_go(folder, fd)

    @staticmethod
    def _describe(bench: Workbench, path: Path) -> Found:
        saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime)
        try:
            loaded = load_figures(path, bench.session(path.stem).plan)
        except LoadError as err:
            return Found(path.stem, path, saved_at, None, err.problems)
        return Found(path.stem, path, saved_at, _count(loaded))

    def restore(self, bench: Workbench, found: Found) -> int:
        """Lay the autosave over its plan as unsaved changes, write it into this instance's
        own autosave, and only then remove it; returns how many changes were restored. A
        file that no longer fits the plan raises LoadError and is left where it is."""
        session = bench.session(found.plan_id)
        loaded = load_figures(found.path, session.plan)
        if loaded.based_on and loaded.based_on != session.base.period:
            entry = bench.entry(found.plan_id)
            base = entry.load_figures(loaded.based_on) or Figures.empty(session.plan,
                                                                        loaded.based_on)
            session = session.rebase(base)
        restored = attrs.evolve(session.with_scenario(loaded), name=session.name)
        bench.update(restored)
        self.write(bench)
        self.discard(found)
        return len(restored.changes)

    def discard(self, found: Found) -> None:
        found.path.unlink(missing_ok=True)
        folder = found.path.parent
        fd = self._adopted.get(folder)
        if fd is not None and not any(folder.glob("*.toml")):
            del self._adopted[folder]
            self._let_go(folder, fd)


def _count(figures: Figures) -> int:
    return sum(len(g.inputs.given()) + sum(len(s.given()) for s in g.subgoals.values())
               for g in figures.goals.values())
