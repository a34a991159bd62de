"""`--format csv --history`: the columns of last year's result, per goal and per delmål."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mrp_tui.core.history import History
from mrp_tui.core.links import Change
from mrp_tui.core.model import Status
from mrp_tui.output.values import Cell, target_of


def previous_cells(history: History, status_word: Callable[[Status], str],
                   change_words: Mapping[str, str] | None,
                   ) -> dict[tuple[str, str | None], dict[str, Cell]]:
    """By (goal id, delmål id or None): the `previous_*` cells of its rows, statuses and
    changes in the file's words (`change_words` None: the JSON's values)."""
    def status(value: Status | None) -> Cell:
        return status_word(value) if value is not None else None

    def change(value: Change | None) -> Cell:
        if value is None:
            return None
        return change_words[value.value] if change_words is not None else value.value

    out: dict[tuple[str, str | None], dict[str, Cell]] = {}
    for goal_id, previous in history.previous.items():
        measure = previous.measure
        out[(goal_id, None)] = {
            "previous_plan": previous.plan.id,
            "previous_goals": " ".join(g.id for g in previous.goals),
            "previous_status": status(previous.status),
            "previous_points": previous.points, "previous_earned": previous.earned,
            "previous_target": target_of(measure) if measure is not None else None,
            "target_change": change(previous.change)}
        for subgoal_id, leaf in previous.leaves.items():
            if subgoal_id is None:
                continue
            out[(goal_id, subgoal_id)] = {
                "previous_plan": previous.plan.id,
                "previous_goals": f"{leaf.goal_id} {leaf.subgoal_id}",
                "previous_status": status(leaf.result.status if leaf.result else None),
                "previous_points": leaf.points, "previous_earned": leaf.earned,
                "previous_target": target_of(leaf.measure),
                "target_change": change(leaf.change)}
    return out
