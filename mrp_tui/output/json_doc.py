"""The machine-readable document of plan-format.md section 4. Keys may be added, never renamed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from mrp_tui.core.describe import whatif_name
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult
from mrp_tui.output.values import target_of

if TYPE_CHECKING:
    from mrp_tui.core.history import History


def _target(leaf: LeafResult) -> Any:
    return target_of(leaf.measure)


def _inputs(leaf: LeafResult) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in leaf.inputs.given().items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "value"):
            value = value.value
        out[key] = value
    return out


def _leaf(leaf: LeafResult) -> dict[str, Any]:
    return {
        "measure": leaf.measure.kind.value,
        "target": _target(leaf),
        "unit": leaf.measure.unit,
        "value": leaf.value,
        "needed": leaf.needed,
        "forecast_value": leaf.forecast_value,
        "inputs": _inputs(leaf),
    }


def _subgoal(sub: SubgoalResult) -> dict[str, Any]:
    leaf = _leaf(sub.leaf)
    return {
        "id": sub.subgoal.id,
        "title": sub.subgoal.title,
        "measure": leaf.pop("measure"),
        "target": leaf.pop("target"),
        "value": leaf.pop("value"),
        "status": sub.leaf.status.value,
        "points": sub.points,
        "earned": sub.earned,
        "needed": leaf.pop("needed"),
        "forecast_value": leaf.pop("forecast_value"),
        "forecast_status": sub.leaf.forecast_status.value,
        **leaf,
    }


def _goal(result: GoalResult) -> dict[str, Any]:
    goal = result.goal
    out: dict[str, Any] = {
        "id": goal.id,
        "section": goal.section,
        "group": goal.group,
        "title": goal.title,
        "points": None if goal.points is None else float(goal.points),
        "earned": result.earned,
        "forecast_earned": result.forecast_earned,
        "status": result.status.value,
        "forecast_status": result.forecast_status.value,
        "overridden": result.overridden,
        "override_reason": result.override_reason,
        "comment": result.comment,
    }
    if result.leaf is not None:
        out.update(_leaf(result.leaf))
    out["subgoals"] = [_subgoal(s) for s in result.subgoals]
    return out


def plan_document(result: PlanResult, goal_id: str | None = None) -> dict[str, Any]:
    """A plan as section 4 has it; with `goal_id`, `goals` holds that goal only (the plan's
    totals stay the whole plan's)."""
    plan = result.plan
    figures = result.figures
    return {
        "id": plan.id,
        "agency": plan.agency,
        "short": plan.short,
        "year": plan.year,
        "title": plan.title,
        "period": result.period.value if result.period else None,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "example": result.example,
        "scenario": whatif_name(figures),
        "unsaved": bool(figures and figures.unsaved),
        "source": figures.source if figures else None,
        "points": float(result.points),
        "earned": result.earned,
        "forecast_earned": result.forecast_earned,
        "counts": {status.value: n for status, n in result.counts.items()},
        "goals": [_goal(g) for g in result.goals if goal_id in (None, g.goal.id)],
    }


# json.dumps escapes C0 controls itself; these would reach a terminal raw: C1 controls (\x9b is
# a CSI), DEL, and bidi overrides. They can only occur inside strings, where \uXXXX is the same.
_RAW = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def render_json(results: Iterable[PlanResult], goal_id: str | None = None,
                histories: Mapping[str, History] | None = None) -> str:
    plans = []
    for r in results:
        document = plan_document(r, goal_id)
        if histories is not None:
            from mrp_tui.output.json_history import add_history  # --history only

            add_history(document, r, histories[r.plan.id])
        plans.append(document)
    doc = {"format": 1, "plans": plans}
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
