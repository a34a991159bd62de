"""Trial fixes for the keystroke measure, patched in at run time (no mrp_tui file is changed).

Each trial stands for a change proposed in BENCHMARKS.md ("What to change"); running them
cumulatively shows what each would gain before anyone edits the app:

    python -m bench.fix_trials [--keys N]

The patches reach into mrp_tui's internals as they were when this was written; once a fix has
landed for real, its trial is redundant (and may need deleting if the code it patches moved).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

TRIALS: dict[str, Callable[[], None]] = {}


def trial(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(patch: Callable[[], None]) -> Callable[[], None]:
        TRIALS[name] = patch
        return patch
    return register


@trial("front")
def front_screen_only() -> None:
    """base.py: refresh only the screen in front. `Screen.is_current` is also true for the
    screen right under it (Textual counts it among the background screens), so the plan
    screen's 200-row table is rebuilt on every keystroke."""
    from mrp_tui.tui.screens.base import MrpScreen

    def on_session_changed(self: Any, message: Any) -> None:
        if self.app.screen is self:
            self.refresh_view(message)
        else:
            self._stale = True

    MrpScreen.on_session_changed = on_session_changed  # type: ignore[method-assign]


@trial("reported")
def reported_once() -> None:
    """whatif.py: score the reported figures once per base, not on every edit (each edit is a
    new WhatIf from attrs.evolve, which drops the cached_property)."""
    import mrp_tui.core.whatif as whatif

    cache: dict[tuple[int, int], tuple[Any, Any]] = {}

    def reported(self: Any) -> Any:
        key = (id(self.plan), id(self.base))
        hit = cache.get(key)
        if hit is None or hit[0] is not self.base:
            hit = cache[key] = (self.base, whatif.score_plan(self.plan, self.base))
        return hit[1]

    whatif.WhatIf.reported = property(reported)  # type: ignore[assignment,method-assign]


@trial("incremental")
def incremental_scoring() -> None:
    """scoring.py: re-score only goals whose figures changed (an edit keeps every other
    goal's GoalFigures object, so the previous GoalResult can be reused)."""
    import mrp_tui.core.scoring as scoring

    score_goal = scoring.score_goal
    memo: dict[tuple[int, int, Any, Any], tuple[Any, Any, Any]] = {}

    def memo_score_goal(goal: Any, figures: Any, context: Any) -> Any:
        key = (id(goal), id(figures), context.period, context.as_of)
        hit = memo.get(key)
        if hit is not None and hit[0] is goal and hit[1] is figures:
            return hit[2]
        result = score_goal(goal, figures, context)
        memo[key] = (goal, figures, result)
        return result

    scoring.score_goal = memo_score_goal


@trial("bindings")
def bindings_on_flip() -> None:
    """app.py: `apply` calls refresh_bindings() on every edit, and Textual's Footer then
    recomposes (new FooterKey widgets, two more layouts). Refresh only when save, undo or
    redo becomes available or unavailable."""
    from mrp_tui.tui.app import MrpApp

    apply = MrpApp.apply

    def flags(session: Any) -> tuple[bool, bool, bool]:
        return bool(session.changes), bool(session.undo_stack), bool(session.redo_stack)

    def apply_quietly(self: Any, session: Any, external: bool = True) -> None:
        before = flags(self.bench.session(session.plan.id))
        self.refresh_bindings = lambda: None
        try:
            apply(self, session, external)
        finally:
            del self.refresh_bindings
        if before != flags(session):
            self.refresh_bindings()

    MrpApp.apply = apply_quietly  # type: ignore[method-assign]


@trial("same-frame")
def same_frame() -> None:
    """goal.py / app.py: re-score and re-render in the field's own change, not via two posted
    messages (Input.Changed, then SessionChanged), so the new total is in the first frame
    after the key instead of waiting for the next frame tick (about 16-25 ms)."""
    from mrp_tui.tui.app import MrpApp
    from mrp_tui.tui.messages import SessionChanged
    from mrp_tui.tui.screens.base import MrpScreen
    from mrp_tui.tui.screens.goal import GoalScreen
    from mrp_tui.tui.widgets.figure_input import FigureInput

    apply = MrpApp.apply
    changed = MrpScreen.on_session_changed

    def apply_now(self: Any, session: Any, external: bool = True) -> None:
        front = self.screen
        if isinstance(front, MrpScreen):
            front._skip_next = True  # type: ignore[attr-defined]
        apply(self, session, external)
        if isinstance(front, MrpScreen):
            front.refresh_view(SessionChanged(session.plan.id, external))

    def on_session_changed(self: Any, message: Any) -> None:
        if getattr(self, "_skip_next", False):
            self._skip_next = False
            return
        changed(self, message)

    def watch_value(self: Any, value: str) -> None:
        FigureInput.__mro__[1]._watch_value(self, value)  # type: ignore[attr-defined]
        if self.is_mounted and isinstance(self.screen, GoalScreen):
            self.screen._edit(self.key, value)  # a second call from Input.Changed is a no-op

    MrpApp.apply = apply_now  # type: ignore[method-assign]
    MrpScreen.on_session_changed = on_session_changed  # type: ignore[method-assign]
    FigureInput._watch_value = watch_value  # type: ignore[method-assign]


@trial("no-layout")
def no_layout() -> None:
    """goal screen, leaf cards, figure rows: updates that cannot change a widget's size skip
    the layout pass (`Static.update(..., layout=False)`; give `.figure-note` a fixed width)."""
    from textual.widgets import Static

    from mrp_tui.tui.widgets.top_bar import TopBar

    update = Static.update

    def update_in_place(self: Any, content: Any = "", *, layout: bool = True) -> None:
        update(self, content, layout=isinstance(self, TopBar))

    Static.update = update_in_place  # type: ignore[method-assign]


def run_one(names: list[str], keys: int) -> dict[str, float]:
    """The keystroke measure with `names` patched in; medians of the app's own work (ms)."""
    from bench import keystroke
    from bench.stats import isolate_state

    for name in names:
        TRIALS[name]()
    with tempfile.TemporaryDirectory(prefix="mrp-bench-") as tmp:
        isolate_state(Path(tmp))
        data = asyncio.run(keystroke.run(keys, Path(tmp)))
    own = {}
    for what in ("to_update", "to_paint", "cpu"):
        app = statistics.median(s[what] for s in data["app"])
        bare = statistics.median(s[what] for s in data["bare"])
        own[what] = (app - bare) * 1000
    return own


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fix_trials", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--only", help="comma-separated trials, applied together, one run")
    args = parser.parse_args(argv)
    if args.only is not None:
        names = [n for n in args.only.split(",") if n]
        print(" ".join(f"{k}={v:.1f}" for k, v in run_one(names, args.keys).items()))
        return 0
    print(f"{'trials (cumulative)':60} {'to total':>9} {'to paint':>9} {'CPU':>7}  (ms, app "
          "less bare Input, medians)")
    order = list(TRIALS)
    for n in range(len(order) + 1):
        names = order[:n]
        # Each set runs in a fresh process: the patches cannot be undone in one.
        done = subprocess.run([sys.executable, "-m", "bench.fix_trials", "--keys",
                               str(args.keys), "--only", ",".join(names)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"{'+'.join(names) or 'none':60} failed: {done.stderr.strip()[-500:]}")
            continue
        own = dict(item.split("=") for item in done.stdout.split())
        print(f"{' + '.join(names) or 'none (as is)':60} {float(own['to_update']):9.1f} "
              f"{float(own['to_paint']):9.1f} {float(own['cpu']):7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
