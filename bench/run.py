"""`python -m bench`: run the measures and write BENCHMARKS.md.

Every measure compares mrp-tui with a floor, run side by side in the same run and alternating
run by run, so that a noisy, shared machine slows both alike. Reported: medians, spread (IQR
and min–max), and ratios both as the median of the run-by-run ratios and as the ratio of the
medians.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.kit import Counts, log, verdict
from bench.measures import EXTRA_MEASURES, EXTRA_RUNNERS, MEASURES, RUNNERS, TITLES
from bench.report import KEEP_MARKER, report, write_report, write_section
from bench.stats import ROOT, isolate, machine_facts

__all__ = ["KEEP_MARKER", "MEASURES", "TITLES", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="very few repetitions, only to prove that it works (CI)")
    parser.add_argument("--output", type=Path,
                        help="where to write the report (default: BENCHMARKS.md, or a "
                             "temporary file with --quick)")
    parser.add_argument("--only", default=",".join(MEASURES),
                        help=f"comma-separated measures to run (default: all: "
                             f"{','.join(MEASURES)})")
    args = parser.parse_args(argv)
    chosen = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = [m for m in chosen if m not in MEASURES and m not in EXTRA_MEASURES]
    if unknown:
        parser.error(f"unknown measure {', '.join(unknown)}; choose from "
                     f"{', '.join((*MEASURES, *EXTRA_MEASURES))}")
    output = args.output or (Path(tempfile.gettempdir()) / "mrp-bench-quick.md" if args.quick
                             else ROOT / "BENCHMARKS.md")
    counts = Counts.for_mode(args.quick)
    started = time.perf_counter()
    facts = machine_facts()
    with tempfile.TemporaryDirectory(prefix="mrp-bench-") as tmp:
        isolate(Path(tmp))
        results = [RUNNERS[m](counts) for m in MEASURES if m in chosen]
        extras = {m: EXTRA_RUNNERS[m](counts) for m in EXTRA_MEASURES if m in chosen}
    facts["Load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if results:
        write_report(output, report(results, facts, args.quick, time.perf_counter() - started))
    for key, lines in extras.items():
        write_section(output, key, lines, facts)
        log("\n".join(lines))
    for r in results:
        log(f"{TITLES[r.key]:12} {r.subject:>18} vs {r.floor:>18}  ratio {r.ratio:>9}  "
            f"goal {r.goal}: {verdict(r.met).strip('*')}")
    log(f"wrote {output}")
    return 0
