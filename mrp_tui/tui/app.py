"""The mrp-tui application: screens on a `Workbench`, and the commands that change it."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input

from mrp_tui.core import danish
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.model import Period
from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.workbench import Workbench
from mrp_tui.tui.commands import MrpCommands
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.safe import as_line
from mrp_tui.tui.safekeeping import Safekeeping
from mrp_tui.tui.screens.base import MrpScreen
from mrp_tui.tui.screens.overview import OverviewScreen
from mrp_tui.tui.typeahead import TypeAhead

#: Keys that only apply at times, by binding id: the help lists them with when they do.
APPLIES_WHEN = {
    "app.save": "når der er ændringer",
    "app.undo": "når der er ændringer",
    "app.redo": "efter ctrl+z",
    "goal.revert_field": "i et ændret felt",
}


class MrpApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "mrp-tui"
    COMMANDS = {MrpCommands}  # the app's commands, shown without markup (see commands.py)
    BINDINGS = [
        # Shown in the overview's footer only: at 80 columns the plan and goal screens need
        # the room for their own keys (? lists q everywhere).
        Binding("q", "quit_app", "Afslut", show=False, tooltip="Afslut mrp-tui (spørger ved "
                "ugemte ændringer)", id="app.quit"),
        Binding("ctrl+q", "quit_app", "Afslut", show=False, priority=True,
                tooltip="Afslut mrp-tui (spørger ved ugemte ændringer)", id="app.quit_now"),
        Binding("question_mark,f1", "help", "Taster", tooltip="Vis tasterne på dette "
                "skærmbillede", id="app.help"),
        Binding("ctrl+s", "save", "Gem", tooltip="Gem ændringerne som scenarie",
                id="app.save"),
        Binding("ctrl+z", "undo", "Fortryd", tooltip="Fortryd seneste ændring", id="app.undo"),
        Binding("ctrl+y", "redo", "Gentag", show=False, tooltip="Gentag en fortrudt ændring",
                id="app.redo"),
        # Replaces Textual's own (English) palette binding; shown at the footer's right.
        Binding("ctrl+p", "command_palette", "menu", show=False, priority=True,
                tooltip="Kommandoer: åbn plan, skift periode, scenarier, eksport, tema",
                id="app.commands"),
    ]

    def __init__(self, bench: Workbench, read_only: bool = False,
                 start: tuple[str | None, str | None] = (None, None)) -> None:
        super().__init__()
        self.bench = bench
        self.read_only = read_only
        self._start = start
        self._autosave_timer: Timer | None = None
        #: The app is the whole process (the CLI): a hang-up may end the process, and the
        #: cyclic garbage collector, off during the start-up, is switched on after the first
        #: frame.
        self.own_process = False
        #: Plans whose history (other periods, last year's plan) had problems, told once.
        self.history_told: set[str] = set()
        self._typeahead = TypeAhead(self)
        self.keeping = Safekeeping(self)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed ahead wait for the one before to finish (see typeahead.py).
        if self._typeahead.hold(event):
            return
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # Pasted text is as untrusted as a file: no escape sequence reaches a field. Its
            # lines (terminals paste line ends as \r) stay lines.
            event.text = "\n".join(as_line(line) for line in event.text.splitlines())
        await super().on_event(event)
        self._typeahead.handed_on(event)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification quotes names and messages from outside (a scenario or file
        name, an OS error): shown literally, never as markup, whatever the caller said."""
        super().notify(as_line(message), title=as_line(title), severity=severity,
                       timeout=timeout, markup=False)

    # ------------------------------------------------------------------ navigation

    def get_default_screen(self) -> OverviewScreen:
        # The overview is the base screen, so the very first frame shows the agencies.
        return OverviewScreen()

    def on_mount(self) -> None:
        self._remember_themes()
        self.keeping.start()
        if self.own_process:
            self.call_after_refresh(_collect_from_here_on)
        plan_id, goal_id = self._start
        if plan_id:
            self.open_plan(plan_id)
            if goal_id:
                self.open_goal(plan_id, goal_id)
        if self.bench.problems:
            self.show_problem_list("Nogle filer kunne ikke bruges", self.bench.problems)
        if not self.read_only:
            self.keeping.offer()

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

    def on_unmount(self) -> None:
        self._typeahead.close()
        self.keeping.stop()

    def open_plan(self, plan_id: str) -> None:
        from mrp_tui.tui.screens.plan import PlanScreen  # not needed for the first frame

        self.push_screen(PlanScreen(plan_id))
        if plan_id in self.bench.failed:
            self.show_problem_list(f"Tallene for {plan_id} kunne ikke læses; planen vises "
                                   "uden tal", self.bench.failed[plan_id])

    def open_goal(self, plan_id: str, goal_id: str) -> None:
        from mrp_tui.tui.screens.goal import GoalScreen  # nor this, with its input widgets

        self.push_screen(GoalScreen(plan_id, goal_id))

    def show_problems(self, path: str) -> None:
        entry = next(e for e in self.bench.entries if str(e.path) == path)
        self.show_problem_list(f"{entry.path} kunne ikke indlæses", entry.problems)

    def show_problem_list(self, title: str, problems: Sequence[Problem]) -> None:
        # Dialogs are imported when first shown, not for the first frame.
        from mrp_tui.tui.screens.dialogs import ProblemsScreen

        self.push_screen(ProblemsScreen(title, problems))

    @property
    def current_plan(self) -> str | None:
        screen = self.screen
        return screen.plan_id if isinstance(screen, MrpScreen) else None

    # ------------------------------------------------------------------ changing figures

    def apply(self, session: WhatIf, external: bool = True) -> None:
        """Make `session` current and have every screen show it: the visible one at once,
        in this very frame; the ones beneath catch up when they are shown again."""
        before = self.bench.session(session.plan.id)
        self.bench.update(session)
        # Autosave shortly after the typing stops, so no keystroke waits for the disk.
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(0.5, self.keeping.write)
        message = SessionChanged(session.plan.id, external)
        for screen in self.screen_stack:
            if screen is self.screen and isinstance(screen, MrpScreen):
                screen.refresh_view(message)
            elif isinstance(screen, MrpScreen):
                screen.post_message(SessionChanged(session.plan.id, external))
        if _can(before) != _can(session):
            self.refresh_bindings()  # save, undo or redo became (un)available

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        plan_id = self.current_plan
        if action in ("save", "undo", "redo"):
            if self.read_only or plan_id is None:
                return False
            session = self.bench.session(plan_id)
            return bool({"save": session.changes, "undo": session.undo_stack,
                         "redo": session.redo_stack}[action])
        return True

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for plan in self.bench.plans:
            yield SystemCommand(f"Åbn plan: {plan.agency} {plan.year}",
                                f"{plan.title} ({plan.id})",
                                lambda plan_id=plan.id: self._goto_plan(plan_id))
        plan_id = screen.plan_id if isinstance(screen, MrpScreen) else None
        if plan_id is not None:
            session = self.bench.session(plan_id)
            for period in self.bench.periods(plan_id):
                if period != session.base.period:
                    yield SystemCommand(f"Skift periode: {danish.PERIOD_DA[period.value]}",
                                        "Vis planen med tallene for denne periode",
                                        lambda p=period: self.switch_period(plan_id, p))
            if not self.read_only and session.changes:
                yield SystemCommand("Gem scenarie", "Gem ændringerne som scenarie (ctrl+s)",
                                    self.action_save)
                yield SystemCommand("Fortryd alle ændringer", "Tilbage til de indberettede tal",
                                    lambda: self.revert_all(plan_id))
            for path in self.bench.scenarios(plan_id):
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


