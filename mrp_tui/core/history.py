"""The year in view: a plan scored for every period that has reported figures (Q1 → year),
and each goal against the goal(s) of last year's plan that it continues.

Nothing here is computed until asked for: the app builds a plan's history when a screen
shows it, `--print` only with `--history`. Only reported figures count: a what-if is never
shown as reported. The rules: docs/scoring.md, "The year in view".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from attrs import field, frozen

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.links import Change, PlanFinder, compare_targets
from mrp_tui.core.loader import load_figures
from mrp_tui.core.model import Figures, Goal, Measure, Period, Plan, Status
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult
from mrp_tui.core.scoring import ScoringContext, combine_statuses, score_goal, score_plan
from mrp_tui.core.workspace import PlanEntry

PERIOD_ORDER = tuple(Period)


@frozen
class PreviousLeaf:
    """Last year's delmål (or leaf goal) that one of this year's corresponds to, one to one."""

    goal_id: str
    subgoal_id: str | None
    measure: Measure
    points: float | None
    #: Scored with last year's year figures; None where there are none.
    result: LeafResult | None
    earned: float | None
    change: Change | None


@frozen
class PreviousGoal:
    """The goal(s) of last year's plan that a goal continues, with their year result."""

    plan: Plan
    goals: tuple[Goal, ...]
    #: The continued goals scored with the previous plan's year figures; () without them.
    results: tuple[GoalResult, ...]
    as_of: dt.date | None = None
    #: Per delmål id of this year's goal (None: the goal itself, when it is a leaf).
    leaves: Mapping[str | None, PreviousLeaf] = field(factory=dict)

    @property
    def reported(self) -> bool:
        return bool(self.results)

    @property
    def points(self) -> float | None:
        stated = [g.points for g in self.goals if g.points is not None]
        return sum(stated) if stated else None

    @property
    def earned(self) -> float | None:
        return sum(r.earned for r in self.results) if self.results else None

    @property
    def status(self) -> Status | None:
        if not self.results:
            return None
        if len(self.results) == 1:
            return self.results[0].status
        return combine_statuses([r.status for r in self.results], "each")

    @property
    def change(self) -> Change | None:
        """For a leaf goal that continues one leaf goal: its target against last year's."""
        leaf = self.leaves.get(None)
        return leaf.change if leaf is not None else None

    @property
    def measure(self) -> Measure | None:
        """Last year's measure, where last year's requirement was one leaf goal."""
        if len(self.goals) == 1 and self.goals[0].measure is not None:
            return self.goals[0].measure
        return None


@frozen
class History:
    plan: Plan
    #: One scored result per period with reported figures, in period order.
    results: tuple[PlanResult, ...]
    previous_plan: Plan | None = None
    #: Per goal id of this plan: what it continues (only goals that continue something found).
    previous: Mapping[str, PreviousGoal] = field(factory=dict)
    #: Figures files that could not be read (their periods are left out).
    problems: tuple[Problem, ...] = ()
    #: Why the plan named as `previous` is not there (a broken link: --check's error).
    unlinked: tuple[Problem, ...] = ()

    @property
    def periods(self) -> tuple[Period, ...]:
        return tuple(r.period for r in self.results if r.period is not None)

    def goal(self, goal_id: str) -> tuple[GoalResult, ...]:
        """The goal's result in each period, in the order of `periods`."""
        return tuple(r.goal(goal_id) for r in self.results)

    def leaf(self, goal_id: str, subgoal_id: str | None) -> tuple[tuple[LeafResult,
                                                                       float | None], ...]:
        """A leaf's result and earned points in each period (points None: none stated)."""
        out: list[tuple[LeafResult, float | None]] = []
        for g in self.goal(goal_id):
            if subgoal_id is None:
                assert g.leaf is not None
                out.append((g.leaf, g.earned if g.points is not None else None))
            else:
                sub = next(s for s in g.subgoals if s.subgoal.id == subgoal_id)
                out.append((sub.leaf, sub.earned if sub.points is not None else None))
        return tuple(out)


def score_periods(entry: PlanEntry, until: Period | None = None,
                  known: Sequence[PlanResult] = (),
                  ) -> tuple[tuple[PlanResult, ...], tuple[Problem, ...]]:
    """The plan scored with each period's reported figures (up to and with `until`); a
    result in `known` scored from the very same file is used as it is."""
    assert entry.plan is not None
    last = PERIOD_ORDER.index(until) if until is not None else len(PERIOD_ORDER)
    results: list[PlanResult] = []
    problems: list[Problem] = []
    scored = {r.figures.path: r for r in known
              if r.figures is not None and r.figures.path is not None and r.plan is entry.plan
              and r.figures.scenario is None}
    for period, path in entry.figures.items():
        if PERIOD_ORDER.index(period) > last:
            continue
        if path in scored:
            results.append(scored[path])
            continue
        try:
            figures = load_figures(path, entry.plan)
        except LoadError as err:
            problems.extend(err.problems)
            continue
        results.append(score_plan(entry.plan, figures))
    return tuple(results), tuple(problems)


