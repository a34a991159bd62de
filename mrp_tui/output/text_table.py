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


#: The narrowest a text column is made before columns are left out.
MIN_TEXT = 8
#: A title ("main") column is kept at least as wide as its longest word, up to this.
MAIN_WORD = 20
#: What "needed" ("side") is given before the title takes the rest.
SIDE_WIDTH = 12


def _natural(block: Table) -> list[int]:
    return [max([cell_len(c.header)] + [cell_len(r.cells[i]) + _indent(block, j, i)
                                        for j, r in enumerate(block.rows)])
            for i, c in enumerate(block.columns)]


def _longest_word(block: Table, i: int) -> int:
    return max((cell_len(word) + _indent(block, j, i)
                for j, r in enumerate(block.rows) for word in r.cells[i].split()), default=1)


def _minimum(block: Table, i: int, natural: int) -> int:
    """A number column keeps its whole width; a text column gives way down to MIN_TEXT
    (a status to its longest word, so "opfyldt" stays one word)."""
    column = block.columns[i]
    if column.nowrap:
        return natural
    if column.role == "status":  # a symbol and a word on one line, the rest under it
        return min(natural, STATUS_WIDTH)
    if column.role == "main":  # a title keeps its words whole before numbers are kept
        return min(natural, max(MIN_TEXT, min(_longest_word(block, i), MAIN_WORD)))
    return min(natural, MIN_TEXT)


def column_widths(block: Table, width: int) -> list[int | None]:
    """Each column's width, None for a column left out.

    Natural widths where they fit. Else columns holding numbers and ids (`nowrap`) keep their
    natural width, so a number is never broken across lines, and text columns give way: the
    status wraps after its first word, the title ("main") keeps room for its longest word
    where it can and "needed" ("side") gets the rest. Where even that does not fit, whole
    columns are left out, lowest `priority` first, never one cut short."""
    natural = _natural(block)
    n = len(block.columns)
    if sum(natural) + len(GAP) * (n - 1) <= width:
        return list(natural)
    shown = list(range(n))
    minimum = [_minimum(block, i, natural[i]) for i in range(n)]

    def need() -> int:
        return sum(minimum[i] for i in shown) + len(GAP) * (len(shown) - 1)

    roles = [c.role for c in block.columns]
    main = roles.index("main") if "main" in roles else None
    while need() > width and len(shown) > 1:
        drop = min(shown, key=lambda i: (block.columns[i].priority, -i))
        if main in shown and main is not None and minimum[main] > min(natural[main], MIN_TEXT) \
                and block.columns[drop].priority >= block.columns[main].priority:
            # Before the title or a column above it goes, the title folds its long words.
            floor = min(natural[main], MIN_TEXT)
            minimum[main] = max(floor, minimum[main] - (need() - width))
            continue
        shown.remove(drop)
    widths: list[int | None] = [None] * n
    for i in shown:
        widths[i] = minimum[i]
    left = width - need()
    if left < 0:  # one column, and still too wide: it is all there is to show
        widths[shown[0]] = width
        left = 0

    def grow(i: int, target: int) -> None:
        nonlocal left
        current = widths[i]
        assert current is not None
        extra = max(0, min(left, target - current))
        widths[i] = current + extra
        left -= extra

    side = roles.index("side") if "side" in roles else None
    if main in shown and main is not None:
        # Titles come first, but "needed" keeps SIDE_WIDTH: a folded unit reads worse there.
        keep = 0
        if side in shown and side is not None:
            current = widths[side]
            assert current is not None
            keep = max(0, min(natural[side], SIDE_WIDTH) - current)
        target = min(natural[main], max(20, _longest_word(block, main)))
        grow(main, min(target, (widths[main] or 0) + max(0, left - keep)))
    for i in shown:  # then the rest of the text columns, "needed" first
        if block.columns[i].role == "side":
            grow(i, natural[i])
    for i in shown:
        grow(i, natural[i])
    return widths


def _cell_lines(text: str, width: int, indent: int) -> list[str]:
    return [" " * indent + line for line in wrap(text, max(1, width - indent))]


def table_lines(block: Table, width: int) -> list[Text]:
    """The table as lines: header, a rule, then the rows, each cell wrapped in its column;
    under it, the names of any columns left out for want of room."""
    all_widths = column_widths(block, width)
    shown = [i for i, w in enumerate(all_widths) if w is not None]
    widths = [w for w in all_widths if w is not None]
    columns = [block.columns[i] for i in shown]

    def line(cells: list[str], styles: list[str]) -> Text:
        parts: list[str] = []
        spans: list[Span] = []
        at = 0
        for k, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            size = cell_len(cell)
            pad = " " * max(0, w - size)
            if k:
                parts.append(GAP)
                at += len(GAP)
            right = columns[k].align == "right"
            start = at + (len(pad) if right else 0)
            if styles[k] and cell:
                spans.append(Span(start, start + len(cell), styles[k]))
            parts += (pad, cell) if right else (cell, pad)
            at += len(pad) + len(cell)
        return Text("".join(parts), spans=spans)

    header = [wrap(c.header, w) for c, w in zip(columns, widths, strict=True)]
    lines = [line([h[k] if k < len(h) else "" for h in header], ["bold"] * len(columns))
             for k in range(max(map(len, header)))]
    rule = Text("─" * min(width, sum(widths) + len(GAP) * (len(widths) - 1)))
    lines.append(rule)
    for j, row in enumerate(block.rows):
        if row.total:
            lines.append(rule.copy())  # the header's rule again, above a total
        cells = [_cell_lines(row.cells[i], w, _indent(block, j, i))
                 for i, w in zip(shown, widths, strict=True)]
        styles = ["bold" if row.total else ""] * len(columns)
        if row.status is not None and row.status_cell in shown:
            styles[shown.index(row.status_cell)] = STATUS_STYLE[row.status]
        for k in range(max(map(len, cells))):
            lines.append(line([c[k] if k < len(c) else "" for c in cells], styles))
    left_out = [block.columns[i].header for i, w in enumerate(all_widths) if w is None]
    if left_out:
        note = f"{block.left_out or '–'}: {', '.join(left_out)}"
        lines.extend(Text(part, style="dim") for part in wrap(note, width))
    return lines
