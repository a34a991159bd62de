"""Rich renderables for the app, built from scored results. Data from files is always put in
`Text` objects (never into markup), with control characters neutralised (`safe.literal`)."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from mrp_tui.core import danish
from mrp_tui.core.model import Status
from mrp_tui.core.results import GoalResult, PlanResult
from mrp_tui.core.text import neutralise
from mrp_tui.core.whatif import WhatIf
from mrp_tui.tui.safe import literal as literal  # the one door (re-exported for the screens)

NO_SIZE = Size(0, 0)
STATUS_STYLE = {
    Status.MET: "green",
    Status.PARTLY_MET: "yellow",
    Status.NOT_MET: "red",
    Status.PENDING: "dim",
}


def _height(widget: Static, width: int) -> int:
    # A Static's height depends only on its width (the sizes passed are not used by it).
    return widget.get_content_height(NO_SIZE, NO_SIZE, width)


def show(widget: Static, content: Text) -> None:
    """Update a Static only when its content changed, and lay the screen out again only when
    its height changes: a keystroke alters a few numbers, and a layout pass of the whole
    screen costs more than everything else a keystroke does."""
    old: Text | None = getattr(widget, "_mrp_shown", None)
    if old == content:
        return
    widget._mrp_shown = content  # type: ignore[attr-defined]
    width = widget.content_size.width
    if old is None or width <= 0:
        widget.update(content)
        return
    before = _height(widget, width)
    widget.update(content, layout=False)
    if _height(widget, width) != before:
        widget.refresh(layout=True)


def status(value: Status, short: bool = False) -> Text:
    label = danish.STATUS_SYMBOL[value] if short else danish.status_text(value)
    return Text(label, style=STATUS_STYLE[value])


def bar(earned: float, possible: float, width: int = 10) -> str:
    filled = 0 if possible <= 0 else round(width * min(earned / possible, 1))
    return "█" * filled + "░" * (width - filled)


def points_of(earned: float, possible: float | None) -> str:
    if possible is None:
        return "–"
    return f"{danish.number(earned)}/{danish.number(possible)}"


def counts(result: PlanResult) -> Text:
    text = Text()
    for state, n in result.counts.items():
        if text:
            text.append(" ")
        text.append(f"{danish.STATUS_SYMBOL[state]}{n}", style=STATUS_STYLE[state])
    return text


def period_label(result: PlanResult) -> str:
    if result.period is None:
        return "ingen tal"
    return danish.PERIOD_DA[result.period.value]


def delta(value: float) -> Text:
    if abs(value) < 1e-9:
        return Text("±0", style="dim")
    sign = "+" if value > 0 else "−"
    return Text(f"{sign}{danish.number(abs(value))}", style="green" if value > 0 else "red")


def summary(session: WhatIf) -> Text:
    """The plan header: agency, period, points, forecast, counts, changes."""
    result = session.result
    plan = result.plan
    text = literal(plan.agency, "bold", one_line=True)
    text.append(" · ")
    text.append(literal(plan.title, one_line=True))
    text.append(f" · {period_label(result)}")
    if result.as_of:
        text.append(f" pr. {danish.date(result.as_of)}")
    text.append("\n")
    if result.example:
        text.append("EKSEMPELTAL", style="reverse bold")
        text.append(" ")
    text.append("Point: ")
    text.append(f"{danish.number(result.earned)} af {danish.number(result.points)} ", "bold")
    text.append(bar(result.earned, result.points))
    text.append(f"  Prognose: {danish.number(result.forecast_earned)}  ")
    text.append_text(counts(result))
    return text


def plan_points(result: PlanResult) -> Text:
    """'Point 69,58/100' for the top bar of every plan screen."""
    return Text(f"Point {danish.number(result.earned)}/{danish.number(result.points)}",
                style="bold")


def changes_line(session: WhatIf, unsaved: int, short: bool = False) -> Text:
    """'2 ændringer +5 · ikke gemt' for the top bar ('2 ændringer +5 ugemt' when `short`);
    empty when nothing changed."""
    n = len(session.changes)
    text = Text()
    if session.name:
        text.append(f"«{neutralise(session.name, one_line=True)}» ")
    if not n:
        return text
    text.append(f"{n} {'ændring' if n == 1 else 'ændringer'} ", style="bold")
    text.append_text(delta(session.delta))
    if unsaved:
        text.append(" ugemt" if short else " · ikke gemt", style="bold yellow")
    return text


def goal_needed(result: GoalResult) -> str:
    """The same words as --print's "Mangler": '32 udsendte', '2 delmål', 'nået'."""
    from mrp_tui.core.describe import describe_goal_needed

    return describe_goal_needed(result)
