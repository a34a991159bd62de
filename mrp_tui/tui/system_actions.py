"""The app's own commands: the command palette and what it offers, the help (?), the theme,
and quitting. `MrpApp` derives from `SystemActions`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Input

from mrp_tui.core import danish
from mrp_tui.tui.host import MrpHost
from mrp_tui.tui.screens.base import MrpScreen

if TYPE_CHECKING:
    from pathlib import Path

    from mrp_tui.core.model import Period
    from mrp_tui.tui.safekeeping import Safekeeping

#: Keys that only apply at times, by binding id: the help lists them with when they do.
APPLIES_WHEN = {
    "app.save": "når der er ændringer",
    "app.undo": "når der er ændringer",
    "app.redo": "efter ctrl+z",
    "goal.revert_field": "i et ændret felt",
    "app.record_save": "under Indberetning, når noget ikke er gemt",
}


class SystemActions(MrpHost):
    if TYPE_CHECKING:
        keeping: Safekeeping

        # tui/plan_actions.py (PlanActions)
        def switch_period(self, plan_id: str, period: Period) -> None: ...

        def revert_all(self, plan_id: str) -> None: ...

        def action_save(self, error: str | None = None, suggestion: str | None = None,
                        ) -> None: ...

        def open_scenario(self, plan_id: str, path: Path) -> None: ...

        def export(self, plan_id: str, fmt: str) -> None: ...

    # ------------------------------------------------------------------ the theme

    def _remember_themes(self) -> None:
        """Start with the theme chosen last time; remember each one chosen from now on."""
        from mrp_tui.tui import settings

        self._saved_theme = settings.load_theme()
        if self._saved_theme in self.available_themes:
            self.theme = self._saved_theme
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def _save_theme(self, theme: Theme) -> None:
        from mrp_tui.tui import settings

        if theme.name == self._saved_theme:
            return
        self._saved_theme = theme.name
        try:
            settings.save_theme(theme.name)
        except OSError as err:
            self.notify(f"Kunne ikke huske temaet: {err}", severity="warning", markup=False)

    def action_change_theme(self) -> None:
        # Textual's own picker asks "Search for themes…": the same picker, in Danish.
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider],
                                        placeholder="Søg efter et tema…"))

    # ------------------------------------------------------------------ quitting, help

    def action_quit_app(self) -> None:
        unsaved = self.bench.unsaved()
        if not unsaved or self.read_only:
            self.exit()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.keeping.autosaves.drop_own()  # the user chose to drop them
                self.exit()

        from mrp_tui.tui.screens.dialogs import ConfirmQuit

        self.push_screen(ConfirmQuit(unsaved), answer)

    def action_command_palette(self) -> None:
        if not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder="Søg efter en kommando…",
                                            id="--command-palette"))

    def action_help(self) -> None:
        screen = self.screen
        keys: dict[str, list[str]] = {}  # what a key does -> the keys that do it
        for active in screen.active_bindings.values():
            binding = active.binding
            text = binding.tooltip or binding.description
            # Only mrp-tui's own keys (all have an id): Textual's built-in ones (a field's
            # cursor keys, scrolling) would be listed one by one, and in English.
            if binding.id is None or not active.enabled:
                continue
            keys.setdefault(text, []).append(self.get_key_display(binding))
        # Keys of this screen that only apply at times: listed with when they do.
        if isinstance(screen, MrpScreen) and screen.plan_id is not None and not self.read_only:
            for binding in Binding.make_bindings([*self.BINDINGS, *screen.BINDINGS]):
                when = APPLIES_WHEN.get(binding.id or "")
                if binding.id == "app.save" and self.recording(screen.plan_id):
                    when = None  # while recording, ctrl+s saves the record
                text = binding.tooltip or binding.description
                if when and text not in keys:
                    keys[f"{text} ({when})"] = [self.get_key_display(binding)]
        rows = [(", ".join(found), text) for text, found in keys.items()]
        if screen.query("FigureInput, VerdictSelect"):
            rows.append(("Tab, shift+Tab", "Næste / forrige felt"))
        rows.append(("↑ ↓ PgUp PgDn", "Flyt markøren, eller rul teksten"))
        if isinstance(screen.focused, Input):
            rows.append(("← → Home End ⌫ Del", "Ret i feltet"))
        from mrp_tui.tui.screens.dialogs import HelpScreen

        if not isinstance(screen, HelpScreen):
            self.push_screen(HelpScreen(rows))

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for plan in self.bench.plans:
            yield SystemCommand(f"Åbn plan: {plan.agency} {plan.year}",
                                f"{plan.title} ({plan.id})",
                                lambda plan_id=plan.id: self._goto_plan(plan_id))
        plan_id = screen.plan_id if isinstance(screen, MrpScreen) else None
        yield from self.record_commands(screen)
        if plan_id is not None:
            session = self.bench.session(plan_id)
            # While recording, the scenario commands are not offered: the modes never mix.
            scenarios = not self.recording(plan_id)
            for period in self.bench.periods(plan_id) if scenarios else ():
                if period != session.base.period:
                    yield SystemCommand(f"Skift periode: {danish.PERIOD_DA[period.value]}",
                                        "Vis planen med tallene for denne periode",
                                        lambda p=period: self.switch_period(plan_id, p))
            if not self.read_only and session.changes:
                if scenarios:
                    yield SystemCommand("Gem scenarie", "Gem ændringerne som scenarie "
                                        "(ctrl+s)", self.action_save)
                yield SystemCommand("Fortryd alle ændringer", "Tilbage til de indberettede tal",
                                    lambda: self.revert_all(plan_id))
            for path in self.bench.scenarios(plan_id) if scenarios else ():
                yield SystemCommand(f"Åbn scenarie: {path.stem}", str(path),
                                    lambda p=path: self.open_scenario(plan_id, p))
            for fmt, label in (("text", "tekst"), ("html", "html")):
                yield SystemCommand(f"Eksportér plan som {label}",
                                    "Skriv planens resultatkort til en fil i denne mappe",
                                    lambda f=fmt: self.export(plan_id, f))
        if self.keeping.left_behind and not self.read_only:
            yield SystemCommand("Hent ugemte ændringer fra sidst", "Vis de ugemte ændringer, "
                                "som en tidligere session efterlod", self.keeping.offer)
        yield SystemCommand("Skift tema", "Vælg farvetema", self.action_change_theme)
        yield SystemCommand("Afslut", "Afslut mrp-tui", self.action_quit_app)

    def _goto_plan(self, plan_id: str) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.open_plan(plan_id)
