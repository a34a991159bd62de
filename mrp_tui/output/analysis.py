"""The uddybende analyse of a goal: its requirement, result, what was missing, the agency's
explanation (the figures' `comment`) and any judgement. One builder for every format, so the
årsrapport's 2. del in Word and the scorecard in an email say the same."""

from __future__ import annotations

from collections.abc import Sequence

from mrp_tui.core.describe import describe_needed, describe_target, describe_value
from mrp_tui.core.model import Status, Subgoal
from mrp_tui.core.results import GoalResult, LeafResult, PlanResult
from mrp_tui.core.text import neutralise
from mrp_tui.output.blocks import Block, Column, Fields, Heading, Para, Row, Table
from mrp_tui.output.labels import Words

UNMET = (Status.NOT_MET, Status.PARTLY_MET)


def clean(text: str | None) -> str:
    """A string from a file, fit for one line: controls and escapes made visible."""
    return "" if text is None else neutralise(text, one_line=True)


def _short(text: str, limit: int = 60) -> str:
    """A subgoal without a title is named by the start of its text."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def subgoal_label(sub: Subgoal) -> str:
    """'1) Udsendte afviste asylansøgere', or 'Valby' where the id is the title."""
    title = sub.title or _short(sub.text)
    return clean(title if title == sub.id else f"{sub.id}) {title}")


def comment_of(g: GoalResult) -> str | None:
    """The goal's explanation, or None where there is none (a blank one is none)."""
    return g.comment if g.comment is not None and g.comment.strip() else None


def needs_analysis(g: GoalResult) -> bool:
    """2. del takes every goal not met or partly met, and every goal with a comment."""
    return g.status in UNMET or comment_of(g) is not None


def analysed(result: PlanResult) -> list[GoalResult]:
    return [g for g in result.goals if needs_analysis(g)]


def points_text(g: GoalResult, w: Words) -> str:
    """'2,5 af 5 point', or '–' for a goal without a weight."""
    if g.points is None:
        return "–"
    return f"{w.number(g.earned)} {w['of']} {w.points(g.points)}"


def result_text(g: GoalResult, w: Words) -> str:
    """The result in the measure's terms; for a goal with delmål, how many are met."""
    if g.leaf is not None:
        return clean(describe_value(g.leaf, w.lang))
    met = sum(s.status is Status.MET for s in g.subgoals)
    return w["subgoals_met"].format(met=met, n=len(g.subgoals))


def _leaf_fields(leaf: LeafResult, w: Words) -> list[tuple[str, str]]:
    pairs = [(w["requirement"], clean(describe_target(leaf.measure, w.lang))),
             (w["result"], clean(describe_value(leaf, w.lang)))]
    if leaf.status is not Status.MET and leaf.needed is not None:
        pairs.append((w["needed"], clean(describe_needed(leaf, w.lang))))
    if leaf.inputs.reason:
        pairs.append((w["basis"], clean(leaf.inputs.reason)))
    return pairs


def subgoal_table(g: GoalResult, w: Words) -> Table:
    """The delmål of a goal, each with its requirement, result and what was missing."""
    columns = (Column(w["subgoal"], role="main"), Column(w["requirement"], role="side"),
               Column(w["result"]), Column(w["fulfilment"], role="status"),
               Column(w["needed"]))
    rows = []
    for s in g.subgoals:
        needed = "" if s.status is Status.MET else clean(describe_needed(s.leaf, w.lang))
        rows.append(Row((subgoal_label(s.subgoal), clean(describe_target(s.leaf.measure, w.lang)),
                         clean(describe_value(s.leaf, w.lang)), w.status_word(s.status), needed),
                        0, s.status, 3))
    return Table(columns, tuple(rows), f"{g.goal.id}-delmål")


def override_fields(g: GoalResult, w: Words) -> Fields:
    earned = "" if g.points is None else f", {w.points(g.earned)}"
    return Fields(((w["override"], w.status_word(g.status) + earned),
                   (w["reason"], clean(g.override_reason))))


def explanation(g: GoalResult, w: Words) -> Para:
    """The comment, or a marker that cannot be mistaken for a finished analysis."""
    comment = comment_of(g)
    if comment is None:
        return Para(w["comment"], w["missing_analysis"], placeholder=True)
    return Para(w["comment"], neutralise(comment.strip()))


def goal_analysis(g: GoalResult, w: Words, level: int = 3, full: bool = True) -> list[Block]:
    """One goal's analysis. `full`: with the requirement text verbatim and a table of its
    delmål (the årsrapport); without, the lines an email needs under the scorecard's table."""
    goal = g.goal
    blocks: list[Block] = [Heading(f"{w['goal']} {clean(goal.id)}: {clean(goal.title)}", level)]
    if full:
        blocks.append(Para(w["text"], neutralise(goal.text.strip())))
    pairs = [(w["fulfilment"], w.status_word(g.status)), (w["points"], points_text(g, w))]
    if g.leaf is not None:
        pairs += _leaf_fields(g.leaf, w)
    else:
        pairs.append((w["result"], result_text(g, w)))
    blocks.append(Fields(tuple(pairs)))
    if full and g.subgoals:
        blocks.append(subgoal_table(g, w))
    blocks.append(explanation(g, w))
    if g.overridden:
        blocks.append(override_fields(g, w))
    return blocks


def plan_analysis(result: PlanResult, w: Words, level: int = 2) -> list[Block]:
    """The scorecard's section under a plan's table: every goal that 2. del would take."""
    goals: Sequence[GoalResult] = analysed(result)
    if not goals:
        return []
    blocks: list[Block] = [Heading(w["analysis_heading"], level)]
    for g in goals:
        blocks += goal_analysis(g, w, level + 1, full=False)
    return blocks
