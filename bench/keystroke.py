"""Measure 3: one keystroke into a delmål field of a 200-goal plan, until the plan total in the
top bar has changed and the frame showing it has been painted, against the same keystroke into
a bare Input. Both apps run headless under Textual's `run_test`, side by side in one process,
and the keystrokes alternate between them.

The key is posted the way `Pilot.press` posts it (a `Key` event sent through the driver), but
the time is taken without the pilot's idle detection, which sleeps in steps of 20 ms:

- *to update*: key posted → the top bar's text has changed (session re-scored, screens told);
- *to paint*: key posted → the next frame after that update has been composed (headless, the
  frame is composed but not written);
- *CPU*: process CPU time from the key until the app is idle again (all screens' work,
  including screens under the current one).

Run alone: ``python -m bench.keystroke [--keys N] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input, Static

from bench.bare_app import BareInputApp
from bench.generate import PROBE_GOAL, PROBE_SUBGOAL, write_workspace
from bench.stats import isolate_state

GOALS = 200


@dataclass
class Sample:
    to_update: float
    to_paint: float
    cpu: float


class Probe:
    """Watches one app: when its top-bar Static's text changes, and the next frame after that.

    Both moments are stamped inside hooks on the app (its `_display`, the Static's `update`),
    so waiting for them costs no CPU and adds no polling delay.
    """

    def __init__(self, app: App[Any], bar: Static) -> None:
        self.app = app
        self.bar = bar
        self.updated_at: float | None = None
        self.painted_at: float | None = None
        self.painted = asyncio.Event()
        self._text = self._bar_text()
        display = app._display

        def stamped_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and self.updated_at is not None \
                    and self.painted_at is None:
                self.painted_at = time.perf_counter()
                self.painted.set()

        app._display = stamped_display  # type: ignore[method-assign]
        update = bar.update

        def stamped_update(*args: Any, **kwargs: Any) -> None:
            update(*args, **kwargs)
            text = self._bar_text()
            if text != self._text and self.updated_at is None:
                self.updated_at = time.perf_counter()
            self._text = text

        bar.update = stamped_update  # type: ignore[method-assign]

    def _bar_text(self) -> str:
        return str(self.bar.render())

    def _post(self, key: str) -> None:
        """As `Pilot.press` does: a Key event sent through the driver."""
        driver = self.app._driver
        assert driver is not None
        driver.send_message(events.Key(key, key if len(key) == 1 else None))

    async def key(self, key: str, settle: Callable[[], Any]) -> Sample:
        """Post `key`; time the change of the bar, the next frame, and the CPU until idle."""
        self.updated_at = self.painted_at = None
        self.painted.clear()
        cpu0 = time.process_time()
        start = time.perf_counter()
        self._post(key)
        try:
            await asyncio.wait_for(self.painted.wait(), timeout=30)
        except TimeoutError:
            raise TimeoutError(f"no new total painted after {key!r}") from None
        await settle()
        cpu = time.process_time() - cpu0
        assert self.updated_at is not None and self.painted_at is not None
        return Sample(self.updated_at - start, self.painted_at - start, cpu)

    async def untimed(self, key: str, settle: Callable[[], Any]) -> None:
        self._post(key)
        await settle()


async def run(keys: int, root: Path) -> dict[str, Any]:
    from mrp_tui.tui.app import create_app
    from mrp_tui.tui.screens.goal import GoalScreen
    from mrp_tui.tui.widgets.figure_input import FigureInput
    from mrp_tui.tui.widgets.top_bar import TopBar

    write_workspace(root, plans=1, goals=GOALS, probe=True)
    started = time.perf_counter()
    app = create_app([root / "plans"], goal=PROBE_GOAL)
    bare = BareInputApp("1")
    app_samples: list[Sample] = []
    bare_samples: list[Sample] = []
    async with app.run_test(size=(80, 24)) as pilot, bare.run_test(size=(80, 24)) as bpilot:
        await pilot.pause()
        await bpilot.pause()
        startup = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, GoalScreen), screen
        field = next(f for f in screen.query(FigureInput)
                     if f.key == (PROBE_GOAL, PROBE_SUBGOAL, "actual"))
        field.focus()
        bare_input = bare.query_one(Input)
        probes = [(Probe(app, screen.query_one(TopBar)), pilot, field, app_samples),
                  (Probe(bare, bare.query_one("#top", Static)), bpilot, bare_input,
                   bare_samples)]
        for _, p, input_, _ in probes:
            # Mid-edit: the field already differs from the reported 1 (typed "2"), as when a
            # figure is being typed; each timed "0" then makes it 20, which meets the target.
            await p.press("end", "backspace", "2")
            assert input_.value == "2", input_.value
        session_before = app.bench.session(screen.plan_id or "").result.earned
        gc.collect()
        for n in range(keys + 1):  # the first round warms up and is not kept
            order = probes if n % 2 == 0 else probes[::-1]
            for probe, p, input_, samples in order:
                sample = await probe.key("0", p.pause)
                assert input_.value == "20", input_.value
                if n:
                    samples.append(sample)
                await probe.untimed("backspace", p.pause)
                assert input_.value == "2", input_.value
        session_after = app.bench.session(screen.plan_id or "").result.earned
        assert session_after == session_before
    return {"goals": GOALS, "startup_s": startup, "app": [asdict(s) for s in app_samples],
            "bare": [asdict(s) for s in bare_samples]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keystroke", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=50, help="timed keystrokes per app")
    parser.add_argument("--json", action="store_true", help="print the samples as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mrp-bench-") as tmp:
        isolate_state(Path(tmp))
        result = asyncio.run(run(args.keys, Path(tmp)))
    if args.json:
        json.dump(result, sys.stdout)
    else:
        from bench.stats import Summary

        for who in ("app", "bare"):
            for what in ("to_update", "to_paint", "cpu"):
                values = [s[what] for s in result[who]]
                print(f"{who:5} {what:10} {Summary.of(values).text(scale=1000)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
