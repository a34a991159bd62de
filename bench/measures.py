"""The measures of `python -m bench`, by the names BENCHMARKS.md uses: the seven of every run
(`RUNNERS`), and those of one feature, run only when named (`EXTRA_RUNNERS`)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import startup
from bench.kit import Counts, Result, alternate, log, ratio_text, run_json, verdict
from bench.stats import ORIGINAL_ENV, ROOT, Summary

#: The measures, by the names BENCHMARKS.md uses (tests/test_bench.py looks for them).
MEASURES = ("print", "paint", "keystroke", "scale", "memory", "docx", "record")
TITLES = {
    "print": "Print",
    "paint": "First paint",
    "keystroke": "Keystroke",
    "scale": "Scale",
    "memory": "Memory",
    "docx": "Word chapter",
    "record": "Record",
}
#: Measures of one feature, run only when named (`--only excel`). Each has a section of its own
#: in BENCHMARKS.md, below KEEP_MARKER, replaced when the measure is run again; the rest of
#: the file is left as it was.
EXTRA_MEASURES = ("excel", "history", "shapes")
EXTRA_TITLES = {"excel": "Excel: template and import of a 200-goal plan (issue 14)",
                "history": "History: the year in view on an archive of 150 plans (issue 13)",
                "shapes": "Slow shapes: 1 MiB files that once took minutes (issue 10 §4)"}


# --------------------------------------------------------------------------- 1. print


def measure_print(counts: Counts) -> Result:
    log(f"1/5 print: {counts.print_pairs} alternating pairs")
    subject, floor = alternate(
        counts.print_pairs,
        lambda: startup.time_command(startup.PRINT_CMD, want_output=True),
        lambda: startup.time_command(startup.IMPORT_FLOOR_CMD))
    # The same command as this shell would run it: when PYTHONDONTWRITEBYTECODE is set
    # (as in this environment), mrp-tui's own modules are compiled from source every time.
    raw_env = startup.child_env(ORIGINAL_ENV)
    raw_pairs = max(2, counts.print_pairs // 4)
    raw, raw_floor = alternate(
        raw_pairs,
        lambda: startup.time_command(startup.PRINT_CMD, want_output=True, env=raw_env),
        lambda: startup.time_command(startup.IMPORT_FLOOR_CMD, env=raw_env))
    text, ratio = ratio_text(subject, floor)
    raw_text, _ = ratio_text(raw, raw_floor)
    s, f = Summary.of(subject), Summary.of(floor)
    dont_write = ORIGINAL_ENV.get("PYTHONDONTWRITEBYTECODE")
    return Result(
        "print", f"{s.median * 1000:.0f} ms", f"{f.median * 1000:.0f} ms", f"{ratio:.2f}",
        "≤ 1.5", ratio <= 1.5,
        [f"`{' '.join(startup.PRINT_CMD[1:])}` (the five plans, text, stdout to a pipe) "
         f"against `{' '.join(startup.IMPORT_FLOOR_CMD[1:])}`; wall time from spawn to exit, "
         "one fresh process per run, the two commands alternating.",
         "",
         f"- mrp-tui --print: {s.text(scale=1000)}",
         f"- floor (bare imports): {f.text(scale=1000)}",
         f"- ratio: {text}",
         f"- as started from this environment (PYTHONDONTWRITEBYTECODE={dont_write or 'unset'}"
         f", so mrp-tui is compiled from source on every run; {raw_pairs} pairs): "
         f"mrp-tui {Summary.of(raw).text(scale=1000)}, floor "
         f"{Summary.of(raw_floor).text(scale=1000)}; ratio {raw_text}"])


# --------------------------------------------------------------------------- 2. first paint


def measure_paint(counts: Counts) -> Result:
    log(f"2/5 first paint: {counts.paint_pairs} alternating pairs in a pseudo-terminal")
    rss: dict[str, list[int]] = {"mrp": [], "bare": []}

    def run(which: str, cmd: Sequence[str]) -> float:
        paint = startup.first_paint(cmd)
        rss[which].append(paint.max_rss_kib)
        return paint.seconds

    subject, floor = alternate(counts.paint_pairs, lambda: run("mrp", startup.TUI_CMD),
                               lambda: run("bare", startup.BARE_TUI_CMD))
    rss = {k: v[1:] for k, v in rss.items()}  # not the warm-up pair
    # The very first start, before the parse cache holds the plans.
    uncached_env = startup.child_env()
    uncached_env["MRP_TUI_NO_CACHE"] = "1"
    uncached_pairs = max(2, counts.paint_pairs // 3)
    uncached, uncached_floor = alternate(
        uncached_pairs,
        lambda: startup.first_paint(startup.TUI_CMD, env=uncached_env).seconds,
        lambda: startup.first_paint(startup.BARE_TUI_CMD).seconds)
    uncached_text, _ = ratio_text(uncached, uncached_floor)
    text, ratio = ratio_text(subject, floor)
    s, f = Summary.of(subject), Summary.of(floor)
    return Result(
        "paint", f"{s.median * 1000:.0f} ms", f"{f.median * 1000:.0f} ms", f"{ratio:.2f}",
        "≤ 1.25", ratio <= 1.25,
        [f"`{' '.join(startup.TUI_CMD[1:])}` (the five plans in `./plans/`) against "
         f"`{' '.join(startup.BARE_TUI_CMD[1:])}` (a Static, a DataTable with the same five "
         "rows as plain text, a Footer), each spawned in an 80x24 pseudo-terminal with "
         "TERM=xterm-256color; time from fork until `Hjemrejsestyrelsen` appears in the "
         "output stream; the app is then killed (SIGKILL). Alternating, one fresh process "
         "per run.",
         "",
         f"- mrp-tui: {s.text(scale=1000)}",
         f"- floor (bare Textual app): {f.text(scale=1000)}",
         f"- ratio: {text}",
         f"- the parse cache ($XDG_CACHE_HOME/mrp-tui) holds the plans' parsed TOML after the "
         f"warm-up pair, as on any start after the first; with it off (MRP_TUI_NO_CACHE=1, "
         f"{uncached_pairs} pairs): mrp-tui {Summary.of(uncached).text(scale=1000)}, floor "
         f"{Summary.of(uncached_floor).text(scale=1000)}; ratio {uncached_text}",
         f"- peak RSS when killed at first paint: mrp-tui "
         f"{Summary.of(rss['mrp']).text('MiB', 1 / 1024)}, bare "
         f"{Summary.of(rss['bare']).text('MiB', 1 / 1024)}"])


# --------------------------------------------------------------------------- 3. keystroke


def measure_keystroke(counts: Counts) -> Result:
    log(f"3/5 keystroke: {counts.keys} keystrokes into each app, alternating")
    data = run_json("bench.keystroke", "--keys", str(counts.keys))
    app, bare = data["app"], data["bare"]

    def series(who: list[dict[str, float]], what: str) -> list[float]:
        return [x[what] for x in who]

    lines = []
    diffs = {}
    for what, label in (("to_update", "key → new total in the top bar"),
                        ("to_paint", "key → frame with it composed"),
                        ("cpu", "CPU time, key → idle (all screens)")):
        a, b = Summary.of(series(app, what)), Summary.of(series(bare, what))
        diffs[what] = a.median - b.median
        paired = Summary.of([x - y for x, y in zip(series(app, what), series(bare, what),
                                                   strict=True)])
        lines += [f"- {label}:",
                  f"  - mrp-tui: {a.text(scale=1000)}",
                  f"  - bare Input: {b.text(scale=1000)}",
                  f"  - app's own work (difference of medians): **{diffs[what] * 1000:.1f} ms**"
                  f"; run-by-run differences: median {paired.median * 1000:.1f} ms, "
                  f"IQR {paired.q1 * 1000:.1f}–{paired.q3 * 1000:.1f}"]
    own = max(diffs["to_paint"], diffs["cpu"])
    a_paint = Summary.of(series(app, "to_paint"))
    b_paint = Summary.of(series(bare, "to_paint"))
    return Result(
        "keystroke", f"{a_paint.median * 1000:.1f} ms", f"{b_paint.median * 1000:.1f} ms",
        f"+{own * 1000:.1f} ms", "≤ 16 ms own work", own <= 0.016,
        [f"A generated plan of {data['goals']} goals (`bench/generate.py`), opened with "
         "`create_app(goal=...)` under Textual's `run_test` at 80x24 (the overview, the plan "
         "and the goal screen are on the stack, as after navigating there). Delmål 1's `Faktisk` "
         "field (at_least 10, reported 1) is mid-edit at `2`; the digit `0` typed after it "
         "makes 20, which meets the target and changes the plan total; a backspace (not "
         "timed) goes back to 2. The same keystroke goes "
         "into a bare `Input` whose app echoes the value in a Static. The two apps run side "
         "by side in one process and the keystrokes alternate between them. The key is posted "
         "as `Pilot.press` posts it; the moments are stamped by hooks on the top bar's "
         "`update` and the app's `_display`, not by the pilot's idle polling (20 ms steps).",
         f"App start-up with this plan: {data['startup_s']:.2f} s.",
         "",
         *lines,
         "",
         "Judged on the larger of the two own-work figures, wall time to the composed frame "
         "and CPU time (work done after the frame still delays the next key)."])


# --------------------------------------------------------------------------- 4. scale


def measure_scale(counts: Counts) -> Result:
    log(f"4/5 scale: {counts.scale_rounds} rounds of N = 10, 100, 1000 plans")
    data = run_json("bench.scale", "--rounds", str(counts.scale_rounds))
    seconds = {int(n): v for n, v in data["seconds"].items()}
    floor = {int(n): v for n, v in data["floor_seconds"].items()}
    small, large = min(seconds), max(seconds)
    per_plan = {n: Summary.of([t / n for t in v]) for n, v in seconds.items()}
    growth = per_plan[large].median / per_plan[small].median
    total_large = Summary.of(seconds[large]).median
    met = growth <= 1.2 and total_large <= 1.0
    rows = ["| N | load + score, total | per plan | parse floor per plan (tomllib only) |",
            "|---:|---|---|---|"]
    for n in sorted(seconds):
        rows.append(f"| {n} | {Summary.of(seconds[n]).text('s', digits=3)} | "
                    f"{per_plan[n].text('ms', 1000, 2)} | "
                    f"{Summary.of([t / n for t in floor[n]]).text('ms', 1000, 2)} |")
    parts = data["parts"][str(large)]
    split = ", ".join(f"{k} {v / large * 1000:.2f} ms" for k, v in parts.items())
    floor_large = Summary.of(floor[large]).median
    floor_growth = (Summary.of([t / large for t in floor[large]]).median
                    / Summary.of([t / small for t in floor[small]]).median)
    return Result(
        "scale", f"{total_large:.2f} s ({large} plans)",
        f"{floor_large:.2f} s (tomllib only)", f"{growth:.2f} (per plan, {large} vs {small})",
        f"≤ 1.2 per plan; {large} plans ≤ 1 s", met,
        [f"N generated plans of {data['goals']} goals each (all eight measures, delmål, "
         "groups; about 14 KB of TOML a plan, like the bundled ones) and their year "
         "figures, written to a temporary folder; `load_plan`, `load_figures(path, plan)` and "
         "`score_plan` in one process, every result kept, with the parse cache off (every "
         "file parsed, as when first seen). Sizes alternate round by round; N = 10 is timed "
         "ten times a round. The floor is `tomllib.loads` of the same two files a plan, no "
         "validation.",
         "",
         *rows,
         "",
         f"- per-plan cost at {large} / at {small}: **{growth:.2f}** (goal ≤ 1.2): "
         f"{verdict(growth <= 1.2)}; the floor's: {floor_growth:.2f}",
         f"- {large} plans: **{total_large:.2f} s** (goal ≤ 1 s): {verdict(total_large <= 1)}",
         f"- {large} plans again, their parsed TOML now in the parse cache (as on the next "
         f"start): {Summary.of(data['warm_seconds']).text('s', digits=3)}",
         f"- where the time goes at N={large} (per plan, last round): {split}"])


# --------------------------------------------------------------------------- 5. memory


def _probe(which: str) -> float:
    done = subprocess.run([sys.executable, "-m", "bench.memory", which], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"bench.memory {which} failed:\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout)
    if not data["ok"]:
        raise RuntimeError(f"bench.memory {which}: no table on screen")
    return float(data["max_rss_kib"])


def measure_memory(counts: Counts) -> Result:
    log(f"5/5 memory: {counts.memory_pairs} alternating pairs")
    subject, floor = alternate(counts.memory_pairs, lambda: _probe("mrp"),
                               lambda: _probe("bare"), warmup=0)
    text, ratio = ratio_text(subject, floor)
    s, f = Summary.of(subject), Summary.of(floor)
    return Result(
        "memory", f"{s.median / 1024:.1f} MiB", f"{f.median / 1024:.1f} MiB", f"{ratio:.2f}",
        "≤ 1.2", ratio <= 1.2,
        ["Peak resident set size (`ru_maxrss`) of a fresh process that runs the app "
         "headless under `run_test` at 80x24 until idle: mrp-tui on the five bundled plans "
         "(`create_app(['plans'])`) against the bare app of measure 2. Alternating.",
         "",
         f"- mrp-tui: {s.text('MiB', 1 / 1024)}",
         f"- floor (bare Textual app): {f.text('MiB', 1 / 1024)}",
         f"- ratio: {text}"])


# --------------------------------------------------------------------------- 6. Word chapter


def measure_docx(counts: Counts) -> Result:
    log(f"docx: {counts.print_pairs} alternating pairs")
    out = Path(tempfile.mkdtemp(prefix="mrp-docx-")) / "chapter.docx"
    command = (*startup.PRINT_CMD, "--format", "docx", "--output", str(out))
    floor_cmd = (sys.executable, "-c", "import docx, attrs, tomllib")
    subject, floor = alternate(counts.print_pairs, lambda: startup.time_command(command),
                               lambda: startup.time_command(floor_cmd))
    s, f = Summary.of(subject), Summary.of(floor)
    text, ratio = ratio_text(subject, floor)
    return Result(
        "docx", f"{s.median * 1000:.0f} ms", f"{f.median * 1000:.0f} ms", f"{ratio:.2f}",
        "≤ 1 s", s.median <= 1.0,
        [f"`{' '.join(command[1:-2])} --output FILE`: the årsrapport's chapter (1. del, 2. del, "
         f"judgements) for the five plans and their year figures, {out.stat().st_size // 1024} "
         "KiB of .docx; wall time from spawn to exit, one fresh process per run, against "
         f"`{' '.join(floor_cmd[1:])}` (python-docx and lxml loading alone). Alternating.",
         "",
         f"- mrp-tui --format docx: {s.text(scale=1000)}",
         f"- floor (bare imports): {f.text(scale=1000)}",
         f"- ratio: {text}",
         f"- goal, the median within 1 s: {verdict(s.median <= 1.0)}; runs over 1 s: "
         f"{sum(t > 1.0 for t in subject)} of {len(subject)} (on a shared machine a run "
         "is at the mercy of its neighbours: compare with the floor's spread)"])


# --------------------------------------------------------------------------- 7. record


def measure_record(counts: Counts) -> Result:
    log(f"record: {counts.record_rounds} rounds of saving and of loading the log")
    data = run_json("bench.record", "--rounds", str(counts.record_rounds))
    first, ten, floor = (Summary.of(data[k]) for k in ("first", "ten", "floor"))
    goal_log, whole, log_floor = (Summary.of(data[k]) for k in
                                  ("goal_log", "whole_log", "log_floor"))
    save = max(first.median, ten.median)
    met = save <= 0.050 and goal_log.median <= 0.100
    ratio, paired = ratio_text(data["first"], data["floor"])
    return Result(
        "record", f"save {save * 1000:.1f} ms; log {goal_log.median * 1000:.1f} ms",
        f"{floor.median * 1000:.1f} ms; {log_floor.median * 1000:.1f} ms",
        f"{paired:.1f} (first save / floor)", "save ≤ 50 ms; log ≤ 100 ms", met,
        [f"`python -m bench.record`: a generated plan of {data['goals']} goals "
         "(`bench/generate.py`) and its figures, saved as reported figures with "
         "`record.save_reported` (validated through the loader, diffed, written atomically "
         "with fsync, the change log appended and fsynced, under the folder lock), in one "
         "process, one round after another. The floor: `figures_to_toml` of the same figures "
         "written and fsynced to a file in the same folder. The log: "
         f"{data['log_lines']:,} lines ({data['log_bytes'] / 2**20:.1f} MiB) over all goals "
         "and periods, read by `changelog.read_log` for one goal (goal \"17\", whose id is "
         "inside others' ids and in dates too, so most lines are decoded), as the goal "
         "screen does; the floor is `json.loads` of every line.",
         "",
         f"- first save of the period ({data['lines_first']} inputs, each a log line): "
         f"{first.text(scale=1000)}",
         f"- save of {data['changed']} changed inputs over the file: {ten.text(scale=1000)}",
         f"- floor (dump, write, fsync): {floor.text(scale=1000)}; first save / floor: "
         f"{ratio}",
         f"- **save: {save * 1000:.1f} ms** (the slower of the two medians; goal ≤ 50 ms): "
         f"{verdict(save <= 0.050)}",
         f"- log of one goal ({data['goal_entries']} entries): {goal_log.text(scale=1000)}; "
         f"**{goal_log.median * 1000:.1f} ms** (goal ≤ 100 ms): "
         f"{verdict(goal_log.median <= 0.100)}",
         f"- the whole log (as `--check` reads it): {whole.text(scale=1000)}",
         f"- floor (`json.loads` per line): {log_floor.text(scale=1000)}"])


RUNNERS: dict[str, Callable[[Counts], Result]] = {
    "print": measure_print,
    "paint": measure_paint,
    "keystroke": measure_keystroke,
    "scale": measure_scale,
    "memory": measure_memory,
    "docx": measure_docx,
    "record": measure_record,
}


def measure_excel(counts: Counts) -> list[str]:
    from bench import excel

    runs = max(2, counts.print_pairs // 2)
    log(f"excel: {runs} runs each of --template, --import, --print and its floor")
    return excel.section(run_json("bench.excel", "--runs", str(runs)))


def measure_history(counts: Counts) -> list[str]:
    from bench.history_measure import measure_history as run

    return run(counts.history_pairs)


def measure_shapes(counts: Counts) -> list[str]:
    from bench import slow_shapes

    runs = max(1, counts.print_pairs // 2)
    log(f"shapes: {runs} runs of --check on each slow shape")
    return slow_shapes.section(slow_shapes.measure(runs), runs)


EXTRA_RUNNERS: dict[str, Callable[[Counts], list[str]]] = {"excel": measure_excel,
                                                           "history": measure_history,
                                                           "shapes": measure_shapes}
