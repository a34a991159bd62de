"""Messages between the app and its screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class SessionChanged(Message):
    """A plan's what-if session changed: an edit, undo, revert, period or scenario."""

    plan_id: str
    #: True when the inputs on screen may no longer show the session's values (undo, revert).
    external: bool = True


@dataclass
class RecordSaved(Message):
    """A plan's reported figures were saved: its change log has new lines to show."""

    plan_id: str
