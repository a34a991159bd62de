"""Reading `figures/<plan-id>/changes.jsonl` (plan-format §2) for the årsrapport's
"Ændringer og vurderinger": when each override was made and by whom.

A stand-in until the change log's own reader (`core/changelog.py`) lands; then this module
goes and the report uses that. A damaged line is skipped here: `--check` reports it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from mrp_tui.core.results import PlanResult

LOG_NAME = "changes.jsonl"


class LoggedChange(NamedTuple):
    at: str
    user: str
    period: str
    goal: str
    key: str
    reason: str | None
    #: False where the line removed the value (`new` null).
    set: bool


def log_path(result: PlanResult) -> Path | None:
    """The change log beside the reported figures; a scenario has none of its own."""
    figures = result.figures
    if figures is None or figures.path is None or figures.scenario is not None:
        return None
    return figures.path.parent / LOG_NAME


def read_changes(path: Path) -> list[LoggedChange]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    changes = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict):
            continue
        at, user, period, goal, key, reason = (
            entry.get(k) for k in ("at", "user", "period", "goal", "key", "reason"))
        if not (isinstance(at, str) and isinstance(user, str) and isinstance(period, str)
                and isinstance(goal, str) and isinstance(key, str)):
            continue
        changes.append(LoggedChange(at, user, period, goal, key,
                                    reason if isinstance(reason, str) else None,
                                    entry.get("new") is not None))
    return changes


def period_changes(result: PlanResult) -> list[LoggedChange]:
    """The logged changes of the result's period, oldest first."""
    path = log_path(result)
    if path is None or result.period is None:
        return []
    return [c for c in read_changes(path) if c.period == result.period.value]
