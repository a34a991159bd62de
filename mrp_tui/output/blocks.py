"""A small document model that the text, markdown and html formats each render their own way.

Every string in a block is already neutralised (controls made visible) but not escaped:
escaping for markup, markdown or HTML is the renderer's job, and each renderer must treat
every string as data. Named tuples: immutable, and cheap to define (the print path is timed).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from mrp_tui.core.model import Status


class Heading(NamedTuple):
    text: str
    level: int = 1


class Banner(NamedTuple):
    """A warning that must not be missed, e.g. example figures."""

    text: str


class Fields(NamedTuple):
    """Label: value lines."""

    pairs: tuple[tuple[str, str], ...]


class Para(NamedTuple):
    """A labelled passage of text (newlines are paragraph breaks); no label line when the
    label is empty."""

    label: str
    text: str
    #: The text stands in for something still to be written (e.g. "[Analyse mangler]"):
    #: formats that can, make it stand out so a draft is not taken for finished.
    placeholder: bool = False


class Column(NamedTuple):
    header: str
    align: Literal["left", "right"] = "left"
    #: A column whose cells should not be broken across lines (numbers, ids).
    nowrap: bool = False
    #: A hint for narrow layouts: "main" takes the room that is left, "side" gets a share of
    #: it, "status" holds a symbol and a word or two.
    role: Literal["", "main", "side", "status"] = ""
    #: Where a narrow text layout has no room for every column, the lowest is left out
    #: first (whole, never cut); ties go from the right.
    priority: int = 0


class Row(NamedTuple):
    cells: tuple[str, ...]
    #: 0 for a goal or plan, 1 for a subgoal (indented under its goal).
    level: int = 0
    #: The status shown in this row, for colour; the cell text says it in words too.
    status: Status | None = None
    #: Index of the cell that shows the status, for colour.
    status_cell: int | None = None
    #: A totals row ("I alt"), set apart from the rows above it.
    total: bool = False


class Table(NamedTuple):
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    #: An identifier (the plan id, or "overview") for formats that can label a table.
    name: str = ""
    #: Lines under the table: footnotes, a legend.
    notes: tuple[str, ...] = ()
    #: Said under a table laid out without some of its columns, before their names
    #: ("Udeladt for pladsens skyld").
    left_out: str = ""


Block = Heading | Banner | Fields | Para | Table
