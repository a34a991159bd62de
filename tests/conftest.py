from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from mrp_tui.core.loader import parse_figures, parse_plan
from mrp_tui.core.model import Figures, Plan
from mrp_tui.core.results import PlanResult
from mrp_tui.core.scoring import score_plan

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
FIGURES = ROOT / "fixtures" / "figures"
PLAN_IDS = sorted(p.stem for p in PLANS.glob("*.toml"))

HEAD = """
format = 1
[plan]
agency = "Teststyrelsen"
ministry = "Testministeriet"
year = {year}
title = "Mål- og resultatplan {year}"
source = "test"
"""


def plan_from(goals: str, year: int = 2024) -> Plan:
    """A plan from the [[goal]] part of a plan file."""
    text = HEAD.format(year=year) + goals
    return parse_plan(tomllib.loads(text), Path("test.toml"), text)


def figures_from(body: str, period: str = "year", as_of: dt.date | None = None,
                 plan: Plan | None = None) -> Figures:
    as_of_line = f"as_of = {as_of.isoformat()}\n" if as_of else ""
    text = f'format = 1\nplan = "test"\nperiod = "{period}"\n{as_of_line}' + body
    if not as_of:
        text = text.replace(f'period = "{period}"\n', f'period = "{period}"\nas_of = 2024-12-31\n')
    return parse_figures(tomllib.loads(text), Path("figures.toml"), text, plan)


def score(goals: str, figures: str, period: str = "year",
          as_of: dt.date | None = None, year: int = 2024) -> PlanResult:
    plan = plan_from(goals, year)
    return score_plan(plan, figures_from(figures, period, as_of, plan))


@pytest.fixture(autouse=True)
def private_state(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosaves, the parse cache and the remembered theme of the app under test go to
    folders of the test's own."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("MRP_TUI_NO_CACHE", raising=False)
    return state


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the bundled plans and example figures in a workspace layout."""
    import shutil

    shutil.copytree(PLANS, tmp_path / "plans")
    shutil.copytree(FIGURES, tmp_path / "figures")
    return tmp_path
