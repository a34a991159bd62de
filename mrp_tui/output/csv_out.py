"""The scorecard as CSV for spreadsheets: one row per goal and one per delmål.

Written for Danish Excel, which is what the department opens it in (docs/print.md):
- UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 and "æøå"
  come out garbled;
- `;` between fields and a decimal comma in numbers (no thousands separator): Danish Excel
  uses `,` as the decimal sign, so it expects `;` as the list separator and reads "13,33"
  as a number. Scripts: `pandas.read_csv(f, sep=";", decimal=",", encoding="utf-8-sig")`.
A goal's `comment` (the explanation of its result) is on one line: its line breaks become
spaces. Numbers are unrounded as in the JSON; dates ISO; statuses as the JSON's machine
values, with a `status_label` in the chosen language beside them. Column names are English
and stable.
A text from a file that starts like a formula (`=`, `+`, `-`, `@`) gets a leading `'` so a
spreadsheet shows it instead of evaluating it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from mrp_tui.core.danish import status_label
from mrp_tui.core.describe import describe_needed
from mrp_tui.core.model import MeasureKind
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult
from mrp_tui.output.document import clean

BOM = "\ufeff"
SEPARATOR = ";"
COLUMNS = (
    "plan_id", "agency", "year", "period", "as_of", "example", "scenario",
    "goal_id", "subgoal_id", "level", "section", "title",
    "points", "earned", "status", "status_label", "forecast_earned", "forecast_status",
    "measure", "target", "unit", "value", "needed", "needed_text", "forecast_value",
    "overridden", "override_reason", "comment",
)
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
           "override_reason": g.override_reason, "comment": g.comment}
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
               goal_id: str | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in results:
        plan: dict[str, Cell] = {
            "plan_id": r.plan.id, "agency": r.plan.agency, "year": r.plan.year,
            "period": r.period.value if r.period else None,
            "as_of": r.as_of.isoformat() if r.as_of else None, "example": r.example,
            "scenario": r.figures.scenario if r.figures else None}
        for g in r.goals:
            if goal_id is not None and g.goal.id != goal_id:
                continue
            for row in _goal_rows(plan, g, lang):
                writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return BOM + buffer.getvalue()
