"""Exporting the plan on screen (with its what-if changes) through the --print renderers."""

from __future__ import annotations

from pathlib import Path

from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.writer import WriteRefused, atomic_write, usable_scenario_name


def export_name(session: WhatIf) -> str:
    """The export's file name without suffix, built only from validated parts: the plan id (the
    loader holds it to lower-case letters, digits and '-'), the period, and the scenario's name
    only where it passes the scenario-name rule (a name read from a file may be anything, e.g.
    "/../../tmp/x"); any other name is left out."""
    result = session.result
    period = result.period.value if result.period else "uden-tal"
    name = f"{session.plan.id}-{period}"
    if session.name and usable_scenario_name(session.name):
        name += f"-{session.name}"
    elif session.name:
        name += "-scenarie"
    return name


def export_plan(session: WhatIf, fmt: str, folder: Path) -> Path:
    from mrp_tui.output.render import PrintOptions, render

    suffix = {"text": "txt", "html": "html"}[fmt]
    path = folder / f"{export_name(session)}.{suffix}"
    if path.parent != folder:  # cannot happen with the parts above; a last guard
        raise WriteRefused(f"{path}: eksporten skal ligge i {folder}")
    atomic_write(path, render([session.result], PrintOptions(format=fmt, width=100)))
    return path
