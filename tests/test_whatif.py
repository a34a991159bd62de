"""What-if editing in the core: parsing typed figures, edits, undo/redo, scenarios."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS

from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.whatif import InputError, WhatIf, parse_date, parse_input, parse_number
from mrp_tui.core.writer import save_scenario, scenario_path


@pytest.mark.parametrize(("text", "value"), [
    ("12,5", 12.5), ("12.5", 12.5), ("1.250", 1250), ("1.250,5", 1250.5), ("1 250", 1250),
    ("1,250.5", 1250.5), (" 7 ", 7), ("-3", -3), ("0,25", 0.25),
])
def test_numbers_as_a_danish_reader_means_them(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3x", "", "nan", "inf"])
def test_not_numbers(text: str) -> None:
    with pytest.raises(InputError):
        parse_number(text)


def test_dates_iso_or_danish() -> None:
    assert parse_date("2024-09-30") == parse_date("30/9/2024") == dt.date(2024, 9, 30)
    with pytest.raises(InputError):
        parse_date("31/2/2024")


def test_inputs_refuse_negative_counts_and_zero_baseline() -> None:
    with pytest.raises(InputError):
        parse_input("actual", "-1")
    with pytest.raises(InputError):
        parse_input("baseline", "0")
    assert parse_input("forecast", "-2") == -2
    assert parse_input("values", "12; 30 45") == (12, 30, 45)


@pytest.fixture
def session() -> WhatIf:
    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    return WhatIf.start(plan, load_figures(FIGURES / plan.id / "Q3.toml", plan))


def test_an_edit_rescores_and_leaves_the_reported_figures(session: WhatIf) -> None:
    key = ("1.c", None, "met")
    assert session.result.goal("1.c").status.value == "met"
    edited = session.set(key, 10)
    assert edited.result.goal("1.c").status.value == "not_met"
    assert edited.delta == -5
    assert session.changes == {} and session.base is edited.base


def test_typing_one_field_is_one_undo_step(session: WhatIf) -> None:
    key = ("1.c", None, "met")
    typed = session.set(key, 1).set(key, 10).set(key, 100)
    assert len(typed.undo_stack) == 1
    other = typed.set(("1.d", None, "met"), 5)
    assert other.undo().changes == {key: 100}
    assert other.undo().undo().changes == {}
    assert other.undo().undo().redo().redo().changes == other.changes


def test_setting_the_reported_value_is_no_change(session: WhatIf) -> None:
    key = ("1.c", None, "met")
    reported = session.reported_value(key)
    assert session.set(key, 1).set(key, reported).changes == {}


def test_revert_one_and_all(session: WhatIf) -> None:
    a, b = ("1.c", None, "met"), ("1.a", "1", "actual")
    both = session.set(a, 1).set(b, 500)
    assert both.revert(a).changes == {b: 500}
    assert both.revert_all().changes == {}
    assert both.revert_all().undo().changes == both.changes


def test_reported_figure_cannot_be_emptied(session: WhatIf) -> None:
    with pytest.raises(InputError):
        session.parse(("1.c", None, "met"), "")


def test_scenario_saves_and_reloads_to_the_same_scores(session: WhatIf, tmp_path: Path) -> None:
    edited = session.set(("1.c", None, "met"), 10).set(("1.a", "1", "actual"), 150)
    path = scenario_path(tmp_path / "scenarios", session.plan.id, "hvis færre")
    save_scenario(edited.as_scenario("hvis færre"), path)
    loaded = load_figures(path, session.plan)
    assert loaded.scenario == "hvis færre" and loaded.based_on == "Q3"
    assert set(loaded.goals) == {"1.c", "1.a"}  # only the changes
    reopened = session.with_scenario(loaded)
    assert reopened.changes == edited.changes
    assert reopened.result.earned == edited.result.earned
    assert session.base.apply(loaded) == edited.figures.apply(loaded)


def test_a_plan_without_figures_scores_as_not_reported_like_print() -> None:
    """One rule: no figures means nothing reported (no period, no date), not the year's end;
    what-ifs typed over nothing are undated too (docs/scoring.md)."""
    from mrp_tui.core.model import Status
    from mrp_tui.core.scoring import score_plan

    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    empty = WhatIf.start(plan, None)
    assert empty.result.goals == score_plan(plan, None).goals == empty.reported.goals
    assert empty.result.period is None and empty.result.as_of is None
    assert empty.result.counts[Status.PENDING] == len(plan.goals)  # no deadline has passed
    edited = empty.set(("1.4", None, "done_on"), dt.date(2024, 9, 1))
    assert edited.result.period is None and edited.delta == 5
    assert edited.result.counts[Status.NOT_MET] == 0
    assert edited.undo().result.goals == score_plan(plan, None).goals


def test_an_impossible_date_is_said_in_danish() -> None:
    with pytest.raises(InputError, match="«31-02-2024» er ikke en gyldig dato"):
        parse_date("31-02-2024")
