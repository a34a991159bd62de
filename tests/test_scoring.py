"""Every measure and rule of plan-format.md section 3."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import plan_from, score

from mrp_tui.core.check import plan_warnings
from mrp_tui.core.model import Status

MET, PARTLY, NOT_MET, PENDING = Status.MET, Status.PARTLY_MET, Status.NOT_MET, Status.PENDING


def leaf(measure: str, params: str = "", points: float = 10) -> str:
    return f"""
[[goal]]
id = "g"
section = "faglig"
title = "T"
text = "x"
points = {points}
measure = "{measure}"
{params}
"""


def one(measure: str, params: str, inputs: str, period: str = "year",
        as_of: dt.date | None = None, year: int = 2024):
    result = score(leaf(measure, params), f'[goal."g"]\n{inputs}', period, as_of, year)
    return result.goals[0]


@pytest.mark.parametrize(
    ("measure", "params", "inputs", "status"),
    [
        ("at_least", "target = 150", "actual = 150", MET),
        ("at_least", "target = 150", "actual = 149", NOT_MET),
        ("at_most", "target = 40", "actual = 40", MET),
        ("at_most", "target = 40", "actual = 40.5", NOT_MET),
        ("share", "target_pct = 85", "met = 170\ntotal = 200", MET),
        ("share", "target_pct = 29", "met = 29\ntotal = 100", MET),  # 29/100*100 < 29 in floats
        ("share", "target_pct = 85", "met = 169\ntotal = 200", NOT_MET),
        ("share", "target_pct = 100", "met = 0\ntotal = 0", PENDING),
        ("reduction", "target_pct = 10", "baseline = 320\nactual = 288", MET),
        ("reduction", "target_pct = 10", "baseline = 320\nactual = 289", NOT_MET),
        ("increase", "target_pct = 10", "baseline = 200\nactual = 220", MET),
        ("increase", "target_pct = 10", "baseline = 200\nactual = 219", NOT_MET),
        ("average", "max = 110", "average = 110", MET),
        ("average", "max = 110", "average = 110.1", NOT_MET),
        ("assessed", "", 'verdict = "met"\nreason = "ok"', MET),
        ("assessed", "", 'verdict = "not_met"', NOT_MET),
        ("assessed", "", "", PENDING),
        ("at_least", "target = 150", "", PENDING),
    ],
)
def test_measure_status(measure: str, params: str, inputs: str, status: Status) -> None:
    assert one(measure, params, inputs).status is status


def test_exactly_on_target_earns_the_points() -> None:
    goal = one("share", "target_pct = 85", "met = 170\ntotal = 200")
    assert (goal.status, goal.earned, goal.leaf.needed) == (MET, 10, 0)


def test_missing_target_is_pending_and_warned() -> None:
    result = score(leaf("at_least", ""), '[goal."g"]\nactual = 5')
    assert result.goals[0].status is PENDING
    assert result.goals[0].leaf.value == 5
    warnings = plan_warnings(result.plan)
    assert any("intet mål (target)" in w.message and w.where == "mål g" for w in warnings)


def test_values_average_trims_the_slowest_cases() -> None:
    # 20 cases 1..20, keep 95 %: floor(19) fastest, mean of 1..19 = 10.
    values = ", ".join(str(v) for v in range(20, 0, -1))
    goal = one("average", "max = 10\nkeep_pct = 95", f"values = [{values}]")
    assert goal.leaf.value == 10
    assert goal.status is MET
    # Only the top is trimmed: one huge outlier does not count, one huge small value would.
    goal = one("average", "max = 10\nkeep_pct = 95", f"values = [{values.replace('20', '999')}]")
    assert goal.leaf.value == 10


def test_values_average_keeps_at_least_one_case() -> None:
    goal = one("average", "max = 100\nkeep_pct = 95", "values = [120]")
    assert goal.leaf.value == 120
    assert goal.status is NOT_MET
    assert goal.leaf.needed == 20


def test_no_cases_is_pending() -> None:
    assert one("average", "max = 100", "values = []").status is PENDING


@pytest.mark.parametrize(
    ("done_on", "as_of", "status", "needed"),
    [
        ("2024-09-29", "2024-09-30", MET, 0),
        ("2024-09-30", "2024-09-30", MET, 0),
        ("2024-10-01", "2024-12-31", NOT_MET, None),
        (None, "2024-09-30", PENDING, 0),
        (None, "2024-06-30", PENDING, 92),
        (None, "2024-10-01", NOT_MET, -1),
    ],
)
def test_milestone(done_on: str | None, as_of: str, status: Status, needed: int | None) -> None:
    inputs = f"done_on = {done_on}" if done_on else ""
    goal = one("milestone", "due = 2024-09-30", inputs, "Q3", dt.date.fromisoformat(as_of))
    assert goal.status is status
    assert goal.leaf.needed == needed


@pytest.mark.parametrize(
    ("measure", "actual", "status"),
    [
        ("at_least", 150, MET),  # already there in September: met
        ("at_least", 149, PENDING),  # the year is not over
        ("at_most", 41, NOT_MET),  # already broken
        ("at_most", 40, PENDING),
    ],
)
def test_cumulative_mid_year(measure: str, actual: int, status: Status) -> None:
    target = 150 if measure == "at_least" else 40
    goal = one(measure, f"target = {target}\ncumulative = true", f"actual = {actual}", "Q3",
               dt.date(2024, 9, 30))
    assert goal.status is status


def test_cumulative_at_year_end_is_decided() -> None:
    goal = one("at_least", "target = 150\ncumulative = true", "actual = 149")
    assert goal.status is NOT_MET


@pytest.mark.parametrize(("year", "days_elapsed", "days_in_year"), [(2024, 274, 366),
                                                                    (2023, 273, 365)])
def test_forecast_scales_cumulative_counts_by_days(year: int, days_elapsed: int,
                                                   days_in_year: int) -> None:
    goal = one("at_least", "target = 150\ncumulative = true", "actual = 120", "Q3",
               dt.date(year, 9, 30), year)
    assert goal.leaf.forecast_value == pytest.approx(120 * days_in_year / days_elapsed)
    assert goal.forecast_status is MET  # 160.3 / 160.4 >= 150
    assert goal.status is PENDING
    assert goal.forecast_earned == 10 and goal.earned == 0


def test_forecast_of_non_cumulative_is_the_value() -> None:
    goal = one("share", "target_pct = 90", "met = 80\ntotal = 100", "Q3", dt.date(2024, 9, 30))
    assert goal.leaf.forecast_value == 80
    assert goal.forecast_status is NOT_MET


def test_forecast_input_replaces_the_computed_one() -> None:
    goal = one("share", "target_pct = 90", "met = 80\ntotal = 100\nforecast = 91", "Q3",
               dt.date(2024, 9, 30))
    assert goal.leaf.forecast_value == 91
    assert goal.forecast_status is MET


NEEDED = [
    ("at_least", "target = 150", "actual = 112", 38),
    ("at_least", "target = 150", "actual = 160", 0),
    ("at_most", "target = 40", "actual = 30", 10),
    ("at_most", "target = 40", "actual = 45", -5),
    ("share", "target_pct = 85", "met = 160\ntotal = 200", 10),
    ("share", "target_pct = 85", "met = 169\ntotal = 199", 1),  # 169.15 -> one more case
    ("reduction", "target_pct = 10", "baseline = 320\nactual = 301", 288),
    ("increase", "target_pct = 10", "baseline = 200\nactual = 190", 220),
    ("average", "max = 110", "average = 125", 15),
    ("average", "max = 110", "average = 90", 0),
]


@pytest.mark.parametrize(("measure", "params", "inputs", "needed"), NEEDED)
def test_needed(measure: str, params: str, inputs: str, needed: float) -> None:
    assert one(measure, params, inputs).leaf.needed == pytest.approx(needed)


SUBGOALS = """
[[goal]]
id = "g"
section = "faglig"
title = "T"
text = "x"
points = 30
combine = "{combine}"
{subs}
"""


def sub(sid: str, points: str = "") -> str:
    return f"""
  [[goal.subgoal]]
  id = "{sid}"
  text = "s"
  measure = "at_least"
  target = 10
  {points}
