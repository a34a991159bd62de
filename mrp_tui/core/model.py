"""The domain model: plans, goals, measures and the figures reported against them.

Everything here is frozen. A changed figure is a new object (`attrs.evolve`), never a mutation,
so a score computed from one set of figures can never be changed under the caller's feet.
The TOML layout lives in `loader.py` (`load_plan`, `load_figures`), which imports this module
and never the other way round; this module knows nothing about files.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Literal

import attrs
from attrs import field, frozen


class Status(enum.StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    PENDING = "pending"


class MeasureKind(enum.StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    REDUCTION = "reduction"
    INCREASE = "increase"
    SHARE = "share"
    AVERAGE = "average"
    MILESTONE = "milestone"
    ASSESSED = "assessed"


class Period(enum.StrEnum):
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    YEAR = "year"

    def end_date(self, year: int) -> dt.date:
        month = {"Q1": 3, "Q2": 6, "Q3": 9, "year": 12}[self.value]
        day = 31 if month in (3, 12) else 30
        return dt.date(year, month, day)


Section = Literal["faglig", "koncernfælles"]
SECTIONS: tuple[Section, ...] = ("faglig", "koncernfælles")
Combine = Literal["each", "all"]

#: The input names each measure reads from a figures file (`forecast` is accepted by all).
MEASURE_INPUTS: Mapping[MeasureKind, tuple[str, ...]] = MappingProxyType(
    {
        MeasureKind.AT_LEAST: ("actual",),
        MeasureKind.AT_MOST: ("actual",),
        MeasureKind.REDUCTION: ("baseline", "actual"),
        MeasureKind.INCREASE: ("baseline", "actual"),
        MeasureKind.SHARE: ("met", "total"),
        MeasureKind.AVERAGE: ("average", "values"),
        MeasureKind.MILESTONE: ("done_on",),
        MeasureKind.ASSESSED: ("verdict", "reason"),
    }
)


def _frozen_mapping(value: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(value))


@frozen
class Measure:
    """How a leaf is scored. `threshold` is the plan's target, target_pct or max."""

    kind: MeasureKind
    threshold: float | None = None
    due: dt.date | None = None
    cumulative: bool = False
    keep_pct: float = field(default=100.0)
    unit: str | None = None

    @keep_pct.validator
    def _check_keep(self, _: attrs.Attribute[float], value: float) -> None:
        if not 0 < value <= 100:
            raise ValueError(f"keep_pct must be in (0, 100], got {value}")

    @property
    def has_target(self) -> bool:
        if self.kind is MeasureKind.ASSESSED:
            return True
        if self.kind is MeasureKind.MILESTONE:
            return self.due is not None
        return self.threshold is not None

    @property
    def input_names(self) -> tuple[str, ...]:
        return MEASURE_INPUTS[self.kind]


@frozen
class Subgoal:
    id: str
    text: str
    measure: Measure
    title: str | None = None
    points: float | None = None
    note: str | None = None


@frozen
class Group:
    id: str
    text: str | None = None
    area: str | None = None
    title: str | None = None
    note: str | None = None


@frozen
class Goal:
    id: str
    section: Section
    title: str
    text: str
    points: float | None = None
    measure: Measure | None = None
    subgoals: tuple[Subgoal, ...] = ()
    combine: Combine = "each"
    group: str | None = None
    area: str | None = None
    note: str | None = None
    #: Goal ids of the previous year's plan that this goal carries on (plan-format §1).
    continues: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (self.measure is None) == (not self.subgoals):
            raise ValueError(f"goal {self.id}: needs either a measure or subgoals, not both")

    def subgoal(self, subgoal_id: str) -> Subgoal:
        for sub in self.subgoals:
            if sub.id == subgoal_id:
                return sub
        raise KeyError(subgoal_id)

    def subgoal_points(self) -> tuple[float | None, ...]:
        """Each subgoal's share of the goal's points: stated, else equal."""
        if self.points is None:
            return tuple(None for _ in self.subgoals)
        if self.subgoals and all(s.points is not None for s in self.subgoals):
            return tuple(s.points for s in self.subgoals)
        return tuple(self.points / len(self.subgoals) for _ in self.subgoals)


