"""`python -m bench --only history`: the year in view on an archive of 15 agencies × 10 years
(see bench/history.py), a section of its own in BENCHMARKS.md. Three goals: first paint with
the archive beside this year's plans ≤ 1.3 × without it; `--print --history` of one plan
≤ 1.5 × `--print` of it; a goal's history opened in the app ≤ 50 ms."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench import startup
from bench.generate import write_archive
from bench.kit import alternate, log, ratio_text, run_json, verdict
from bench.stats import Summary

MARKER = b"Arkivstyrelse"
PLAN = "arkiv-01-2024"


def measure_history(pairs: int) -> list[str]:
    log(f"history: an archive of 150 plans; {pairs} alternating pairs of each")
    with tempfile.TemporaryDirectory(prefix="mrp-bench-archive-") as tmp:
        archive, alone = Path(tmp) / "archive", Path(tmp) / "alone"
        write_archive(archive)
        write_archive(alone, archive=False)
        tui = (sys.executable, "-m", "mrp_tui")
        paint, paint_floor = alternate(
            pairs,
            lambda: startup.first_paint((*tui, str(archive / "plans")), MARKER).seconds,
            lambda: startup.first_paint((*tui, str(alone / "plans")), MARKER).seconds)
        plan = str(archive / "plans" / f"{PLAN}.toml")
        printed, printed_floor = alternate(
            pairs,
            lambda: startup.time_command((*tui, "--print", plan, "--history"), True),
            lambda: startup.time_command((*tui, "--print", plan), True))
        goal = run_json("bench.history", "--root", str(archive))
    paint_text, paint_ratio = ratio_text(paint, paint_floor)
    print_text, print_ratio = ratio_text(printed, printed_floor)
    cold = Summary.of([s["history"] for s in goal["cold"]])
    warm = Summary.of([s["history"] for s in goal["warm"]])
    opened = Summary.of([s["to_paint"] for s in goal["cold"]])
    opened_warm = Summary.of([s["to_paint"] for s in goal["warm"]])
    p, pf = Summary.of(paint), Summary.of(paint_floor)
    return [
        "`bench/generate.py --archive`: 15 agencies × 10 years = 150 plans of 15 goals, "
        "linked year to year (`previous`, every goal `continues` its namesake), each with "
        "Q1, Q2, Q3 and year figures (600 files); this year's 15 plans in `plans/`, the "
        "135 earlier ones in `archive/`, where links find them. Against the same 15 plans "
        "and their figures with no archive beside them. Alternating, one fresh process per "
        f"run ({pairs} pairs after a warm-up pair), except the last, in one process.",
        "",
        "| Goal | Measured | Result |",
        "|---|---|---|",
        f"| first paint with the archive ≤ 1.3 × without | **{paint_ratio:.2f}** | "
        f"{verdict(paint_ratio <= 1.3)} |",
        f"| `--print --history` of one plan ≤ 1.5 × `--print` of it | **{print_ratio:.2f}** | "
        f"{verdict(print_ratio <= 1.5)} |",
        f"| a goal's history opened in the app ≤ 50 ms | **{cold.median * 1000:.1f} ms** cold "
        f"({warm.median * 1000:.1f} ms warm) | {verdict(cold.median <= 0.050)} |",
        "",
        f"- first paint, `mrp-tui <archive>/plans` against `mrp-tui <no archive>/plans` "
        f"(80x24 pseudo-terminal, until `Arkivstyrelse` shows; as measure 2): archive "
        f"{p.text(scale=1000)}, no archive {pf.text(scale=1000)}; ratio {paint_text}",
        f"- `--print {PLAN}.toml --history` against `--print {PLAN}.toml` (text to a pipe, "
        f"as measure 1): {Summary.of(printed).text(scale=1000)} against "
        f"{Summary.of(printed_floor).text(scale=1000)}; ratio {print_text}",
        f"- a goal's history opened in the app (`python -m bench.history`: goal "
        f"{goal['goal']}, with delmål, of each of the {goal['plans']} plans in turn, under "
        "`run_test` at 80x24): reading and scoring what the history needs (the plan's other "
        "periods, last year's plan from `archive/` and its year figures) and filling the "
        f"goal screen's history panels, cold (first look at the plan): {cold.text(scale=1000)}; "
        f"warm (as after the plan screen, which reads it): {warm.text(scale=1000)}",
        f"- for context, the whole opening of the goal screen, call to composed frame: cold "
        f"{opened.text(scale=1000)}, warm {opened_warm.text(scale=1000)}"]
