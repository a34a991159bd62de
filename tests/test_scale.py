"""Scale and limits: a plan of 5,000 goals loads and scores correctly; a file over the size
limit, or one that is no file at all, is refused at once with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from mrp_tui.core.errors import LoadError
from mrp_tui.core.loader import MAX_FILE_BYTES, load_figures, load_plan
from mrp_tui.core.scoring import score_plan

GOALS = 5000
PLAN_ID = "skala-5000"


def plan_text(goals: int = GOALS) -> str:
    """Four kinds of goal in turn: at_least, share, milestone, and two at_least subgoals."""
    lines = ["format = 1", "[plan]", 'agency = "Skalastyrelsen"', 'ministry = "Testministeriet"',
             "year = 2024", 'title = "Mål- og resultatplan 2024"', 'source = "genereret"', ""]
    for n in range(1, goals + 1):
        lines += ["[[goal]]", f'id = "{n}"', 'section = "faglig"', f'title = "Mål {n}"',
                  f'text = "Genereret resultatkrav nummer {n}."', "points = 1"]
        kind = (n - 1) % 4
        if kind == 0:
            lines += ['measure = "at_least"', "target = 10"]
        elif kind == 1:
            lines += ['measure = "share"', "target_pct = 85"]
        elif kind == 2:
            lines += ['measure = "milestone"', "due = 2024-06-30"]
        else:
            for sub in ("a", "b"):
                lines += ["  [[goal.subgoal]]", f'  id = "{sub}"', f'  text = "Delmål {sub}"',
                          '  measure = "at_least"', "  target = 1"]
        lines.append("")
    return "\n".join(lines)


def figures_text(goals: int = GOALS) -> str:
    """Year-end figures: of each kind, every other goal is met, the rest miss (the goals with
    subgoals meet one of two: partly met)."""
    lines = ["format = 1", f'plan = "{PLAN_ID}"', 'period = "year"', "as_of = 2024-12-31", ""]
    for n in range(1, goals + 1):
        kind, met = (n - 1) % 4, ((n - 1) // 4) % 2 == 0
        if kind == 0:
            lines += [f'[goal."{n}"]', f"actual = {10 if met else 9}"]
        elif kind == 1:
            lines += [f'[goal."{n}"]', f"met = {85 if met else 84}", "total = 100"]
        elif kind == 2 and met:
            lines += [f'[goal."{n}"]', "done_on = 2024-06-30"]
        elif kind == 3:
            lines += [f'[goal."{n}".subgoal."a"]', "actual = 1",
                      f'[goal."{n}".subgoal."b"]', f"actual = {1 if met else 0}"]
    return "\n".join(lines) + "\n"


def test_a_plan_of_5000_goals_loads_and_scores(tmp_path: Path) -> None:
    plan_path = tmp_path / "plans" / f"{PLAN_ID}.toml"
    plan_path.parent.mkdir()
    plan_path.write_text(plan_text(), encoding="utf-8")
    figures_path = tmp_path / "figures" / PLAN_ID / "year.toml"
    figures_path.parent.mkdir(parents=True)
    figures_path.write_text(figures_text(), encoding="utf-8")
    assert plan_path.stat().st_size < MAX_FILE_BYTES  # big, but within the limit

    plan = load_plan(plan_path)
    assert len(plan.goals) == GOALS and plan.points == GOALS
    assert sum(len(g.subgoals) for g in plan.goals) == 2 * GOALS // 4
    figures = load_figures(figures_path, plan)
    assert len(figures.goals) == GOALS - GOALS // 8  # the missed milestones report nothing

    result = score_plan(plan, figures)
    counts = Counter(g.status.value for g in result.goals)
    quarter = GOALS // 4
    assert counts == {"met": 4 * quarter // 2, "not_met": 3 * quarter // 2,
                      "partly_met": quarter // 2}
    assert result.earned == pytest.approx(4 * quarter // 2 + 0.5 * (quarter // 2))
    assert result.points == GOALS
    # Spot checks that each goal got its own figures.
    assert result.goal("4993").status.value == "met"  # at_least, 10 of 10
    assert result.goal("4997").status.value == "not_met"  # at_least, 9 of 10
    assert result.goal("8").status.value == "partly_met"  # subgoal b at 0
    assert result.goal("3").status.value == "met" and result.goal("7").status.value == "not_met"


def test_a_file_over_the_limit_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "enorm.toml"
    with big.open("wb") as handle:
        handle.truncate(4 * 1024**3)  # 4 GiB, sparse: it is never read
    started = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        load_plan(big)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    (problem,) = caught.value.problems
    assert str(problem) == f"{big}: filen er 4.294.967.296 byte; grænsen er 1.048.576 byte"


def test_the_limit_is_exactly_1_mib(tmp_path: Path) -> None:
    at_limit = tmp_path / "x.toml"
    at_limit.write_bytes(b"format = 1\n" + b"#" * (MAX_FILE_BYTES - 12) + b"\n")
    assert at_limit.stat().st_size == MAX_FILE_BYTES == 1024 * 1024
    with pytest.raises(LoadError) as caught:
        load_plan(at_limit)
    assert "grænsen er" not in str(caught.value)  # read, and refused for other reasons
    with at_limit.open("ab") as handle:
        handle.write(b"\n")
    with pytest.raises(LoadError, match=r"grænsen er 1\.048\.576 byte"):
        load_plan(at_limit)


def test_the_command_line_refuses_a_big_file_and_a_pipe_quickly(tmp_path: Path) -> None:
    big = tmp_path / "enorm.toml"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    os.mkfifo(tmp_path / "rør.toml")  # found in the folder; reading it would never end
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--check", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=30)
    elapsed = time.perf_counter() - started
    assert done.returncode == 2, done.stderr
    assert f"{big}: filen er 1.048.577 byte; grænsen er 1.048.576 byte" in done.stderr
    assert f"{tmp_path / 'rør.toml'}: ikke en almindelig fil" in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 10  # a whole interpreter start; the point is that it did not hang
