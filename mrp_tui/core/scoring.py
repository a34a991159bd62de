"""The scoring rules of plan-format.md section 3, as pure functions over the model.

Comparisons against targets are made in exact rational arithmetic so that a figure exactly on
target is met (170 of 200 is 85 %, even though 170 / 200 * 100 is not 85.0 in floating point).
"""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

import attrs

from mrp_tui.core.model import (
    Figures,
    Goal,
    GoalFigures,
    Inputs,
    Measure,
    MeasureKind,
    Period,
    Plan,
    Status,
    Subgoal,
)
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult

K = MeasureKind


def _q(x: float) -> Fraction:
    """A number as typed (12.5 is 25/2, 0.1 is 1/10), not as its binary float."""
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


def score_plan(plan: Plan, figures: Figures | None = None, dated: bool = True) -> PlanResult:
    """Score every goal of `plan` against `figures` (None: nothing reported yet).

    `dated=False`: the figures belong to no period (what-ifs typed over a plan with no reported
    figures): scored as of no date, like no figures at all: no deadline has passed, nothing
    is final, and the result's period is None ("ingen tal")."""
    period = figures.period if figures and dated else None
    as_of = (figures.as_of or period.end_date(plan.year)) if figures and period else None
    context = ScoringContext(plan, period, as_of)
    goals = tuple(
        score_goal(goal, figures.for_goal(goal.id) if figures else None, context)
        for goal in plan.goals
    )
    return PlanResult(plan=plan, figures=figures, period=period, as_of=as_of, goals=goals)


def rescore_goals(result: PlanResult, figures: Figures, goal_ids: set[str]) -> PlanResult:
    """`result` with the goals in `goal_ids` scored again against `figures` (same period)."""
    context = ScoringContext(result.plan, result.period, result.as_of)
    goals = tuple(
        score_goal(g.goal, figures.for_goal(g.goal.id), context) if g.goal.id in goal_ids else g
        for g in result.goals
    )
    return attrs.evolve(result, figures=figures, goals=goals)


class ScoringContext:
    """What scoring needs beyond a leaf's own inputs: the period and the plan's dates."""

    __slots__ = ("as_of", "period", "valid_from", "valid_to")

    def __init__(self, plan: Plan, period: Period | None, as_of: dt.date | None) -> None:
        self.period = period
        self.as_of = as_of
        self.valid_from = plan.valid_from
        self.valid_to = plan.valid_to

    @property
    def year_over(self) -> bool:
        return self.period is Period.YEAR

    def year_fraction(self) -> Fraction | None:
        """Share of the plan period elapsed at as_of, both ends inclusive (1 at year-end)."""
        if self.as_of is None or self.as_of < self.valid_from:
            return None
        if self.year_over or self.as_of >= self.valid_to:
            return Fraction(1)
        whole = (self.valid_to - self.valid_from).days + 1
        elapsed = (self.as_of - self.valid_from).days + 1
        return Fraction(elapsed, whole)


def score_goal(goal: Goal, figures: GoalFigures | None, context: ScoringContext) -> GoalResult:
    gfig = figures or GoalFigures()
    points = goal.points or 0.0
    if goal.measure is not None:
        leaf = score_leaf(goal.measure, gfig.inputs, context)
        earned = _leaf_earned(leaf.status, points)
        forecast_earned = _leaf_earned(leaf.forecast_status, points)
        status, forecast_status = leaf.status, leaf.forecast_status
        subs: tuple[SubgoalResult, ...] = ()
    else:
        leaf = None
        subs = tuple(
            _score_subgoal(sub, share, gfig.for_leaf(sub.id), context)
            for sub, share in zip(goal.subgoals, goal.subgoal_points(), strict=True)
        )
        status = combine_statuses([s.leaf.status for s in subs], goal.combine)
        forecast_status = combine_statuses([s.leaf.forecast_status for s in subs], goal.combine)
        if goal.combine == "all":
            earned = points if status is Status.MET else 0.0
            forecast_earned = points if forecast_status is Status.MET else 0.0
        else:
            earned = sum(s.earned for s in subs)
            forecast_earned = sum(s.forecast_earned for s in subs)
    reason = None
    if gfig.override is not None:
        override = gfig.override
        status = forecast_status = override.status
        earned = forecast_earned = (
            override.earned if override.earned is not None else _leaf_earned(status, points)
        )
        reason = override.reason
    return GoalResult(goal=goal, earned=earned, forecast_earned=forecast_earned, status=status,
                      forecast_status=forecast_status, leaf=leaf, subgoals=subs,
                      override_reason=reason, comment=gfig.comment)


def _score_subgoal(sub: Subgoal, share: float | None, inputs: Inputs,
                   context: ScoringContext) -> SubgoalResult:
    leaf = score_leaf(sub.measure, inputs, context)
    points = share or 0.0
    return SubgoalResult(subgoal=sub, points=share, leaf=leaf,
                         earned=_leaf_earned(leaf.status, points),
                         forecast_earned=_leaf_earned(leaf.forecast_status, points))


def _leaf_earned(status: Status, points: float) -> float:
    if status is Status.MET:
        return points
    if status is Status.PARTLY_MET:
        return points / 2
    return 0.0


def combine_statuses(statuses: list[Status], combine: str) -> Status:
    """A goal's status from its subgoals' (a partly met subgoal is not met under "all")."""
    if all(s is Status.MET for s in statuses):
        return Status.MET
    if combine == "all":
        if any(s in (Status.NOT_MET, Status.PARTLY_MET) for s in statuses):
            return Status.NOT_MET
        return Status.PENDING
    if any(s in (Status.MET, Status.PARTLY_MET) for s in statuses):
        return Status.PARTLY_MET
    if any(s is Status.PENDING for s in statuses):
        return Status.PENDING
    return Status.NOT_MET


