"""A table's columns at the terminal's width: a number is shown whole or not at all.

Columns holding numbers keep the width their widest value needs; a text column gives way
(cut with an ellipsis, down to a minimum); a column that still does not fit is left out whole,
in an order each table chooses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text

#: DataTable's cell padding: one cell either side of each column.
PADDING = 2


@dataclass(frozen=True)
class Column:
    name: str
    #: Cells the heading and the widest value need.
    width: int
    #: Text that may be cut with an ellipsis: takes the room left, at least `min_width`.
    flexible: bool = False
    min_width: int = 0


def column(name: str, values: Iterable[Text | str], flexible: bool = False,
           min_width: int = 0) -> Column:
    """A column as wide as its heading and its widest value."""
    width = max([len(name), *(_cells(v) for v in values)])
    return Column(name, width, flexible, min(min_width, width) if flexible else 0)


def fits(columns: Sequence[Column], room: int) -> bool:
    """Whether the columns fit in `room` cells with each text column at its minimum."""
    return _needed(columns) <= room


def lay_out(columns: Sequence[Column], room: int, drop: Sequence[str]) -> dict[str, int]:
    """Widths of the columns kept in `room` cells, in their order. The columns named in
    `drop` are left out, in that order, while the others do not fit at their minimum."""
    kept = list(columns)
    for name in drop:
        if _needed(kept) <= room:
            break
        kept = [c for c in kept if c.name != name]
    widths = {c.name: c.width for c in kept}
    flexible = [c for c in kept if c.flexible]
    if flexible:
        fixed = sum(c.width + PADDING for c in kept if not c.flexible)
        rest = (room - fixed) // len(flexible) - PADDING
        for c in flexible:
            widths[c.name] = max(c.min_width, min(c.width, rest))
    return widths


def fit(text: Text | str, width: int) -> Text:
    """Cut to `width` with an ellipsis. A word holding a digit is never cut in two: the cut
    goes before it ('mangler 1.250 udsendte' at 12 is 'mangler …', not 'mangler 1.2…')."""
    text = Text(text) if isinstance(text, str) else text.copy()
    if text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    kept = len(cut.plain) - 1  # the characters before the ellipsis
    plain = text.plain
    start = kept
    while start > 0 and not plain[start - 1].isspace():
        start -= 1
    end = kept
    while end < len(plain) and not plain[end].isspace():
        end += 1
    if start < kept and any(ch.isdigit() for ch in plain[start:end]):
        cut = text[:start]
        cut.rstrip()
        cut.append("…")
    return cut


def _needed(columns: Sequence[Column]) -> int:
    return sum((c.min_width if c.flexible else c.width) + PADDING for c in columns)


def _cells(value: Text | str) -> int:
    return value.cell_len if isinstance(value, Text) else Text(value).cell_len
