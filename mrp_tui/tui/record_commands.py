"""The app's record commands (Indberetning): record a period's reported figures, judge and
remark on goals, save with a change log, and leave for a what-if.

`RecordActions` is the part of the app (`MrpApp` derives from it) that holds them: each is an
action, so `check_action` decides in one place what applies (nothing under --read-only), and
the command palette offers exactly the actions that are enabled. The work is done by
`core/recording.py`, imported when first used: the first frame does not wait for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import attrs
from textual.app import SystemCommand
from textual.screen import Screen

from mrp_tui.core.danish import PERIOD_DA
from mrp_tui.core.errors import LoadError
from mrp_tui.core.model import Override, Period
from mrp_tui.core.whatif import InputError, InputValue, Key, WhatIf
from mrp_tui.tui.host import MrpHost
from mrp_tui.tui.messages import RecordSaved
from mrp_tui.tui.screens.base import MrpScreen

#: Each action and its palette title and help; titles are found by typing (issue 12).
COMMANDS: dict[str, tuple[str, str]] = {
    "record_save": ("Gem som indberettede tal", "Skriv periodens tal som indberettede og log "
                    "hver ændring (ctrl+s)"),
    "override": ("Tilsidesæt resultat", "Sæt eller fjern en vurdering, der erstatter målets "
                 "beregnede resultat"),
    "comment": ("Skriv bemærkning", "Målets bemærkning for perioden (forklaring på "
                "resultatet)"),
    "record_as_of": ("Ret opgørelsesdato", "Datoen, tallene er opgjort pr."),
    "record_scenario": ("Ny scenarie fra disse tal", "Hvad nu hvis: et scenarie over de "
                        "indberettede tal; ugemte indtastninger kommer med som ændringer"),
}
GOAL_ACTIONS = ("override", "comment")


def period_label(period: Period) -> str:
    return PERIOD_DA[period.value]


def shown_path(path: Path) -> str:
    """`path` from the current folder where it lies below it (short enough for 80 columns)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class RecordActions(MrpHost):
    # ------------------------------------------------------------------ what applies

    def recording(self, plan_id: str | None) -> bool:
        return plan_id is not None and plan_id in self.bench.records

    def _goal_id(self) -> str | None:
        return getattr(self.screen, "goal_id", None)

    def check_record_action(self, action: str, parameters: tuple[object, ...],
                            screen: Screen[object] | None = None) -> bool | None:
        """Whether a record action applies on `screen` (the current one); None for any other
        action. (The palette asks for the screen it was opened on.)"""
        if action != "record_period" and action not in COMMANDS:
            return None
        screen = screen or self.screen
        plan_id = screen.plan_id if isinstance(screen, MrpScreen) else None
        if self.read_only or plan_id is None:
            return False
        if action == "record_period":
            recorded = self.bench.records.get(plan_id)
            return recorded is None or parameters[:1] != (recorded.period.value,)
        if not self.recording(plan_id):
            return False
        if action in GOAL_ACTIONS:
            return getattr(screen, "goal_id", None) is not None
        if action == "record_save":
            return bool(self.bench.unsaved(plan_id)) or self.bench.records[plan_id].is_new
        return True

    def record_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette's record commands that apply on `screen`. Each runs once the palette
        is closed, on that screen, as its action."""
        for period in Period:
            if self.check_record_action("record_period", (period.value,), screen):
                label = period_label(period)
                yield SystemCommand(f"Indberet tal: {label}", f"Åbn de indberettede tal for "
                                    f"{label} til redigering",
                                    lambda p=period: self.action_record_period(p.value))
        for action, (title, help_text) in COMMANDS.items():
            if self.check_record_action(action, (), screen):
                yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))

    def refuse_edit(self, plan_id: str | None, key: Key, value: InputValue) -> None:
        """InputError (Danish) for a value the loader would refuse: the app accepts exactly
        what a figures file may hold, in a what-if as while recording."""
        if plan_id is not None:
            from mrp_tui.core.recording import edit_problem

            why = edit_problem(self.bench, plan_id, key, value)
            if why is not None:
                raise InputError(why)

    # ------------------------------------------------------------------ starting

    def action_record_period(self, period_value: str) -> None:
        plan_id = self.current_plan
        if plan_id is None or not self.check_action("record_period", (period_value,)):
            return
        period = Period(period_value)
        session = self.bench.session(plan_id)
        unsaved = self.bench.unsaved(plan_id)
        if self.recording(plan_id):
            if unsaved:
                recorded = period_label(self.bench.records[plan_id].period)
                self.notify(f"Tallene for {recorded} er ikke gemt: gem dem (ctrl+s) eller "
                            "gør dem til et scenarie, før du indberetter en anden periode",
                            severity="warning")
                return
            self._start_recording(plan_id, period, take_along=False)
            return
        if not session.changes:
            self._start_recording(plan_id, period, take_along=False)
            return

        def answer(choice: str | None) -> None:
            if choice in ("take", "leave"):
                self._start_recording(plan_id, period, take_along=choice == "take")

        from mrp_tui.tui.screens.record_dialogs import TakeAlong

        self.push_screen(TakeAlong(period_label(period), len(session.changes), bool(unsaved)),
                         answer)

    def _start_recording(self, plan_id: str, period: Period, take_along: bool) -> None:
        from mrp_tui.core import recording

        try:
            session = recording.start(self.bench, plan_id, period, take_along)
        except LoadError as err:
            self.show_problem_list(f"De indberettede tal for {period_label(period)} kan ikke "
                                   "åbnes", err.problems)
            return
        self._changed(session)
        opened = self.bench.records[plan_id].opened
        if opened.mtime_ns is not None:
            self.notify(f"Indberetning {period_label(period)}: {shown_path(opened.path)}")
        else:
            examples = period in self.bench.entry(plan_id).figures
            self.notify(f"Indberetning {period_label(period)}: ingen tal endnu"
                        + (" (eksempeltallene bruges ikke)" if examples else "")
                        + f"; gemmes i {shown_path(opened.path)}")
        focus = getattr(self.screen, "focus_first_field", None)
        if focus is not None:
            self.call_after_refresh(focus)

    def _changed(self, session: WhatIf) -> None:
        """The mode or the recording's figures changed: every screen and key shows it."""
        self.apply(session)
        self.refresh_bindings()

    # ------------------------------------------------------------------ saving

    def action_record_save(self) -> None:
        plan_id = self.current_plan
        if plan_id is None or not self.recording(plan_id):
            return
        from mrp_tui.core import recording
        from mrp_tui.core.record import RecordRefused
        from mrp_tui.core.writer import WriteRefused

        try:
            result = recording.save(self.bench, plan_id)
        except RecordRefused as err:
            self.show_problem_list("Tallene kan ikke gemmes som indberettede tal; intet er "
                                   "gemt, dine tal er bevaret", err.problems)
            return
        except (WriteRefused, OSError) as err:
            if recording.changed_on_disk(self.bench, plan_id):
                self._saved_by_another(plan_id)
                return
            why = str(err) if isinstance(err, WriteRefused) else (err.strerror or str(err))
            self.notify(f"Tallene er ikke gemt: {why}. Dine tal er bevaret.",
                        severity="error", timeout=15)
            return
        self._changed(self.bench.session(plan_id))
        n = len(result.changes)
        logged = "1 ændring logget" if n == 1 else f"{n} ændringer logget"
        self.notify(f"Gemt som indberettede tal: {shown_path(result.path)} ({logged})")
        if result.log_error:
            self.notify(result.log_error, severity="error", timeout=15)
        for screen in self.screen_stack:
            screen.post_message(RecordSaved(plan_id))

    def _saved_by_another(self, plan_id: str) -> None:
        from mrp_tui.core import recording
        from mrp_tui.tui.screens.record_dialogs import SavedByAnother

        path = self.bench.records[plan_id].opened.path

        def answer(choice: str | None) -> None:
            if choice != "reload":
                self.notify("Intet er gemt; dine tal står stadig på skærmen",
                            severity="warning")
                return
            try:
                session = recording.reload_as_scenario(self.bench, plan_id)
            except LoadError as err:
                self.show_problem_list(f"{path} kan ikke læses; dine tal står stadig på "
                                       "skærmen", err.problems)
                return
            self._changed(session)
            self.notify("De nye tal er hentet; dine indtastninger er et ugemt scenarie over "
                        "dem (Indberet tal … tager dem med igen)")

        self.push_screen(SavedByAnother(shown_path(path), self.bench.unsaved(plan_id)), answer)

    # ------------------------------------------------------------------ judging a goal

    def action_override(self) -> None:
        plan_id, goal_id = self.current_plan, self._goal_id()
        if plan_id is None or goal_id is None or not self.recording(plan_id):
            return
        from mrp_tui.core import recording
        from mrp_tui.tui.screens.record_dialogs import REMOVE, OverrideDialog

        session = self.bench.session(plan_id)
        key = (goal_id, None, "override")
        current = session.value(key)
        result = session.result.goal(goal_id)

        def check(override: Override) -> str | None:
            return recording.override_problem(self.bench, plan_id, goal_id, override)

        def answer(choice: Override | Literal["remove"] | None) -> None:
            if choice is None:
                return
            self._edit(plan_id, key, None if choice == REMOVE else choice)

        self.push_screen(OverrideDialog(goal_id, result.points, current if isinstance(
            current, Override) else None, result.status, check), answer)

    def _edit(self, plan_id: str, key: Key, value: InputValue) -> None:
        """A dialog's edit: its own undo step (a field's keystrokes are one together)."""
        self.apply(attrs.evolve(self.bench.session(plan_id), last_key=None).set(key, value))

    def action_comment(self) -> None:
        plan_id, goal_id = self.current_plan, self._goal_id()
        if plan_id is None or goal_id is None or not self.recording(plan_id):
            return
        from mrp_tui.tui.screens.record_dialogs import CommentDialog

        key = (goal_id, None, "comment")
        current = self.bench.session(plan_id).value(key)

        def answer(text: str | None) -> None:
            if text is not None:
                self._edit(plan_id, key, text or None)

        period = self.bench.records[plan_id].period
        self.push_screen(CommentDialog(goal_id, period_label(period),
                                       current if isinstance(current, str) else None), answer)

    def action_record_as_of(self) -> None:
        plan_id = self.current_plan
        if plan_id is None or not self.recording(plan_id):
            return
        from mrp_tui.core import recording
        from mrp_tui.core.record import check_as_of
        from mrp_tui.tui.screens.record_dialogs import AsOfDialog

        plan = self.bench.session(plan_id).plan

        def answer(as_of: dt.date | None) -> None:
            if as_of is not None and recording.set_as_of(self.bench, plan_id, as_of) is None:
                self._changed(self.bench.session(plan_id))

        self.push_screen(AsOfDialog(self.bench.records[plan_id].as_of,
                                    lambda d: check_as_of(plan, d)), answer)

    def action_record_scenario(self) -> None:
        plan_id = self.current_plan
        if plan_id is None or not self.recording(plan_id):
            return
        from mrp_tui.core import recording

        typed = len(self.bench.session(plan_id).changes)
        session = recording.to_scenario(self.bench, plan_id)
        self._changed(session)
        self.notify("Scenarie over de indberettede tal" + (
            f"; {typed} ugemte indtastninger er med som ændringer" if typed else ""))
