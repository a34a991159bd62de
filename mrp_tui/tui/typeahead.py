"""Keys typed ahead are applied one at a time, each to the widget focused once the one before it
has had all its effects.

Textual hands a key to the widget focused when the key *arrives*. Keys that arrive together
(fast typing or pasting over SSH, where a burst comes in one read) are all handed to the same
widget before the first has done anything: `/ b i o` sent "bio" to the goal table, not to the
filter that `/` opens; `Enter 7 7` sent the 7s to the table, not to the goal screen that Enter
opens; `1 0 0 Tab 5` typed "1005" into one field. A focus change is applied later (Textual's
`focus()` defers it), a pushed screen mounts and focuses its first field later, and a key's
binding runs only once the key has bubbled back up to the app.

So the app keeps a queue: a key (or paste) that arrives while the one before it is still being
handled waits; once every message pump of the app is idle and mounted (the key has bubbled
up, its binding ran, a new screen is mounted and focused), the next key is let through. A key
typed alone is handed on at once, as before: only keys that arrive while the app is busy wait,
and no longer than it takes to finish, or `MAX_WAIT` if something never settles.

"Idle" is read from Textual's own bookkeeping (`App._registry`, each pump's `_message_queue`
and `_is_mounted`), private names checked by tests/test_typeahead.py on every Textual update.
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App

#: A key is let through after this long even if the app never became idle (a pump kept busy
#: by something else): typing must never stall.
MAX_WAIT = 0.5


def _is_idle(app: App[Any]) -> bool:
    """Every message pump of the app has handled all it was sent, and is mounted."""
    nodes = [app, *app._registry]
    for node in nodes:
        queue: asyncio.Queue[object] = node._message_queue
        unfinished = getattr(queue, "_unfinished_tasks", None)  # counts the one being handled
        if (unfinished if unfinished is not None else queue.qsize()) or not node._is_mounted:
            return False
    return True


class TypeAhead:
    """The app's queue of keys that arrived while an earlier key was still being handled."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: deque[events.Event] = deque()
        self._released: events.Event | None = None
        self._handing_on: events.Event | None = None
        self._busy = False
        self._settling: asyncio.Task[None] | None = None
        #: How often a key went on after MAX_WAIT without the app settling (for the tests).
        self.timeouts = 0

    def hold(self, event: events.Event) -> bool:
        """Called for each event the app receives: True when `event` must wait its turn (it is
        kept, and handed to the app again when the keys before it are done)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if event is self._released:
            self._released = None
        elif self._busy or self._held:
            self._held.append(event)
            return True
        self._busy = True
        self._handing_on = event
        return False

    def handed_on(self, event: events.Event) -> None:
        """The app has passed `event` on: wait until everything it set off is done."""
        if event is self._handing_on:
            self._handing_on = None
            self._settling = asyncio.create_task(self._settle())

    async def _settle(self) -> None:
        deadline = monotonic() + MAX_WAIT
        try:
            await asyncio.sleep(0)
            while not _is_idle(self._app):
                if monotonic() > deadline:
                    self.timeouts += 1
                    break
                # At first only let the other tasks run; then poll less often.
                await asyncio.sleep(0 if monotonic() < deadline - MAX_WAIT / 2 else 0.001)
        finally:
            # Whatever happened (even Textual's internals changing under `_is_idle`), the
            # next key goes on: a key may wait, never stall.
            self._next()

    def close(self) -> None:
        """The app is ending: nothing more is let through."""
        self._held.clear()
        if self._settling is not None:
            self._settling.cancel()

    def _next(self) -> None:
        if not self._held:
            self._busy = False
            return
        # Handed to the app again, at the end of its queue: it runs in the app's own message
        # loop (where bindings and actions expect to run), and as the next key in order, since
        # every key that arrived meanwhile is in the queue here, behind it.
        self._released = self._held.popleft()
        self._app.post_message(self._released)
