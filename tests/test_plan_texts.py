"""The bundled plans quote their documents: a delmål's text is a passage of its goal's text,
word for word (the goal's text is the document's; plan-format §5), never an edited sentence."""

from __future__ import annotations

import pytest
from conftest import PLAN_IDS, PLANS

from mrp_tui.core.loader import load_plan


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_every_delmaal_text_is_quoted_from_its_goal(plan_id: str) -> None:
    plan = load_plan(PLANS / f"{plan_id}.toml")
    for goal in plan.goals:
        for sub in goal.subgoals:
            assert words(sub.text) in words(goal.text), (goal.id, sub.id, sub.text)


def test_hjemrejsestyrelsen_2024_note_says_what_the_sustainability_goal_has() -> None:
    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    dues = [s.measure.due for s in plan.goal("2.4").subgoals]
    assert all(dues)  # 2.4 has the Q1–Q3 milestones of spec §5 ...
    assert plan.note is not None and "UDEN frist" not in plan.note  # ... and the note says so
    assert "1., 2. og 3. kvartal" in words(plan.note)
