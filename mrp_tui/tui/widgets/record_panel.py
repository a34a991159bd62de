"""The record of one goal on its screen: its override and comment for the period, and every
change logged for it (newest first), read when the goal screen opens."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from mrp_tui.core import danish
from mrp_tui.core.changelog import (
    LOG_NAME,
    ChangeLog,
    describe_key,
    describe_period,
    describe_time,
    describe_value,
    read_log,
)
from mrp_tui.core.model import GoalFigures
from mrp_tui.core.workspace import reported_root_for
from mrp_tui.tui.render import show
from mrp_tui.tui.safe import literal

#: The newest changes shown; the rest are counted (all are in --print --changes).
MAX_SHOWN = 100


def goal_log(plan_path: Path, plan_id: str, goal_id: str) -> ChangeLog:
    """The changes logged for one goal of the plan, in every period."""
    return read_log(reported_root_for(plan_path) / plan_id / LOG_NAME, goal=goal_id)


class RecordPanel(Vertical):
    DEFAULT_CLASSES = "record-panel"

    def __init__(self, goal_id: str) -> None:
        super().__init__()
        self.goal_id = goal_id

    def compose(self) -> ComposeResult:
        yield Static(classes="record-judgement")
        yield Static(Text("Ændringer: henter loggen …", style="dim"), classes="record-history")

    def show_record(self, figures: GoalFigures, recording: bool) -> None:
        """The override and the comment; while recording, also where there are none."""
        text = Text()
        override = figures.override
        if override is not None:
            text.append("⚑ Tilsidesat: ", style="bold")
            text.append(danish.status_text(override.status))
            if override.earned is not None:
                text.append(f", {danish.number(override.earned, 6)} point")
            text.append("\nBegrundelse: ", style="bold")
            text.append_text(literal(override.reason))
        elif recording:
            text.append("Ingen tilsidesættelse", style="dim")
        if figures.comment:
            text.append("\n" if text else "")
            text.append("Bemærkning: ", style="bold")
            text.append_text(literal(figures.comment))
        elif recording:
            text.append("\nIngen bemærkning", style="dim")
        judgement = self.query_one(".record-judgement", Static)
        judgement.display = bool(text)
        show(judgement, text)

    def show_history(self, log: ChangeLog) -> None:
        entries = log.newest_first()
        text = Text("Ændringer", style="bold")
        if not entries:
            text.append(" – ingen logget for dette mål", style="dim")
        else:
            text.append(" (nyeste først)", style="dim")
        for entry in entries[:MAX_SHOWN]:
            text.append(f"\n{describe_time(entry.at)} ")
            text.append_text(literal(entry.user, "bold", one_line=True))
            text.append(f" · {describe_period(entry.period)} · ")
            where = f"delmål {entry.subgoal} " if entry.subgoal is not None else ""
            change = (f"{where}{describe_key(entry.key)}: "
                      f"{describe_value(entry.key, entry.old)} → "
                      f"{describe_value(entry.key, entry.new)}")
            text.append_text(literal(change, one_line=True))
            if entry.reason and entry.key != "override":  # an override shows its reason
                text.append("\n    Begrundelse: ", style="dim")
                text.append_text(literal(entry.reason, "dim", one_line=True))
        if len(entries) > MAX_SHOWN:
            text.append(f"\n… og {len(entries) - MAX_SHOWN} ældre (mrp-tui --print --changes "
                        "--goal)", style="dim")
        if log.problems:
            n = len(log.problems)
            text.append(f"\n{n} {'ødelagt linje' if n == 1 else 'ødelagte linjer'} i "
                        "ændringsloggen er sprunget over (mrp-tui --check viser dem)",
                        style="yellow")
        show(self.query_one(".record-history", Static), text)
