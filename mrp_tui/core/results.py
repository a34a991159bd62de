"""Scored results: what the engine computes from a plan and its figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from attrs import frozen

from mrp_tui.core.model import Figures, Goal, Inputs, Measure, Period, Plan, Status, Subgoal


@frozen
class LeafResult:
    """A scored measure: a leaf goal or a subgoal."""

    measure: Measure
    inputs: Inputs
    value: float | None
    status: Status
    needed: float | None
    forecast_value: float | None
    forecast_status: Status


@frozen
class SubgoalResult:
    subgoal: Subgoal
    points: float | None
    earned: float
    forecast_earned: float
    leaf: LeafResult

    @property
    def status(self) -> Status:
        return self.leaf.status


@frozen
class GoalResult:
    goal: Goal
    earned: float
    forecast_earned: float
    status: Status
    forecast_status: Status
    leaf: LeafResult | None
    subgoals: tuple[SubgoalResult, ...]
    override_reason: str | None = None
    #: The figures' explanation of this goal's result for the period.
    comment: str | None = None

    @property
    def points(self) -> float | None:
        return self.goal.points

    @property
    def overridden(self) -> bool:
        return self.override_reason is not None


@frozen
class PlanResult:
    plan: Plan
    figures: Figures | None
    period: Period | None
    as_of: dt.date | None
    goals: tuple[GoalResult, ...]

    @property
    def points(self) -> float:
        return self.plan.points

    @property
    def earned(self) -> float:
        return sum(g.earned for g in self.goals)

    @property
    def forecast_earned(self) -> float:
        return sum(g.forecast_earned for g in self.goals)

    @property
    def example(self) -> bool:
        return self.figures is not None and self.figures.example

    @property
    def counts(self) -> Mapping[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for goal in self.goals:
            counts[goal.status] += 1
        return counts

    def goal(self, goal_id: str) -> GoalResult:
        for result in self.goals:
            if result.goal.id == goal_id:
                return result
        raise KeyError(goal_id)
