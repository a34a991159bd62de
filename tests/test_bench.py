"""The benchmark runs: `python -m bench --quick` writes a report naming all the measures.

No timing is asserted here: the numbers of a quick run on a CI machine mean nothing. The
generator's plans are also checked to be valid plans, since the scale numbers rest on them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from bench.generate import write_workspace
from bench.run import MEASURES, TITLES
from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.scoring import score_plan


def test_quick_run_writes_a_report_with_all_the_measures(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--output", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert len(MEASURES) == 6
    for n, key in enumerate(MEASURES, 1):
        assert f"## {n}. {TITLES[key]}" in text
    for name in ("Print", "First paint", "Keystroke", "Scale", "Memory", "Word chapter"):
        assert name in text
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
