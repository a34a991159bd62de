"""The year in view: example figures for every period, year links, --check of the links,
target comparison, and `--print --history` (the JSON keys of plan-format.md §4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import FIGURES, PLAN_IDS, PLANS

from mrp_tui.cli import main
from mrp_tui.core.check import check_paths
from mrp_tui.core.history import matched_leaves, plan_history
from mrp_tui.core.links import Change, PlanFinder, compare_targets
from mrp_tui.core.loader import load_plan
from mrp_tui.core.model import Measure, MeasureKind, Period
from mrp_tui.core.workspace import discover

K = MeasureKind
HJS = "hjemrejsestyrelsen-2024"
JAN_1_2024, JAN_1_2023 = dt.date(2024, 1, 1), dt.date(2023, 1, 1)


def _figures(plan_id: str) -> dict[str, dict[str, Any]]:
    return {p.value: tomllib.loads((FIGURES / plan_id / f"{p.value}.toml").read_text("utf-8"))
            for p in Period}


def _leaves(plan_id: str) -> list[tuple[str, str | None, Measure]]:
    plan = load_plan(PLANS / f"{plan_id}.toml")
    return [(g.id, None, g.measure) if g.measure else (g.id, s.id, s.measure)
            for g in plan.goals for s in (g.subgoals or [None])]  # type: ignore[list-item]


def _inputs(data: dict[str, Any], goal: str, sub: str | None) -> dict[str, Any]:
    table = data.get("goal", {}).get(goal, {})
    return table.get("subgoal", {}).get(sub, {}) if sub is not None else table


# --------------------------------------------------------------------------- example figures


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_every_plan_has_consistent_example_figures_for_each_period(plan_id: str) -> None:
    files = _figures(plan_id)
    assert all(data["example"] is True for data in files.values())
    dates = [files[p.value]["as_of"] for p in Period]
    assert dates == sorted(dates) and len(set(dates)) == 4
    for goal, sub, measure in _leaves(plan_id):
        seen = [_inputs(files[p.value], goal, sub) for p in Period]
        if measure.kind is K.AT_LEAST and measure.cumulative:
            counts = [s["actual"] for s in seen if "actual" in s]
            assert counts == sorted(counts), f"{goal}/{sub}: a running count falls"
        if measure.kind is K.SHARE:
            totals = [s["total"] for s in seen if "total" in s]
            assert totals == sorted(totals), f"{goal}/{sub}: fewer cases later in the year"
        if measure.kind is K.MILESTONE:
            done = [(s.get("done_on"), d) for s, d in zip(seen, dates, strict=True)]
            for n, (day, as_of) in enumerate(done):
                # (the annual report, written after the year, may tell of a late delivery)
                assert day is None or day <= as_of or n == 3, f"{goal}/{sub}: after cut-off"
                later = [d for d, _ in done[n + 1:]]
                assert day is None or all(d == day for d in later), f"{goal}/{sub}: undone"


# --------------------------------------------------------------------------- --print --history


def _print_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["--print", str(PLANS / f"{HJS}.toml"), "--history", "--format", "json",
                 *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def _rule(measure: Measure, inputs: dict[str, Any], period: str, as_of: dt.date) -> str:
    """The status plan-format §3 gives, worked out here from the raw figures."""
    year_over = period == "year"
    if measure.kind is K.MILESTONE:
        assert measure.due is not None
        if "done_on" in inputs:
            return "met" if inputs["done_on"] <= measure.due else "not_met"
        return "not_met" if as_of > measure.due else "pending"
    if measure.kind is K.SHARE:
        if "met" not in inputs or not inputs.get("total"):
            return "pending"
        share = Fraction(inputs["met"]) / inputs["total"] * 100
        return "met" if share >= Fraction(str(measure.threshold)) else "not_met"
    assert measure.kind is K.AT_LEAST and measure.cumulative
    if "actual" not in inputs:
        return "pending"
    met = inputs["actual"] >= (measure.threshold or 0)
    return "met" if met else ("not_met" if year_over else "pending")


def test_history_json_has_four_periods_with_the_statuses_the_rules_give(
        capsys: pytest.CaptureFixture[str]) -> None:
    doc = _print_json(capsys)
    plan = doc["plans"][0]
    assert plan["periods"] == ["Q1", "Q2", "Q3", "year"]
    assert [h["period"] for h in plan["history"]] == plan["periods"]
    files = _figures(HJS)
    goals = {g["id"]: g for g in plan["goals"]}
    checked = 0
    for goal_id, sub_id, measure in _leaves(HJS):
        if measure.kind not in (K.MILESTONE, K.SHARE, K.AT_LEAST):
            continue
        entry = goals[goal_id] if sub_id is None else next(
            s for s in goals[goal_id]["subgoals"] if s["id"] == sub_id)
        assert [h["period"] for h in entry["history"]] == plan["periods"]
        for h in entry["history"]:
            data = files[h["period"]]
            if goal_id in data.get("goal", {}) and "override" in data["goal"][goal_id]:
                continue  # a judgement replaces the rule
            expected = _rule(measure, _inputs(data, goal_id, sub_id), h["period"],
                             data["as_of"])
            assert h["status"] == expected, (goal_id, sub_id, h["period"])
            assert h["as_of"] == data["as_of"].isoformat()
            checked += 1
    assert checked >= 40
    # A leaf goal's points follow its status; the plan's history adds the goals up.
    for h in goals["1.c"]["history"]:
        assert h["earned"] == (5.0 if h["status"] == "met" else 0.0)
    for n, h in enumerate(plan["history"]):
        assert h["earned"] == pytest.approx(sum(g["history"][n]["earned"] for g in goals.values()))


def test_history_json_carries_last_years_result_per_linked_goal(
        capsys: pytest.CaptureFixture[str]) -> None:
    plan = _print_json(capsys)["plans"][0]
    goals = {g["id"]: g for g in plan["goals"]}
    assert plan["previous_plan"] == "hjemrejsestyrelsen-2023"
    assert goals["1.a"]["previous"] is None  # deliberately not linked (see its note)
    last_year = tomllib.loads((FIGURES / "hjemrejsestyrelsen-2023" / "year.toml").read_text())
    projects = goals["1.b"]["previous"]
    assert projects["plan"] == "hjemrejsestyrelsen-2023" and projects["goals"] == ["1.1.b"]
    assert projects["target"] == 10 and projects["points"] == 5
    assert projects["status"] == ("met" if last_year["goal"]["1.1.b"]["actual"] >= 10
                                  else "not_met")
    assert projects["change"] == "easier"  # 3 projects this year against 10
    dublin = goals["1.h"]["previous"]  # overridden last year: the judgement counts
    override = last_year["goal"]["1.1.h"]["override"]
    assert (dublin["status"], dublin["earned"]) == (override["status"], override["earned"])
    assert goals["1.3"]["previous"]["change"] == "stricter"  # 180 days against 8 months
    halves = goals["2.2"]["subgoals"]
    assert [s["previous"]["subgoal"] for s in halves] == ["1", "2"]
    assert all(s["previous"]["change"] == "same" for s in halves)


def test_history_stops_at_the_period_printed(capsys: pytest.CaptureFixture[str]) -> None:
    plan = _print_json(capsys, "--period", "Q2")["plans"][0]
    assert plan["period"] == "Q2" and plan["periods"] == ["Q1", "Q2"]
    assert all(len(g["history"]) == 2 for g in plan["goals"])


def test_without_history_the_json_has_no_history_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", str(PLANS / f"{HJS}.toml"), "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)["plans"][0]
    assert "periods" not in plan and "history" not in plan["goals"][0]


def test_history_csv_is_one_block_of_rows_per_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", str(PLANS / f"{HJS}.toml"), "--history", "--format", "csv",
                 "--lang", "en"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")),
                               delimiter=";"))
    assert [r["period"] for r in rows if r["goal_id"] == "1.b"] == ["Q1", "Q2", "Q3", "year"]
    assert {r["target_change"] for r in rows if r["goal_id"] == "1.b"} == {"easier"}
    assert {r["previous_goals"] for r in rows if r["goal_id"] == "1.c"} == {"1.1.e"}
    assert {r["previous_status"] for r in rows if r["goal_id"] == "1.h"} == {"partly_met"}


def test_history_csv_speaks_danish_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--print", str(PLANS / f"{HJS}.toml"), "--history", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")),
                               delimiter=";"))
    first = next(r for r in rows if r["Mål"] == "1.b")
    assert (first["Periode"], first["Krav mod sidste år"]) == ("1. kvartal", "lempet")
    assert first["Sidste års status"] == "opfyldt"


def test_history_html_grid_escapes_text_from_files(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    text = (PLANS / f"{HJS}.toml").read_text(encoding="utf-8")
    text = text.replace('title = "Hjemrejseprojekter"', 'title = "<script>x</script>"')
    (tmp_path / "plans" / f"{HJS}.toml").write_text(text, encoding="utf-8")
    shutil.copytree(FIGURES / HJS, tmp_path / "figures" / HJS)
    out = tmp_path / "out.html"
    assert main(["--print", str(tmp_path / "plans"), "--history", "--format", "html",
                 "--output", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'class="history"' in html and "<svg" in html


# --------------------------------------------------------------------------- links


def _workspace(tmp_path: Path, edit: dict[str, tuple[str, str]]) -> Path:
    """The bundled plans with one text replacement per plan id."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for path in PLANS.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        if path.stem in edit:
            old, new = edit[path.stem]
            assert old in text
            text = text.replace(old, new, 1)
        (plans / path.name).write_text(text, encoding="utf-8")
    return plans


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if fragment in line)