"""


def subgoal_figures(**actuals: int) -> str:
    return "".join(f'[goal."g".subgoal."{k}"]\nactual = {v}\n' for k, v in actuals.items())


def test_each_subgoal_earns_its_equal_share() -> None:
    plan = SUBGOALS.format(combine="each", subs=sub("1") + sub("2") + sub("3"))
    result = score(plan, subgoal_figures(**{"1": 10, "2": 9, "3": 12}))
    goal = result.goals[0]
    assert [s.points for s in goal.subgoals] == [10, 10, 10]
    assert goal.earned == 20
    assert goal.status is PARTLY
    assert result.earned == 20 and result.points == 30


def test_each_none_met_is_not_met_or_pending() -> None:
    plan = SUBGOALS.format(combine="each", subs=sub("1") + sub("2"))
    assert score(plan, subgoal_figures(**{"1": 1, "2": 2})).goals[0].status is NOT_MET
    assert score(plan, subgoal_figures(**{"1": 1})).goals[0].status is PENDING
    assert score(plan, subgoal_figures(**{"1": 10, "2": 10})).goals[0].status is MET


def test_explicit_subgoal_points() -> None:
    subs = sub("Valby", "points = 20") + sub("Aarhus", "points = 10")
    result = score(SUBGOALS.format(combine="each", subs=subs),
                   subgoal_figures(Valby=10, Aarhus=3))
    assert [s.points for s in result.goals[0].subgoals] == [20, 10]
    assert result.goals[0].earned == 20


def test_combine_all_earns_only_when_every_subgoal_is_met() -> None:
    plan = SUBGOALS.format(combine="all", subs=sub("1") + sub("2"))
    one_short = score(plan, subgoal_figures(**{"1": 10, "2": 9})).goals[0]
    assert (one_short.status, one_short.earned) == (NOT_MET, 0)
    both = score(plan, subgoal_figures(**{"1": 10, "2": 10})).goals[0]
    assert (both.status, both.earned) == (MET, 30)
    waiting = score(plan, subgoal_figures(**{"1": 10})).goals[0]
    assert (waiting.status, waiting.earned) == (PENDING, 0)


def test_assessed_partly_met_earns_half() -> None:
    goal = one("assessed", "", 'verdict = "partly_met"\nreason = "delvist"')
    assert (goal.status, goal.earned) == (PARTLY, 5)


def test_override_replaces_status_and_points() -> None:
    inputs = ('actual = 100\n[goal."g".override]\nstatus = "partly_met"\nearned = 3\n'
              'reason = "aftalt"')
    goal = one("at_least", "target = 150", inputs)
    assert (goal.status, goal.earned, goal.overridden) == (PARTLY, 3, True)
    assert goal.override_reason == "aftalt"
    assert goal.leaf.status is NOT_MET  # the computed result stays visible


def test_override_without_earned_takes_the_status_points() -> None:
    inputs = '[goal."g".override]\nstatus = "met"\nreason = "aftalt"'
    assert one("at_least", "target = 150", inputs).earned == 10


def test_goal_without_points_earns_nothing_and_is_not_possible() -> None:
    goals = leaf("at_least", "target = 1").replace("points = 10\n", "") + leaf(
        "at_least", "target = 1").replace('id = "g"', 'id = "h"')
    result = score(goals, '[goal."g"]\nactual = 5\n[goal."h"]\nactual = 5')
    assert result.points == 10
    assert [g.earned for g in result.goals] == [0, 10]
    assert result.goals[0].status is MET


def test_counts_by_goal_status() -> None:
    goals = "".join(leaf("at_least", "target = 10").replace('id = "g"', f'id = "{i}"')
                    for i in "abcd")
    result = score(goals, '[goal."a"]\nactual = 10\n[goal."b"]\nactual = 10\n'
                          '[goal."c"]\nactual = 1\n')
    assert result.counts == {MET: 2, PARTLY: 0, NOT_MET: 1, PENDING: 1}


def test_no_figures_is_all_pending() -> None:
    from mrp_tui.core.scoring import score_plan

    result = score_plan(plan_from(leaf("at_least", "target = 1")))
    assert result.goals[0].status is PENDING and result.period is None
