"""The scorecard as CSV for spreadsheets: one row per goal and one per delmål.

Written for Danish Excel, which is what the department opens it in (docs/print.md):
- UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 and "æøå"
  come out garbled;
- `;` between fields and a decimal comma in numbers (no thousands separator): Danish Excel
  uses `,` as the decimal sign, so it expects `;` as the list separator and reads "13,33"
  as a number. Scripts: `pandas.read_csv(f, sep=";", decimal=",", encoding="utf-8-sig")`.
Numbers are unrounded as in the JSON; dates ISO; statuses as the JSON's machine values, with a
`status_label` in the chosen language beside them. Column names are English and stable.
A text from a file that starts like a formula (`=`, `+`, `-`, `@`) gets a leading `'` so a
spreadsheet shows it instead of evaluating it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mrp_tui.core.danish import status_label
from mrp_tui.core.describe import describe_needed
from mrp_tui.core.model import MeasureKind
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult
from mrp_tui.output.document import clean

if TYPE_CHECKING:
    from mrp_tui.core.history import History

BOM = "\ufeff"
SEPARATOR = ";"
COLUMNS = (
    "plan_id", "agency", "year", "period", "as_of", "example", "scenario",
    "goal_id", "subgoal_id", "level", "section", "title",
    "points", "earned", "status", "status_label", "forecast_earned", "forecast_status",
    "measure", "target", "unit", "value", "needed", "needed_text", "forecast_value",
    "overridden", "override_reason",
)
#: With --history: last year's result beside each goal (and each delmål that corresponds).
HISTORY_COLUMNS = ("previous_plan", "previous_goals", "previous_status", "previous_points",
                   "previous_earned", "previous_target", "target_change")
Cell = str | float | int | bool | None


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = repr(float(value))
    text = text.removesuffix(".0")
    return text.replace(".", ",")


def _text(value: str | None) -> str:
    text = clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    return _text(value)


def _leaf(leaf: LeafResult | None, lang: str) -> dict[str, Cell]:
    if leaf is None:
        return {}
    measure = leaf.measure
    target: Cell = measure.threshold
    if measure.kind is MeasureKind.MILESTONE:
        target = measure.due.isoformat() if measure.due else None
    return {"measure": measure.kind.value, "target": target, "unit": measure.unit,
            "value": leaf.value, "needed": leaf.needed,
            "needed_text": describe_needed(leaf, lang), "forecast_value": leaf.forecast_value}


def _goal_rows(plan: dict[str, Cell], g: GoalResult, lang: str) -> Iterable[dict[str, Cell]]:
    goal = g.goal
    yield {**plan, "goal_id": goal.id, "level": "goal", "section": goal.section,
           "title": goal.title, "points": goal.points, "earned": g.earned,
           "status": g.status.value, "status_label": status_label(g.status, lang),
           "forecast_earned": g.forecast_earned, "forecast_status": g.forecast_status.value,
           **_leaf(g.leaf, lang), "overridden": g.overridden,
           "override_reason": g.override_reason}
    for s in g.subgoals:
        yield _subgoal_row(plan, g, s, lang)


def _subgoal_row(plan: dict[str, Cell], g: GoalResult, s: SubgoalResult,
                 lang: str) -> dict[str, Cell]:
    return {**plan, "goal_id": g.goal.id, "subgoal_id": s.subgoal.id, "level": "subgoal",
            "section": g.goal.section, "title": s.subgoal.title or s.subgoal.text,
            "points": s.points, "earned": s.earned, "status": s.status.value,
            "status_label": status_label(s.status, lang), "forecast_earned": s.forecast_earned,
            "forecast_status": s.leaf.forecast_status.value, **_leaf(s.leaf, lang),
            "overridden": False}


def render_csv(results: Sequence[PlanResult], lang: str = "da",
               goal_id: str | None = None,
               histories: Mapping[str, History] | None = None) -> str:
    """With `histories` (--history): the rows of every period with reported figures, one
    after the other (a long table to pivot on `period`), and last year's result beside."""
    columns = COLUMNS if histories is None else (*COLUMNS, *HISTORY_COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(columns)
    for r in results:
        scored = [r]
        extra: dict[tuple[str, str | None], dict[str, Cell]] = {}
        if histories is not None:
            from mrp_tui.output.csv_history import previous_cells  # --history only

            history = histories[r.plan.id]
            scenario = r.figures is not None and r.figures.scenario is not None
            scored = [*history.results, *([r] if scenario or not history.results else [])]
            extra = previous_cells(history)
        for result in scored:
            plan: dict[str, Cell] = {
                "plan_id": r.plan.id, "agency": r.plan.agency, "year": r.plan.year,
                "period": result.period.value if result.period else None,
                "as_of": result.as_of.isoformat() if result.as_of else None,
                "example": result.example,
                "scenario": result.figures.scenario if result.figures else None}
            for g in result.goals:
                if goal_id is not None and g.goal.id != goal_id:
                    continue
                for row in _goal_rows(plan, g, lang):
                    sub = row.get("subgoal_id")
                    row.update(extra.get((g.goal.id, sub if isinstance(sub, str) else None), {}))
                    writer.writerow([_cell(row.get(column)) for column in columns])
    return BOM + buffer.getvalue()
