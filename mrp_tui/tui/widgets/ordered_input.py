"""An Input that applies every key in the order it was typed, and shows its value literally."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

from mrp_tui.tui.safe import as_line


def _editing_actions() -> dict[str, str]:
    actions: dict[str, str] = {}
    for binding in Binding.make_bindings(Input.BINDINGS):
        actions.setdefault(binding.key, binding.action)
    return actions


class OrderedInput(Input):
    """Textual's Input inserts a typed character at once, but runs its editing keys
    (backspace, delete, arrows, home, end...) as bindings, once the key has bubbled up to the
    app. Keys that arrive together, as when typing quickly over SSH, were then applied out of
    order: "163", three backspaces and "100" left the field empty. Here the field's own
    editing keys are run as they arrive, so every key keeps its place."""

    EDITING_ACTIONS = _editing_actions()

    def validate_value(self, value: str) -> str:
        # An Input draws its value as it is: a value from a file (a reason, a scenario name)
        # could carry an escape sequence to the terminal. Every value set is neutralised.
        return as_line(value)

    async def _on_key(self, event: events.Key) -> None:
        action = None if event.is_printable else self.EDITING_ACTIONS.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)
