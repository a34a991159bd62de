"""The scorecard's tables with every column, and each number or date also kept as a typed
value (`blocks.Typed`), for a format that has the room and keeps numbers as numbers (xlsx).
Built from the same results and in the same words as document.py's tables, never re-scored:
what the narrow tables fold into one cell ("✔ 20") gets a column of its own here."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mrp_tui.core.danish import date
from mrp_tui.core.describe import describe_needed, describe_target, describe_value
from mrp_tui.core.model import MeasureKind, Status
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult
from mrp_tui.core.text import neutralise
from mrp_tui.output.blocks import Column, Row, Table, Typed
from mrp_tui.output.labels import Words

PERCENT = (MeasureKind.SHARE, MeasureKind.REDUCTION, MeasureKind.INCREASE)


def _clean(text: str | None) -> str:
    return "" if text is None else neutralise(text, one_line=True)


def _short(text: str, limit: int = 60) -> str:
    """A delmål without a title is named by the start of its text."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _points(value: float | None, w: Words) -> tuple[str, Typed | None]:
    if value is None:
        return "–", None
    return w.number(value), Typed(value, "points")


def _status(status: Status, w: Words) -> tuple[str, Typed]:
    return w.status(status), Typed(None, status=status)


def overview_table(results: Sequence[PlanResult], w: Words) -> Table:
    columns = (Column(w["agency"], role="main"), Column(w["year"], nowrap=True),
               Column(w["period"], nowrap=True), Column(w["as_of_column"], nowrap=True),
               Column(w["points"], "right", nowrap=True), Column(w["earned"], "right", nowrap=True),
               Column(w["forecast_points"], "right", nowrap=True),
               *(Column(w.status(s), "right", nowrap=True)
                 for s in Status))
    rows = []
    for r in results:
        cells: list[tuple[str, Typed | None]] = [
            (_clean(r.plan.agency) + (" *" if r.example else ""), None),
            (str(r.plan.year), Typed(r.plan.year, "whole")),
            (w.period(r.period), None),
            (date(r.as_of), Typed(r.as_of, "date") if r.as_of else None),
            _points(r.points, w), _points(r.earned, w), _points(r.forecast_earned, w),
            *((str(r.counts[s]), Typed(r.counts[s], status=s)) for s in Status)]
        rows.append(Row(tuple(c for c, _ in cells), typed=tuple(t for _, t in cells)))
    notes = [f"* {w['example']}"] if any(r.example for r in results) else []
    return Table(columns, tuple(rows), "overview", tuple(notes))


def _value(leaf: LeafResult | None, w: Words) -> tuple[str, Typed | None]:
    if leaf is None:
        return "", None
    text = _clean(describe_value(leaf, w.lang))
    kind = leaf.measure.kind
    if kind is MeasureKind.MILESTONE:
        done = leaf.inputs.done_on
        return (date(done), Typed(done, "date")) if done else (text, None)
    if leaf.value is None or kind is MeasureKind.ASSESSED:
        return text, None
    return text, Typed(leaf.value, "percent" if kind in PERCENT else "number",
                       decimals=_decimals(text, w.lang))


def _decimals(text: str, lang: str) -> int:
    """The decimals of the first number in `text` ('84,95 % (…)' -> 2): a value is shown as
    precisely as in the text formats, never rounded onto its target."""
    pattern = r"\d[\d.]*(?:,(\d+))?" if lang == "da" else r"\d[\d,]*(?:\.(\d+))?"
    found = re.search(pattern, text)
    return len(found.group(1)) if found and found.group(1) else 0


def _leaf_cells(leaf: LeafResult | None, w: Words) -> list[tuple[str, Typed | None]]:
    if leaf is None:
        return [("", None), ("", None), ("", None)]
    return [(_clean(describe_target(leaf.measure, w.lang)), None), _value(leaf, w),
            (_clean(describe_needed(leaf, w.lang)), None)]


def _goal_row(g: GoalResult, w: Words) -> Row:
    goal = g.goal
    cells: list[tuple[str, Typed | None]] = [
        (_clean(goal.id) + ("*" if g.overridden else ""), None), ("", None),
        (_clean(goal.title), None), _points(g.points, w), _status(g.status, w),
        _points(g.earned if g.points is not None else None, w),
        _status(g.forecast_status, w),
        _points(g.forecast_earned if g.points is not None else None, w),
        *_leaf_cells(g.leaf, w), (_goal_text(g), None),
        (neutralise(g.comment) if g.comment else "", None)]
    return Row(tuple(c for c, _ in cells), 0, g.status, 4, typed=tuple(t for _, t in cells))


def _goal_text(g: GoalResult) -> str:
    """The goal's requirement text; where it only strings its delmål's texts together, they
    stand on their own rows instead and the goal's row is left empty."""
    text = g.goal.text
    flat = " ".join(text.split())
    subs = [" ".join(s.text.split()) for s in g.goal.subgoals]
    if subs and all(sub in flat for sub in subs):
        return ""
    return neutralise(text)


def _subgoal_row(g: GoalResult, s: SubgoalResult, w: Words) -> Row:
    sub = s.subgoal
    cells: list[tuple[str, Typed | None]] = [
        (_clean(g.goal.id), None), (_clean(sub.id), None),
        (_clean(sub.title or _short(sub.text)), None),
        _points(s.points, w), _status(s.status, w),
        _points(s.earned if s.points is not None else None, w),
        _status(s.leaf.forecast_status, w),
        _points(s.forecast_earned if s.points is not None else None, w),
        *_leaf_cells(s.leaf, w), (neutralise(sub.text), None), ("", None)]
    return Row(tuple(c for c, _ in cells), 1, s.status, 4, typed=tuple(t for _, t in cells))


def goal_table(result: PlanResult, w: Words) -> Table:
    columns = (Column(w["goal"], nowrap=True), Column(w["subgoal"], nowrap=True),
               Column(w["title"], role="main"), Column(w["points"], "right", nowrap=True),
               Column(w["status"], role="status"), Column(w["earned"], "right", nowrap=True),
               Column(w["forecast"], role="status"),
               Column(w["forecast_points"], "right", nowrap=True),
               Column(w["target"], role="side"), Column(w["value"], "right"),
               Column(w["needed"], role="side"), Column(w["text"], role="text"),
               Column(w["comment_column"], role="text"))
    rows: list[Row] = []
    notes: list[str] = []
    for g in result.goals:
        rows.append(_goal_row(g, w))
        rows.extend(_subgoal_row(g, s, w) for s in g.subgoals)
        if g.overridden:
            notes.append(f"{_clean(g.goal.id)}* {w['overridden']}: {_clean(g.override_reason)}")
    return Table(columns, tuple(rows), result.plan.id, tuple(notes))
