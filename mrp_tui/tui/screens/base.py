"""What every screen shares: the top bar, the footer, and reacting to a changed session."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.screen import Screen

from mrp_tui.core.workbench import Workbench
from mrp_tui.tui.host import MrpHost
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.render import changes_line, mode, plan_points
from mrp_tui.tui.widgets.top_bar import TopBar


class MrpScreen(Screen[None]):
    #: The plan this screen is about (None on the overview).
    plan_id: str | None = None

    @property
    def mrp(self) -> MrpHost:
        return cast(MrpHost, self.app)

    @property
    def bench(self) -> Workbench:
        return self.mrp.bench

    def place(self, short: bool = False) -> str:
        """Where the screen is, for the top bar (`short`: with the agency's short name)."""
        return ""

    def update_top_bar(self) -> None:
        info = short_info = None
        if self.plan_id is not None:
            session = self.bench.session(self.plan_id)
            unsaved = self.bench.unsaved(self.plan_id)
            info, short_info = mode(self.bench, self.plan_id), mode(self.bench, self.plan_id,
                                                                    short=True)
            for text, short in ((info, False), (short_info, True)):
                text.append("  ")
                text.append_text(plan_points(session.result))
                text.append("  ")
                text.append_text(changes_line(session, unsaved, short=short))
        elif unsaved := self.bench.unsaved():
            info = Text(f"Ugemte ændringer: {unsaved}", style="bold yellow")
            short_info = Text(f"{unsaved} ugemte", style="bold yellow")
        self.query_one(TopBar).show(self.place(), info, short_place=self.place(short=True),
                                    short_info=short_info, read_only=self.mrp.read_only)

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
