"""core/describe.py: what a target, a value and "needed" mean, per measure, in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import score

from mrp_tui.core.describe import (
    describe_amount,
    describe_goal_needed,
    describe_needed,
    describe_target,
    describe_value,
    singular,
)
from mrp_tui.core.results import GoalResult, LeafResult


def leaf(measure: str, params: str, inputs: str, period: str = "year",
         as_of: dt.date | None = None) -> LeafResult:
    goals = f"""
[[goal]]
id = "g"
section = "faglig"
title = "T"
text = "x"
points = 10
measure = "{measure}"
{params}
"""
    result = score(goals, f'[goal."g"]\n{inputs}', period, as_of).goals[0].leaf
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("measure", "params", "inputs", "target", "value", "needed"),
    [
        ("at_least", 'target = 150\nunit = "udsendte"', "actual = 112",
         "mindst 150 udsendte", "112 udsendte", "38 udsendte"),  # under "Mangler": no echo
        ("at_least", 'target = 150\nunit = "udsendte"', "actual = 149",
         "mindst 150 udsendte", "149 udsendte", "1 udsendt"),  # one is singular
        ("at_least", 'target = 1\nunit = "afviste asylansøgere i udsendelsesposition"',
         "actual = 0", "mindst 1 afvist asylansøger i udsendelsesposition",
         "0 afviste asylansøgere i udsendelsesposition",
         "1 afvist asylansøger i udsendelsesposition"),
        ("at_least", 'target = 150\nunit = "udsendte"', "actual = 160",
         "mindst 150 udsendte", "160 udsendte", "nået"),
        ("at_most", 'target = 40\nunit = "sager"', "actual = 28",
         "højst 40 sager", "28 sager", "plads til 12 sager"),
        ("at_most", 'target = 40\nunit = "sager"', "actual = 43",
         "højst 40 sager", "43 sager", "3 sager for mange"),
        ("share", 'target_pct = 85\nunit = "sager"', "met = 160\ntotal = 200",
         "mindst 85 %", "80 % (160 af 200)", "10 sager mere"),
        ("share", "target_pct = 85", "met = 1699\ntotal = 2000",
         "mindst 85 %", "84,95 % (1.699 af 2.000)", "1 sag mere"),
        ("share", "target_pct = 85", "met = 17\ntotal = 20", "mindst 85 %", "85 % (17 af 20)",
         "nået"),
        ("reduction", 'target_pct = 10\nunit = "sager"', "baseline = 320\nactual = 301",
         "nedbragt mindst 10 %", "nedbragt 5,9 % (320 → 301)", "højst 288 sager"),
        # met already: nothing is missing, and the limit is not shown as if it were a demand
        ("reduction", 'target_pct = 10\nunit = "sager"', "baseline = 320\nactual = 200",
         "nedbragt mindst 10 %", "nedbragt 37,5 % (320 → 200)", "nået"),
        ("increase", "target_pct = 10", "baseline = 205\nactual = 300",
         "øget mindst 10 %", "øget 46,3 % (205 → 300)", "nået"),
        ("increase", "target_pct = 10", "baseline = 205\nactual = 210",
         "øget mindst 10 %", "øget 2,4 % (205 → 210)", "mindst 226"),
        ("average", 'max = 110\nunit = "dage"', "average = 125",
         "gennemsnit højst 110 dage", "125 dage", "skær 15 dage"),
        ("average", "max = 110\nkeep_pct = 95", "average = 100",
         "gennemsnit højst 110 dage (de 95 % hurtigste)", "100 dage", "nået"),
        ("assessed", "", 'verdict = "partly_met"',
         "vurderes", "delvist opfyldt", "–"),
        ("at_least", "", "actual = 3", "intet mål angivet", "3", "–"),
    ],
)
def test_phrases(measure: str, params: str, inputs: str, target: str, value: str,
                 needed: str) -> None:
    result = leaf(measure, params, inputs)
    assert describe_target(result.measure) == target
    assert describe_value(result) == value
    assert describe_needed(result) == needed


def test_milestone_phrases() -> None:
    params = "due = 2024-11-11"
    q3 = dt.date(2024, 9, 30)
    assert describe_needed(leaf("milestone", params, "", "Q3", q3)) == "42 dage til frist"
    assert describe_needed(leaf("milestone", params, "", "Q3", q3), "en") == "42 days to due date"
    assert describe_needed(leaf("milestone", "due = 2024-09-29", "", "Q3", q3)) == (
        "frist overskredet med 1 dag")
    assert describe_needed(leaf("milestone", "due = 2024-09-30", "", "Q3", q3)) == "frist i dag"
    done = leaf("milestone", params, "done_on = 2024-10-01", "Q3", q3)
    assert describe_needed(done) == "nået"
    assert describe_value(done) == "udført 1/10/2024"
    assert describe_target(done.measure) == "senest 11/11/2024"
    late = leaf("milestone", params, "done_on = 2024-11-12")
    assert describe_needed(late) == "for sent"


def test_english() -> None:
    short = leaf("at_least", 'target = 1500\nunit = "udsendte"', "actual = 1250.5")
    assert describe_target(short.measure, "en") == "at least 1,500 udsendte"
    assert describe_needed(short, "en") == "249.5 udsendte"
    share = leaf("share", "target_pct = 85", "met = 160\ntotal = 200")
    assert describe_needed(share, "en") == "10 more cases"
    assert describe_value(share, "en") == "80 % (160 of 200)"


def test_amount_is_in_the_measures_terms() -> None:
    share = leaf("share", "target_pct = 85", "met = 160\ntotal = 200")
    assert describe_amount(share.measure, 87.26) == "87,3 %"
    assert describe_amount(share.measure, 84.999) == "84,999 %"  # not met: not "85 %"
    count = leaf("at_least", 'target = 150\nunit = "udsendte"', "actual = 1")
    assert describe_amount(count.measure, 157.6) == "157,6 udsendte"
    assert describe_amount(count.measure, None) == "–"


def test_singular_is_word_by_word_and_leaves_unknown_words() -> None:
    assert singular("afgjorte sager") == "afgjort sag"
    assert singular("større projekter") == "større projekt"
    assert singular("hverdage") == "hverdag"
    assert singular("kvadratmeter") == "kvadratmeter"  # not known: as the plan gives it


def test_every_unit_in_the_bundled_plans_has_a_singular() -> None:
    """The rule is a word list: a unit added to a plan without its singular shows up here."""
    import re

    from conftest import PLANS

    units = {m for path in PLANS.glob("*.toml")
             for m in re.findall(r'^unit = "([^"]+)"', path.read_text("utf-8"), re.M)}
    assert units
    for unit in units:
        assert singular(unit) != unit or unit in ("besøg",), unit


def goal_result(points_met: list[bool]) -> GoalResult:
    subs = "\n".join(f"""
[[goal.subgoal]]
id = "{k}"
text = "x"
measure = "at_least"
target = 1
""" for k in range(1, len(points_met) + 1))
    goals = f"""
[[goal]]
id = "g"
section = "faglig"
title = "T"
text = "x"
points = 10
{subs}
"""
    inputs = "\n".join(f'[goal."g".subgoal."{k}"]\nactual = {int(met)}'
                       for k, met in enumerate(points_met, 1))
    return score(goals, inputs).goals[0]


def test_goal_needed_says_how_many_delmaal_are_missing() -> None:
    assert describe_goal_needed(goal_result([True, False, False])) == "2 delmål"
    assert describe_goal_needed(goal_result([True, True])) == "nået"
    assert describe_goal_needed(goal_result([False]), "en") == "1 subgoal"
    assert describe_goal_needed(goal_result([False, False]), "en") == "2 subgoals"
