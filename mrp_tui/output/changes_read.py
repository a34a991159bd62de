"""Reading `figures/<plan-id>/changes.jsonl` (plan-format §2) for the årsrapport's
"Ændringer og vurderinger": when each override was made and by whom.

A stand-in until the change log's own reader (`core/changelog.py`, `read_log`) is on main:
its entries have the same fields, so the report switches by changing one import. A damaged
line is skipped here (`--check` reports it).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, NamedTuple

from mrp_tui.core.danish import date
from mrp_tui.core.model import Period
from mrp_tui.core.results import PlanResult

LOG_NAME = "changes.jsonl"


class LogEntry(NamedTuple):
    at: dt.datetime
    user: str
    period: Period
    goal: str
    subgoal: str | None
    key: str
    old: Any
    new: Any
    reason: str | None


def _entry(data: Any) -> LogEntry | None:
    if not isinstance(data, dict):
        return None
    at, user, period, goal, key = (data.get(k) for k in ("at", "user", "period", "goal", "key"))
    if not (isinstance(at, str) and isinstance(user, str) and isinstance(goal, str)
            and isinstance(key, str) and period in {p.value for p in Period}):
        return None
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    subgoal, reason = data.get("subgoal"), data.get("reason")
    return LogEntry(when, user, Period(period), goal,
                    subgoal if isinstance(subgoal, str) else None, key, data.get("old"),
                    data.get("new"), reason if isinstance(reason, str) else None)


def read_entries(path: Path, period: Period) -> tuple[LogEntry, ...]:
    """The period's entries of the log at `path`, oldest first; none where there is no log."""
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        return ()
    entries = []
    for raw in lines:
        try:
            entry = _entry(json.loads(raw.decode("utf-8")))
        except ValueError:  # not JSON, not UTF-8
            continue
        if entry is not None and entry.period is period:
            entries.append(entry)
    return tuple(entries)


def describe_time(at: dt.datetime) -> str:
    """'12/10/2024 09:30' in the time zone it was written in."""
    return f"{date(at.date())} {at:%H:%M}"


def period_changes(result: PlanResult) -> tuple[LogEntry, ...]:
    """The logged changes of the result's period, oldest first. The log lies beside the
    reported figures; a scenario has none of its own."""
    figures = result.figures
    if figures is None or figures.path is None or figures.scenario is not None \
            or result.period is None:
        return ()
    return read_entries(figures.path.parent / LOG_NAME, result.period)
