"""Writing figures and scenarios as TOML (tomli-w), atomically, and only where it is safe.

A write goes to a temporary file in the target folder, is flushed to disk, then replaces the
target in one step: a reader never sees half a file, and a crash leaves the old file intact.
Writers of one folder take turns (a lock on the folder), so that of two saving the same file at
once, the second sees the first's file and is refused rather than silently overwrite it.

Only a regular file (or a symbolic link to one) is ever replaced, or a new name created: never
a pipe, a device, a folder. A new file gets the usual `0666 & ~umask`, a replaced one keeps its
mode, so that colleagues and cron jobs can read what was written. A temporary file left by a
writer that was killed (`kill -9`) is removed by the next write in that folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tomli_w

from mrp_tui.core.model import INPUT_NAMES, Figures, GoalFigures, Inputs
from mrp_tui.core.names import is_scenario_name
from mrp_tui.core.reader import FORMAT

#: Our temporary files: `.<name>.mrp<pid>.<8 random>.tmp`; the pid tells a dead writer's.
_TEMP = re.compile(r"^\..*\.mrp(\d+)\.[a-z0-9_]{8}\.tmp$")
#: A temporary file of ours this old is a leftover even if its pid lives (pid reuse).
LEFTOVER_AGE_S = 600.0


class WriteRefused(OSError):
    """A write that would damage something: a plan, a changed file, a bad name, a device.
    The message is Danish, for the user. An OSError, so that every caller that reports a
    failed write (a full disk, say) reports this too."""


def usable_scenario_name(name: str) -> bool:
    """Whether `name` may be a scenario's name, and so a part of a file name."""
    return is_scenario_name(name)  # the rule the loader checks too (core/names.py)


# --------------------------------------------------------------------------- TOML


def _plain(value: Any) -> Any:
    """A value as TOML should hold it: 2.0 typed in the app is written `2`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value.value if hasattr(value, "value") else value


def _inputs_table(inputs: Inputs) -> dict[str, Any]:
    # As `inputs.given()`, without attrs.asdict: a 200-goal file has a thousand of these.
    return {key: _plain(value) for key in INPUT_NAMES
            if (value := getattr(inputs, key)) is not None}


def _goal_table(gfig: GoalFigures) -> dict[str, Any]:
    table = _inputs_table(gfig.inputs)
    subs = {sid: _inputs_table(i) for sid, i in gfig.subgoals.items() if i.given()}
    if subs:
        table["subgoal"] = subs
    if gfig.override is not None:
        override: dict[str, Any] = {"status": gfig.override.status.value}
        if gfig.override.earned is not None:
            override["earned"] = _plain(gfig.override.earned)
        override["reason"] = gfig.override.reason
        table["override"] = override
    if gfig.comment is not None:
        table["comment"] = gfig.comment
    return table


def figures_to_toml(figures: Figures) -> str:
    doc: dict[str, Any] = {"format": FORMAT, "plan": figures.plan}
    if figures.scenario is not None:
        doc["scenario"] = figures.scenario
        doc["based_on"] = (figures.based_on or figures.period).value
    else:
        doc["period"] = figures.period.value
    if figures.as_of is not None:
        doc["as_of"] = figures.as_of
    if figures.example:
        doc["example"] = True
    if figures.note is not None:
        doc["note"] = figures.note
    if figures.source is not None:
        doc["source"] = figures.source
    goals = {gid: t for gid, g in figures.goals.items() if (t := _goal_table(g))}
    if goals:
        doc["goal"] = goals
    return tomli_w.dumps(doc)


# --------------------------------------------------------------------------- where to write


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "en mappe"
    if stat.S_ISFIFO(mode):
        return "en navngiven pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "en enhed (som /dev/null)"
    if stat.S_ISBLK(mode):
        return "en blokenhed"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "ikke en almindelig fil"


def _refuse_kind(path: Path, what: str) -> WriteRefused:
    return WriteRefused(f"{path} er {what}; mrp-tui skriver kun til en almindelig fil eller et "
                        "nyt filnavn")


def writable_target(path: Path) -> Path:
    """The file a write to `path` replaces: `path` itself (a regular file or a new name), or
    the regular file a symbolic link points to (the link is kept). Anything else is refused."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return path
    if stat.S_ISREG(status.st_mode):
        return path
    if not stat.S_ISLNK(status.st_mode):
        raise _refuse_kind(path, _kind(status.st_mode))
    target = path.resolve()
    try:
        pointed = target.stat()
    except OSError:
        raise _refuse_kind(path, "et symbolsk link til noget, der ikke findes") from None
    if not stat.S_ISREG(pointed.st_mode):
        raise _refuse_kind(path, f"et symbolsk link til {_kind(pointed.st_mode)}")
    return target


def refuse_inside(path: Path, folders: Iterable[Path], message: str) -> None:
    """WriteRefused(message) when `path`, with every symbolic link followed, lies in one of
    `folders` (also followed): a link such as `scenarios/p -> ../plans` cannot lead a save in."""
    real = path.resolve()
    for folder in folders:
        if real.is_relative_to(folder.resolve()):
            raise WriteRefused(message)