# --------------------------------------------------------------------------- leaves


def score_leaf(measure: Measure, inputs: Inputs, context: ScoringContext) -> LeafResult:
    if measure.kind is K.MILESTONE:
        status = _milestone_status(measure, inputs, context)
        needed = _milestone_needed(measure, inputs, context)
        return LeafResult(measure, inputs, None, status, needed, None, status)
    if measure.kind is K.ASSESSED:
        status = inputs.verdict or Status.PENDING
        return LeafResult(measure, inputs, None, status, None, None, status)

    exact = _value(measure, inputs)
    value = float(exact) if exact is not None else None
    if exact is None or measure.threshold is None:
        status = Status.PENDING
    else:
        status = _status(measure, exact, context.year_over)
    forecast = _forecast(measure, exact, inputs, context)
    if forecast is None or measure.threshold is None:
        forecast_status = Status.PENDING
    else:
        forecast_status = _status(measure, forecast, year_over=True)
    needed = _needed(measure, exact, inputs)
    return LeafResult(measure, inputs, value, status, needed,
                      float(forecast) if forecast is not None else None, forecast_status)


def _value(measure: Measure, inputs: Inputs) -> Fraction | None:
    """The computed value of the table in section 1, exactly; None when not computable."""
    kind = measure.kind
    if kind in (K.AT_LEAST, K.AT_MOST):
        return None if inputs.actual is None else _q(inputs.actual)
    if kind in (K.REDUCTION, K.INCREASE):
        if inputs.baseline is None or inputs.actual is None or inputs.baseline == 0:
            return None
        change = _q(inputs.baseline) - _q(inputs.actual)
        if kind is K.INCREASE:
            change = -change
        return change / _q(inputs.baseline) * 100
    if kind is K.SHARE:
        if inputs.met is None or inputs.total is None or inputs.total == 0:
            return None
        return _q(inputs.met) / _q(inputs.total) * 100
    if kind is K.AVERAGE:
        if inputs.values is not None:
            return trimmed_mean(inputs.values, measure.keep_pct)
        return None if inputs.average is None else _q(inputs.average)
    return None


def trimmed_mean(values: tuple[float, ...], keep_pct: float) -> Fraction | None:
    """Mean of the fastest keep_pct % of cases: floor(n * keep_pct / 100) of them, at least 1."""
    if not values:
        return None
    ordered = sorted(_q(v) for v in values)
    keep = max(1, math.floor(len(ordered) * _q(keep_pct) / 100))
    kept = ordered[:keep]
    return sum(kept, Fraction(0)) / len(kept)


def _meets(measure: Measure, value: Fraction) -> bool:
    assert measure.threshold is not None
    target = _q(measure.threshold)
    if measure.kind in (K.AT_MOST, K.AVERAGE):
        return value <= target
    return value >= target


def _status(measure: Measure, value: Fraction, year_over: bool) -> Status:
    met = _meets(measure, value)
    if measure.cumulative and not year_over:
        # A running count mid-year decides only once the requirement is already settled.
        if measure.kind is K.AT_LEAST:
            return Status.MET if met else Status.PENDING
        if measure.kind is K.AT_MOST:
            return Status.PENDING if met else Status.NOT_MET
    return Status.MET if met else Status.NOT_MET


def _forecast(measure: Measure, value: Fraction | None, inputs: Inputs,
              context: ScoringContext) -> Fraction | None:
    if inputs.forecast is not None:
        return _q(inputs.forecast)
    if value is None:
        return None
    if measure.cumulative:
        fraction = context.year_fraction()
        return None if fraction is None else value / fraction
    return value


def _needed(measure: Measure, value: Fraction | None, inputs: Inputs) -> float | None:
    """What is missing to be met, per section 3 (see docs/scoring.md for the units)."""
    if value is None or measure.threshold is None:
        return None
    target = _q(measure.threshold)
    kind = measure.kind
    if kind is K.AT_LEAST:
        return float(max(Fraction(0), target - value))
    if kind is K.AT_MOST:
        return float(target - value)
    if kind is K.SHARE:
        assert inputs.met is not None and inputs.total is not None
        missing = target * _q(inputs.total) / 100 - _q(inputs.met)
        return float(max(0, math.ceil(missing)))
    if kind is K.REDUCTION:
        assert inputs.baseline is not None
        return float(_q(inputs.baseline) * (1 - target / 100))
    if kind is K.INCREASE:
        assert inputs.baseline is not None
        return float(_q(inputs.baseline) * (1 + target / 100))
    if kind is K.AVERAGE:
        return float(max(Fraction(0), value - target))
    return None


def _milestone_status(measure: Measure, inputs: Inputs, context: ScoringContext) -> Status:
    if measure.due is None:
        return Status.PENDING
    if inputs.done_on is not None:
        return Status.MET if inputs.done_on <= measure.due else Status.NOT_MET
    if context.as_of is not None and context.as_of > measure.due:
        return Status.NOT_MET
    return Status.PENDING


def _milestone_needed(measure: Measure, inputs: Inputs, context: ScoringContext) -> float | None:
    if measure.due is None:
        return None
    if inputs.done_on is not None:
        return 0.0 if inputs.done_on <= measure.due else None
    if context.as_of is None:
        return None
    return float((measure.due - context.as_of).days)
