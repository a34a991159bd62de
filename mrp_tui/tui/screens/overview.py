"""The ministry's agencies and their plans, one row a plan."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from mrp_tui.core import danish
from mrp_tui.core.errors import Problem
from mrp_tui.core.whatif import WhatIf
from mrp_tui.tui.columns import column, fit, lay_out
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.render import bar, counts, literal, period_label
from mrp_tui.tui.screens.base import MrpScreen
from mrp_tui.tui.widgets.row_tables import PlanTable
from mrp_tui.tui.widgets.top_bar import TopBar

ERROR_ROW = "error:"
WHAT_IF_MARK = "✎ "
BAR = ""  # the points bar's column has no heading
#: Left out first when the terminal is narrow (the agency, points and status stay).
DROP_ORDER = (BAR, "Prognose", "Periode", "År")


class OverviewScreen(MrpScreen):
    _painted = False
    #: The size the table was last laid out for (the resize after mounting is no news).
    _filled_size: tuple[int, int] = (-1, -1)
    BINDINGS = [
        Binding("q", "app.quit_app", "Afslut", tooltip="Afslut mrp-tui (spørger ved ugemte "
                "ændringer)", id="overview.quit"),
        Binding("j", "cursor(1)", "Ned", show=False, tooltip="Flyt ned", id="overview.down"),
        Binding("k", "cursor(-1)", "Op", show=False, tooltip="Flyt op", id="overview.up"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield PlanTable(id="plans", cursor_type="row", zebra_stripes=True)
        yield Static("", id="legend")
        yield Footer(compact=True)

    def place(self, short: bool = False) -> str:
        return "Styrelser"

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(DataTable).focus()
        # The highlighted plan's points per period need its other periods' figures (and
        # last year's plan), and the line Textual's Sparkline: both after the first frame,
        # never for it.
        self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        from mrp_tui.tui.widgets.trend import Trend

        self._painted = True
        trend = Trend(Text(""), id="trend")
        trend.display = False
        self.mount(trend, before=self.query_one("#legend"))
        self.call_after_refresh(self._show_trend)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._painted:
            self._show_trend()

    def _show_trend(self) -> None:
        from mrp_tui.tui.widgets.trend import Trend

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

    def on_resize(self) -> None:
        if tuple(self.app.size) != self._filled_size:
            self.refresh_view()

    def refresh_view(self, message: SessionChanged | None = None) -> None:
        super().refresh_view(message)
        self._fill_table()
        self._fill_legend()

    def _rows(self) -> list[tuple[str, dict[str, Text]]]:
        rows = []
        for entry in self.bench.entries:
            if entry.plan is None:
                rows.append((f"{ERROR_ROW}{entry.path}", {
                    "Styrelse": literal(f"⚠ {entry.path.name}", "bold red", one_line=True),
                    "Status": Text(f"{len(entry.problems)} fejl", "red")}))
            else:
                rows.append((entry.plan.id, self._cells(self.bench.session(entry.plan.id))))
        return rows

    def _cells(self, session: WhatIf) -> dict[str, Text]:
        result = session.result
        # a what-if is never shown as reported: a plan with changes is marked
        name = literal(result.plan.agency, one_line=True)
        return {
            "Styrelse": Text(WHAT_IF_MARK, "bold yellow") + name if session.changes else name,
            "År": Text(str(result.plan.year)),
            "Periode": Text(period_label(result) + (" *" if result.example else "")),
            "Point": Text(f"{danish.number(result.earned)}/{danish.number(result.points)}",
                          justify="right"),
            BAR: Text(bar(result.earned, result.points, 6)),
            "Prognose": Text(danish.number(result.forecast_earned)),
            "Status": counts(result),
        }

    def _fill_table(self) -> None:
        self._filled_size = tuple(self.app.size)  # type: ignore[assignment]
        table = self.query_one(DataTable)
        rows = self._rows()
        names = ("Styrelse", "År", "Periode", "Point", BAR, "Prognose", "Status")
        columns = [column(name, [cells.get(name, "") for _, cells in rows],
                          flexible=name == "Styrelse", min_width=10) for name in names]
        # a vertical scrollbar takes two cells once the rows outgrow the screen
        room = self.app.size.width - (2 if len(rows) + 5 > self.app.size.height else 0)
        widths = lay_out(columns, room, DROP_ORDER)
        cursor = table.cursor_row
        table.clear(columns=True)
        for name, width in widths.items():
            table.add_column(name, width=width, key=name or "bar")
        for key, cells in rows:
            table.add_row(*self._shown(key, cells, widths), key=key)
        table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    def _shown(self, key: str, cells: dict[str, Text], widths: dict[str, int]) -> list[Text]:
        cells = dict(cells)
        if not key.startswith(ERROR_ROW):
            plan = self.bench.session(key).plan
            width = widths["Styrelse"]
            if cells["Styrelse"].cell_len > width and plan.short:
                mark = WHAT_IF_MARK if self.bench.session(key).changes else ""
                cells["Styrelse"] = Text(mark, "bold yellow") + literal(plan.short, one_line=True)
            if "Periode" not in widths and "År" in widths and \
                    self.bench.session(key).result.example:
                cells["År"] = Text(f"{plan.year}*")  # the example mark stays in sight
        cells["Styrelse"] = fit(cells["Styrelse"], widths["Styrelse"])
        return [cells.get(name, Text()) for name in widths]

    def _fill_legend(self) -> None:
        lines = []
        for entry in self.bench.entries:
            if entry.plan is None and entry.problems:
                more = len(entry.problems) - 1
                line = Text("⚠ ", "bold red")
                line.append(literal(f"{entry.path.name}: {problem_text(entry.problems[0])}",
                                    one_line=True))
                line.append(f" (+{more} fejl)" if more else "")
                lines.append(line)
        if lines:
            lines.append(Text("Enter på den røde række viser alle fejl"))
        if any(self.bench.session(p.id).changes for p in self.bench.plans):
            lines.append(Text(f"{WHAT_IF_MARK}hvis-tal: med ændringer, der ikke er indberettet"))
        if any(self.bench.session(p.id).result.example for p in self.bench.plans):
            lines.append(Text("* eksempeltal – ikke rigtige tal"))
        self.query_one("#legend", Static).update(Text("\n").join(lines))

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


def problem_text(problem: Problem) -> str:
    """A problem without its file's path (the row names the file): 'linje 6: ...'."""
    where = f"linje {problem.line}: " if problem.line is not None else ""
    if problem.where:
        where += f"{problem.where}: "
    return where + problem.message
