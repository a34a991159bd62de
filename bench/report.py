"""BENCHMARKS.md: the report of a run of the measures, and the sections of the extra measures,
written around the hand-written notes below KEEP_MARKER."""

from __future__ import annotations

from pathlib import Path

from bench.kit import Result, verdict
from bench.measures import EXTRA_TITLES, TITLES

#: Above this line BENCHMARKS.md is generated; below it, hand-written notes are kept.
KEEP_MARKER = "<!-- Written by hand below this line; `python -m bench` keeps it. -->"


def report(results: list[Result], facts: dict[str, str], quick: bool, elapsed: float) -> str:
    out = ["# Benchmarks", ""]
    if quick:
        out += ["> **Quick run** (`python -m bench --quick`): a handful of repetitions to "
                "prove the benchmark works. These numbers are not for judging.", ""]
    out += [f"Written by `python -m bench{' --quick' if quick else ''}` "
            f"({elapsed:.0f} s). Each measure runs mrp-tui and its floor side by side in this "
            "one run, alternating run by run, on a shared machine whose load varies; read the "
            "ratios (the median of the run-by-run ratios, with their spread) rather than the "
            "absolute times.", "", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in facts.items()]
    out += ["", "## Summary", "",
            "| # | Measure | mrp-tui (median) | Floor (median) | Ratio | Goal | Result |",
            "|---|---|---|---|---|---|---|"]
    for n, r in enumerate(results, 1):
        out.append(f"| {n} | {TITLES[r.key]} | {r.subject} | {r.floor} | {r.ratio} | "
                   f"{r.goal} | {verdict(r.met)} |")
    out += ["", "Ratio: the median of the run-by-run ratios. Keystroke: the app's own work, "
            "its median less the bare Input's. Scale: per-plan cost at 1000 plans over that "
            "at 10 (the floor column shows it too), and the 1000 plans' time.", ""]
    for n, r in enumerate(results, 1):
        out += [f"## {n}. {TITLES[r.key]}", "", *r.details, ""]
    out += ["## Method", "",
            "- Every program runs with its bytecode cached (a private PYTHONPYCACHEPREFIX, "
            "warmed by one unrecorded pair), as after `pip install`, and with a private "
            "`XDG_STATE_HOME`, so no autosave of the user's is offered or written.",
            "- Wall times are `time.perf_counter`; spread is the interquartile range (IQR) "
            "and min–max over the recorded runs.",
            "- Re-run: `python -m bench` (everything, a few minutes), `python -m bench "
            "--quick` (seconds, numbers not for judging), or one measure alone with "
            "`--only`, e.g. `python -m bench --only keystroke --output /tmp/b.md`.", ""]
    return "\n".join(out)


def write_report(path: Path, text: str) -> None:
    """Write `text`, keeping whatever follows KEEP_MARKER in the existing file."""
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if KEEP_MARKER in old:
            kept = old.split(KEEP_MARKER, 1)[1]
    path.write_text(f"{text}\n{KEEP_MARKER}\n{kept.lstrip(chr(10))}", encoding="utf-8")


def write_section(path: Path, key: str, lines: list[str], facts: dict[str, str]) -> None:
    """Put one extra measure's section in `path` (below KEEP_MARKER), replacing its last."""
    begin, end = f"<!-- section {key} -->", f"<!-- /section {key} -->"
    when = f"{facts.get('Date', '')}, commit {facts.get('Commit', '?')}"
    block = "\n".join([begin, f"## {EXTRA_TITLES[key]}", "",
                        f"Written by `python -m bench --only {key}` ({when}; load average "
                        f"{facts.get('Load average at end', '?')} at the end).", "", *lines, end])
    old = path.read_text(encoding="utf-8") if path.exists() else f"{KEEP_MARKER}\n"
    if KEEP_MARKER not in old:
        old = f"{old.rstrip()}\n\n{KEEP_MARKER}\n"
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        new = head + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
