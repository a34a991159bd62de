"""Measure 6: the year's record. Saving a period's reported figures of a 200-goal plan with its
change log appended (goal ≤ 50 ms), and loading a 10,000-line change log for one goal, as the
goal screen does (goal ≤ 100 ms).

Saving is `record.save_reported` end to end: the loader's validation of the very text to be
written, the diff, the atomic write with fsync, and the log lines appended and fsynced, under
the folder lock. Two shapes: a first save of the period (every input new, one log line each),
and a save of ten changed inputs over an existing file. The floor is what no save can do
without: `tomli_w.dumps` of the same figures, written and fsynced to a file in the same folder.

Loading is `changelog.read_log(path, goal=...)` of a log of 10,000 lines spread over the 200
goals and four periods; also the whole log (as `--check` reads it). Its floor: `json.loads` of
every line.

Run alone: ``python -m bench.record [--rounds R] [--json]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.generate import write_workspace

GOALS = 200
LOG_LINES = 10_000
CHANGED = 10


def _timed(action: Callable[..., object], *args: Any, **kwargs: Any) -> float:
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


def _floor_write(text: str, folder: Path) -> None:
    path = folder / "floor.toml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _write_log(path: Path, goal_ids: list[str]) -> None:
    """LOG_LINES lines as save_reported writes them: a season of saves over all goals."""
    from mrp_tui.core.changelog import LogEntry, encode_entry
    from mrp_tui.core.model import Period

    rng = random.Random(7)
    start = dt.datetime(2024, 4, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    lines = []
    for n in range(LOG_LINES):
        at = start + dt.timedelta(minutes=37 * n)
        period = list(Period)[min(3, n * 4 // LOG_LINES)]
        old = rng.randint(0, 900)
        lines.append(encode_entry(LogEntry(
            at, rng.choice(("kontrollant", "chef", "fuldmægtig")), period, rng.choice(goal_ids),
            rng.choice((None, "1", "2")), rng.choice(("actual", "met", "total", "baseline")),
            old, old + rng.randint(-20, 20), rng.choice((None, "Rettet efter indberetning")))))
    path.write_text("".join(lines), encoding="utf-8")


def run(rounds: int) -> dict[str, Any]:
    import attrs

    from mrp_tui.core.changelog import read_log
    from mrp_tui.core.loader import load_figures, load_plan
    from mrp_tui.core.record import open_reported, save_reported
    from mrp_tui.core.writer import figures_to_toml

    out: dict[str, Any] = {"goals": GOALS, "log_lines": LOG_LINES, "changed": CHANGED,
                           "first": [], "ten": [], "floor": [], "lines_first": 0,
                           "goal_log": [], "whole_log": [], "log_floor": [], "goal_entries": 0}
    with tempfile.TemporaryDirectory(prefix="mrp-bench-record-") as tmp:
        root = Path(tmp)
        [plan_path] = write_workspace(root, plans=1, goals=GOALS)
        plan = load_plan(plan_path)
        example = root / "figures" / plan.id / "year.toml"
        reported = attrs.evolve(load_figures(example, plan), example=False, path=None)
        example.unlink()
        folder = example.parent
        leaves = [(g, s) for g, gf in reported.goals.items()
                  for s in [None, *gf.subgoals] if "actual" in reported.inputs(g, s).given()]
        for n in range(rounds + 1):  # the first round warms up and is not kept
            for name in ("year.toml", "changes.jsonl"):
                (folder / name).unlink(missing_ok=True)
            first = _timed(save_reported, plan, reported, None, example, "bench")
            floor = _timed(lambda: _floor_write(figures_to_toml(reported), folder))
            opened = open_reported(plan, example, reported.period)
            edited = opened.figures
            for goal_id, sub in leaves[n % 7::7][:CHANGED]:
                inputs = edited.inputs(goal_id, sub)
                edited = edited.with_inputs(goal_id, sub, attrs.evolve(
                    inputs, actual=(inputs.actual or 0) + 1))
            ten = _timed(save_reported, plan, edited, opened.previous, example, "bench",
                         expected_mtime_ns=opened.mtime_ns)
            if n:
                out["first"].append(first)
                out["ten"].append(ten)
                out["floor"].append(floor)
        out["lines_first"] = len(save_reported(plan, reported, None, root / "once" / plan.id
                                               / "year.toml", "bench").changes)
        log = root / "log" / "changes.jsonl"
        log.parent.mkdir()
        goal_ids = [g.id for g in plan.goals]
        _write_log(log, goal_ids)
        goal = goal_ids[16]  # "17": a short id, found inside others' ids and in dates too
        out["goal_entries"] = len(read_log(log, goal=goal).entries)
        out["log_bytes"] = log.stat().st_size
        for n in range(rounds + 1):
            timings = (_timed(read_log, log, goal=goal), _timed(read_log, log),
                       _timed(lambda: [json.loads(line) for line in
                                       log.read_bytes().decode("utf-8").splitlines()]))
            if n:
                for key, value in zip(("goal_log", "whole_log", "log_floor"), timings,
                                      strict=True):
                    out[key].append(value)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.record", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print the samples as JSON")
    args = parser.parse_args(argv)
    data = run(args.rounds)
    if args.json:
        print(json.dumps(data))
    else:
        for key in ("first", "ten", "floor", "goal_log", "whole_log", "log_floor"):
            samples = sorted(data[key])
            print(f"{key:10} median {samples[len(samples) // 2] * 1000:7.2f} ms", file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
