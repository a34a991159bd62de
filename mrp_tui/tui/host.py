"""The app as its screens, mixins and helpers see it: `MrpHost`, the base of `MrpApp`.

Screens and helpers reach the app through this class, never through `tui/app.py`, which imports
them: imports only go one way. What `MrpApp` and its mixins define is declared here for the
type checker only; at run time the class adds nothing to Textual's `App`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from textual.app import App

if TYPE_CHECKING:
    from textual.app import SystemCommand
    from textual.screen import Screen

    from mrp_tui.core.autosave import Found
    from mrp_tui.core.errors import Problem
    from mrp_tui.core.whatif import InputValue, Key, WhatIf
    from mrp_tui.core.workbench import Workbench


class Keeping(Protocol):
    """What a screen asks of the app's safekeeping (tui/safekeeping.py::Safekeeping)."""

    def restore(self, found: Found) -> bool: ...

    def discard(self, found: Found) -> None: ...


class MrpHost(App[None]):
    if TYPE_CHECKING:
        # tui/app.py (MrpApp)
        bench: Workbench
        read_only: bool
        own_process: bool
        history_told: set[str]
        keeping: Keeping

        @property
        def current_plan(self) -> str | None: ...

        def apply(self, session: WhatIf, external: bool = True) -> None: ...

        def open_plan(self, plan_id: str) -> None: ...

        def open_goal(self, plan_id: str, goal_id: str) -> None: ...

        def show_problems(self, path: str) -> None: ...

        def show_problem_list(self, title: str, problems: Sequence[Problem]) -> None: ...

        # tui/plan_actions.py (PlanActions)
        def next_period(self, plan_id: str) -> None: ...

        # tui/record_commands.py (RecordActions)
        def recording(self, plan_id: str | None) -> bool: ...

        def refuse_edit(self, plan_id: str | None, key: Key, value: InputValue) -> None: ...

        def record_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]: ...

        def action_record_save(self) -> None: ...