def test_check_rejects_a_link_to_a_missing_goal_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plans = _workspace(tmp_path, {HJS: ('continues = "1.1.b"', 'continues = "1.1.z"')})
    assert main(["--check", str(plans)]) == 2
    err = capsys.readouterr().err
    line = _line_of(plans / f"{HJS}.toml", 'continues = "1.1.z"')
    assert f'{HJS}.toml:{line}: mål 1.b: continues målet "1.1.z"' in err
    assert "hjemrejsestyrelsen-2023" in err


def test_check_rejects_a_link_to_a_missing_plan(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    plans = _workspace(tmp_path, {HJS: ('previous = "hjemrejsestyrelsen-2023"',
                                        'previous = "hjemrejsestyrelsen-2019"')})
    assert main(["--check", str(plans / f"{HJS}.toml")]) == 2
    err = capsys.readouterr().err
    line = _line_of(plans / f"{HJS}.toml", "previous =")
    assert f'{HJS}.toml:{line}: [plan]: forrige plan "hjemrejsestyrelsen-2019" blev ikke ' \
        "fundet" in err


def test_check_rejects_continues_without_a_previous_plan(tmp_path: Path) -> None:
    plans = _workspace(tmp_path, {HJS: ('previous = "hjemrejsestyrelsen-2023"\n', "")})
    problems = [p for r in check_paths([plans]) for p in r.problems if p.severity == "error"]
    assert problems and all("nævner ingen forrige plan" in p.message for p in problems)
    assert {p.where for p in problems} >= {"mål 1.b", "mål 2.4"}


def test_check_warns_when_a_linked_goal_changes_measure_kind(tmp_path: Path) -> None:
    plans = _workspace(tmp_path, {HJS: ('continues = "1.1.b"', 'continues = "1.1.c"')})
    found = [p for r in check_paths([plans]) for p in r.problems if p.where == "mål 1.b"]
    assert [p.severity for p in found] == ["warning"]
    assert "at_least" in found[0].message and "share" in found[0].message


def test_bundled_links_point_at_real_goals() -> None:
    errors = [p for r in check_paths([PLANS]) for p in r.problems if p.severity == "error"]
    assert errors == []


def test_previous_plan_is_found_in_an_archive_folder_beside_the_plans(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "archive").mkdir()
    shutil.copy(PLANS / f"{HJS}.toml", tmp_path / "plans")
    shutil.copy(PLANS / "hjemrejsestyrelsen-2023.toml", tmp_path / "archive")
    shutil.copytree(FIGURES, tmp_path / "figures")
    entry = discover([tmp_path / "plans" / f"{HJS}.toml"])[0]
    history = plan_history(entry, PlanFinder([entry]))
    assert history.previous_plan is not None and history.previous_plan.id.endswith("2023")
    assert history.previous["1.b"].status is not None
    assert history.unlinked == ()


# --------------------------------------------------------------------------- comparing


@pytest.mark.parametrize(("now", "then", "expected"), [
    (Measure(K.AT_LEAST, 3), Measure(K.AT_LEAST, 10), Change.EASIER),
    (Measure(K.AT_LEAST, 12), Measure(K.AT_LEAST, 10), Change.STRICTER),
    (Measure(K.AT_MOST, 12), Measure(K.AT_MOST, 10), Change.EASIER),
    (Measure(K.SHARE, 85), Measure(K.SHARE, 85.0), Change.SAME),
    (Measure(K.SHARE, 95), Measure(K.SHARE, 100), Change.EASIER),
    (Measure(K.AVERAGE, 180, unit="dage"), Measure(K.AVERAGE, 8, unit="måneder"), Change.STRICTER),
    (Measure(K.AVERAGE, 240, unit="dage"), Measure(K.AVERAGE, 8, unit="måneder"), Change.SAME),
    (Measure(K.AVERAGE, 110, keep_pct=95), Measure(K.AVERAGE, 120, keep_pct=90), Change.STRICTER),
    (Measure(K.AVERAGE, 110, keep_pct=90), Measure(K.AVERAGE, 120, keep_pct=95), None),
    (Measure(K.AVERAGE, 10, unit="dage"), Measure(K.AVERAGE, 10, unit="sager"), None),
    (Measure(K.SHARE, 90), Measure(K.AT_LEAST, 90), None),
    (Measure(K.SHARE, 90), Measure(K.SHARE), None),
    (Measure(K.ASSESSED), Measure(K.ASSESSED), None),
    (Measure(K.MILESTONE, due=dt.date(2024, 6, 30)), Measure(K.MILESTONE, due=dt.date(2023, 6, 30)),
     Change.SAME),  # 2024 is a leap year: the same date, not a day later
    (Measure(K.MILESTONE, due=dt.date(2024, 3, 31)), Measure(K.MILESTONE, due=dt.date(2023, 6, 30)),
     Change.STRICTER),
])
def test_compare_targets(now: Measure, then: Measure, expected: Change | None) -> None:
    assert compare_targets(now, then, JAN_1_2024, JAN_1_2023) is expected


def test_delmaal_pair_only_when_last_years_goal_has_the_same_shape() -> None:
    now = load_plan(PLANS / f"{HJS}.toml")
    then = load_plan(PLANS / "hjemrejsestyrelsen-2023.toml")
    pairs = matched_leaves(now.goal("2.2"), [then.goal("2.2")])
    assert [(mine, theirs[1]) for mine, _, theirs in pairs] == [("1", "1"), ("2", "2")]
    # 2024's 2.4 has three milestones, 2023's two: compared as wholes only.
    assert matched_leaves(now.goal("2.4"), [then.goal("2.4")]) == []
    assert matched_leaves(now.goal("1.b"), [then.goal("1.1.b")])[0][0] is None
