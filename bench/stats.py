"""Summaries of timing samples, and the facts about the machine they were taken on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Summary:
    n: int
    median: float
    q1: float
    q3: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        if not samples:
            raise ValueError("no samples")
        data = sorted(samples)
        if len(data) >= 2:
            q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
        else:
            q1 = q3 = data[0]
        return cls(len(data), statistics.median(data), q1, q3, data[0], data[-1])

    def text(self, unit: str = "ms", scale: float = 1.0, digits: int = 1) -> str:
        """'412.3 ms (IQR 401.0–430.2, min–max 390.1–512.0, n=20)'."""
        def f(x: float) -> str:
            return f"{x * scale:.{digits}f}"
        return (f"{f(self.median)} {unit} (IQR {f(self.q1)}–{f(self.q3)}, "
                f"min–max {f(self.low)}–{f(self.high)}, n={self.n})")


def paired_ratios(subject: Sequence[float], floor: Sequence[float]) -> list[float]:
    """Run-by-run ratios of paired samples (run i of the subject against run i of the floor)."""
    return [s / f for s, f in zip(subject, floor, strict=True) if f > 0]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                             timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def machine_facts() -> dict[str, str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu_model(),
        "Cores": str(os.cpu_count()),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "textual": _version("textual"),
        "rich": _version("rich"),
        "attrs": _version("attrs"),
        "Commit": (commit + (" (with uncommitted changes)" if dirty else "")) or "unknown",
        "Load average at start": " ".join(f"{x:.2f}" for x in load),
    }


#: The environment `python -m bench` was started with, before `isolate` changed it.
ORIGINAL_ENV = dict(os.environ)


def isolate(root: Path) -> None:
    """Set up this process and its children for measuring: private state, cached bytecode.

    mrp-tui's autosave ($XDG_STATE_HOME) goes to `root`, so a benchmark neither reads nor
    leaves the user's autosaves (the app offers to restore them at start, which would change
    what is measured). Bytecode is cached under `root` (PYTHONPYCACHEPREFIX, and
    PYTHONDONTWRITEBYTECODE cleared) so every program runs as it does after `pip install`,
    which compiles it; without that, mrp-tui alone would be compiled from source on each run
    while its dependencies load from their installed bytecode.
    """
    isolate_state(root)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(root / "pycache")


def isolate_state(root: Path) -> None:
    """Point mrp-tui's autosave ($XDG_STATE_HOME) at `root` for this process and its children,
    so a benchmark neither reads nor leaves the user's autosaves (the app offers to restore
    them at start, which would change what is measured); and its parse cache
    ($XDG_CACHE_HOME), so a benchmark starts from an empty one (filled, like the bytecode, by
    the unrecorded first run of a measure)."""
    state = root / "state"
    state.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_STATE_HOME"] = str(state)
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    os.environ.pop("MRP_TUI_NO_CACHE", None)
