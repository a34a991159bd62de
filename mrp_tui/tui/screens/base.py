"""What every screen shares: the top bar, the footer, and reacting to a changed session."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from mrp_tui.core.workbench import Workbench
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.render import changes_line, mode, plan_points
from mrp_tui.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from mrp_tui.tui.app import MrpApp


class MrpScreen(Screen[None]):
    #: The plan this screen is about (None on the overview).
    plan_id: str | None = None

    @property
    def mrp(self) -> MrpApp:
        from mrp_tui.tui.app import MrpApp

        return cast(MrpApp, self.app)

    @property
    def bench(self) -> Workbench:
        return self.mrp.bench

    def place(self) -> str:
        return ""

    def update_top_bar(self) -> None:
        changes = None
        if self.plan_id is not None:
            session = self.bench.session(self.plan_id)
            changes = mode(self.bench, self.plan_id)
            changes.append("  ")
            changes.append_text(plan_points(session.result))
            changes.append("  ")
            changes.append_text(changes_line(session, self.bench.unsaved(self.plan_id)))
        elif self.bench.unsaved():
            from rich.text import Text

            changes = Text(f"Ugemte ændringer: {self.bench.unsaved()}", style="bold yellow")
        self.query_one(TopBar).show(self.place(), changes)

    _stale = False

    def on_session_changed(self, message: SessionChanged) -> None:
        # A screen under the one in use catches up when it is shown again: a keystroke
        # re-renders only what the user sees.
        if self.app.screen is self:  # (is_current is also true just under a modal screen)
            self.refresh_view(message)
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_view()

    def refresh_view(self, message: SessionChanged | None = None) -> None:
        self.update_top_bar()
