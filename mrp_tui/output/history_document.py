"""`--history` as blocks: per plan a chart of points per period and a grid of statuses per
period with last year's result; with `--goal`, a table per delmål of its periods and last
year's requirement beside this year's. Every string from a file is neutralised here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mrp_tui.core.danish import STATUS_SYMBOL, date
from mrp_tui.core.describe import describe_target, describe_value
from mrp_tui.core.history import History, PreviousGoal, PreviousLeaf
from mrp_tui.core.links import Change
from mrp_tui.core.model import Goal, Measure
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult
from mrp_tui.output.analysis import clean, subgoal_label
from mrp_tui.output.blocks import (
    Block,
    Chart,
    Column,
    Fields,
    Grid,
    GridRow,
    Heading,
    Mark,
    Row,
    Table,
)
from mrp_tui.output.labels import Words

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: tuple[float, ...], maximum: float) -> str:
    """'▂▄▆█': each value as a bar of eight heights, of `maximum`."""
    top = len(SPARK) - 1
    return "".join(SPARK[0 if maximum <= 0 else round(top * max(0.0, min(1.0, v / maximum)))]
                   for v in values)


def chart(history: History, points: float, w: Words) -> Chart:
    labels = tuple(w.period_short(p) for p in history.periods)
    earned = tuple(r.earned for r in history.results)
    forecast = tuple(r.forecast_earned for r in history.results)
    steps = " · ".join(f"{label} {w.number(e)}" for label, e in zip(labels, earned, strict=True))
    ahead = " · ".join(w.number(f) for f in forecast)
    text = (f"{sparkline(earned, points)}  {steps} {w['of']} {w.points(points)}; "
            f"{w['forecast'].lower()} {ahead}")
    return Chart(w["points_per_period"], labels, earned, forecast, points,
                 (w["earned"], w["forecast"]), text)


def _leaf_value(leaf: LeafResult | None, w: Words) -> str:
    return "" if leaf is None else clean(describe_value(leaf, w.lang))


def _goal_mark(g: GoalResult, w: Words) -> Mark:
    earned = w.number(g.earned) if g.points is not None else ""
    return Mark(g.status, earned, _leaf_value(g.leaf, w))


def _last_year(previous: PreviousGoal, w: Words) -> Mark:
    if not previous.reported:
        return Mark(None, value=w["no_year_figures"])
    earned = w.number(previous.earned) if previous.points is not None else ""
    leaf = previous.results[0].leaf if len(previous.results) == 1 else None
    points = w.number(previous.points) if previous.points is not None else ""
    return Mark(previous.status, earned, _leaf_value(leaf, w), points)


def _leaf_last_year(leaf: PreviousLeaf, w: Words) -> Mark:
    if leaf.result is None:
        return Mark(None, value=w["no_year_figures"])
    earned = w.number(leaf.earned) if leaf.earned is not None else ""
    points = w.number(leaf.points) if leaf.points is not None else ""
    return Mark(leaf.result.status, earned, _leaf_value(leaf.result, w), points)


def _change(change: Change | None, w: Words) -> str:
    """'skærpet', 'uændret', 'lempet' (the labels are keyed by the JSON's values)."""
    return w[change.value] if change is not None else ""


def grid(result: PlanResult, history: History, w: Words) -> Grid:
    rows: list[GridRow] = []
    for goal in result.plan.goals:
        per_period = history.goal(goal.id)
        previous = history.previous.get(goal.id)
        last = _last_year(previous, w) if previous is not None else None
        rows.append(GridRow(clean(goal.id), clean(goal.title), 0,
                            tuple(_goal_mark(g, w) for g in per_period), last,
                            _change(previous.change if previous else None, w)))
        for sub in goal.subgoals:
            marks = tuple(Mark(leaf.status, w.number(earned) if earned is not None else "",
                               _leaf_value(leaf, w))
                          for leaf, earned in history.leaf(goal.id, sub.id))
            matched = previous.leaves.get(sub.id) if previous is not None else None
            rows.append(GridRow("", subgoal_label(sub), 1, marks,
                                _leaf_last_year(matched, w) if matched else None,
                                _change(matched.change if matched else None, w)))
    periods = tuple(w.period_short(p) for p in history.periods)
    notes = [f"{w['grid_note']}: {' · '.join(periods)}. {w['legend']}: {w.legend()}"]
    if history.previous_plan is not None:
        notes.append(w["last_year_note"].format(plan=clean(history.previous_plan.id)))
        notes.append(w["change_note"])
    elif result.plan.previous is not None:
        notes.append(w["no_previous"].format(plan=clean(result.plan.previous)))
    current = history.periods.index(result.period) if result.period in history.periods \
        else None
    headers = (w["goal"], w["title"], w["development"], w["last_year"], w["change"])
    return Grid(headers, periods, tuple(rows), result.plan.id, tuple(notes), current)


def plan_history_blocks(result: PlanResult, history: History, w: Words) -> list[Block]:
    """What --history adds under a plan's goals: its grid, under a heading."""
    return [Heading(f"{w['development']} – {clean(result.plan.agency)} {result.plan.year}", 2),
            grid(result, history, w)]


def development_chapter(results: Sequence[PlanResult], histories: Mapping[str, History],
                        w: Words) -> list[Block]:
    """For the Word chapter (`--format docx --history`): each plan's points per period and
    its grid, under a heading of their own after the chapter's parts."""
    blocks: list[Block] = [Heading(w["history_of"], 1)]
    for result in results:
        history = histories[result.plan.id]
        blocks.append(Heading(f"{clean(result.plan.agency)} {result.plan.year}", 2))
        if history.results:
            blocks.append(chart(history, result.points, w))
        blocks.append(grid(result, history, w))
    return blocks


# --------------------------------------------------------------------------- --goal


def _period_table(history: History, goal_id: str, subgoal_id: str | None, leaf_level: bool,
                  w: Words, name: str) -> Table:
    """One row per period: as of, value (for a leaf), status, earned, forecast."""
    columns = [Column(w["period"], nowrap=True), Column(w["as_of"].capitalize(), nowrap=True)]
    if leaf_level:
        columns.append(Column(w["value"], role="main"))
    columns += [Column(w["status"], role="status"), Column(w["earned"], "right", nowrap=True),
                Column(w["forecast"], nowrap=True)]
    rows = []
    for r in history.results:
        assert r.period is not None
        g = r.goal(goal_id)
        head = [w.period_short(r.period), date(r.as_of)]
        if subgoal_id is not None:
            sub = next(s for s in g.subgoals if s.subgoal.id == subgoal_id)
            leaf: LeafResult | None = sub.leaf
            status, forecast = sub.status, sub.leaf.forecast_status
            earned = w.number(sub.earned) if sub.points is not None else "–"
            ahead = w.number(sub.forecast_earned) if sub.points is not None else "–"
        else:
            leaf = g.leaf
            status, forecast = g.status, g.forecast_status
            earned = w.number(g.earned) if g.points is not None else "–"
            ahead = w.number(g.forecast_earned) if g.points is not None else "–"
        value = [_leaf_value(leaf, w) or "–"] if leaf_level else []
        cells = (*head, *value, w.status(status), earned, f"{STATUS_SYMBOL[forecast]} {ahead}")
        rows.append(Row(tuple(cells), 0, status, len(head) + len(value)))
    return Table(tuple(columns), tuple(rows), name)


def _requirement(measure: Measure, points: float | None, w: Words) -> str:
    return f"{clean(describe_target(measure, w.lang))}, {w.points(points)}"


def _previous_pairs(previous: PreviousGoal, goal: Goal, w: Words) -> list[tuple[str, str]]:
    before = previous.plan
    names = ", ".join(f"{clean(g.id)} {clean(g.title)}" for g in previous.goals)
    pairs = [(w["previous_plan"], f"{clean(before.agency)} {before.year} ({clean(before.id)}): "
                                  f"{w['goal'].lower()} {names}")]
    if previous.measure is not None:
        pairs.append((w["previous_goal"], _requirement(previous.measure, previous.points, w)))
    else:
        pairs.append((w["previous_goal"], w.points(previous.points)))
    pairs.append((w["previous_result"], _result_text(_last_year(previous, w), w)))
    if goal.measure is not None and previous.change is not None:
        pairs.append((w["target_now"], f"{_requirement(goal.measure, goal.points, w)}: "
                                       f"{_change(previous.change, w)}"))
    return pairs


def _result_text(mark: Mark, w: Words) -> str:
    if mark.status is None:
        return mark.value
    text = w.status(mark.status)
    if mark.earned:
        possible = f" {w['of']} {mark.points}" if mark.points else ""
        text += f", {mark.earned}{possible} {w['unit_points']}"
    return text + (f" ({mark.value})" if mark.value else "")


def _leaf_previous_pairs(leaf: PreviousLeaf, measure: Measure, points: float | None,
                         w: Words) -> list[tuple[str, str]]:
    where = clean(leaf.goal_id) + (f", {w['subgoal'].lower()} {clean(leaf.subgoal_id)}"
                                   if leaf.subgoal_id else "")
    pairs = [(w["previous_goal"], f"{_requirement(leaf.measure, leaf.points, w)} ({where})"),
             (w["previous_result"], _result_text(_leaf_last_year(leaf, w), w))]
    if leaf.change is not None:
        pairs.append((w["target_now"],
                       f"{_requirement(measure, points, w)}: {_change(leaf.change, w)}"))
    return pairs


def goal_history_blocks(result: PlanResult, g: GoalResult, history: History,
                        w: Words) -> list[Block]:
    """The goal's periods and last year's result, then each delmål's (for `--goal`)."""
    goal = g.goal
    blocks: list[Block] = [Heading(f"{w['history_of']}: {w['goal'].lower()} {clean(goal.id)}",
                                   3)]
    if history.results:
        blocks.append(_period_table(history, goal.id, None, goal.measure is not None, w,
                                    f"{result.plan.id}-{goal.id}-history"))
    previous = history.previous.get(goal.id)
    if previous is not None:
        blocks.append(Fields(tuple(_previous_pairs(previous, goal, w))))
    for sub, points in zip(goal.subgoals, goal.subgoal_points(), strict=True):
        title = f"{w['subgoal']} {clean(sub.id)}" + (f": {clean(sub.title)}" if sub.title else "")
        blocks.append(Heading(f"{w['history_of']}: {title}", 3))
        if history.results:
            blocks.append(_period_table(history, goal.id, sub.id, True, w,
                                        f"{result.plan.id}-{goal.id}-{sub.id}-history"))
        matched = previous.leaves.get(sub.id) if previous is not None else None
        if matched is not None:
            blocks.append(Fields(tuple(_leaf_previous_pairs(matched, sub.measure, points, w))))
    return blocks
