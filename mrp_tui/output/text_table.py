"""Laying out a table as lines of rich `Text`, for the text scorecard.

rich's own Table measures every cell several times over; for the hundred-odd rows of five
plans that cost more than everything else `--print` does. This does the one layout the
scorecard needs, in one pass, and leaves the styling and printing to rich.
Widths are terminal cells (rich.cells), so wide characters in data are measured right.
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.text import Span, Text

from mrp_tui.core.model import Status
from mrp_tui.output.blocks import Table

GAP = "  "
STATUS_WIDTH = 9  # "◐ delvist": a symbol and the longest first word of a status
STATUS_STYLE = {Status.MET: "green", Status.PARTLY_MET: "yellow",
                Status.NOT_MET: "bold red", Status.PENDING: "dim"}


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` cells; a word longer than a line is folded."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        chunks = chop_cells(word, width) if cell_len(word) > width else [word]
        lines.extend(chunks[:-1])
        line = chunks[-1]
    lines.append(line)
    return lines


def _indent(block: Table, row_index: int, col: int) -> int:
    row = block.rows[row_index]
    return 2 * row.level if col == 1 else 0


def column_widths(block: Table, width: int) -> list[int]:
    """Natural widths where they fit; else the title ("main") column keeps room for its
    longest word, "needed" ("side") gets the rest, and a status wraps after its first word."""
    n = len(block.columns)
    natural = [max([cell_len(c.header)] + [cell_len(r.cells[i]) + _indent(block, j, i)
                                           for j, r in enumerate(block.rows)])
               for i, c in enumerate(block.columns)]
    room = width - len(GAP) * (n - 1)
    if sum(natural) <= room:
        return natural
    widths = list(natural)
    for i, column in enumerate(block.columns):
        if column.role == "status":
            widths[i] = min(natural[i], STATUS_WIDTH)
    roles = [c.role for c in block.columns]
    flexible = [i for i, r in enumerate(roles) if r in ("main", "side")]
    left = room - sum(w for i, w in enumerate(widths) if i not in flexible)
    main = roles.index("main") if "main" in roles else None
    side = roles.index("side") if "side" in roles else None
    if main is not None and side is None and left >= 10:
        widths[main] = left
        return widths
    if main is not None and side is not None and left >= 24:
        # Titles come first: a folded unit in "needed" reads better than a folded title.
        longest = max((cell_len(word) + _indent(block, j, main)
                       for j, r in enumerate(block.rows) for word in r.cells[main].split()),
                      default=1)
        widths[main] = min(natural[main], max(20, longest), left - 12)
        widths[side] = min(natural[side], left - widths[main])
        widths[main] = min(natural[main], left - widths[side])
        return widths
    # Too narrow for that: every column gives up room in proportion to its width.
    total = sum(widths)
    return [max(1, w * room // total) for w in widths]


def _cell_lines(text: str, width: int, indent: int) -> list[str]:
    return [" " * indent + line for line in wrap(text, max(1, width - indent))]


def table_lines(block: Table, width: int) -> list[Text]:
    """The table as lines: header, a rule, then the rows, each cell wrapped in its column."""
    widths = column_widths(block, width)
    columns = block.columns

    def line(cells: list[str], styles: list[str]) -> Text:
        parts: list[str] = []
        spans: list[Span] = []
        at = 0
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            size = cell_len(cell)
            pad = " " * max(0, w - size)
            if i:
                parts.append(GAP)
                at += len(GAP)
            right = columns[i].align == "right"
            start = at + (len(pad) if right else 0)
            if styles[i] and cell:
                spans.append(Span(start, start + len(cell), styles[i]))
            parts += (pad, cell) if right else (cell, pad)
            at += len(pad) + len(cell)
        return Text("".join(parts), spans=spans)

    header = [wrap(c.header, w) for c, w in zip(columns, widths, strict=True)]
    lines = [line([h[k] if k < len(h) else "" for h in header], ["bold"] * len(columns))
             for k in range(max(map(len, header)))]
    lines.append(Text("─" * sum(widths) + "─" * len(GAP) * (len(widths) - 1)))
    for j, row in enumerate(block.rows):
        if row.total:
            lines.append(lines[len(header)].copy())  # the header's rule again, above a total
        cells = [_cell_lines(cell, w, _indent(block, j, i))
                 for i, (cell, w) in enumerate(zip(row.cells, widths, strict=True))]
        styles = ["bold" if row.total else ""] * len(columns)
        if row.status is not None and row.status_cell is not None:
            styles[row.status_cell] = STATUS_STYLE[row.status]
        for k in range(max(map(len, cells))):
            lines.append(line([c[k] if k < len(c) else "" for c in cells], styles))
    return lines
