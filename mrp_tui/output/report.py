"""The årsrapport's chapter on target reporting, as blocks (rendered to Word by docx_out.py).

Økonomistyrelsen's guidance has two parts: 1. del, a table of every goal and whether it was
met; 2. del, an analysis of selected goals, always those not met. Then the judgements of the
period and, from the change log, when and by whom they were made. For Q1–Q3 the same chapter
serves the udgiftsopfølgning, with a column for the year-end forecast. See docs/word.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mrp_tui.core.danish import date, status_label
from mrp_tui.core.describe import describe_amount, describe_target, describe_value
from mrp_tui.core.model import Period, Status
from mrp_tui.core.results import GoalResult, PlanResult, SubgoalResult
from mrp_tui.output.analysis import (
    analysed,
    clean,
    goal_analysis,
    result_text,
    subgoal_label,
)
from mrp_tui.output.blocks import Banner, Block, Column, Fields, Heading, Para, Row, Table
from mrp_tui.output.changes_read import LogEntry, describe_time, period_changes
from mrp_tui.output.document import plan_heading, whatif_banner
from mrp_tui.output.labels import Words

EXPENSE_FOLLOWUP = {Period.Q1: "I", Period.Q2: "II", Period.Q3: "III"}


def has_forecast(result: PlanResult) -> bool:
    """Before the year is over the table gets a column for the year-end forecast."""
    return result.period is not None and result.period is not Period.YEAR


def period_text(result: PlanResult, w: Words) -> str:
    """'året, opgjort pr. 31/12/2024'; '3. kvartal (udgiftsopfølgning III), opgjort pr. …'."""
    text = w.period(result.period)
    if result.period in EXPENSE_FOLLOWUP:
        text += f" ({w['expense_followup']} {EXPENSE_FOLLOWUP[result.period]})"
    if result.as_of is not None:
        text += f", {w['as_of']} {date(result.as_of)}"
    return text


def counts_sentence(counts: Mapping[Status, int], w: Words) -> str:
    """'Af 15 mål er 9 opfyldt, 3 delvist opfyldt og 3 ikke opfyldt.'"""
    parts = [f"{counts[s]} {status_label(s, w.lang)}" for s in Status if counts[s]]
    total = sum(counts.values())
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else (
        ", ".join(parts[:-1]) + (" og " if w.lang == "da" else " and ") + parts[-1])
    if w.lang == "da":
        return f"Af {total} mål er {joined}."
    return f"Of {total} goals: {joined}."


def _forecast_cell(status: Status, amount: str | None, w: Words) -> str:
    word = w.status_word(status)
    return f"{word} ({amount})" if amount and amount != "–" else word


def _goal_row(g: GoalResult, w: Words, forecast: bool) -> Row:
    goal = g.goal
    requirement = clean(goal.title)
    if g.leaf is not None:
        requirement += f": {clean(describe_target(g.leaf.measure, w.lang))}"
    cells = [clean(goal.id) + ("*" if g.overridden else ""), requirement,
             w.number(g.points) if g.points is not None else "–", result_text(g, w),
             w.status_word(g.status), w.number(g.earned) if g.points is not None else "–"]
    if forecast:
        amount = (clean(describe_amount(g.leaf.measure, g.leaf.forecast_value, w.lang))
                  if g.leaf is not None else None)
        cells.append(_forecast_cell(g.forecast_status, amount, w))
    return Row(tuple(cells), 0, g.status, 4)


def _subgoal_row(s: SubgoalResult, w: Words, forecast: bool) -> Row:
    leaf = s.leaf
    requirement = f"{subgoal_label(s.subgoal)}: {clean(describe_target(leaf.measure, w.lang))}"
    cells = ["", requirement, w.number(s.points) if s.points is not None else "–",
             clean(describe_value(leaf, w.lang)), w.status_word(s.status),
             w.number(s.earned) if s.points is not None else "–"]
    if forecast:
        amount = clean(describe_amount(leaf.measure, leaf.forecast_value, w.lang))
        cells.append(_forecast_cell(leaf.forecast_status, amount, w))
    return Row(tuple(cells), 1, s.status, 4)


def overview_table(result: PlanResult, w: Words) -> Table:
    """1. del: one row per goal, its delmål indented under it, and a totals row."""
    forecast = has_forecast(result)
    columns = [Column(w["goal"], nowrap=True), Column(w["requirement"], role="main"),
               Column(w["weight"], "right", nowrap=True), Column(w["result"], role="side"),
               Column(w["fulfilment"], role="status"),
               Column(w["points"], "right", nowrap=True)]
    if forecast:
        columns.append(Column(w["forecast"], role="side"))  # the year-end forecast
    rows: list[Row] = []
    for g in result.goals:
        rows.append(_goal_row(g, w, forecast))
        rows.extend(_subgoal_row(s, w, forecast) for s in g.subgoals)
    total = [w["total"], "", w.number(result.points), "", "", w.number(result.earned)]
    if forecast:
        total.append(w.number(result.forecast_earned))
    rows.append(Row(tuple(total), total=True))
    notes = [counts_sentence(result.counts, w)]
    if any(g.overridden for g in result.goals):
        notes.append(w["judged_note"])
    if any(g.points is None for g in result.goals):
        notes.append(w["no_points_note"])
    return Table(tuple(columns), tuple(rows), result.plan.id, tuple(n for n in notes if n))


def _plan_fields(result: PlanResult, w: Words) -> Fields:
    pairs = [(w["plan"], clean(result.plan.title)), (w["period"], period_text(result, w))]
    figures = result.figures
    if figures is not None and figures.source:
        pairs.append((w["source"], clean(figures.source)))
    return Fields(tuple(pairs))


def _banners(result: PlanResult, w: Words) -> list[Block]:
    """What the figures are, where they are not the reported ones: as the scorecard says it."""
    whatif = whatif_banner(result, w)
    blocks: list[Block] = [] if whatif is None else [Banner(whatif)]
    if result.example:
        blocks.append(Banner(w["example"]))
    return blocks


def _last_override(changes: Sequence[LogEntry], goal_id: str) -> LogEntry | None:
    """The log's last line that set the goal's override (not one that removed it)."""
    setting = [c for c in changes if c.goal == goal_id and c.key == "override"
               and c.new is not None]
    return setting[-1] if setting else None


def judgements(result: PlanResult, w: Words) -> list[Block]:
    """Every override of the period: what it says, why, and (from the log) when and by whom."""
    overridden = [g for g in result.goals if g.overridden]
    changes = period_changes(result)
    others = sum(c.key != "override" for c in changes)
    blocks: list[Block] = []
    if not overridden:
        blocks.append(Para("", w["no_overrides"]))
    else:
        columns = (Column(w["goal"], nowrap=True), Column(w["override"], role="status"),
                   Column(w["reason"], role="main"), Column(w["changed_at"]),
                   Column(w["changed_by"], nowrap=True))
        rows = []
        unlogged = False
        for g in overridden:
            logged = _last_override(changes, g.goal.id)
            unlogged = unlogged or logged is None
            verdict = w.status_word(g.status)
            if g.points is not None:
                verdict += f", {w.points(g.earned)}"
            rows.append(Row((clean(g.goal.id), verdict, clean(g.override_reason),
                             describe_time(logged.at) if logged else w["not_logged"],
                             clean(logged.user) if logged else "–"), 0, g.status, 1))
        notes = (w["not_logged_note"],) if unlogged else ()
        blocks.append(Table(columns, tuple(rows), f"{result.plan.id}-vurderinger", notes))
    if others:
        blocks.append(Para("", w["other_change"] if others == 1
                           else w["other_changes"].format(n=others)))
    return blocks


def title(results: Sequence[PlanResult], w: Words) -> str:
    years = sorted({r.plan.year for r in results})
    span = "" if not years else (str(years[0]) if len(years) == 1
                                 else f"{years[0]}–{years[-1]}")
    return f"{w['report_title']} {span}".strip()


def report(results: Sequence[PlanResult], w: Words) -> list[Block]:
    """The chapter: title, 1. del, 2. del, and the judgements, for every plan given."""
    blocks: list[Block] = [Heading(title(results, w), 0)]
    whatifs = dict.fromkeys(b for r in results if (b := whatif_banner(r, w)) is not None)
    blocks += [Banner(text) for text in whatifs]
    if any(r.example for r in results):
        blocks.append(Banner(w["example"]))
    agencies = ", ".join(f"{clean(r.plan.agency)} {r.plan.year}" for r in results)
    periods = {r.period for r in results}
    pairs = [(w["agencies"], agencies)]
    if len(periods) == 1:
        pairs.append((w["period"], w.period(next(iter(periods)))))
    blocks.append(Fields(tuple(pairs)))

    blocks.append(Heading(w["report_part1"], 1))
    for r in results:
        blocks += [Heading(plan_heading(r, w), 2), *_banners(r, w), _plan_fields(r, w),
                   overview_table(r, w)]

    blocks.append(Heading(w["report_part2"], 1))
    for r in results:
        blocks.append(Heading(plan_heading(r, w), 2))
        goals = analysed(r)
        if not goals:
            blocks.append(Para("", w["nothing_to_analyse"]))
        for g in goals:
            blocks += goal_analysis(g, w, level=3, full=True)

    blocks.append(Heading(w["report_changes"], 1))
    for r in results:
        blocks += [Heading(plan_heading(r, w), 2), *judgements(r, w)]
    return blocks
