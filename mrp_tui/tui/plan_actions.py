"""The app's actions on a plan's figures: undo and redo, another period, scenarios saved and
opened, and export. `MrpApp` derives from `PlanActions`; `apply` (tui/app.py) shows the result."""

from __future__ import annotations

from pathlib import Path

from mrp_tui.core import danish
from mrp_tui.core.errors import LoadError
from mrp_tui.core.model import Period
from mrp_tui.tui.host import MrpHost


class PlanActions(MrpHost):
    # ------------------------------------------------------------------ changes, periods

    def action_undo(self) -> None:
        if plan_id := self.current_plan:
            self.apply(self.bench.session(plan_id).undo())

    def action_redo(self) -> None:
        if plan_id := self.current_plan:
            self.apply(self.bench.session(plan_id).redo())

    def revert_all(self, plan_id: str) -> None:
        self.apply(self.bench.session(plan_id).revert_all())
        self.notify("Alle ændringer er fortrudt (ctrl+z henter dem igen)", markup=False)

    def next_period(self, plan_id: str) -> None:
        periods = self.bench.periods(plan_id)
        current = self.bench.session(plan_id).base.period
        following = periods[(periods.index(current) + 1) % len(periods)] \
            if current in periods else periods[-1]
        self.switch_period(plan_id, following)

    def switch_period(self, plan_id: str, period: Period) -> None:
        try:
            session = self.bench.switch_period(plan_id, period)
        except LoadError as err:
            self.show_problem_list(f"Tallene for {period} kunne ikke læses", err.problems)
            return
        self.apply(session)
        self.notify(f"Periode: {danish.PERIOD_DA[period.value]}", markup=False)

    # ------------------------------------------------------------------ scenarios

    def action_save(self, error: str | None = None, suggestion: str | None = None) -> None:
        plan_id = self.current_plan
        if plan_id is None:
            return
        if self.recording(plan_id):
            self.action_record_save()  # ctrl+s keeps its meaning per mode
            return
        session = self.bench.session(plan_id)
        name = suggestion or session.name or f"scenarie-{len(self.bench.scenarios(plan_id)) + 1}"

        def save(chosen: str | None) -> None:
            from mrp_tui.core.writer import WriteRefused

            if chosen is None:
                return
            try:
                path = self.bench.save(plan_id, chosen)
            except (WriteRefused, OSError) as err:
                self.action_save(error=f"{err} – vælg et andet navn", suggestion=chosen)
                return
            self.apply(self.bench.session(plan_id))
            self.notify(f"Gemt: {path}", markup=False)

        from mrp_tui.tui.screens.dialogs import SaveScenario

        self.push_screen(SaveScenario(name, error), save)

    def open_scenario(self, plan_id: str, path: Path) -> None:
        try:
            session = self.bench.open_scenario(plan_id, path)
        except LoadError as err:
            self.show_problem_list(f"{path} kunne ikke åbnes", err.problems)
            return
        self.apply(session)
        self.notify(f"Scenarie åbnet: {path.stem}", markup=False)

    # ------------------------------------------------------------------ export

    def export(self, plan_id: str, fmt: str) -> None:
        from mrp_tui.tui.export import export_plan

        try:
            path = export_plan(self.bench.session(plan_id), fmt, Path.cwd(),
                               unsaved=bool(self.bench.unsaved(plan_id)))
        except OSError as err:
            self.notify(f"Kunne ikke eksportere: {err}", severity="error", markup=False)
            return
        self.notify(f"Eksporteret: {path}", markup=False)