@frozen
class Plan:
    id: str
    agency: str
    year: int
    title: str
    goals: tuple[Goal, ...]
    ministry: str | None = None
    source: str | None = None
    short: str | None = None
    valid_from: dt.date = field()
    valid_to: dt.date = field()
    note: str | None = None
    groups: tuple[Group, ...] = ()
    #: The plan id of the same agency's plan of the year before (plan-format §1).
    previous: str | None = None
    path: Path | None = field(default=None, eq=False)

    @valid_from.default
    def _default_from(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @valid_to.default
    def _default_to(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def goal(self, goal_id: str) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(goal_id)

    @property
    def points(self) -> float:
        return sum(g.points for g in self.goals if g.points is not None)


@frozen
class Inputs:
    """Reported inputs for one leaf. None means 'not reported'."""

    actual: float | None = None
    baseline: float | None = None
    met: float | None = None
    total: float | None = None
    average: float | None = None
    values: tuple[float, ...] | None = None
    done_on: dt.date | None = None
    verdict: Status | None = None
    reason: str | None = None
    forecast: float | None = None

    def given(self) -> dict[str, object]:
        """The reported inputs only, in declaration order."""
        return {k: v for k, v in attrs.asdict(self, recurse=False).items() if v is not None}

    def merged(self, changes: Inputs) -> Inputs:
        """These inputs with every input that `changes` reports laid over them."""
        return attrs.evolve(self, **changes.given())  # type: ignore[arg-type]


INPUT_NAMES: tuple[str, ...] = tuple(a.name for a in attrs.fields(Inputs))


@frozen
class Override:
    """A judgement that replaces the computed status and points of a goal."""

    status: Status
    reason: str
    earned: float | None = None


@frozen
class GoalFigures:
    inputs: Inputs = Inputs()
    subgoals: Mapping[str, Inputs] = field(factory=dict, converter=_frozen_mapping)
    override: Override | None = None
    #: The explanation of the goal's result for this period (plan-format §2).
    comment: str | None = None

    def for_leaf(self, subgoal_id: str | None) -> Inputs:
        if subgoal_id is None:
            return self.inputs
        return self.subgoals.get(subgoal_id, Inputs())

    def merged(self, changes: GoalFigures) -> GoalFigures:
        subs = dict(self.subgoals)
        for sid, inputs in changes.subgoals.items():
            subs[sid] = self.for_leaf(sid).merged(inputs)
        return GoalFigures(
            inputs=self.inputs.merged(changes.inputs),
            subgoals=subs,
            override=changes.override or self.override,
            comment=changes.comment if changes.comment is not None else self.comment,
        )


@frozen
class Figures:
    """Reported inputs for one plan and period, or a scenario's changes to them."""

    plan: str
    period: Period
    as_of: dt.date | None
    goals: Mapping[str, GoalFigures] = field(factory=dict, converter=_frozen_mapping)
    example: bool = False
    note: str | None = None
    scenario: str | None = None
    based_on: Period | None = None
    #: Where the figures came from, e.g. "Indberetning 12/10/2024" (plan-format §2).
    source: str | None = None
    path: Path | None = field(default=None, eq=False)
    #: Holds what-if changes saved to no file (the app's export of unsaved edits); never read
    #: from a file. Outputs mark such figures as not reported (core/describe.describe_whatif).
    unsaved: bool = False

    @classmethod
    def empty(cls, plan: Plan, period: Period = Period.YEAR) -> Figures:
        return cls(plan=plan.id, period=period, as_of=period.end_date(plan.year))

    def for_goal(self, goal_id: str) -> GoalFigures:
        return self.goals.get(goal_id, GoalFigures())

    def inputs(self, goal_id: str, subgoal_id: str | None = None) -> Inputs:
        return self.for_goal(goal_id).for_leaf(subgoal_id)

    def with_inputs(self, goal_id: str, subgoal_id: str | None, inputs: Inputs) -> Figures:
        """A copy with one leaf's inputs replaced."""
        current = self.for_goal(goal_id)
        if subgoal_id is None:
            changed = attrs.evolve(current, inputs=inputs)
        else:
            changed = attrs.evolve(current, subgoals={**current.subgoals, subgoal_id: inputs})
        return attrs.evolve(self, goals={**self.goals, goal_id: changed})

    def apply(self, scenario: Figures) -> Figures:
        """These figures with a scenario's changed inputs laid over them."""
        goals = dict(self.goals)
        for goal_id, changes in scenario.goals.items():
            goals[goal_id] = self.for_goal(goal_id).merged(changes)
        return attrs.evolve(self, goals=goals, scenario=scenario.scenario, path=scenario.path)
