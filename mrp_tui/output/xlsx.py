"""The scorecard as an Excel workbook (openpyxl): another renderer of the same blocks.

One sheet per level-1 heading: the overview, then each plan (or, with --goal, each plan's
goal in detail). A table's cells with a typed value (`blocks.Typed`) are written as numbers
and dates with a format that reads Danish in a Danish spreadsheet (the decimal sign and the
thousands separator are the reader's locale's); the others as text. A status is written in
words with its symbol, for printing in black and white, and a fill by status. The first
table's header row is frozen and filtered. A banner (example figures, a scenario) is on every
sheet: a sheet without one of its own (the overview) carries every banner of the workbook.
Text from files is text in the workbook, never a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mrp_tui.core.model import Status
from mrp_tui.output.blocks import (
    Banner,
    Block,
    Chart,
    Column,
    Fields,
    Grid,
    Heading,
    Para,
    Row,
    Table,
    Typed,
)
from mrp_tui.output.labels import Words

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Fill and font colour per status: Excel's own "Good", "Neutral", "Bad" and a grey.
STATUS_COLOURS = {
    Status.MET: ("C6EFCE", "006100"),
    Status.PARTLY_MET: ("FFEB9C", "9C5700"),
    Status.NOT_MET: ("FFC7CE", "9C0006"),
    Status.PENDING: ("EDEDED", "404040"),
}
BANNER_FILL, HEADER_FILL = "C00000", "D9E1F2"
#: The workbook's own font, named on every styled cell (a font without a name is shown in
#: the program's fallback font, a serif one in LibreOffice).
FONT = "Calibri"
#: `[$-406]`: the format's language is Danish, so that a program that honours it (LibreOffice)
#: shows a decimal comma whatever its own locale; Excel shows its user's locale's signs.
DANISH = "[$-406]"
POINTS_FORMAT = f"{DANISH}#,##0.00"
DATE_FORMAT = f"{DANISH}DD-MM-YYYY"
_BAD_NAME = re.compile(r"[\[\]:*?/\\]")
_WIDTHS = {"main": 36, "side": 26, "text": 50, "status": 20, "": 24}
#: Points a line of text takes (Calibri 11), and the most Excel allows a row.
LINE_HEIGHT, MAX_HEIGHT = 15.0, 409.0


def _number_format(typed: Typed) -> str:
    if typed.kind == "date":
        return DATE_FORMAT
    if typed.kind == "points":
        return POINTS_FORMAT
    if typed.kind == "whole":
        return "0"
    decimals = typed.decimals
    if decimals is None:
        whole = isinstance(typed.value, int) or (isinstance(typed.value, float)
                                                 and typed.value.is_integer())
        decimals = 0 if whole else 2
    pattern = DANISH + "#,##0" + ("." + "0" * decimals if decimals else "")
    return f'{pattern}" %"' if typed.kind == "percent" else pattern


def put_text(cell: Any, text: str) -> None:
    """Text as text: openpyxl would make `=...` a formula, and no text from a file is one."""
    cell.value = text
    if cell.data_type == "f":
        cell.data_type = "s"


def _sheets(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks cut before each level-1 heading: one sheet each."""
    sheets: list[list[Block]] = []
    for block in blocks:
        if not sheets or (isinstance(block, Heading) and block.level == 1):
            sheets.append([])
        sheets[-1].append(block)
    return sheets


def _sheet_name(chunk: Sequence[Block], w: Words, used: set[str]) -> str:
    table = next((b for b in chunk if isinstance(b, Table)), None)
    heading = next((b for b in chunk if isinstance(b, Heading)), None)
    if table is not None and table.name == "overview":
        name = w["overview"]
    elif table is not None and table.name:
        name = table.name
    else:
        name = heading.text if heading is not None else "Ark"
    name = _BAD_NAME.sub("-", name).strip("' ")[:31] or "Ark"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


