"""One plan: its summary and its goals, grouped by section and group."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Input, Static

from mrp_tui.core import danish
from mrp_tui.core.history import History
from mrp_tui.core.results import GoalResult
from mrp_tui.core.whatif import WhatIf
from mrp_tui.tui.columns import Column, column, fit, fits, lay_out
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
#: The key of a section or group heading row: no goal id (any text) can be it.
HEADING = None
#: The title takes the room the other columns leave, but not less than this.
TITLE_MIN = 12
#: "Mangler" is shown only while it leaves the title at least this much room.
TITLE_ROOMY = 24
#: "Mangler" is text; longer than this it is cut (never inside a number).
NEEDED_MAX = 20
#: The year in view, where there is room: status per period, and last year's. They give way
#: first (a column that does not fit is left out whole) and never squeeze the title below
#: this.
HISTORY_COLUMNS = {"Udvikling": 9, "Sidste år": 9}
HISTORY_TITLE_MIN = 20
ORDER = ("Id", "Mål", "Point", "Status", "Udvikling", "Sidste år", "Prognose", "Mangler", "Δ")


def with_min(col: Column, min_width: int) -> Column:
    return replace(col, min_width=min(min_width, col.width))


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

    def place(self, short: bool = False) -> str:
        plan = self.session.plan
        return (plan.short or plan.agency) if short else plan.agency

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

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        session = self.session
        reported = {g.goal.id: g for g in session.reported.goals}
        rows: list[tuple[str | None, dict[str, Text]]] = []
        section = group = None
        for result in session.result.goals:
            goal = result.goal
            if self._filter and self._filter not in f"{goal.id} {goal.title}".lower():
                continue
            if goal.section != section:
                section, group = goal.section, None
                rows.append((HEADING, {"Mål": Text(SECTION_TITLES[section], "bold underline")}))
            if goal.group and goal.group != group:
                group = goal.group
                label = next((g.area or g.title or "" for g in session.plan.groups
                              if g.id == group), "")
                rows.append((HEADING, {"Id": literal(group, "bold", one_line=True),
                                       "Mål": literal(label, "bold", one_line=True)}))
            rows.append((goal.id, self._cells(result, reported[goal.id])))
        history = self._history()
        for key, cells in rows:
            if key is not HEADING:
                cells.update(self._history_cells(history, key))
        widths = self._lay_out(rows, bool(session.changes), history.previous_plan is not None)
        cursor = table.cursor_row
        table.clear(columns=True)
        for name, width in widths.items():
            table.add_column(name, width=width, key=name)
        for key, cells in rows:
            shown = [fit(cells.get(name, Text()), width) for name, width in widths.items()]
            # A heading's key is None (unique by identity): a goal id is never a widget id
            # or a made-up key, so a goal called "heading:0" can neither collide nor hide.
            table.add_row(*shown, key=key)
        table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    def _lay_out(self, rows: list[tuple[str | None, dict[str, Text]]], with_delta: bool,
                 last_year: bool) -> dict[str, int]:
        """The columns that fit, in their order: the history columns where they leave the
        title room, then the rest (`_lay_out_main`)."""
        room = self.app.size.width - (2 if len(rows) + 10 > self.app.size.height else 0)
        widths = self._lay_out_main(rows, with_delta, room)
        used = sum(w + 2 for name, w in widths.items() if name != "Mål")
        for name, width in HISTORY_COLUMNS.items():
            if name == "Sidste år" and not last_year:
                continue
            if room - used - (width + 2) - 2 >= HISTORY_TITLE_MIN:
                widths[name] = width
                used += width + 2
        title = max([len("Mål"), *(cells.get("Mål", Text()).cell_len for _, cells in rows)])
        widths["Mål"] = max(TITLE_MIN, min(title, room - used - 2))
        return {name: widths[name] for name in ORDER if name in widths}

    def _lay_out_main(self, rows: list[tuple[str | None, dict[str, Text]]], with_delta: bool,
                      room: int) -> dict[str, int]:
        """Every number whole: narrow, "Mangler" goes first, then the status is shown by its
        symbol alone, then the forecast and the comparison go."""
        goals = [cells for key, cells in rows if key is not HEADING]

        def col(name: str, flexible: bool = False, min_width: int = 0) -> Column:
            return column(name, [cells.get(name, "") for _, cells in rows], flexible, min_width)

        names = ["Id", "Mål", "Point", "Status", "Prognose", "Mangler"] + \
            (["Δ"] if with_delta else [])
        columns = {name: col(name) for name in names}
        columns["Mål"] = col("Mål", flexible=True, min_width=TITLE_MIN)
        columns["Mangler"] = Column("Mangler", min(columns["Mangler"].width, NEEDED_MAX))
        full = [columns[n] for n in names]
        roomy = [with_min(c, TITLE_ROOMY) if c.name == "Mål" else c for c in full]
        if fits(roomy, room):
            return lay_out(full, room, [])
        if fits([c for c in full if c.name != "Mangler"], room):
            return lay_out(full, room, ["Mangler"])
        for cells in goals:
            cells["Status"] = cells["Status"][:1]  # the symbol: ✔ ◐ ✘ …
        short = [Column("Status", len("Status")) if c.name == "Status" else c for c in full]
        return lay_out(short, room, ["Mangler", "Prognose", "Δ"])

    def _cells(self, result: GoalResult, before: GoalResult) -> dict[str, Text]:
        title = literal(result.goal.title, one_line=True)
        if result.overridden:
            title = Text("⚑ ", style="bold") + title
        forecast = Text(danish.STATUS_SYMBOL[result.forecast_status] + " ",
                        style=STATUS_STYLE[result.forecast_status])
        forecast.append(danish.number(result.forecast_earned))
        return {
            "Id": literal(result.goal.id, one_line=True),
            "Mål": title,
            "Point": Text(points_of(result.earned, result.points)),
            "Status": status(result.status),
            "Prognose": forecast,
            "Mangler": literal(goal_needed(result), one_line=True),
            "Δ": delta(result.earned - before.earned) if result != before else Text(""),
        }

    def _history_cells(self, history: History, goal_id: str) -> dict[str, Text]:
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
        if event.row_key.value is not None:
            self.mrp.open_goal(self.session.plan.id, event.row_key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_period":  # while recording, the period is the recording's
            return len(self.bench.periods(self.session.plan.id)) > 1 and \
                self.session.plan.id not in self.bench.records
        return True
