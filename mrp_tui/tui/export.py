"""Exporting the plan on screen (with its what-if changes) through the --print renderers."""

from __future__ import annotations

from pathlib import Path

from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.writer import atomic_write


def export_plan(session: WhatIf, fmt: str, folder: Path) -> Path:
    from mrp_tui.output.render import PrintOptions, render

    suffix = {"text": "txt", "html": "html"}[fmt]
    result = session.result
    period = result.period.value if result.period else "uden-tal"
    name = f"{session.plan.id}-{period}" + (f"-{session.name}" if session.name else "")
    path = folder / f"{name}.{suffix}"
    atomic_write(path, render([result], PrintOptions(format=fmt, width=100)))
    return path