class _SheetWriter:
    """Writes one sheet's blocks top to bottom."""

    def __init__(self, ws: Worksheet, width: int) -> None:
        self.ws = ws
        self.width = width  # columns a banner or passage spans
        self.row = 1
        self.table_seen = False
        self.lengths: dict[int, int] = {}
        self.roles: dict[int, str] = {}
        self.aligns: dict[int, str] = {}
        #: Rows with wrapped text: row -> column -> text, to size the row once widths are known.
        self.wrapped: dict[int, dict[int, str]] = {}

    def styles(self) -> Any:
        from openpyxl import styles

        return styles

    def heading(self, block: Heading) -> None:
        cell = self.ws.cell(self.row, 1)
        put_text(cell, block.text)
        size = {1: 14, 2: 12}.get(block.level, 11)
        cell.font = self.styles().Font(name=FONT, bold=True, size=size)
        self.row += 1

    def banner(self, block: Banner) -> None:
        s = self.styles()
        cell = self.ws.cell(self.row, 1)
        put_text(cell, block.text)
        cell.font = s.Font(name=FONT, bold=True, color="FFFFFF")
        for column in range(1, self.width + 1):
            self.ws.cell(self.row, column).fill = s.PatternFill("solid", start_color=BANNER_FILL,
                                                                end_color=BANNER_FILL)
        self.row += 1

    def fields(self, block: Fields) -> None:
        for label, value in block.pairs:
            cell = self.ws.cell(self.row, 1)
            put_text(cell, f"{label}: {value}")
            self.row += 1
        self.row += 1

    def para(self, block: Para) -> None:
        s = self.styles()
        put_text(self.ws.cell(self.row, 1), block.label)
        self.ws.cell(self.row, 1).font = s.Font(name=FONT, bold=True)
        self.row += 1
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row,
                            end_column=max(self.width, 4))
        cell = self.ws.cell(self.row, 1)
        put_text(cell, block.text)
        cell.alignment = s.Alignment(wrap_text=True, vertical="top")
        lines = sum(len(p) // 100 + 1 for p in block.text.split("\n"))
        self.ws.row_dimensions[self.row].height = 15 * lines
        self.row += 2

    def table(self, block: Table) -> None:
        s = self.styles()
        header = self.row
        fill = s.PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
        for n, column in enumerate(block.columns, 1):
            cell = self.ws.cell(header, n)
            put_text(cell, column.header)
            cell.font = s.Font(name=FONT, bold=True)
            cell.fill = fill
            cell.alignment = s.Alignment(wrap_text=True, vertical="top",
                                         horizontal="right" if column.align == "right" else None,
                                         indent=1 if column.align == "right" else 0)
            # A header wraps at its spaces: its longest word is what the column must hold.
            self._measure(n, column, max(column.header.split(), key=len, default=""))
            self.wrapped.setdefault(header, {})[n] = column.header
        nested = any(row.level for row in block.rows)
        for offset, row in enumerate(block.rows, 1):
            self._row(header + offset, block.columns, row, bold=nested and not row.level)
        last = header + len(block.rows)
        if not self.table_seen:
            from openpyxl.utils import get_column_letter

            self.table_seen = True
            self.ws.freeze_panes = f"A{header + 1}"
            self.ws.auto_filter.ref = f"A{header}:{get_column_letter(len(block.columns))}{last}"
            self.ws.print_title_rows = f"{header}:{header}"
        self.row = last + 1
        for note in block.notes:
            put_text(self.ws.cell(self.row, 1), note)
            self.ws.cell(self.row, 1).font = s.Font(name=FONT, italic=True)
            self.row += 1
        self.row += 1

    def _row(self, number: int, columns: Sequence[Column], row: Row, bold: bool) -> None:
        """One row; `bold`: a goal's title, in a table that lists delmål under their goals."""
        s = self.styles()
        for n, (column, text) in enumerate(zip(columns, row.cells, strict=False), 1):
            typed = row.typed[n - 1] if n - 1 < len(row.typed) else None
            cell = self.ws.cell(number, n)
            if typed is not None and typed.value is not None:
                value: Any = typed.value
                cell.value = value
                cell.number_format = _number_format(typed)
            else:
                put_text(cell, text)
            status = typed.status if typed is not None else None
            if status is None and row.status_cell == n - 1:
                status = row.status
            if status is not None:
                back, fore = STATUS_COLOURS[status]
                cell.fill = s.PatternFill("solid", start_color=back, end_color=back)
                cell.font = s.Font(name=FONT, color=fore)
            if bold and column.role == "main":
                cell.font = s.Font(name=FONT, bold=True)
            wrap = column.role in ("main", "side", "text")
            # Indented: a delmål under its goal; a number clear of the text to its right.
            indent = 1 if (row.level and column.role == "main") or column.align == "right" \
                else 0
            cell.alignment = s.Alignment(wrap_text=wrap, vertical="top", indent=indent,
                                         horizontal="right" if column.align == "right" else None)
            self._measure(n, column, text)
            if wrap and text:
                self.wrapped.setdefault(number, {})[n] = text

    def _measure(self, column: int, spec: Column, text: str) -> None:
        longest = max((len(line) for line in text.split("\n")), default=0)
        self.lengths[column] = max(self.lengths.get(column, 0), longest)
        self.roles.setdefault(column, spec.role)
        self.aligns.setdefault(column, spec.align)

    def widths(self) -> None:
        from openpyxl.utils import get_column_letter

        widths = {}
        for column, longest in self.lengths.items():
            cap = _WIDTHS.get(self.roles.get(column, ""), 24)
            # A number column a little wider: its right-aligned header keeps clear of the next.
            low = 9 if self.aligns.get(column) == "right" else 6
            widths[column] = min(cap, max(low, longest + 2))
            self.ws.column_dimensions[get_column_letter(column)].width = widths[column]
        # A spreadsheet program does not size rows of wrapped text by itself on opening a
        # file (nor does a conversion to PDF): each such row gets the height its text needs.
        for row, texts in self.wrapped.items():
            lines = max(_lines(text, widths[column]) for column, text in texts.items())
            if lines > 1:
                self.ws.row_dimensions[row].height = min(MAX_HEIGHT, LINE_HEIGHT * lines)


def _lines(text: str, width: float) -> int:
    """Lines `text` takes wrapped in a column `width` characters wide (a little generous: an
    average letter is narrower than the digit the width is measured in)."""
    per_line = max(1, int(width * 1.1) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _with_banners(chunk: list[Block], banners: Iterable[Banner]) -> list[Block]:
    """A sheet with no banner of its own gets every banner of the workbook, under its heading."""
    if any(isinstance(b, Banner) for b in chunk):
        return chunk
    extra = list(banners)
    at = 1 if chunk and isinstance(chunk[0], Heading) else 0
    return [*chunk[:at], *extra, *chunk[at:]]


def render_xlsx(blocks: Sequence[Block], w: Words, title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    banners = list(dict.fromkeys(b for b in blocks if isinstance(b, Banner)))
    used: set[str] = set()
    for chunk in _sheets(blocks):
        ws = book.create_sheet(_sheet_name(chunk, w, used))
        width = max((len(b.columns) for b in chunk if isinstance(b, Table)), default=6)
        writer = _SheetWriter(ws, width)
        for block in _with_banners(chunk, banners):
            _write(writer, block)
        writer.widths()
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if not book.worksheets:
        book.create_sheet(w["overview"])
    book.properties.title = title
    book.properties.creator = "mrp-tui"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(writer: _SheetWriter, block: Block) -> None:
    if isinstance(block, Heading):
        writer.heading(block)
    elif isinstance(block, Banner):
        writer.banner(block)
    elif isinstance(block, Fields):
        writer.fields(block)
    elif isinstance(block, Para):
        writer.para(block)
    elif isinstance(block, Table):
        writer.table(block)
    elif isinstance(block, Grid):  # --history: statuses per period, compact as in text
        writer.table(block.compact())
    elif isinstance(block, Chart):  # --history: the points per period as a line of text
        writer.fields(Fields(((block.title, block.text),)))
    else:  # a kind of block added later: its texts, one to a row
        for value in block:
            if isinstance(value, str):
                put_text(writer.ws.cell(writer.row, 1), value)
                writer.row += 1
