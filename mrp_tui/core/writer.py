"""Writing figures and scenarios as TOML (tomli-w), atomically.

A write goes to a temporary file in the target folder, is flushed to disk, then replaces the
target in one step: a reader never sees half a file, and a crash leaves the old file intact.
Writers of one folder take turns (a lock on the folder), so that of two saving the same file at
once, the second sees the first's file and is refused rather than silently overwrite it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from mrp_tui.core.model import Figures, GoalFigures, Inputs
from mrp_tui.core.names import SCENARIO_NAME
from mrp_tui.core.reader import FORMAT


class WriteRefused(Exception):
    """A write that would damage something: a plan, a changed file, a bad name."""


def _inputs_table(inputs: Inputs) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for key, value in inputs.given().items():
        table[key] = list(value) if isinstance(value, tuple) else (
            value.value if hasattr(value, "value") else value)
    return table


def _goal_table(gfig: GoalFigures) -> dict[str, Any]:
    table = _inputs_table(gfig.inputs)
    subs = {sid: _inputs_table(i) for sid, i in gfig.subgoals.items() if i.given()}
    if subs:
        table["subgoal"] = subs
    if gfig.override is not None:
        override: dict[str, Any] = {"status": gfig.override.status.value}
        if gfig.override.earned is not None:
            override["earned"] = gfig.override.earned
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


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the directory itself: no lock files).
    Where the system cannot lock it (no flock, some network file systems), go on unlocked."""
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


def atomic_write(path: Path, text: str | bytes, expected_mtime_ns: int | None = None,
                 new: bool = False) -> int:
    """Write `text` (UTF-8; or a binary file's bytes) to `path` atomically; returns the new
    file's mtime_ns.

    `expected_mtime_ns` is the modification time seen when the file was read: if the file has
    changed since (another user saved it), the write is refused rather than lose their work.
    `new`: refuse if the file exists (someone else saved under that name first).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with _folder_lock(path.parent):
        if new and path.exists():
            raise WriteRefused(f"{path} was saved by someone else meanwhile; "
                               "save under a new name")
        if expected_mtime_ns is not None and path.exists() \
                and path.stat().st_mtime_ns != expected_mtime_ns:
            raise WriteRefused(f"{path} changed on disk since it was opened; "
                               "save under a new name")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path.stat().st_mtime_ns


def scenario_path(scenarios_root: Path, plan_id: str, name: str) -> Path:
    if not SCENARIO_NAME.match(name) or name.strip() != name:
        raise WriteRefused(f'"{name}" is not a usable scenario name (letters, digits, space, '
                           "- _ . ; at most 80 characters)")
    return scenarios_root / plan_id / f"{name}.toml"


def save_scenario(figures: Figures, path: Path, expected_mtime_ns: int | None = None,
                  new: bool = False) -> int:
    """Save a scenario (only its changed inputs) where no plan or figures file can be hit.
    `expected_mtime_ns` and `new` as for `atomic_write`."""
    if figures.scenario is None:
        raise WriteRefused("not a scenario: it has no name")
    if path.parent.parent.name in ("plans", "figures") or path.parent.name in ("plans", "figures"):
        raise WriteRefused(f"{path}: scenarios are never written among plans or figures")
    return atomic_write(path, figures_to_toml(figures), expected_mtime_ns, new)
