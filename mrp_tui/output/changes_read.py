"""The change log (`figures/<plan-id>/changes.jsonl`, plan-format §2) for the årsrapport's
"Ændringer og vurderinger": when each override was made and by whom.

Read by the log's own reader (`core/changelog.py`); a damaged line is skipped here
(`--check` and `--print --changes` report it).
"""

from __future__ import annotations

from mrp_tui.core.changelog import LOG_NAME, LogEntry, describe_time, read_log
from mrp_tui.core.results import PlanResult

__all__ = ["LogEntry", "describe_time", "period_changes"]


def period_changes(result: PlanResult) -> tuple[LogEntry, ...]:
    """The logged changes of the result's period, oldest first. The log lies beside the
    reported figures; a scenario has none of its own."""
    figures = result.figures
    if figures is None or figures.path is None or figures.scenario is not None \
            or result.period is None:
        return ()
    return read_log(figures.path.parent / LOG_NAME, result.period).entries
