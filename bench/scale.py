"""Measure 4: load and score N generated plans (15 goals each) in one process, for N = 10, 100
and 1,000, the sizes alternating round by round. Time per plan should not grow with N.

Each round loads every plan file (`load_plan`), its figures (`load_figures`, checked against the
plan, as the app does) and scores it (`score_plan`), keeping all results alive as the app does.
The parse cache is off for these rounds (every file is parsed, as on the first sight of it);
then the largest N is loaded again with the cache filled, as on the next start.

Run alone: ``python -m bench.scale [--rounds R] [--sizes 10,100,1000] [--json]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import write_workspace

GOALS = 15
SIZES = (10, 100, 1000)


def load_and_score(paths: list[Path]) -> tuple[list[Any], dict[str, float]]:
    from mrp_tui.core.loader import load_figures, load_plan
    from mrp_tui.core.scoring import score_plan

    parts = {"load_plan": 0.0, "load_figures": 0.0, "score_plan": 0.0}
    results = []
    clock = time.perf_counter
    for path in paths:
        t0 = clock()
        plan = load_plan(path)
        t1 = clock()
        figures = load_figures(path.parent.parent / "figures" / plan.id / "year.toml", plan)
        t2 = clock()
        results.append(score_plan(plan, figures))
        t3 = clock()
        parts["load_plan"] += t1 - t0
        parts["load_figures"] += t2 - t1
        parts["score_plan"] += t3 - t2
    return results, parts


def parse_only(paths: list[Path]) -> list[Any]:
    """The floor: read and parse the same two TOML files a plan, nothing else."""
    import tomllib

    parsed = []
    for path in paths:
        figures = path.parent.parent / "figures" / path.stem / "year.toml"
        parsed.append((tomllib.loads(path.read_bytes().decode("utf-8")),
                       tomllib.loads(figures.read_bytes().decode("utf-8"))))
    return parsed


def run(rounds: int, sizes: tuple[int, ...], root: Path) -> dict[str, Any]:
    os.environ["MRP_TUI_NO_CACHE"] = "1"
    started = time.perf_counter()
    paths = write_workspace(root, plans=max(sizes), goals=GOALS)
    generated = time.perf_counter() - started
    load_and_score(paths[:10])  # warm up: imports, regex and attrs caches
    parse_only(paths[:10])
    times: dict[int, list[float]] = {n: [] for n in sizes}
    floor: dict[int, list[float]] = {n: [] for n in sizes}
    parts: dict[int, dict[str, float]] = {}
    for r in range(rounds):
        order = sizes if r % 2 == 0 else sizes[::-1]
        for n in order:
            # A small N takes a few ms, at the mercy of any hiccup of a shared machine: it is
            # timed more often, so every size has about the same total time behind its median.
            for _ in range(max(1, max(sizes) // (10 * n))):
                for what in (("mrp", "floor") if (r + n) % 2 == 0 else ("floor", "mrp")):
                    gc.collect()
                    start = time.perf_counter()
                    if what == "mrp":
                        results, split = load_and_score(paths[:n])
                        times[n].append(time.perf_counter() - start)
                        parts[n] = split
                    else:
                        results = parse_only(paths[:n])
                        floor[n].append(time.perf_counter() - start)
                    assert len(results) == n
                    del results
    del os.environ["MRP_TUI_NO_CACHE"]
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    largest = paths[:max(sizes)]
    load_and_score(largest)  # fills the cache
    warm = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        results, _ = load_and_score(largest)
        warm.append(time.perf_counter() - start)
        del results
    return {"goals": GOALS, "generate_s": generated, "warm_seconds": warm,
            "seconds": {str(n): t for n, t in times.items()},
            "floor_seconds": {str(n): t for n, t in floor.items()},
            "parts": {str(n): p for n, p in parts.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="mrp-bench-") as tmp:
        result = run(args.rounds, sizes, Path(tmp))
    if args.json:
        json.dump(result, sys.stdout)
    else:
        from bench.stats import Summary

        for n, values in result["seconds"].items():
            per_plan = [v / int(n) for v in values]
            print(f"N={n:>5}: {Summary.of(values).text(scale=1000)}; "
                  f"per plan {Summary.of(per_plan).text(scale=1000, digits=3)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
