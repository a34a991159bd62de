"""Plain values shared by the machine-readable formats, JSON and CSV, with or without
`--history`: kept apart so the history modules need not import the formats that import them."""

from __future__ import annotations

from typing import Any

from mrp_tui.core.model import Measure, MeasureKind

#: One CSV cell, before it is written in the file's words.
Cell = str | float | int | bool | None


def target_of(measure: Measure) -> Any:
    """A measure's threshold as section 4 has it: the number, a due date as ISO text."""
    if measure.kind is MeasureKind.MILESTONE:
        return measure.due.isoformat() if measure.due else None
    return measure.threshold
