"""One plan: its summary and its goals, grouped by section and group."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

from mrp_tui.core import danish
from mrp_tui.core.history import History
from mrp_tui.core.results import GoalResult
from mrp_tui.core.whatif import WhatIf
from mrp_tui.tui.history_render import development, last_year_cell
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.render import (
    STATUS_STYLE,
    delta,
    goal_needed,
    literal,
    points_of,
    status,
    summary,
)
from mrp_tui.tui.screens.base import MrpScreen
from mrp_tui.tui.widgets.ordered_input import OrderedInput
from mrp_tui.tui.widgets.row_tables import GoalTable
from mrp_tui.tui.widgets.top_bar import TopBar
from mrp_tui.tui.widgets.trend import Trend

SECTION_TITLES = {"faglig": "Faglige mål", "koncernfælles": "Koncernfælles mål"}
HEADING = "heading:"
#: Column widths at any terminal size; the title (0) takes what is left.
COLUMNS = {"Id": 5, "Mål": 0, "Point": 8, "Status": 17, "Prognose": 8, "Mangler": 12}
DELTA_WIDTH = 6
#: The year in view, where there is room: status per period, and last year's. They give way
#: first (a column that does not fit is left out whole) and never squeeze the title below
#: this.
HISTORY_COLUMNS = {"Udvikling": 9, "Sidste år": 9}
HISTORY_TITLE_MIN = 20
ORDER = ("Id", "Mål", "Point", "Status", "Udvikling", "Sidste år", "Prognose", "Mangler", "Δ")


def fit(text: Text, width: int) -> Text:
    """Cut to `width` with an ellipsis: the full text is on the goal's own screen."""
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text


class PlanScreen(MrpScreen):
    BINDINGS = [
        Binding("escape", "back", "Tilbage", tooltip="Tilbage til styrelserne", id="plan.back"),
        Binding("slash", "filter", "Filtrér", tooltip="Filtrér målene på id og titel",
                id="plan.filter"),
        Binding("p", "next_period", "Periode", tooltip="Skift til næste periode med tal",
                id="plan.period"),
        Binding("j", "cursor(1)", "Ned", show=False, tooltip="Flyt ned", id="plan.down"),
        Binding("k", "cursor(-1)", "Op", show=False, tooltip="Flyt op", id="plan.up"),
    ]

    def __init__(self, plan_id: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self._filter = ""
        self._columns_with_delta = False

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield Static(id="summary")
        yield Trend(Text("Udvikling:", style="bold"), id="trend")
        yield OrderedInput(placeholder="Filtrér mål (id eller titel) – Escape lukker",
                           id="filter", compact=True)
        yield GoalTable(id="goals", cursor_type="row")
        yield Footer(compact=True)

    @property
    def session(self) -> WhatIf:
        assert self.plan_id is not None
        return self.bench.session(self.plan_id)

    def place(self) -> str:
        return self.session.plan.agency

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        self.refresh_view()
        table = self.query_one(DataTable)
        table.move_cursor(row=1, animate=False)  # the first goal, below its section heading
        table.focus()
        history = self._history()
        problems = (*history.problems, *history.unlinked)
        if problems and self.session.plan.id not in self.mrp.history_told:
            self.mrp.history_told.add(self.session.plan.id)
            self.mrp.show_problem_list("Udviklingen vises uden det, der ikke kunne læses",
                                       problems)

    def on_resize(self) -> None:
        self.refresh_view()

    def refresh_view(self, message: SessionChanged | None = None) -> None:
        super().refresh_view(message)
        self.query_one("#summary", Static).update(summary(self.session))
        self.query_one(Trend).show_history(self._history(), self.session.base.period)
        self._fill_table()

    def _history(self) -> History:
        assert self.plan_id is not None
        return self.bench.history(self.plan_id)

    def _with_history_columns(self, columns: dict[str, int]) -> dict[str, int]:
        """`columns` with the history columns that fit, in their place."""
        room = self.app.size.width - sum(columns.values()) - 2 * len(columns) - 2
        history = self._history()
        for name, width in HISTORY_COLUMNS.items():
            if name == "Sidste år" and history.previous_plan is None:
                continue
            if room - width - 2 >= HISTORY_TITLE_MIN:
                columns[name] = width
                room -= width + 2
        return {name: columns[name] for name in ORDER if name in columns}

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        session = self.session
        with_delta = bool(session.changes)
        columns = dict(COLUMNS)
        if with_delta:
            columns["Δ"] = DELTA_WIDTH
            if self.app.size.width < 100:
                del columns["Mangler"]  # narrow: the comparison matters more while editing
        columns = self._with_history_columns(columns)
        padding = 2 * len(columns)  # a cell has one space either side
        title_width = max(12, self.app.size.width - sum(columns.values()) - padding - 2)
        columns["Mål"] = title_width
        cursor = table.cursor_row
        table.clear(columns=True)
        for name, width in columns.items():
            table.add_column(name, width=width)
        reported = {g.goal.id: g for g in session.reported.goals}
        section = group = None
        for result in session.result.goals:
            goal = result.goal
            if self._filter and self._filter not in f"{goal.id} {goal.title}".lower():
                continue
            if goal.section != section:
                section, group = goal.section, None
                table.add_row("", fit(Text(SECTION_TITLES[section], "bold underline"), title_width),
                              key=f"{HEADING}{table.row_count}")
            if goal.group and goal.group != group:
                group = goal.group
                label = next((g.area or g.title or "" for g in session.plan.groups
                              if g.id == group), "")
                table.add_row(literal(group, "bold", one_line=True),
                              fit(literal(label, "bold", one_line=True), title_width),
                              key=f"{HEADING}{table.row_count}")
            cells = self._cells(result, reported[goal.id], columns)
            table.add_row(*cells, key=goal.id)
        table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    def _cells(self, result: GoalResult, before: GoalResult,
               columns: dict[str, int]) -> list[object]:
        title = literal(result.goal.title, one_line=True)
        if result.overridden:
            title = Text("⚑ ", style="bold") + title
        forecast = Text(danish.STATUS_SYMBOL[result.forecast_status] + " ",
                        style=STATUS_STYLE[result.forecast_status])
        forecast.append(danish.number(result.forecast_earned))
        cells: dict[str, object] = {
            "Id": literal(result.goal.id, one_line=True),
            "Mål": fit(title, columns["Mål"]),
            "Point": points_of(result.earned, result.points),
            "Status": status(result.status),
            "Prognose": forecast,
            "Mangler": fit(literal(goal_needed(result), one_line=True), COLUMNS["Mangler"]),
            "Δ": delta(result.earned - before.earned) if result != before else Text(""),
        }
        if "Udvikling" in columns or "Sidste år" in columns:
            cells.update(self._history_cells(result.goal.id))
        return [cells[name] for name in columns]

    def _history_cells(self, goal_id: str) -> dict[str, object]:
        history = self._history()
        current = self.session.base.period
        at = history.periods.index(current) if current in history.periods else None
        return {"Udvikling": development([g.status for g in history.goal(goal_id)], at),
                "Sidste år": last_year_cell(history.previous.get(goal_id),
                                            HISTORY_COLUMNS["Sidste år"])}

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        if self.query_one("#filter").display:
            self._close_filter()
        else:
            self.dismiss()

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + step)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def _close_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.query_one(DataTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip().lower()
        self._fill_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_next_period(self) -> None:
        self.mrp.next_period(self.session.plan.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = str(event.row_key.value)
        if not key.startswith(HEADING):
            self.mrp.open_goal(self.session.plan.id, key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_period":
            return len(self.bench.periods(self.session.plan.id)) > 1
        return True
