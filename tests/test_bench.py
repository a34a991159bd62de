"""The benchmark runs: `python -m bench --quick` writes a report naming all the measures.

No timing is asserted here: the numbers of a quick run on a CI machine mean nothing. The
generator's plans are also checked to be valid plans, since the scale numbers rest on them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from bench.generate import write_archive, write_workspace
from bench.run import MEASURES, TITLES
from mrp_tui.core.check import check_paths
from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.scoring import score_plan


def test_quick_run_writes_a_report_with_all_the_measures(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--output", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert len(MEASURES) == 7
    for n, key in enumerate(MEASURES, 1):
        assert f"## {n}. {TITLES[key]}" in text
    for name in ("Print", "First paint", "Keystroke", "Scale", "Memory", "Word chapter",
                 "Record"):
        assert name in text
    assert "first save of the period" in text and "log of one goal" in text
    assert "## Machine" in text and "## Summary" in text


def test_generated_plans_are_valid_and_worth_100_points(tmp_path: Path) -> None:
    for goals, probe in ((15, False), (200, True)):
        root = tmp_path / f"g{goals}"
        for path in write_workspace(root, plans=3, goals=goals, probe=probe):
            plan = load_plan(path)
            figures = load_figures(root / "figures" / plan.id / "year.toml", plan)
            assert len(plan.goals) == goals
            assert plan.points == 100
            kinds = {leaf.kind for g in plan.goals
                     for leaf in ([g.measure] if g.measure else [s.measure for s in g.subgoals])}
            assert len(kinds) == 8  # every measure
            assert any(g.subgoals for g in plan.goals)
            assert score_plan(plan, figures).earned <= 100


def test_archive_is_linked_year_to_year_with_four_periods_each(tmp_path: Path) -> None:
    current = write_archive(tmp_path, agencies=2, years=3, goals=15)
    assert [p.parent.name for p in current] == ["plans", "plans"]
    assert len(list((tmp_path / "archive").glob("*.toml"))) == 4
    assert len(list((tmp_path / "figures").rglob("*.toml"))) == 6 * 4
    reports = check_paths([tmp_path / "plans", tmp_path / "archive", tmp_path / "figures"])
    assert [p for r in reports for p in r.problems] == []  # links, figures: all valid
    plan = load_plan(current[0])
    assert plan.previous == "arkiv-01-2023" and all(g.continues == (g.id,) for g in plan.goals)
    counts = [load_figures(tmp_path / "figures" / plan.id / f"{period}.toml", plan)
              for period in ("Q1", "Q2", "Q3", "year")]
    as_of = [f.as_of for f in counts]
    assert as_of == sorted(as_of)


def test_history_measure_writes_its_own_section(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nkept\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bench", "--only", "history", "--quick",
                           "--output", str(report)], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "kept" in text and "<!-- section history -->" in text
    assert "## History: the year in view" in text
    for goal in ("first paint with the archive", "`--print --history`", "a goal's history"):
        assert goal in text
