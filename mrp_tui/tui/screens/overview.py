"""The ministry's agencies and their plans, one row a plan."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from mrp_tui.core import danish
from mrp_tui.core.results import PlanResult
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.render import bar, counts, literal, period_label
from mrp_tui.tui.screens.base import MrpScreen
from mrp_tui.tui.widgets.row_tables import PlanTable
from mrp_tui.tui.widgets.top_bar import TopBar
from mrp_tui.tui.widgets.trend import Trend

ERROR_ROW = "error:"


class OverviewScreen(MrpScreen):
    _painted = False
    BINDINGS = [
        Binding("q", "app.quit_app", "Afslut", tooltip="Afslut mrp-tui (spørger ved ugemte "
                "ændringer)", id="overview.quit"),
        Binding("j", "cursor(1)", "Ned", show=False, tooltip="Flyt ned", id="overview.down"),
        Binding("k", "cursor(-1)", "Op", show=False, tooltip="Flyt op", id="overview.up"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield PlanTable(id="plans", cursor_type="row", zebra_stripes=True)
        yield Trend(Text(""), id="trend")
        yield Static("", id="legend")
        yield Footer(compact=True)

    def place(self) -> str:
        return "Styrelser"

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Styrelse", "År", "Periode", "Point", "Prognose", "Status")
        for entry in self.bench.entries:
            if entry.plan is None:
                table.add_row(literal(f"⚠ {entry.path.name}", "bold red", one_line=True), "",
                              "fejl", literal(f"{len(entry.problems)} fejl", "red"), "", "",
                              key=f"{ERROR_ROW}{entry.path}")
            else:
                table.add_row(*self._cells(self.bench.session(entry.plan.id).result),
                              key=entry.plan.id)
        if any(self.bench.session(p.id).result.example for p in self.bench.plans):
            self.query_one("#legend", Static).update("* eksempeltal – ikke rigtige tal")
        self.update_top_bar()  # the rows were just filled in
        table.focus()
        self.query_one(Trend).display = False
        # The highlighted plan's points per period need its other periods' figures (and
        # last year's plan): read after the first frame, never for it.
        self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        self._painted = True
        self._show_trend()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._painted:
            self._show_trend()

    def _show_trend(self) -> None:
        table = self.query_one(DataTable)
        trend = self.query_one(Trend)
        if not table.row_count:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        if key.startswith(ERROR_ROW):
            trend.show_history(None, None)
            return
        plan = self.bench.session(key).plan
        label = literal(f"{plan.agency} {plan.year}:", "bold", one_line=True)
        trend.show_history(self.bench.history(key), self.bench.session(key).base.period,
                           label)

    def _cells(self, result: PlanResult) -> tuple[object, ...]:
        plan = result.plan
        name = plan.agency if len(plan.agency) <= 22 or not plan.short else plan.short
        period = period_label(result) + (" *" if result.example else "")
        points = f"{danish.number(result.earned)}/{danish.number(result.points)}"
        score = f"{points:>10} {bar(result.earned, result.points, 6)}"
        return (literal(name, one_line=True), str(plan.year), period, score,
                danish.number(result.forecast_earned), counts(result))

    def refresh_view(self, message: SessionChanged | None = None) -> None:
        super().refresh_view(message)
        table = self.query_one(DataTable)
        ids = [message.plan_id] if message else list(self.bench.sessions)
        for plan_id in ids:
            cells = self._cells(self.bench.session(plan_id).result)
            for column, value in zip(table.columns, cells, strict=True):
                table.update_cell(plan_id, column, value, update_width=True)

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + step)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(str(event.row_key.value))

    def _open(self, key: str) -> None:
        if key.startswith(ERROR_ROW):
            self.mrp.show_problems(key.removeprefix(ERROR_ROW))
        else:
            self.mrp.open_plan(key)
