"""The `--history` keys of plan-format.md section 4: `periods` on a plan, a `history` list on
each goal and delmål, and `previous` (last year's result) on each goal. Keys may be added,
never renamed; numbers unrounded, `null` where unknown."""

from __future__ import annotations

from typing import Any

from mrp_tui.core.history import History, PreviousGoal, PreviousLeaf
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult
from mrp_tui.output.values import target_of


def _entry(result: PlanResult, status: str, earned: float, value: float | None,
           forecast_status: str, forecast_earned: float) -> dict[str, Any]:
    assert result.period is not None
    return {"period": result.period.value,
            "as_of": result.as_of.isoformat() if result.as_of else None,
            "value": value, "status": status, "earned": earned,
            "forecast_status": forecast_status, "forecast_earned": forecast_earned}


def _goal_history(history: History, goal_id: str) -> list[dict[str, Any]]:
    out = []
    for result, g in zip(history.results, history.goal(goal_id), strict=True):
        value = g.leaf.value if g.leaf is not None else None
        out.append(_entry(result, g.status.value, g.earned, value, g.forecast_status.value,
                          g.forecast_earned))
    return out


def _subgoal_history(history: History, goal_id: str, subgoal_id: str) -> list[dict[str, Any]]:
    out = []
    for result, g in zip(history.results, history.goal(goal_id), strict=True):
        sub = next(s for s in g.subgoals if s.subgoal.id == subgoal_id)
        out.append(_entry(result, sub.status.value, sub.earned, sub.leaf.value,
                          sub.leaf.forecast_status.value, sub.forecast_earned))
    return out


def _previous(previous: PreviousGoal) -> dict[str, Any]:
    status = previous.status
    return {"plan": previous.plan.id,
            "goals": [g.id for g in previous.goals],
            "period": "year" if previous.reported else None,
            "as_of": previous.as_of.isoformat() if previous.as_of else None,
            "points": previous.points,
            "earned": previous.earned,
            "status": status.value if status is not None else None,
            "target": target_of(previous.measure) if previous.measure is not None else None,
            "change": previous.change.value if previous.change is not None else None}


def _previous_leaf(plan_id: str, leaf: PreviousLeaf) -> dict[str, Any]:
    result: LeafResult | None = leaf.result
    return {"plan": plan_id, "goal": leaf.goal_id, "subgoal": leaf.subgoal_id,
            "points": leaf.points, "earned": leaf.earned,
            "status": result.status.value if result is not None else None,
            "target": target_of(leaf.measure),
            "value": result.value if result is not None else None,
            "change": leaf.change.value if leaf.change is not None else None}


def add_history(document: dict[str, Any], result: PlanResult, history: History) -> None:
    """Add the history keys to a plan's document (as `plan_document` made it)."""
    document["periods"] = [p.value for p in history.periods]
    document["previous_plan"] = history.previous_plan.id if history.previous_plan else None
    document["history"] = [{"period": r.period.value if r.period else None,
                            "as_of": r.as_of.isoformat() if r.as_of else None,
                            "earned": r.earned, "forecast_earned": r.forecast_earned,
                            "counts": {s.value: n for s, n in r.counts.items()}}
                           for r in history.results]
    goals: dict[str, GoalResult] = {g.goal.id: g for g in result.goals}
    for goal_doc in document["goals"]:
        goal_id = goal_doc["id"]
        goal_doc["history"] = _goal_history(history, goal_id)
        previous = history.previous.get(goal_id)
        goal_doc["previous"] = _previous(previous) if previous is not None else None
        for sub_doc, sub in zip(goal_doc["subgoals"], goals[goal_id].subgoals, strict=True):
            sub_doc["history"] = _subgoal_history(history, goal_id, sub.subgoal.id)
            leaf = previous.leaves.get(sub.subgoal.id) if previous is not None else None
            sub_doc["previous"] = (_previous_leaf(previous.plan.id, leaf)
                                   if previous is not None and leaf is not None else None)
