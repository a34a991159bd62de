"""The loader: every problem of a file at once, each naming file, line or goal."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIGURES, PLAN_IDS, PLANS, ROOT, plan_from

from mrp_tui.core.errors import LoadError
from mrp_tui.core.loader import load_figures, load_plan, parse_plan
from mrp_tui.core.model import Figures

BAD = ROOT / "fixtures" / "bad"


def problems(path: Path) -> list[str]:
    with pytest.raises(LoadError) as caught:
        if path.name.startswith("figures-"):
            load_figures(path, load_plan(PLANS / "hjemrejsestyrelsen-2024.toml"))
        else:
            load_plan(path)
    return [str(p) for p in caught.value.problems]


def test_the_five_plans_load() -> None:
    assert PLAN_IDS == ["hjemrejsestyrelsen-2022", "hjemrejsestyrelsen-2023",
                        "hjemrejsestyrelsen-2024", "siri-2024", "udlaendingestyrelsen-2024"]
    for plan_id in PLAN_IDS:
        plan = load_plan(PLANS / f"{plan_id}.toml")
        assert plan.id == plan_id and plan.goals
        for period in ("Q3", "year"):
            figures = load_figures(FIGURES / plan_id / f"{period}.toml", plan)
            assert figures.example and figures.period == period


def test_hjemrejsestyrelsen_2024_as_the_document_states() -> None:
    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    ids = [g.id for g in plan.goals]
    assert ids == ["1.a", "1.b", "1.c", "1.d", "1.e", "1.f", "1.g", "1.h", "1.2", "1.3", "1.4",
                   "2.1", "2.2", "2.3", "2.4"]
    assert plan.points == 100
    first = plan.goal("1.a").subgoal("1")
    assert first.measure.threshold == 150 and first.measure.cumulative
    assert "minimum 150 afviste asylansøgere" in first.text  # repaired from "asylansggere"
    assert plan.goal("1.c").measure.threshold == 85
    assert plan.goal("2.1").points == 2.5


def test_syntax_error_names_the_line() -> None:
    (line,) = problems(BAD / "plan-syntax-error.toml")
    assert line.startswith(f"{BAD / 'plan-syntax-error.toml'}:6: TOML-syntaksfejl")


def test_near_misses_are_all_reported_with_suggestions() -> None:
    lines = problems(BAD / "plan-near-misses.toml")
    assert len(lines) == 4
    assert any(':10: [plan]: ukendt nøgle "colour"' in line for line in lines)
    assert any('mål 1:' in line and 'mente du "at_least"' in line for line in lines)
    assert any('mente du "koncernfælles"' in line for line in lines)
    assert any('"target" hører ikke til measure "share"' in line
               and 'mente du "target_pct"' in line for line in lines)


def test_structure_problems() -> None:
    text = "\n".join(problems(BAD / "plan-points-mismatch.toml"))
    assert "delmålenes point giver 6 i alt, men målet har 10" in text
    assert "dobbelt mål-id" in text
    assert '"points" skal være mindst 0, ikke -5' in text
    assert 'har både "measure" og delmål' in text


def test_figures_naming_a_goal_the_plan_lacks() -> None:
    (line,) = problems(BAD / "figures-unknown-goal.toml")
    assert ':11: mål 1.z: planen hjemrejsestyrelsen-2024 har intet mål "1.z"' in line


def test_figures_with_wrong_inputs_report_everything() -> None:
    text = "\n".join(problems(BAD / "figures-wrong-inputs.toml"))
    assert '"met" skal være et tal, ikke teksten "many"' in text
    assert 'tallet "met" hører ikke til measure "at_least"' in text
    assert 'har intet delmål "9"' in text


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ('measure = "at_least"\ntarget = "150"', '"target" skal være et tal, ikke teksten "150"'),
        ('measure = "share"\ntarget_pct = 120', '"target_pct" skal være højst 100'),
        ('measure = "average"\nmax = 10\nkeep_pct = 0', '"keep_pct" skal være større end 0'),
        ('measure = "milestone"\ndue = "30/9"', '"due" skal være en dato (ÅÅÅÅ-MM-DD)'),
        ("", 'skal have "measure" eller [[goal.subgoal]]'),
        ('measure = "at_least"\ncombine = "all"', '"combine" gælder kun et mål med delmål'),
        ('measure = "at_least"\npoint = 3', 'ukendt nøgle "point" (mente du "points"?)'),
    ],
)
def test_goal_problems(snippet: str, message: str) -> None:
    goal = f'[[goal]]\nid = "g"\nsection = "faglig"\ntitle = "T"\ntext = "x"\n{snippet}\n'
    with pytest.raises(LoadError) as caught:
        plan_from(goal)
    assert any(message in str(p) and "mål g" in str(p) for p in caught.value.problems), \
        caught.value.problems


def test_missing_format_and_plan_table() -> None:
    with pytest.raises(LoadError) as caught:
        parse_plan({"goal": []}, Path("x.toml"))
    text = str(caught.value)
    assert "mangler `format = 1`" in text and "mangler tabellen [plan]" in text


def test_unsupported_format_version() -> None:
    with pytest.raises(LoadError, match="ukendt format 2"):
        parse_plan({"format": 2}, Path("x.toml"))


def test_not_utf8_and_empty_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.toml"
    latin.write_bytes('format = 1\n[plan]\nagency = "Udl\xe6ndinge"\n'.encode("latin-1"))
    with pytest.raises(LoadError, match=r"latin.toml:3: ikke UTF-8"):
        load_plan(latin)
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    with pytest.raises(LoadError, match="filen er tom"):
        load_plan(empty)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (1024 * 1024))
    with pytest.raises(LoadError, match=r"grænsen er 1\.048\.576 byte"):
        load_plan(big)


def test_scenario_needs_only_its_changes() -> None:
    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    data = {"format": 1, "plan": plan.id, "scenario": "flere", "based_on": "Q3",
            "goal": {"1.c": {"met": 180}}}
    from mrp_tui.core.loader import parse_figures

    scenario = parse_figures(data, None, "", plan)
    assert isinstance(scenario, Figures)
    assert scenario.based_on == "Q3" and scenario.as_of is None
