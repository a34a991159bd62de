"""The mrp-tui application: screens on a `Workbench`, and the commands that change it."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import events
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.timer import Timer

from mrp_tui.core.errors import Problem
from mrp_tui.core.model import Period
from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.workbench import Workbench
from mrp_tui.tui.commands import MrpCommands
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.plan_actions import PlanActions
from mrp_tui.tui.record_commands import RecordActions
from mrp_tui.tui.safe import as_line
from mrp_tui.tui.safekeeping import Safekeeping
from mrp_tui.tui.screens.base import MrpScreen
from mrp_tui.tui.screens.overview import OverviewScreen
from mrp_tui.tui.system_actions import SystemActions
from mrp_tui.tui.typeahead import TypeAhead


class MrpApp(PlanActions, SystemActions, RecordActions):
    """The app's core: its keys, start-up and screens, and `apply`; the actions are in its
    mixins (plan_actions.py, system_actions.py, record_commands.py), each on `MrpHost`."""

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
        # ctrl+s keeps its meaning per mode: one of the two is enabled at a time.
        Binding("ctrl+s", "record_save", "Gem", tooltip="Gem som indberettede tal",
                id="app.record_save"),
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        plan_id = self.current_plan
        if (record := self.check_record_action(action, parameters)) is not None:
            return record
        if action in ("save", "undo", "redo"):
            if self.read_only or plan_id is None:
                return False
            if action == "save" and self.recording(plan_id):
                return False  # ctrl+s is "Gem som indberettede tal" (record_commands.py)
            session = self.bench.session(plan_id)
            return bool({"save": session.changes, "undo": session.undo_stack,
                         "redo": session.redo_stack}[action])
        return True

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
