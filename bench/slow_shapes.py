"""Slow shapes: files within the 1 MiB limit that once took minutes to check (issue 10 §4).

Each shape is generated at about 1 MiB, and `mrp-tui --check FILE` is timed as a whole
process (interpreter start to exit), with the parse cache off, so that tomllib parses every
file as on first sight. The goal: each answers within 1 s, with a clear message, exit code 2.

- `unknown-keys`: one goal table with 60,000 unknown keys (the line of each was found by
  rescanning the table: quadratic).
- `missing-groups`: 2,000 goals each naming a group the plan lacks, among 20,000 groups
  (`difflib` compared each name with every group: 50 s).
- `dotted-keys`: a dotted key of 500,000 parts (tomllib itself is quadratic in the parts:
  31 s for 40,000); refused before tomllib sees it.
- `many-items`: 1 MiB of `aN=1` lines, about 100,000 statements of the cheapest kind
  tomllib has (about 3 µs each); refused by the pre-check's count of items.

Run: ``python -m bench --only shapes`` (writes its section of BENCHMARKS.md), or alone
``python -m bench.slow_shapes [--runs N] [--json] [--generate DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.stats import ROOT, Summary

TARGET_BYTES = 1000 * 1024  # a little under the limit of 1,048,576
HEAD = ('format = 1\n[plan]\nagency = "Langsomstyrelsen"\nministry = "Testministeriet"\n'
        'year = 2024\ntitle = "Mål- og resultatplan 2024"\nsource = "genereret"\n\n')
GOAL = '[[goal]]\nid = "{n}"\nsection = "faglig"\ntitle = "Mål {n}"\ntext = "x"\n'


def unknown_keys() -> str:
    lines = [HEAD, GOAL.format(n=1), 'measure = "at_least"\ntarget = 1\n']
    n = 0
    size = sum(map(len, lines))
    while size < TARGET_BYTES:
        line = f"ukendt_{n:05d} = 1\n"
        lines.append(line)
        size += len(line)
        n += 1
    return "".join(lines)


def missing_groups(goals: int = 2000) -> str:
    goal_part = "".join(GOAL.format(n=n) + f'group = "grupe-{n:05d}"\nmeasure = "at_least"\n'
                        for n in range(goals))
    groups: list[str] = []
    size = len(HEAD) + len(goal_part)
    n = 0
    while size < TARGET_BYTES:
        group = f'[[group]]\nid = "gruppe-{n:05d}"\n'
        groups.append(group)
        size += len(group)
        n += 1
    return HEAD + "".join(groups) + goal_part


def dotted_keys() -> str:
    parts = (TARGET_BYTES - len(HEAD)) // 2
    return HEAD + "a" + ".a" * parts + " = 1\n"


def many_items() -> str:
    lines = [HEAD]
    size, n = len(HEAD), 0
    while size < TARGET_BYTES:
        line = f"a{n}=1\n"
        lines.append(line)
        size += len(line)
        n += 1
    return "".join(lines)


SHAPES: dict[str, Callable[[], str]] = {
    "unknown-keys": unknown_keys,
    "missing-groups": missing_groups,
    "dotted-keys": dotted_keys,
    "many-items": many_items,
}


def write_shapes(folder: Path) -> dict[str, Path]:
    """Each shape as `<folder>/<shape>.toml` (a valid plan id as its name)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, make in SHAPES.items():
        path = folder / f"{name}.toml"
        path.write_text(make(), encoding="utf-8")
        paths[name] = path
    return paths


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_once(path: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall time and CPU time (user + system) of one `--check`, and what it said."""
    env = dict(os.environ, MRP_TUI_NO_CACHE="1")
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--check", str(path)], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu, done


def measure(runs: int) -> dict[str, dict[str, object]]:
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="mrp-slow-") as tmp:
        paths = write_shapes(Path(tmp))
        check_once(paths["unknown-keys"])  # warm the bytecode cache
        for name, path in paths.items():
            times, cpu, done = [], [], None
            for _ in range(runs):
                seconds, used, done = check_once(path)
                times.append(seconds)
                cpu.append(used)
            assert done is not None
            lines = done.stderr.splitlines()
            results[name] = {
                "bytes": path.stat().st_size, "seconds": times, "cpu": cpu,
                "exit": done.returncode,
                "lines": len(lines),
                "first": lines[0].replace(str(path), f"{name}.toml") if lines else "",
                "last": lines[-1] if lines else "",
                "more": next((x.split(": ", 1)[1] for x in lines if "problemer mere" in x), ""),
            }
    return results


def section(results: dict[str, dict[str, object]], runs: int) -> list[str]:
    """The lines of this measure's section of BENCHMARKS.md."""
    rows = ["| shape | size | wall time: median (min–max) | CPU time: median (min–max) | "
            "exit | lines on stderr | within 1 s: wall / CPU (medians) |",
            "|---|---:|---|---|---:|---:|---|"]
    for name, r in results.items():
        wall = Summary.of(r["seconds"])  # type: ignore[arg-type]
        cpu = Summary.of(r["cpu"])  # type: ignore[arg-type]
        rows.append(f"| `{name}` | {r['bytes']:,} B | {wall.median * 1000:.0f} ms "
                    f"({wall.low * 1000:.0f}–{wall.high * 1000:.0f}) | "
                    f"{cpu.median * 1000:.0f} ms ({cpu.low * 1000:.0f}–{cpu.high * 1000:.0f}) | "
                    f"{r['exit']} | {r['lines']} | "
                    f"{'yes' if wall.median <= 1.0 else '**no**'} / "
                    f"{'yes' if cpu.median <= 1.0 else '**no**'} |")
    messages = [f"- `{name}`: `{r['first']}`" + (f" … `{r['more']}`" if r["more"] else "")
                for name, r in results.items()]
    return [
        f"Each file about 1 MiB, generated by `bench/slow_shapes.py`; {runs} runs of the whole "
        "process `python -m mrp_tui --check FILE`, timed from spawn to exit, parse cache off "
        "(`MRP_TUI_NO_CACHE=1`), bytecode cached; CPU time is the child's user + system time. "
        "Before the fix: 60,000 unknown keys took minutes, 2,000 goals naming a missing group "
        "50 s, 40,000 dotted key parts 31 s (at 80 KB).", "",
        *rows, "",
        "Wall time is what a user waits; on a shared machine it grows with the load (two "
        "cores shared by several sessions), while CPU time is the work `--check` itself does.",
        "", "What each says first (and the count of what it did not list):", "",
        *messages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slow_shapes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--generate", type=Path, metavar="DIR",
                        help="only write the shapes into DIR")
    args = parser.parse_args(argv)
    if args.generate:
        for path in write_shapes(args.generate).values():
            print(path)
        return 0
    results = measure(args.runs)
    print(json.dumps(results, ensure_ascii=False, indent=2) if args.json
          else "\n".join(section(results, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
