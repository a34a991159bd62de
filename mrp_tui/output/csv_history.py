"""`--format csv --history`: the columns of last year's result, per goal and per delmål."""

from __future__ import annotations

from mrp_tui.core.history import History
from mrp_tui.output.csv_out import Cell
from mrp_tui.output.json_doc import target_of


def previous_cells(history: History) -> dict[tuple[str, str | None], dict[str, Cell]]:
    """By (goal id, delmål id or None): the `previous_*` cells of its rows."""
    out: dict[tuple[str, str | None], dict[str, Cell]] = {}
    for goal_id, previous in history.previous.items():
        status = previous.status
        measure = previous.measure
        out[(goal_id, None)] = {
            "previous_plan": previous.plan.id,
            "previous_goals": " ".join(g.id for g in previous.goals),
            "previous_status": status.value if status is not None else None,
            "previous_points": previous.points, "previous_earned": previous.earned,
            "previous_target": target_of(measure) if measure is not None else None,
            "target_change": previous.change.value if previous.change else None}
        for subgoal_id, leaf in previous.leaves.items():
            if subgoal_id is None:
                continue
            out[(goal_id, subgoal_id)] = {
                "previous_plan": previous.plan.id,
                "previous_goals": f"{leaf.goal_id} {leaf.subgoal_id}",
                "previous_status": leaf.result.status.value if leaf.result else None,
                "previous_points": leaf.points, "previous_earned": leaf.earned,
                "previous_target": target_of(leaf.measure),
                "target_change": leaf.change.value if leaf.change else None}
    return out