def current_umask() -> int:
    """The process's umask, read without changing it (os.umask would, for a moment, for every
    thread); where /proc cannot tell, by setting it back at once."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------- locking, leftovers


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the directory itself: no lock files).
    Where the system cannot lock it (no flock, some network file systems), go on unlocked.
    Not re-entrant: a second lock on the same folder in one process waits for the first."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def clean_leftovers(folder: Path, now: float | None = None) -> list[Path]:
    """Remove our own temporary files that a killed writer left in `folder`: those whose
    writer's process is gone, and any older than LEFTOVER_AGE_S. Called with the folder locked,
    when no writer that locks can be half-way. Returns what was removed."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TEMP.match(entry.name)
        if found is None:
            continue
        with contextlib.suppress(OSError):
            status = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(status.st_mode) or status.st_uid != os.geteuid():
                continue
            if not _alive(int(found.group(1))) or now - status.st_mtime > LEFTOVER_AGE_S:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


# --------------------------------------------------------------------------- writing


def check_unchanged(path: Path, expected_mtime_ns: int | None = None, new: bool = False) -> None:
    """WriteRefused if `path` was saved by someone else since it was read (its mtime is not
    `expected_mtime_ns`), or, with `new`, if it exists at all. Call with the folder locked."""
    if new and path.exists():
        raise WriteRefused(f"{path} er blevet gemt af en anden imens; gem under et nyt navn")
    if expected_mtime_ns is not None and path.exists() \
            and path.stat().st_mtime_ns != expected_mtime_ns:
        raise WriteRefused(f"{path} er ændret på disken, siden den blev åbnet; gem under et "
                           "nyt navn")


def access_refusal(err: OSError, folder: Path) -> WriteRefused | None:
    """A Danish WriteRefused for a write the system does not allow in `folder`, else None."""
    if err.errno in (errno.EACCES, errno.EPERM):
        return WriteRefused(f"ingen adgang til at skrive i mappen {folder}")
    if err.errno == errno.EROFS:
        return WriteRefused(f"mappen {folder} ligger på et skrivebeskyttet filsystem")
    return None


def make_folder(folder: Path) -> None:
    """`folder` and its parents, created where missing; no access is a Danish WriteRefused."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise (access_refusal(err, folder) or err) from None


def atomic_write(path: Path, text: str | bytes, expected_mtime_ns: int | None = None,
                 new: bool = False, *, lock: bool = True) -> int:
    """Write `text` (UTF-8; or a binary file's bytes) to `path` atomically; returns the new
    file's mtime_ns.

    `expected_mtime_ns` is the modification time seen when the file was read: if the file has
    changed since (another user saved it), the write is refused rather than lose their work.
    `new`: refuse if the file exists (someone else saved under that name first).
    `lock=False`: the caller holds `folder_lock` on the target's folder already.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8")  # fails before any write
    target = writable_target(path)
    folder = target.parent
    make_folder(folder)
    with folder_lock(folder) if lock else contextlib.nullcontext():
        target = writable_target(path)  # again, now that no writer of ours is half-way
        check_unchanged(target, expected_mtime_ns, new)
        clean_leftovers(folder)
        try:
            old = target.stat()
        except FileNotFoundError:
            old = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.mrp{os.getpid()}.",
                                       suffix=".tmp", dir=folder)
        except OSError as err:
            raise (access_refusal(err, folder) or err) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                # mkstemp makes 0600; a new file gets what any program would give it.
                os.fchmod(handle.fileno(), stat.S_IMODE(old.st_mode) if old is not None
                          else 0o666 & ~current_umask())
                if old is not None and os.fstat(handle.fileno()).st_mtime_ns == old.st_mtime_ns:
                    # Saved within the clock's tick: make the change visible to mtime checks.
                    os.utime(handle.fileno(), ns=(old.st_atime_ns, old.st_mtime_ns + 1))
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target.stat().st_mtime_ns


def scenario_path(scenarios_root: Path, plan_id: str, name: str) -> Path:
    if not usable_scenario_name(name):
        raise WriteRefused(f"«{name}» kan ikke bruges som navn på et scenarie (bogstaver, "
                           "tal, mellemrum, - _ . ; højst 80 tegn; først et bogstav eller tal)")
    return scenarios_root / plan_id / f"{name}.toml"


def save_scenario(figures: Figures, path: Path, expected_mtime_ns: int | None = None,
                  new: bool = False, protected: Iterable[Path] = ()) -> int:
    """Save a scenario (only its changed inputs) where no plan or figures file can be hit:
    never inside `protected` folders (the plans and figures folders), nor in a folder named
    plans or figures, links followed. `expected_mtime_ns` and `new` as for `atomic_write`."""
    if figures.scenario is None:
        raise WriteRefused("ikke et scenarie: det har intet navn")
    real = path.resolve()
    message = f"{path}: scenarier skrives aldrig blandt planer eller indberettede tal"
    if {real.parent.name, real.parent.parent.name} & {"plans", "figures"}:
        raise WriteRefused(message)
    refuse_inside(path, protected, message)
    return atomic_write(path, figures_to_toml(figures), expected_mtime_ns, new)
