"""The scorecard as CSV for spreadsheets: one row per goal and one per delmål.

Written for Danish Excel, which is what the department opens it in (docs/print.md):
- UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 and "æøå"
  come out garbled;
- `;` between fields and a decimal comma in numbers (no thousands separator): Danish Excel
  uses `,` as the decimal sign, so it expects `;` as the list separator and reads "13,33"
  as a number. Scripts: `pandas.read_csv(f, sep=";", decimal=",", encoding="utf-8-sig")`.
Danish column names and words by default; `--lang en`: English column names and the JSON's
machine values (`partly_met`, `goal`, `true`). Numbers are unrounded as in the JSON, in both;
dates ISO. A goal's `comment` (its explanation) is on one line: its line breaks become
spaces. The first column says what the figures are: reported, example, or a what-if
(`SCENARIE «hvis» – ikke indberettede tal`), on every row, so that no sheet cut from the file
loses it. A text from a file that starts like a formula (`=`, `+`, `-`, `@`) gets a leading
`'` so a spreadsheet shows it instead of evaluating it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from mrp_tui.core import danish
from mrp_tui.core.describe import describe_goal_needed, describe_needed, describe_whatif
from mrp_tui.core.describe import whatif_name as scenario_name
from mrp_tui.core.model import MeasureKind, Status
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult
from mrp_tui.output.document import clean
from mrp_tui.output.values import Cell

if TYPE_CHECKING:
    from mrp_tui.core.history import History

BOM = "\ufeff"
SEPARATOR = ";"
#: (key, Danish column name, English column name). The keys are the English names.
COLUMN_NAMES = (
    ("figures", "Tal", "figures"),
    ("plan_id", "Plan-id", "plan_id"),
    ("agency", "Styrelse", "agency"),
    ("year", "År", "year"),
    ("period", "Periode", "period"),
    ("as_of", "Opgjort pr.", "as_of"),
    ("example", "Eksempeltal", "example"),
    ("scenario", "Scenarie", "scenario"),
    ("goal_id", "Mål", "goal_id"),
    ("subgoal_id", "Delmål", "subgoal_id"),
    ("level", "Niveau", "level"),
    ("section", "Afsnit", "section"),
    ("title", "Titel", "title"),
    ("points", "Point", "points"),
    ("earned", "Opnået", "earned"),
    ("status", "Status", "status"),
    ("forecast_earned", "Prognose, point", "forecast_earned"),
    ("forecast_status", "Prognose, status", "forecast_status"),
    ("measure", "Måltype", "measure"),
    ("target", "Krav", "target"),
    ("unit", "Enhed", "unit"),
    ("value", "Værdi", "value"),
    ("needed", "Mangler", "needed"),
    ("needed_text", "Mangler, tekst", "needed_text"),
    ("forecast_value", "Prognose, værdi", "forecast_value"),
    ("overridden", "Vurderet", "overridden"),
    ("override_reason", "Vurdering", "override_reason"),
    ("comment", "Bemærkning", "comment"),
)
COLUMNS = tuple(key for key, _, _ in COLUMN_NAMES)
#: With --history: last year's result beside each goal (and each delmål that corresponds).
HISTORY_COLUMN_NAMES = (
    ("previous_plan", "Sidste års plan", "previous_plan"),
    ("previous_goals", "Sidste års mål", "previous_goals"),
    ("previous_status", "Sidste års status", "previous_status"),
    ("previous_points", "Sidste års point", "previous_points"),
    ("previous_earned", "Sidste års opnåede", "previous_earned"),
    ("previous_target", "Sidste års krav", "previous_target"),
    ("target_change", "Krav mod sidste år", "target_change"),
)
CHANGE_DA = {"stricter": "skærpet", "same": "uændret", "easier": "lempet"}
MEASURE_DA = {
    MeasureKind.AT_LEAST: "mindst", MeasureKind.AT_MOST: "højst",
    MeasureKind.REDUCTION: "nedbringelse", MeasureKind.INCREASE: "stigning",
    MeasureKind.SHARE: "andel", MeasureKind.AVERAGE: "gennemsnit",
    MeasureKind.MILESTONE: "milepæl", MeasureKind.ASSESSED: "vurdering",
}


def header(lang: str, history: bool = False) -> list[str]:
    names = (*COLUMN_NAMES, *HISTORY_COLUMN_NAMES) if history else COLUMN_NAMES
    return [da if lang == "da" else en for _, da, en in names]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = repr(float(value))
    text = text.removesuffix(".0")
    return text.replace(".", ",")


def _text(value: str | None) -> str:
    text = clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class _Words:
    """Values in the file's language: Danish words, or the JSON's machine values."""

    def __init__(self, lang: str) -> None:
        self.da = lang == "da"
        self.lang = lang

    def cell(self, value: Cell) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return ("ja" if value else "nej") if self.da else ("true" if value else "false")
        if isinstance(value, int | float):
            return _number(value)
        return _text(value)

    def status(self, status: Status) -> str:
        return danish.status_label(status) if self.da else status.value

    def level(self, subgoal: bool) -> str:
        return ("delmål" if subgoal else "mål") if self.da else (
            "subgoal" if subgoal else "goal")

    def measure(self, kind: MeasureKind) -> str:
        return MEASURE_DA[kind] if self.da else kind.value

    def section(self, section: str) -> str:
        return danish.section_name(section) if self.da else section

    def figures(self, r: PlanResult) -> str:
        """What the figures are: a what-if's banner, the example banner, or reported."""
        marks = [m for m in (describe_whatif(r.figures, self.lang), r.example and (
            "EKSEMPELTAL – ikke rigtige tal" if self.da else "EXAMPLE FIGURES – not real ones"))
                 if m]
        return " · ".join(str(m) for m in marks) or ("indberettede" if self.da else "reported")


