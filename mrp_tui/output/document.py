"""The printed scorecard as blocks: overview, per plan a header, summary and goal table,
or one goal in full detail (`--goal`). Every string from a file is neutralised here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mrp_tui.core.danish import STATUS_SYMBOL, date
from mrp_tui.core.describe import (
    describe_amount,
    describe_goal_needed,
    describe_needed,
    describe_target,
    describe_value,
    describe_whatif,
)
from mrp_tui.core.model import Status
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult, SubgoalResult
from mrp_tui.core.text import neutralise
from mrp_tui.output.analysis import (
    clean,
    explanation,
    needs_analysis,
    plan_analysis,
    subgoal_label,
)
from mrp_tui.output.blocks import Banner, Block, Column, Fields, Heading, Para, Row, Table
from mrp_tui.output.labels import Words, bar

if TYPE_CHECKING:
    from mrp_tui.core.history import History

__all__ = ["clean", "goal_detail", "plan_blocks", "scorecard", "subgoal_label", "subject",
           "whatif_banner"]


def plan_heading(result: PlanResult, w: Words) -> str:
    plan = result.plan
    return f"{clean(plan.agency)} {plan.year} – {w.period(result.period)}"


def whatif_banner(result: PlanResult, w: Words) -> str | None:
    """'SCENARIE «hvis» – ikke indberettede tal' over what-if figures; None over reported ones."""
    text = describe_whatif(result.figures, w.lang)
    return None if text is None else clean(text)


def subject(results: Sequence[PlanResult], w: Words) -> str:
    """'Mål- og resultatplaner: Hjemrejsestyrelsen 2024, SIRI 2024 – 3. kvartal', and a what-if's
    banner first, so that a reader of the inbox sees it before opening the message."""
    periods = {r.period for r in results}
    if len(periods) == 1:
        names = ", ".join(f"{clean(r.plan.agency)} {r.plan.year}" for r in results)
        text = f"{w['scorecard']}: {names} – {w.period(next(iter(periods)))}"
    else:
        names = ", ".join(f"{clean(r.plan.agency)} {r.plan.year} ({w.period(r.period)})"
                          for r in results)
        text = f"{w['scorecard']}: {names}"
    banners = dict.fromkeys(b for r in results if (b := whatif_banner(r, w)) is not None)
    return " · ".join([*banners, text])


def scorecard(results: Sequence[PlanResult], w: Words, goal_id: str | None = None,
              histories: Mapping[str, History] | None = None,
              wide: bool = False) -> list[Block]:
    """The document; with `histories` (`--history`), each plan's development too. `wide`:
    for a format with room for every column and typed cells (xlsx): the tables of
    output/wide.py, and the overview even for one plan."""
    blocks: list[Block] = []
    if goal_id is not None:
        for r in results:
            blocks += goal_detail(r, r.goal(goal_id), w)
            if histories is not None:
                from mrp_tui.output.history_document import goal_history_blocks

                blocks += goal_history_blocks(r, r.goal(goal_id), histories[r.plan.id], w)
        return blocks
    if len(results) > 1 or wide:
        blocks += overview(results, w, wide)
    for result in results:
        plan = plan_blocks(result, w, wide)
        if histories is not None:
            from mrp_tui.output.history_document import chart, plan_history_blocks

            history = histories[result.plan.id]
            # The chart between the summary and the goals, the grid right under the goals.
            at = next(n for n, b in enumerate(plan)
                      if isinstance(b, Table) and b.name == result.plan.id)
            before = [chart(history, result.points, w)] if history.results else []
            plan = [*plan[:at], *before, plan[at], *plan_history_blocks(result, history, w),
                    *plan[at + 1:]]
        blocks += plan
    return blocks


def overview(results: Sequence[PlanResult], w: Words, wide: bool = False) -> list[Block]:
    ministries = {r.plan.ministry for r in results}
    title = w["overview"]
    if len(ministries) == 1 and None not in ministries:
        title = f"{clean(next(iter(ministries)))} – {title.lower()}"
    if wide:
        from mrp_tui.output.wide import overview_table

        return [Heading(title, 1), overview_table(results, w)]
    columns = (Column(w["agency"], role="main", priority=9),
               Column(w["year"], nowrap=True, priority=3),
               Column(w["period"], nowrap=True, priority=4),
               Column(w["points"], nowrap=True, priority=5),
               Column(w["forecast"], "right", nowrap=True, priority=2),
               Column(w["goals"], nowrap=True, priority=1))
    rows = []
    whatifs = [r for r in results if whatif_banner(r, w) is not None]
    for r in results:
        agency = clean(r.plan.agency) + (" *" if r.example else "") + (
            " †" if r in whatifs else "")
        points = f"{bar(r.earned, r.points, 8)} {w.number(r.earned)}/{w.number(r.points)}"
        counts = " ".join(f"{r.counts[s]}{STATUS_SYMBOL[s]}" for s in Status)
        rows.append(Row((agency, str(r.plan.year), w.period(r.period), points,
                         w.number(r.forecast_earned), counts)))
    notes = [f"{w['legend']}: {w.legend()}"]
    if any(r.example for r in results):
        notes.append(f"* {w['example']}")
    notes.extend(f"† {clean(r.plan.agency)}: {whatif_banner(r, w)}" for r in whatifs)
    return [Heading(title, 1),
            Table(columns, tuple(rows), "overview", tuple(notes), w["left_out"])]


def plan_header(result: PlanResult, w: Words, level: int = 1) -> list[Block]:
    plan = result.plan
    blocks: list[Block] = [Heading(plan_heading(result, w), level)]
    whatif = whatif_banner(result, w)
    if whatif is not None:
        blocks.append(Banner(whatif))
    if result.example:
        blocks.append(Banner(w["example"]))
    period = w.period(result.period)
    if result.as_of is not None:
        period += f", {w['as_of']} {date(result.as_of)}"
    pairs = [(w["plan"], clean(plan.title))]
    if plan.ministry:
        pairs.append((w["ministry"], clean(plan.ministry)))
    pairs.append((w["period"], period))
    if result.figures is not None and result.figures.scenario:
        pairs.append((w["scenario"], clean(result.figures.scenario)))
    return [*blocks, Fields(tuple(pairs))]


def plan_blocks(result: PlanResult, w: Words, wide: bool = False) -> list[Block]:
    blocks = plan_header(result, w)
    earned = (f"{w.number(result.earned)} {w['of']} {w.points(result.points)}  "
              f"{bar(result.earned, result.points)}")
    summary = Fields(((w["earned"], earned),
                      (w["forecast_year"], w.points(result.forecast_earned)),
                      (w["status"], w.counts(result.counts))))
    if wide:  # the workbook carries comments and judgements in columns of its own
        from mrp_tui.output.wide import goal_table as wide_table

        return [*blocks, summary, wide_table(result, w)]
    return [*blocks, summary, goal_table(result, w), *plan_analysis(result, w)]


def _earned(points: float | None, earned: float, w: Words) -> str:
    return "–" if points is None else w.number(earned)


def _forecast(status: Status, points: float | None, earned: float, w: Words) -> str:
    return f"{STATUS_SYMBOL[status]} {_earned(points, earned, w)}"


def goal_row(g: GoalResult, w: Words) -> Row:
    needed = describe_goal_needed(g, w.lang)
    goal_id = clean(g.goal.id) + ("*" if g.overridden else "")
    cells = (goal_id, clean(g.goal.title), w.number(g.points), w.status(g.status),
             _earned(g.points, g.earned, w),
             _forecast(g.forecast_status, g.points, g.forecast_earned, w), clean(needed))
    return Row(cells, 0, g.status, 3)


def subgoal_row(s: SubgoalResult, w: Words) -> Row:
    """A delmål: named in the title column, indented under its goal."""
    cells = ("", subgoal_label(s.subgoal), w.number(s.points), w.status(s.status),
             _earned(s.points, s.earned, w),
             _forecast(s.leaf.forecast_status, s.points, s.forecast_earned, w),
             clean(describe_needed(s.leaf, w.lang)))
    return Row(cells, 1, s.status, 3)


def goal_table(result: PlanResult, w: Words) -> Table:
    columns = (Column(w["goal"], nowrap=True, priority=9),
               Column(w["title"], role="main", priority=8),
               Column(w["points"], "right", nowrap=True, priority=4),
               Column(w["status"], role="status", priority=8),
               Column(w["earned"], "right", nowrap=True, priority=3),
               Column(w["forecast"], "right", nowrap=True, priority=2),
               Column(w["needed"], role="side", priority=1))
    rows: list[Row] = []
    notes: list[str] = []
    for g in result.goals:
        rows.append(goal_row(g, w))
        rows.extend(subgoal_row(s, w) for s in g.subgoals)
        if g.overridden:
            notes.append(f"{clean(g.goal.id)}* {w['overridden']}: {clean(g.override_reason)}")
    return Table(columns, tuple(rows), result.plan.id, tuple(notes), w["left_out"])


def _leaf_pairs(leaf: LeafResult, w: Words) -> list[tuple[str, str]]:
    """Target, value, needed and the forecast value. The forecast's status is said once, in
    the "Prognose" line above (for a judged goal the judgement's, not the measure's)."""
    pairs = [(w["target"], clean(describe_target(leaf.measure, w.lang))),
             (w["value"], clean(describe_value(leaf, w.lang))),
             (w["needed"], clean(describe_needed(leaf, w.lang)))]
    if leaf.forecast_value is not None:
        pairs.append((w["forecast_value"],
                      clean(describe_amount(leaf.measure, leaf.forecast_value, w.lang))))
    return pairs


def _forecast_pair(status: Status, earned: float, w: Words, judged: bool = False,
                   ) -> tuple[str, str]:
    text = f"{w.status(status)}, {w.points(earned)}"
    return w["forecast"], text + (f" ({w['overridden']})" if judged else "")


def goal_detail(result: PlanResult, g: GoalResult, w: Words) -> list[Block]:
    goal = g.goal
    blocks = plan_header(result, w)
    blocks.append(Heading(f"{w['goal']} {clean(goal.id)}: {clean(goal.title)}", 2))
    pairs = [(w["section"], clean(w.section(goal.section)))]
    if goal.area:
        pairs.append((w["area"], clean(goal.area)))
    pairs += [(w["points"], w.points(goal.points)), (w["status"], w.status(g.status)),
              (w["earned"], w.points(g.earned) if goal.points is not None else "–"),
              _forecast_pair(g.forecast_status, g.forecast_earned, w, g.overridden)]
    if g.overridden:
        pairs.append((w["override"], clean(g.override_reason)))
    if g.leaf is not None:
        pairs += _leaf_pairs(g.leaf, w)
    else:
        pairs += [(w["combine"], w["combine_" + goal.combine]),
                  (w["needed"], clean(describe_goal_needed(g, w.lang)))]
    blocks += [Fields(tuple(pairs)), Para(w["text"], neutralise(goal.text))]
    if needs_analysis(g):
        blocks.append(explanation(g, w))
    if goal.note:
        blocks.append(Para(w["note"], neutralise(goal.note)))
    for s in g.subgoals:
        sub = s.subgoal
        title = f"{w['subgoal']} {clean(sub.id)}" + (f": {clean(sub.title)}" if sub.title else "")
        blocks.append(Heading(title, 3))
        sub_pairs = [(w["points"], w.points(s.points)), (w["status"], w.status(s.status)),
                     (w["earned"], w.points(s.earned) if s.points is not None else "–"),
                     _forecast_pair(s.leaf.forecast_status, s.forecast_earned, w)]
        blocks += [Fields((*sub_pairs, *_leaf_pairs(s.leaf, w))),
                   Para(w["text"], neutralise(sub.text))]
        if sub.note:
            blocks.append(Para(w["note"], neutralise(sub.note)))
    return blocks
