"""The inputs a plan asks for in one period, one row each: what the fill-in sheet lists and
what an import may fill. No spreadsheet library here: the template (xlsx or csv) and the
import share these rows.

A row's machine key (`Nøgle`) is the goal id, the subgoal id (empty for a goal without delmål)
and the input name joined by `|`: `1.a|1|actual`, `1.c||met`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from attrs import frozen

from mrp_tui.core.describe import describe_target
from mrp_tui.core.model import Figures, Goal, Inputs, Measure, MeasureKind, Period, Plan, Status
from mrp_tui.core.text import neutralise

#: Row 1 of the sheet `Indberetning`, exactly (issue 14).
HEADERS = ("Mål", "Delmål", "Krav", "Felt", "Enhed", "Værdi", "Bemærkning", "Nøgle")
VALUE, COMMENT, KEY = "Værdi", "Bemærkning", "Nøgle"

#: The input names in Danish, as the sheet's `Felt` column says them.
FIELD_LABELS = {
    "actual": "Faktisk",
    "baseline": "Udgangspunkt",
    "met": "Opfyldte sager",
    "total": "Sager i alt",
    "average": "Gennemsnit",
    "values": "Sagstider",
    "done_on": "Dato for opfyldelse",
    "verdict": "Vurdering",
    "reason": "Begrundelse",
    "forecast": "Prognose",
}

Kind = Literal["number", "numbers", "date", "verdict", "text"]
INPUT_KINDS: dict[str, Kind] = {
    "actual": "number", "baseline": "number", "met": "number", "total": "number",
    "average": "number", "values": "numbers", "done_on": "date", "verdict": "verdict",
    "reason": "text", "forecast": "number",
}
#: The verdicts in the words the sheet offers, and the machine values they stand for.
VERDICT_WORDS = {
    Status.MET: "opfyldt",
    Status.PARTLY_MET: "delvist opfyldt",
    Status.NOT_MET: "ikke opfyldt",
}
#: Measures whose value is a percentage (their forecast is one too).
PERCENT_MEASURES = (MeasureKind.SHARE, MeasureKind.REDUCTION, MeasureKind.INCREASE)

Value = float | tuple[float, ...] | dt.date | Status | str | None


@frozen
class InputRow:
    """One input of one leaf, as a row of the fill-in sheet."""

    goal_id: str
    subgoal_id: str | None
    name: str
    #: The goal's title and target in words (neutralised: it came from the plan file).
    requirement: str
    unit: str
    #: The period's reported value, if any.
    value: Value = None
    #: The goal's first row carries the goal's comment (`Bemærkning`); the others none.
    first_of_goal: bool = False
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"{self.goal_id}|{self.subgoal_id or ''}|{self.name}"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.name]

    @property
    def kind(self) -> Kind:
        return INPUT_KINDS[self.name]

    @property
    def where(self) -> str:
        """'mål 1.a delmål 1' / 'mål 1.c', for messages."""
        sub = f" delmål {self.subgoal_id}" if self.subgoal_id is not None else ""
        return f"mål {self.goal_id}{sub}"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def unit_of(name: str, measure: Measure) -> str:
    """What the `Enhed` column says for input `name` of `measure`."""
    unit = measure.unit or ""
    if name in ("met", "total"):
        return unit or "sager"
    if name in ("average", "values"):
        days = unit or "dage"
        return days if name == "average" else f"{days}, adskilt af ;"
    if name == "done_on":
        return "dato"
    if name == "verdict":
        return " / ".join(VERDICT_WORDS.values())
    if name == "reason":
        return "tekst"
    if name == "forecast":
        if measure.kind in PERCENT_MEASURES:
            return "% ved årets udgang"
        days = unit or ("dage" if measure.kind is MeasureKind.AVERAGE else "")
        return f"{days} ved årets udgang".strip()
    return unit


def input_names(measure: Measure, period: Period, inputs: Inputs,
                every: bool = False) -> tuple[str, ...]:
    """The inputs a leaf asks for: its measure's, and `forecast` where a forecast means
    something (a value that can be projected, before the year is over) or one was given.
    `every`: all that the loader accepts (`forecast` always), as an import may fill them."""
    names = measure.input_names
    projects = measure.kind not in (MeasureKind.MILESTONE, MeasureKind.ASSESSED)
    if every or (projects and period is not Period.YEAR) or inputs.forecast is not None:
        names = (*names, "forecast")
    return names


def _requirement(goal: Goal, measure: Measure, subgoal_title: str | None) -> str:
    title = neutralise(goal.title, one_line=True)
    if subgoal_title is not None:
        title += f" – {neutralise(subgoal_title, one_line=True)}"
    return f"{title}: {neutralise(describe_target(measure), one_line=True)}"


def input_rows(plan: Plan, period: Period, figures: Figures | None = None,
               every: bool = False) -> list[InputRow]:
    """The inputs of every leaf of `plan` (see `input_names`), in plan order, with `figures`'
    values filled in."""
    rows: list[InputRow] = []
    for goal in plan.goals:
        gfig = figures.for_goal(goal.id) if figures is not None else None
        leaves: list[tuple[str | None, Measure, str | None]] = []
        if goal.measure is not None:
            leaves.append((None, goal.measure, None))
        for sub in goal.subgoals:
            title = sub.title or _short(sub.text)
            leaves.append((sub.id, sub.measure, title if title == sub.id else
                           f"{sub.id}) {title}"))
        first = True
        for sid, measure, sub_title in leaves:
            inputs = gfig.for_leaf(sid) if gfig is not None else Inputs()
            requirement = _requirement(goal, measure, sub_title)
            for name in input_names(measure, period, inputs, every):
                rows.append(InputRow(
                    goal.id, sid, name, requirement, unit_of(name, measure),
                    getattr(inputs, name), first,
                    gfig.comment if first and gfig is not None else None))
                first = False
    return rows


def rows_by_key(rows: list[InputRow]) -> dict[str, InputRow]:
    return {row.key: row for row in rows}