def _leaf(leaf: LeafResult | None, w: _Words) -> dict[str, Cell]:
    if leaf is None:
        return {}
    measure = leaf.measure
    target: Cell = measure.threshold
    if measure.kind is MeasureKind.MILESTONE:
        target = measure.due.isoformat() if measure.due else None
    return {"measure": w.measure(measure.kind), "target": target, "unit": measure.unit,
            "value": leaf.value, "needed": leaf.needed,
            "needed_text": describe_needed(leaf, w.lang), "forecast_value": leaf.forecast_value}


def _goal_rows(plan: dict[str, Cell], g: GoalResult, w: _Words) -> Iterable[dict[str, Cell]]:
    goal = g.goal
    yield {**plan, "goal_id": goal.id, "level": w.level(False),
           "section": w.section(goal.section), "title": goal.title, "points": goal.points,
           "earned": g.earned, "status": w.status(g.status),
           "forecast_earned": g.forecast_earned, "forecast_status": w.status(g.forecast_status),
           "needed_text": describe_goal_needed(g, w.lang), **_leaf(g.leaf, w),
           "overridden": g.overridden, "override_reason": g.override_reason,
           "comment": g.comment}
    for s in g.subgoals:
        yield _subgoal_row(plan, g, s, w)


def _subgoal_row(plan: dict[str, Cell], g: GoalResult, s: SubgoalResult,
                 w: _Words) -> dict[str, Cell]:
    return {**plan, "goal_id": g.goal.id, "subgoal_id": s.subgoal.id, "level": w.level(True),
            "section": w.section(g.goal.section), "title": s.subgoal.title or s.subgoal.text,
            "points": s.points, "earned": s.earned, "status": w.status(s.status),
            "forecast_earned": s.forecast_earned,
            "forecast_status": w.status(s.leaf.forecast_status), **_leaf(s.leaf, w),
            "overridden": False}


def render_csv(results: Sequence[PlanResult], lang: str = "da",
               goal_id: str | None = None,
               histories: Mapping[str, History] | None = None) -> str:
    """With `histories` (--history): the rows of every period with reported figures, one
    after the other (a long table to pivot on the period), and last year's result beside."""
    w = _Words(lang)
    columns = COLUMNS if histories is None else (*COLUMNS,
                                                 *(key for key, _, _ in HISTORY_COLUMN_NAMES))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow(header(lang, histories is not None))
    for r in results:
        scored = [r]
        extra: dict[tuple[str, str | None], dict[str, Cell]] = {}
        if histories is not None:
            from mrp_tui.output.csv_history import previous_cells  # --history only

            history = histories[r.plan.id]
            whatif = r.figures is not None and r.figures.scenario is not None
            scored = [*history.results, *([r] if whatif or not history.results else [])]
            extra = previous_cells(history, w.status, CHANGE_DA if w.da else None)
        for result in scored:
            plan: dict[str, Cell] = {
                "figures": w.figures(result), "plan_id": r.plan.id, "agency": r.plan.agency,
                "year": r.plan.year,
                "period": (danish.period_name(result.period.value if result.period else None)
                           if w.da else result.period.value if result.period else None),
                "as_of": result.as_of.isoformat() if result.as_of else None,
                "example": result.example, "scenario": scenario_name(result.figures)}
            for g in result.goals:
                if goal_id is not None and g.goal.id != goal_id:
                    continue
                for row in _goal_rows(plan, g, w):
                    sub = row.get("subgoal_id")
                    row.update(extra.get((g.goal.id, sub if isinstance(sub, str) else None), {}))
                    writer.writerow([w.cell(row.get(column)) for column in columns])
    return BOM + buffer.getvalue()
