"""The year in view on the app's screens, as rich `Text`: a goal's status in each period,
last year's result, and a delmål's periods with last year's requirement beside this year's.
Text from files goes through `literal` (neutralised, never markup), like everything else."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text

from mrp_tui.core import danish
from mrp_tui.core.describe import describe_target, describe_value
from mrp_tui.core.history import History, PreviousGoal, PreviousLeaf
from mrp_tui.core.links import Change
from mrp_tui.core.model import Measure, Period, Status
from mrp_tui.core.results import LeafResult
from mrp_tui.tui.render import STATUS_STYLE, literal

PERIOD_SHORT = {"Q1": "1. kvt.", "Q2": "2. kvt.", "Q3": "3. kvt.", "year": "året"}
CHANGE_DA = {Change.STRICTER: "skærpet", Change.SAME: "uændret", Change.EASIER: "lempet"}
NBSP = "\u00a0"


def development(statuses: Sequence[Status], current: int | None = None) -> Text:
    """'✘ ✘ ✔ ✔': a status symbol per period; the period on screen underlined."""
    text = Text()
    for n, state in enumerate(statuses):
        if n:
            text.append(" ")
        style = STATUS_STYLE[state] + (" bold underline" if n == current else "")
        text.append(danish.STATUS_SYMBOL[state], style=style)
    return text


def last_year_cell(previous: PreviousGoal | None, width: int) -> Text:
    """Last year's status as a symbol, with 'earned/possible' where it fits."""
    if previous is None:
        return Text("–", style="dim")
    if previous.status is None:
        return Text("ingen tal", style="dim")
    text = Text(danish.STATUS_SYMBOL[previous.status], style=STATUS_STYLE[previous.status])
    if previous.earned is not None and previous.points is not None:
        points = f" {danish.number(previous.earned)}/{danish.number(previous.points)}"
        if 1 + len(points) <= width:
            text.append(points)
    return text


def trend_numbers(history: History, current: Period | None, width: int) -> Text:
    """The points earned per period: '1. kvt. 9,5 · 2. kvt. 32,75 · …' where that fits in
    `width`, else '9,5 → 32,75 → …'. A period's name and points never part."""
    long = [f"{PERIOD_SHORT[p.value]} {danish.number(r.earned)}".replace(" ", NBSP)
            for p, r in zip(history.periods, history.results, strict=True)]
    parts, joint = (long, " · ") if cell_len(" · ".join(long)) <= width else (
        [danish.number(r.earned) for r in history.results], " → ")
    text = Text()
    for period, part in zip(history.periods, parts, strict=True):
        if text:
            text.append(joint, style="dim")
        text.append(part, style="bold" if period == current else "")
    return text


# --------------------------------------------------------------------------- goal screen


def _row(cells: Sequence[Text], widths: Sequence[int]) -> Text:
    line = Text()
    for n, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if n:
            line.append("  ")
        line.append_text(cell)
        if n < len(cells) - 1:
            line.append(" " * max(0, width - cell.cell_len))
    return line


def period_table(history: History, goal_id: str, subgoal_id: str | None,
                 current: Period | None, with_value: bool = True) -> Text:
    """One line per period with reported figures: period, value, status, points earned."""
    rows: list[list[Text]] = [[Text("Periode", "bold"), Text("Værdi", "bold"),
                               Text("Status", "bold"), Text("Point", "bold")]]
    per_period: list[tuple[Status, LeafResult | None, float | None]]
    if subgoal_id is None and not with_value:
        per_period = [(g.status, None, g.earned if g.points is not None else None)
                      for g in history.goal(goal_id)]
    else:
        per_period = [(leaf.status, leaf, earned)
                      for leaf, earned in history.leaf(goal_id, subgoal_id)]
    for period, (state, leaf, earned) in zip(history.periods, per_period, strict=True):
        mark = " ▸" if period == current else ""
        rows.append([Text(PERIOD_SHORT[period.value] + mark, "bold" if mark else ""),
                     literal(describe_value(leaf) if leaf is not None else "", one_line=True),
                     Text(danish.status_text(state), STATUS_STYLE[state]),
                     Text(danish.number(earned) if earned is not None else "–")])
    if not with_value:
        rows = [[r[0], r[2], r[3]] for r in rows]
    widths = [max(cell.cell_len for cell in column) for column in zip(*rows, strict=True)]
    return Text("\n").join(_row(row, widths) for row in rows)


def _requirement(measure: Measure, points: float | None) -> Text:
    text = literal(describe_target(measure), one_line=True)
    if points is not None:
        text.append(f" · {danish.points(points)}")
    return text


def _result(status: Status | None, earned: float | None, points: float | None,
            leaf: LeafResult | None) -> Text:
    if status is None:
        return Text("ingen årstal", style="dim")
    text = Text()
    if leaf is not None and describe_value(leaf) != "–":
        text.append_text(literal(describe_value(leaf), one_line=True))
        text.append(" · ")
    text.append(danish.status_text(status), STATUS_STYLE[status])
    if earned is not None and points is not None:
        text.append(f" · {danish.number(earned)} af {danish.points(points)}")
    return text


def _change(change: Change | None) -> Text:
    if change is None:
        return Text("kan ikke sammenlignes", style="dim")
    style = {Change.STRICTER: "bold", Change.SAME: "", Change.EASIER: "bold"}[change]
    return Text(f"{CHANGE_DA[change]} krav", style=style)


def leaf_last_year(previous: PreviousGoal, leaf: PreviousLeaf | None, measure: Measure,
                   points: float | None) -> Text:
    """Last year's requirement in brief, its result, and this year's target against it."""
    before = previous.plan
    if leaf is None:
        text = Text("Sidste år: ", style="bold")
        text.append("intet tilsvarende delmål; målet sammenlignes som helhed", style="dim")
        return text
    where = f"{before.year}, mål {leaf.goal_id}" + (f" delmål {leaf.subgoal_id}"
                                                    if leaf.subgoal_id else "")
    text = Text("Sidste år", style="bold")
    text.append_text(literal(f" ({where}): ", one_line=True))
    text.append_text(_requirement(leaf.measure, leaf.points))
    text.append("\n  Resultat: ")
    status = leaf.result.status if leaf.result is not None else None
    text.append_text(_result(status, leaf.earned, leaf.points, leaf.result))
    text.append("\n  I år: ")
    text.append_text(_requirement(measure, points))
    text.append(" · ")
    text.append_text(_change(leaf.change))
    return text


def goal_last_year(previous: PreviousGoal | None, has_previous_plan: bool) -> Text:
    """The goal as a whole against what it continues in last year's plan."""
    text = Text("Sidste år: ", style="bold")
    if previous is None:
        text.append("nyt mål (fortsætter intet mål i sidste års plan)" if has_previous_plan
                    else "planen nævner ingen plan for året før", style="dim")
        return text
    names = ", ".join(f"{g.id} {g.title}" for g in previous.goals)
    text.append_text(literal(f"{previous.plan.year}, mål {names}", one_line=True))
    if previous.points is not None:
        text.append(f" · {danish.points(previous.points)}")
    text.append("\n  Resultat: ")
    leaf = previous.results[0].leaf if len(previous.results) == 1 else None
    text.append_text(_result(previous.status, previous.earned, previous.points, leaf))
    return text
