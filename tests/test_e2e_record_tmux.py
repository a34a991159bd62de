"""End to end, as a new user would (issue 12, "Must show"): in tmux at 80x24, in an empty folder
holding only a copy of plans/, record Q1 of a plan, judge a goal, save; then --check, --print
and a restart see what was recorded."""

from __future__ import annotations

import getpass
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import test_e2e_tmux
from conftest import PLANS
from test_e2e_tmux import Tmux, command

pytestmark = test_e2e_tmux.pytestmark  # skipped without tmux
tmux = test_e2e_tmux.tmux  # the fixture: an empty folder, tmux at 80x24

PLAN = "hjemrejsestyrelsen-2024"


def palette(session: Tmux, title: str) -> None:
    session.keys("C-p")
    session.wait_for("Søg efter en kommando")
    session.keys(title)
    session.wait_for(f"  {title}\n")  # listed, first and highlighted
    session.keys("Enter")


def run(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command()) + list(args)
    return subprocess.run(argv, cwd=folder, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)


def test_record_q1_judge_a_goal_and_find_it_everywhere(tmux: Tmux) -> None:
    folder = tmux.cwd
    shutil.copytree(PLANS, folder / "plans")
    tmux.start(f"{command()} plans/{PLAN}.toml --goal 1.b")
    start = tmux.wait_for("Mål 1.b")
    assert "Scenarie" in start
    palette(tmux, "Indberet tal: 1. kvartal")
    tmux.wait_for("Indberetning 1. kvartal")
    tmux.keys("2")  # the goal's first field has the focus
    tmux.wait_for("ikke gemt")
    palette(tmux, "Gem som indberettede tal")
    tmux.wait_for("Gemt som indberettede tal")

    figures = folder / "figures" / PLAN / "Q1.toml"
    text = figures.read_text(encoding="utf-8")
    assert 'period = "Q1"' in text and "as_of = 2024-03-31" in text
    assert '[goal."1.b"]\nactual = 2\n' in text
    lines = (figures.parent / "changes.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    logged = json.loads(lines[0])
    assert (logged["user"], logged["goal"], logged["key"], logged["new"]) == (
        getpass.getuser(), "1.b", "actual", 2)

    palette(tmux, "Tilsidesæt resultat")
    tmux.wait_for("Tilsidesæt resultatet af mål 1.b")
    tmux.keys("Enter", "Down", "Down", "Enter")  # the status: delvist opfyldt
    tmux.wait_for("delvist opfyldt")
    tmux.keys("Tab", "5", "Tab", "Aftalt med departementet", "Enter")
    screen = tmux.wait_for("⚑ Tilsidesat: Aftalt med departementet")
    assert "◐ delvist opfyldt  Point: 5/10" in screen
    tmux.keys("C-s")  # ctrl+s in Indberetning: "Gem som indberettede tal"
    tmux.wait_for("Gemt som indberettede tal")
    tmux.keys("C-q")
    tmux.wait_for("MRP-EXIT=0")
    assert 'status = "partly_met"' in figures.read_text(encoding="utf-8")

    env = {"XDG_STATE_HOME": tmux.env["XDG_STATE_HOME"], "PYTHONPATH": tmux.env["PYTHONPATH"]}
    checked = run(folder, env, "--check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "figures/hjemrejsestyrelsen-2024/Q1.toml: ok" in checked.stdout
    assert "changes.jsonl: ok" in checked.stdout
    printed = run(folder, env, "--print", "--period", "Q1", f"plans/{PLAN}.toml")
    assert printed.returncode == 0, printed.stderr
    assert "1. kvartal, opgjort pr. 31/3/2024" in printed.stdout
    assert "Aftalt med departementet" in printed.stdout
    changes = run(folder, env, "--print", "--changes", "--format", "json",
                  f"plans/{PLAN}.toml")
    assert changes.returncode == 0, changes.stderr
    assert '"user": "' + getpass.getuser() + '"' in changes.stdout
    assert "Aftalt med departementet" in changes.stdout

    tmux.kill()
    tmux.start(f"{command()} plans/{PLAN}.toml")
    plan = tmux.wait_for("1. kvartal pr. 31/3/2024")  # after a restart: Q1 is reported
    assert "⚑ Hjemrejse" in plan and "◐ delvist opfyldt" in plan
    tmux.keys("C-q")
    tmux.wait_for("MRP-EXIT=0")
