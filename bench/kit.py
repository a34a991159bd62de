"""What every measure of `python -m bench` uses: the counts of a run, a measure's result, and
running the subject and its floor alternately and comparing them (see bench/run.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.stats import ROOT, Summary, paired_ratios


@dataclass
class Counts:
    print_pairs: int
    paint_pairs: int
    keys: int
    scale_rounds: int
    memory_pairs: int
    record_rounds: int = 20
    history_pairs: int = 2

    @classmethod
    def for_mode(cls, quick: bool) -> Counts:
        if quick:
            return cls(print_pairs=2, paint_pairs=2, keys=3, scale_rounds=1, memory_pairs=1,
                       record_rounds=2, history_pairs=2)
        return cls(print_pairs=20, paint_pairs=15, keys=50, scale_rounds=5, memory_pairs=7,
                   record_rounds=30, history_pairs=12)


@dataclass
class Result:
    """One measure's outcome: a summary row, and the Markdown section with the details."""

    key: str
    subject: str
    floor: str
    ratio: str
    goal: str
    met: bool | None
    details: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def alternate(pairs: int, subject: Callable[[], float], floor: Callable[[], float],
              warmup: int = 1) -> tuple[list[float], list[float]]:
    """`pairs` runs of each, alternating which goes first; `warmup` pairs are not kept."""
    subject_runs: list[float] = []
    floor_runs: list[float] = []
    for n in range(warmup + pairs):
        if n % 2 == 0:
            s, f = subject(), floor()
        else:
            f, s = floor(), subject()
        if n >= warmup:
            subject_runs.append(s)
            floor_runs.append(f)
    return subject_runs, floor_runs


def ratio_text(subject: Sequence[float], floor: Sequence[float]) -> tuple[str, float]:
    """'1.42 (paired: median 1.40, IQR 1.33–1.49); ratio of medians 1.42', and the median."""
    paired = Summary.of(paired_ratios(subject, floor))
    of_medians = Summary.of(subject).median / Summary.of(floor).median
    text = (f"**{paired.median:.2f}** (run-by-run ratios: IQR {paired.q1:.2f}–{paired.q3:.2f}, "
            f"min–max {paired.low:.2f}–{paired.high:.2f}); ratio of medians {of_medians:.2f}")
    return text, paired.median


def verdict(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "–"}[met]


def run_json(module: str, *args: str, timeout: float = 900) -> Any:
    done = subprocess.run([sys.executable, "-m", module, *args, "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"python -m {module} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)
