"""A small document model that the text, markdown and html formats each render their own way.

Every string in a block is already neutralised (controls made visible) but not escaped:
escaping for markup, markdown or HTML is the renderer's job, and each renderer must treat
every string as data. Named tuples: immutable, and cheap to define (the print path is timed).
"""

from __future__ import annotations

import datetime as dt
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
    #: it, "status" holds a symbol and a word or two, "text" a passage (only in wide tables).
    role: Literal["", "main", "side", "status", "text"] = ""
    #: Where a narrow text layout has no room for every column, the lowest is left out
    #: first (whole, never cut); ties go from the right.
    priority: int = 0


class Typed(NamedTuple):
    """What a cell holds beside its text, for formats that keep types (xlsx): the number or
    date unrounded, how it reads, and the status it shows (for a fill). The text formats use
    the cell's text and never look here."""

    value: float | dt.date | None = None
    #: "number", "points" (a share of points), "percent" (87.2 is 87,2 %), "date", or "whole"
    #: (a year: no thousands separator).
    kind: Literal["number", "points", "percent", "date", "whole"] = "number"
    status: Status | None = None
    #: Decimals to show, as many as the cell's text shows (None: the format's own choice).
    decimals: int | None = None


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
    #: Per cell, its typed value (or None: text only); empty where the table has none.
    typed: tuple[Typed | None, ...] = ()


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


class Mark(NamedTuple):
    """One result in a development grid: a period's, or last year's."""

    #: None: nothing to show (e.g. last year's plan has no year figures).
    status: Status | None
    #: Points earned, formatted ("6,67"), or "" where the goal states no points.
    earned: str = ""
    #: The value in the measure's terms ("118 udsendte", "87,2 % (171 af 196)"), or "".
    value: str = ""
    #: Points possible, formatted, for "earned/possible"; "" where not shown.
    points: str = ""


class GridRow(NamedTuple):
    goal: str
    title: str
    #: 0 for a goal, 1 for a delmål (indented under its goal).
    level: int
    #: One per period of the grid, in order.
    marks: tuple[Mark, ...]
    #: Last year's result; None where the goal continues nothing.
    last_year: Mark | None = None
    #: This year's target against last year's, in words ("skærpet"), or "".
    change: str = ""


class Grid(NamedTuple):
    """A plan's development: status per period for every goal and delmål, and last year's.

    Text and markdown show the periods as one compact column of symbols; html as a coloured
    grid with a cell per period. `headers`: goal, title, development, last year, change."""

    headers: tuple[str, str, str, str, str]
    periods: tuple[str, ...]
    rows: tuple[GridRow, ...]
    name: str = ""
    notes: tuple[str, ...] = ()
    #: Index in `periods` of the period the rest of the document shows, or None.
    current: int | None = None

    @property
    def has_last_year(self) -> bool:
        return any(row.last_year is not None for row in self.rows)

    def compact(self) -> Table:
        """The grid as a table with the periods in one column of symbols ("✘ ◐ ✔ ✔"),
        last year's result as a symbol and points: for text and markdown."""
        from mrp_tui.core.danish import STATUS_SYMBOL

        def symbol(mark: Mark) -> str:
            return "–" if mark.status is None else STATUS_SYMBOL[mark.status]

        def last(mark: Mark | None) -> str:
            if mark is None:
                return ""
            if mark.status is None:
                return mark.value
            earned = f"{mark.earned}/{mark.points}" if mark.points else mark.earned
            return f"{symbol(mark)} {earned}".rstrip()

        goal, title, development, last_year, change = self.headers
        columns = [Column(goal, nowrap=True), Column(title, role="main"),
                   Column(development, nowrap=True)]
        if self.has_last_year:
            columns += [Column(last_year, nowrap=True), Column(change, nowrap=True)]
        rows = []
        for row in self.rows:
            cells = [row.goal, row.title, " ".join(symbol(m) for m in row.marks)]
            if self.has_last_year:
                cells += [last(row.last_year), row.change]
            rows.append(Row(tuple(cells), row.level))
        return Table(tuple(columns), tuple(rows), self.name, self.notes)


class Chart(NamedTuple):
    """Points earned and forecast per period. Html draws it (inline SVG, with the numbers
    beside it for clients that drop SVG); text and markdown show `text`, the same numbers."""

    title: str
    labels: tuple[str, ...]
    earned: tuple[float, ...]
    forecast: tuple[float, ...]
    maximum: float
    #: Names of the two series, e.g. ("Opnået", "Prognose").
    legend: tuple[str, str]
    text: str


Block = Heading | Banner | Fields | Para | Table | Grid | Chart
