"""On the goal screen: a goal's or delmål's status in each period, with Textual's `Sparkline`
of its value beside the table where there is room, and last year's result."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from mrp_tui.core.history import History
from mrp_tui.core.model import Goal, MeasureKind, Period
from mrp_tui.tui.history_render import goal_last_year, leaf_last_year, period_table
from mrp_tui.tui.render import show

#: The spark's width and the gap before it (as in app.tcss `.leaf-history-spark`).
SPARK_ROOM = 12 + 2
#: A milestone's date and an assessment are not amounts: nothing to draw.
NOT_AMOUNTS = (MeasureKind.MILESTONE, MeasureKind.ASSESSED)


class LeafHistory(Vertical):
    """`subgoal_id` None: the goal itself (its value too where it is a leaf)."""

    DEFAULT_CLASSES = "leaf-history"

    def __init__(self, goal: Goal, subgoal_id: str | None) -> None:
        super().__init__()
        self.goal, self.subgoal_id = goal, subgoal_id
        self._table_width = 0

    def compose(self) -> ComposeResult:
        with Horizontal(classes="leaf-history-top"):
            yield Static(classes="leaf-history-table")
            spark = Sparkline([], classes="leaf-history-spark")
            spark.tooltip = "Værdien i hver periode med tal (1. kvt. → året)"
            yield spark
        yield Static(classes="leaf-history-last")

    @property
    def text(self) -> str:
        """What the panel says (the table and last year's result), as plain text."""
        return "\n".join(str(s.render()) for s in self.query(Static))

    def values(self, history: History) -> list[float]:
        """The leaf's value in each period that has one, in period order ([] when there is
        no amount to draw: a goal with delmål, a milestone, an assessment)."""
        goal, sub_id = self.goal, self.subgoal_id
        if sub_id is None and goal.measure is None:
            return []
        leaves = [leaf for leaf, _ in history.leaf(goal.id, sub_id)]
        if not leaves or leaves[0].measure.kind in NOT_AMOUNTS:
            return []
        return [leaf.value for leaf in leaves if leaf.value is not None]

    def show_history(self, history: History, current: Period | None) -> None:
        goal, sub_id = self.goal, self.subgoal_id
        text = Text("Udvikling i året\n", style="bold")
        if history.results:
            text.append_text(period_table(history, goal.id, sub_id, current,
                                          with_value=sub_id is not None or bool(goal.measure)))
        else:
            text.append("ingen indberettede tal", style="dim")
        self._table_width = max(line.cell_len for line in text.split())
        show(self.query_one(".leaf-history-table", Static), text)
        values = self.values(history)
        spark = self.query_one(Sparkline)
        spark.data = values if len(values) >= 2 else []  # one value is no development
        self._place_spark()
        last = self.query_one(".leaf-history-last", Static)
        last_year = self._last_year(history)
        last.display = bool(last_year)
        show(last, last_year)

    def _last_year(self, history: History) -> Text:
        goal, sub_id = self.goal, self.subgoal_id
        previous = history.previous.get(goal.id)
        matched = previous.leaves.get(None) if previous is not None else None
        if sub_id is None and previous is not None and matched is not None and goal.measure:
            return leaf_last_year(previous, matched, goal.measure, goal.points)
        if sub_id is None:
            return goal_last_year(previous, history.previous_plan is not None)
        if previous is None:
            return Text()
        index = [s.id for s in goal.subgoals].index(sub_id)
        return leaf_last_year(previous, previous.leaves.get(sub_id),
                              goal.subgoals[index].measure, goal.subgoal_points()[index])

    def on_resize(self) -> None:
        self._place_spark()

    def _place_spark(self) -> None:
        """The spark only beside a table it leaves whole: the numbers never give way to it."""
        spark = self.query_one(Sparkline)
        room = self.content_size.width - SPARK_ROOM
        spark.display = bool(spark.data) and room >= self._table_width
        self.set_class(spark.display, "with-spark")
