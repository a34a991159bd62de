"""One measure on the goal screen: a delmål (or a goal without delmål) with its fields."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from mrp_tui.core import danish
from mrp_tui.core.describe import (
    describe_amount,
    describe_needed,
    describe_target,
    describe_value,
)
from mrp_tui.core.model import Measure, MeasureKind
from mrp_tui.core.results import LeafResult
from mrp_tui.core.whatif import Key, WhatIf
from mrp_tui.tui.render import show, status
from mrp_tui.tui.safe import literal
from mrp_tui.tui.widgets.figure_input import FigureRow


class LeafCard(Vertical):
    DEFAULT_CLASSES = "leaf-card"

    def __init__(self, goal_id: str, subgoal_id: str | None, heading: Text, text: str | None,
                 measure: Measure, session: WhatIf, read_only: bool) -> None:
        super().__init__()
        self.goal_id, self.subgoal_id = goal_id, subgoal_id
        self._heading, self._text, self._measure = heading, text, measure
        self._session, self._read_only = session, read_only

    def keys(self) -> list[Key]:
        names = self._measure.input_names
        if self._measure.kind not in (MeasureKind.MILESTONE, MeasureKind.ASSESSED):
            names = (*names, "forecast")  # scoring takes a forecast of a number only
        return [(self.goal_id, self.subgoal_id, name) for name in names]

    def compose(self) -> ComposeResult:
        yield Static(self._heading, classes="leaf-heading")
        if self._text:
            yield Static(literal(self._text), classes="leaf-text")
        yield Static(literal(f"Mål: {describe_target(self._measure)}", one_line=True),
                     classes="leaf-target")
        for key in self.keys():
            yield FigureRow(key, self._session.value(key), self._read_only,
                            self._session.reported_value(key))
        yield Static("", classes="leaf-result")

    def show_result(self, leaf: LeafResult, points: float | None, earned: float) -> None:
        line = Text("Værdi: ")
        line.append(literal(describe_value(leaf), one_line=True))
        line.append("  ")
        line.append_text(status(leaf.status))
        line.append(literal(f"  Mangler: {describe_needed(leaf)}", one_line=True))
        if points is not None:
            line.append(f"\nPoint: {danish.number(earned)} af {danish.number(points)}")
        # in the measure's terms, as the value ('77,2 %', '98 dage'), not a bare number
        forecast = describe_amount(leaf.measure, leaf.forecast_value)
        line.append(literal(f"  Prognose: {forecast} (", one_line=True))
        line.append_text(status(leaf.forecast_status))
        line.append(")")
        show(self.query_one(".leaf-result", Static), line)