def _collect_from_here_on() -> None:
    """After the first frame: what the start-up made lives as long as the app, so it is
    frozen out of the cyclic collector's sight, which the CLI had switched off until now."""
    gc.freeze()
    gc.enable()


def _can(session: WhatIf) -> tuple[bool, bool, bool]:
    return bool(session.changes), bool(session.undo_stack), bool(session.redo_stack)


def create_app(paths: Iterable[Path] = (), figures: Iterable[Path] = (),
               period: Period | None = None, scenario: Path | None = None,
               goal: str | None = None, read_only: bool = False) -> MrpApp:
    """The one factory for the CLI and the tests."""
    bench = Workbench.load(paths, figures, period, scenario)
    start_plan = None
    # A file that failed is shown on the overview, as a red row with its message: a single
    # good plan beside it is not opened straight away, where the failure would be out of sight.
    failed = any(e.plan is None for e in bench.entries)
    if scenario is not None and bench.scenario_files:
        start_plan = next(iter(bench.scenario_files))
    elif len(bench.plans) == 1 and not failed:
        start_plan = bench.plans[0].id
    if goal is not None:
        holders = [p.id for p in bench.plans if any(g.id == goal for g in p.goals)]
        start_plan = start_plan if start_plan in holders else (holders[0] if holders else None)
    start_goal = goal if start_plan else None
    return MrpApp(bench, read_only=read_only, start=(start_plan, start_goal))
