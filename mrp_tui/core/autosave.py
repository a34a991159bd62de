"""Unsaved what-if edits kept on disk, so that a dropped SSH connection loses nothing.

The app writes each plan's unsaved changes here shortly after every edit, and at once on
SIGHUP or SIGTERM; a clean quit or a save removes them. At the next start they are offered
back. One file per plan: `$XDG_STATE_HOME/mrp-tui/autosave/<plan-id>.toml` (by default
`~/.local/state/mrp-tui/autosave/`), in the scenario format.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from mrp_tui.core.loader import load_figures
from mrp_tui.core.workbench import Workbench

NAME = "autosave"


def autosave_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "mrp-tui" / "autosave"


def autosave_path(plan_id: str) -> Path:
    return autosave_dir() / f"{plan_id}.toml"


def write(bench: Workbench) -> list[Path]:
    """Bring the autosave files in line with the unsaved changes; returns the files written."""
    from mrp_tui.core.writer import atomic_write, figures_to_toml  # not needed to start

    written = []
    for plan_id, session in bench.sessions.items():
        path = autosave_path(plan_id)
        if bench.unsaved(plan_id):
            atomic_write(path, figures_to_toml(session.as_scenario(NAME)))
            written.append(path)
        else:
            path.unlink(missing_ok=True)
    return written


def pending(bench: Workbench) -> dict[str, Path]:
    """Autosaves left by an earlier session for the plans now loaded."""
    return {plan_id: autosave_path(plan_id) for plan_id in bench.sessions
            if autosave_path(plan_id).is_file()}


def restore(bench: Workbench, plan_id: str, path: Path) -> int:
    """Lay an autosave over the plan as unsaved changes; returns how many were restored.
    A file that no longer fits the plan raises LoadError and is left where it is."""
    session = bench.session(plan_id)
    loaded = load_figures(path, session.plan)
    restored = attrs.evolve(session.with_scenario(loaded), name=session.name)
    bench.update(restored)
    path.unlink(missing_ok=True)
    return len(restored.changes)


def discard(paths: dict[str, Path]) -> None:
    for path in paths.values():
        path.unlink(missing_ok=True)
