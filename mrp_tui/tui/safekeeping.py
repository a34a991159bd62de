"""Never lose an edit: the app's autosaves (core/autosave.py), the offer of those an earlier
session left, and the signals that end the app.

Signals: SIGHUP (the SSH connection dropped), SIGTERM, SIGINT (`kill -INT`; ctrl+c is a key
in the app) and SIGQUIT write the unsaved changes at once and end the app cleanly, terminal
restored, with exit code 128 + the signal's number (129, 143, 130, 131). SIGUSR1, SIGUSR2
and SIGALRM, which would end the process with the terminal left in raw mode, are ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from typing import TYPE_CHECKING

from mrp_tui.core.autosave import Autosaves, Found
from mrp_tui.core.errors import LoadError

if TYPE_CHECKING:
    from mrp_tui.tui.host import MrpHost

#: How long the app may take to exit cleanly after a signal before the process is ended
#: (with the terminal gone, a clean exit can block for ever on the dead pty).
GRACE_SECONDS = 2.0
ENDING = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)
IGNORED = (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM)


class Safekeeping:
    """What keeps an app's unsaved edits on disk (`MrpApp.keeping`)."""

    def __init__(self, app: MrpHost) -> None:
        self.app = app
        self.autosaves = Autosaves()
        #: Autosaves of ended sessions not yet restored or discarded (offered again on request).
        self.left_behind: list[Found] = []

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (*ENDING, *IGNORED):
            # Not possible outside the main thread (some test runners): then no handler.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                if signum in ENDING:
                    loop.add_signal_handler(signum, self.end_on, signum)
                else:
                    loop.add_signal_handler(signum, lambda: None)

    def stop(self) -> None:
        """At exit: the autosaves of unsaved changes stay; every lock and handler goes."""
        loop = asyncio.get_running_loop()
        for signum in (*ENDING, *IGNORED):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(signum)
        if not self.app.read_only:
            self.autosaves.close(self.app.bench)

    def end_on(self, signum: int) -> None:
        """A signal that ends the app: the edits on disk first."""
        self.write()
        code = 128 + signum
        if self.app.own_process:
            watchdog = threading.Timer(GRACE_SECONDS, os._exit, args=(code,))
            watchdog.daemon = True
            watchdog.start()
        self.app.exit(return_code=code)

    def write(self) -> None:
        if self.app.read_only:
            return
        try:
            self.autosaves.write(self.app.bench)
        except OSError as err:
            self.app.notify(f"Kunne ikke gemme en sikkerhedskopi: {err}", severity="error")

    # ------------------------------------------------------------------ left behind

    def offer(self) -> None:
        """Offer every autosave an ended session left for the plans loaded, newest first."""
        self.left_behind = self.autosaves.found(self.app.bench)
        if self.left_behind:
            from mrp_tui.tui.screens.restore import RestoreAutosave

            self.app.push_screen(RestoreAutosave(self.left_behind))

    def restore(self, found: Found) -> bool:
        """Lay one autosave over its plan; False (and why, on screen) when it cannot be."""
        app = self.app
        session = app.bench.session(found.plan_id)
        if session.changes:
            # Restoring would put these changes out of sight (on the undo stack only, and in
            # no autosave): save them or undo them first.
            app.notify(f"{session.plan.agency} {session.plan.year} har allerede ændringer: "
                        "gem dem (ctrl+s) eller fortryd dem først, og hent så denne "
                        "(ctrl+p, «Hent ugemte ændringer»)", severity="warning", timeout=10)
            return False
        try:
            restored = self.autosaves.restore(app.bench, found)
        except LoadError as err:
            app.show_problem_list(f"{found.path} passer ikke til planen", err.problems)
            return False
        except OSError as err:
            app.notify(f"Kunne ikke hente {found.path}: {err}", severity="error")
            return False
        self.left_behind.remove(found)
        app.apply(app.bench.session(found.plan_id))
        changes = "1 ugemt ændring er" if restored == 1 else f"{restored} ugemte ændringer er"
        app.notify(f"{changes} hentet for {session.plan.agency} {session.plan.year}")
        return True

    def discard(self, found: Found) -> None:
        self.autosaves.discard(found)
        self.left_behind.remove(found)