def plan_history(entry: PlanEntry, finder: PlanFinder | None = None,
                 until: Period | None = None, known: Sequence[PlanResult] = ()) -> History:
    """`entry`'s plan across its periods, and against the plan it names as `previous`
    (`known`: results already scored from reported figures, not scored again)."""
    plan = entry.plan
    assert plan is not None
    results, problems = score_periods(entry, until, known)
    finder = finder or PlanFinder([entry])
    before = finder.previous(plan)
    if before is None or before.plan is None:
        return History(plan, results, None, {}, problems, finder.problems(plan))
    last_year: PlanResult | None = None
    if Period.YEAR in before.figures:
        try:
            figures = load_figures(before.figures[Period.YEAR], before.plan)
        except LoadError as err:
            problems += err.problems
        else:
            last_year = _score_continued(plan, before.plan, figures)
    previous = {goal.id: link for goal in plan.goals
                if (link := previous_goal(plan, goal, before.plan, last_year)) is not None}
    return History(plan, results, before.plan, previous, problems)


def _score_continued(plan: Plan, before: Plan, figures: Figures) -> PlanResult:
    """Last year's plan scored with its year figures: only the goals this plan continues."""
    wanted = {goal_id for goal in plan.goals for goal_id in goal.continues}
    as_of = figures.as_of or figures.period.end_date(before.year)
    context = ScoringContext(before, figures.period, as_of)
    goals = tuple(score_goal(g, figures.for_goal(g.id), context) for g in before.goals
                  if g.id in wanted)
    return PlanResult(plan=before, figures=figures, period=figures.period, as_of=as_of,
                      goals=goals)


def previous_goal(plan: Plan, goal: Goal, before: Plan,
                  last_year: PlanResult | None) -> PreviousGoal | None:
    """What `goal` continues in `before`, scored with its year figures where there are any;
    None when it continues nothing there (a link to a missing goal is --check's to report)."""
    old = [g for g in before.goals if g.id in goal.continues]
    if not old:
        return None
    results = tuple(last_year.goal(g.id) for g in old) if last_year is not None else ()
    leaves = {mine: _previous_leaf(plan, before, theirs, mine_measure, results)
              for mine, mine_measure, theirs in matched_leaves(goal, old)}
    return PreviousGoal(before, tuple(old), results,
                        last_year.as_of if last_year is not None else None, leaves)


def matched_leaves(goal: Goal, old: Sequence[Goal],
                   ) -> list[tuple[str | None, Measure, tuple[Goal, str | None, Measure]]]:
    """This year's leaves paired one to one with last year's, where that is beyond doubt: a
    leaf goal continuing one leaf goal; delmål continuing a goal with delmål of the same
    measures in the same order (then the n-th with the n-th). Otherwise no pairs: the goals
    are compared as wholes only."""
    if len(old) != 1:
        return []
    then = old[0]
    if goal.measure is not None and then.measure is not None:
        return [(None, goal.measure, (then, None, then.measure))]
    now_kinds = [s.measure.kind for s in goal.subgoals]
    if goal.subgoals and now_kinds == [s.measure.kind for s in then.subgoals]:
        return [(mine.id, mine.measure, (then, theirs.id, theirs.measure))
                for mine, theirs in zip(goal.subgoals, then.subgoals, strict=True)]
    return []


def _previous_leaf(plan: Plan, before: Plan, theirs: tuple[Goal, str | None, Measure],
                   measure: Measure, results: tuple[GoalResult, ...]) -> PreviousLeaf:
    goal, subgoal_id, their_measure = theirs
    change = compare_targets(measure, their_measure, plan.valid_from, before.valid_from)
    if subgoal_id is None:
        points = goal.points
        leaf = results[0].leaf if results else None
        earned = results[0].earned if results and points is not None else None
    else:
        index = [s.id for s in goal.subgoals].index(subgoal_id)
        points = goal.subgoal_points()[index]
        sub = results[0].subgoals[index] if results else None
        leaf = sub.leaf if sub is not None else None
        earned = sub.earned if sub is not None and points is not None else None
    return PreviousLeaf(goal.id, subgoal_id, their_measure, points, leaf, earned, change)


def build_histories(entries: Sequence[PlanEntry], results: Sequence[PlanResult],
                    ) -> dict[str, History]:
    """Each result's plan across its periods up to the one shown, and against last year."""
    finder = PlanFinder(entries)
    by_id = {e.plan.id: e for e in entries if e.plan is not None}
    return {r.plan.id: plan_history(by_id[r.plan.id], finder, r.period) for r in results}
