"""Exporting the plan on screen (with its what-if changes) through the --print renderers:
the same document, so the same banner ("SCENARIE «hvis» – ikke indberettede tal",
"UGEMTE ÆNDRINGER – ikke indberettede tal") as `--print --scenario`."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.writer import WriteRefused, atomic_write

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def file_slug(name: str) -> str:
    """A scenario name as a safe part of a file name: 'Høj tilgang/2' -> 'hoej-tilgang-2'."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:60].strip("-") or "uden-navn"


def export_name(session: WhatIf, unsaved: bool) -> str:
    """'hjemrejsestyrelsen-2024-Q3', '...-scenarie-hvis', '...-ugemte-aendringer': the name says
    what the file holds."""
    period = session.result.period
    name = f"{session.plan.id}-{period.value if period else 'uden-tal'}"
    if session.changes:
        if session.name:
            name += f"-scenarie-{file_slug(session.name)}"
        if unsaved or not session.name:
            name += "-ugemte-aendringer"
    return name


def export_plan(session: WhatIf, fmt: str, folder: Path, unsaved: bool | None = None) -> Path:
    """Write the plan's scorecard as `fmt` ("text" or "html") into `folder`. `unsaved`: whether
    the session's changes are saved nowhere (None: unsaved unless the session has a name)."""
    from mrp_tui.output.render import PrintOptions, render

    if unsaved is None:
        unsaved = session.name is None
    suffix = {"text": "txt", "html": "html"}[fmt]
    path = folder / f"{export_name(session, unsaved)}.{suffix}"
    if path.parent != folder:  # cannot happen with the slug above; a last guard
        raise WriteRefused(f"{path}: eksporten skal ligge i {folder}")
    atomic_write(path, render([session.marked(unsaved)], PrintOptions(format=fmt, width=100)))
    return path
