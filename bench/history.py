"""Measure 8, the year in view, on an archive of 15 agencies × 10 years (`bench/generate.py
--archive`: 150 plans linked year to year, 600 figures files; this year's plans in `plans/`,
the earlier years in `archive/`):

- first paint of the app on the archive against the same 15 plans with no archive beside them
  (the archive must not cost the start-up): run from `bench.history_measure`;
- `--print --history` of one plan of the archive against `--print` of it: likewise;
- opening a goal's history in the app: this module, in process (below).

The last: the app runs headless under `run_test` at 80x24 on the archive's `plans/`; for each
plan in turn a goal with delmål is opened (`open_goal`) with the plan's history not yet read
(cold: its Q1-Q3 figures, last year's plan from `archive/` and its year figures are read and
scored then), and once more with it read (warm). Timed: the history itself (reading and
scoring what it needs, and filling the goal screen's history panels: `GoalScreen.
_show_history`, hooked); and for context the whole opening of the goal screen, from the
call to the next frame composed after the panels were filled (a hook on the app's
`_display`), without the pilot's 20 ms polling.

Run alone: ``python -m bench.history [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import write_archive
from bench.stats import isolate_state

#: A generated plan's goal 9 always has delmål (bench/generate.py).
GOAL = "9"


async def open_goals(root: Path) -> dict[str, Any]:
    from mrp_tui.tui.app import create_app
    from mrp_tui.tui.screens.goal import GoalScreen

    stamps: dict[str, float | None] = {"history_start": None, "history": None, "paint": None}
    shown = asyncio.Event()
    show_history = GoalScreen._show_history

    def stamped_show_history(self: GoalScreen) -> None:
        stamps["history_start"] = time.perf_counter()
        show_history(self)
        stamps["history"] = time.perf_counter()

    GoalScreen._show_history = stamped_show_history  # type: ignore[method-assign]
    app = create_app([root / "plans"])
    display = app._display

    def stamped_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and stamps["history"] is not None and stamps["paint"] is None:
            stamps["paint"] = time.perf_counter()
            shown.set()

    app._display = stamped_display  # type: ignore[method-assign]
    samples: dict[str, list[dict[str, float]]] = {"cold": [], "warm": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plan_ids = [p.id for p in app.bench.plans]
        for n, plan_id in enumerate(plan_ids):
            for kind in ("cold", "warm"):
                if kind == "cold" and n == 0:
                    continue  # the overview has read the first plan's history (its trend)
                stamps["history_start"] = stamps["history"] = stamps["paint"] = None
                shown.clear()
                start = time.perf_counter()
                app.open_goal(plan_id, GOAL)
                await asyncio.wait_for(shown.wait(), timeout=30)
                assert isinstance(app.screen, GoalScreen)
                begun, done, painted = stamps["history_start"], stamps["history"], stamps["paint"]
                assert begun is not None and done is not None and painted is not None
                samples[kind].append({"history": done - begun, "to_history": done - start,
                                      "to_paint": painted - start})
                app.pop_screen()
                await pilot.pause()
    GoalScreen._show_history = show_history  # type: ignore[method-assign]
    return {"plans": len(plan_ids), "goal": GOAL, **samples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.history", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the samples as JSON")
    parser.add_argument("--root", type=Path, help="an archive written by bench.generate "
                                                  "--archive (default: a new one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mrp-bench-") as tmp:
        isolate_state(Path(tmp))
        root = args.root or Path(tmp) / "archive"
        if args.root is None:
            write_archive(root)
        result = asyncio.run(open_goals(root))
    if args.json:
        json.dump(result, sys.stdout)
    else:
        from bench.stats import Summary

        for kind in ("cold", "warm"):
            for what in ("history", "to_history", "to_paint"):
                values = [s[what] for s in result[kind]]
                print(f"{kind:5} {what:10} {Summary.of(values).text(scale=1000)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
