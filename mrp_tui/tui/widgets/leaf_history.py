"""On the goal screen: a goal's or delmål's status in each period, and last year's result."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mrp_tui.core.history import History
from mrp_tui.core.model import Goal, Period
from mrp_tui.tui.history_render import goal_last_year, leaf_last_year, period_table
from mrp_tui.tui.render import show


class LeafHistory(Static):
    """`subgoal_id` None: the goal itself (its value too where it is a leaf)."""

    DEFAULT_CLASSES = "leaf-history"

    def __init__(self, goal: Goal, subgoal_id: str | None) -> None:
        super().__init__()
        self.goal, self.subgoal_id = goal, subgoal_id

    def show_history(self, history: History, current: Period | None) -> None:
        goal, sub_id = self.goal, self.subgoal_id
        text = Text("Udvikling i året\n", style="bold")
        if history.results:
            text.append_text(period_table(history, goal.id, sub_id, current,
                                          with_value=sub_id is not None or bool(goal.measure)))
        else:
            text.append("ingen indberettede tal", style="dim")
        previous = history.previous.get(goal.id)
        matched = previous.leaves.get(None) if previous is not None else None
        if sub_id is None and previous is not None and matched is not None and goal.measure:
            text.append("\n")
            text.append_text(leaf_last_year(previous, matched, goal.measure, goal.points))
        elif sub_id is None:
            text.append("\n")
            text.append_text(goal_last_year(previous, history.previous_plan is not None))
        elif previous is not None:
            index = [s.id for s in goal.subgoals].index(sub_id)
            text.append("\n")
            text.append_text(leaf_last_year(previous, previous.leaves.get(sub_id),
                                            goal.subgoals[index].measure,
                                            goal.subgoal_points()[index]))
        show(self, text)
