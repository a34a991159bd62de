"""The Excel measure (issue 14): `--template` and `--import` of a generated 200-goal plan, each
a fresh process timed from spawn to exit (what a user waits for), goal ≤ 1 s each; and
`--print` text, which must not load openpyxl (its time beside the bundled-plans floor).

Import: the Q3 template of the plan, every value cell filled (the year figures' values), is
imported into a folder with no Q3 figures yet, so every run writes the whole file and one
change-log line per input; the folder is reset between runs (not timed).

Run alone: ``python -m bench.excel [--runs N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import write_workspace
from bench.startup import IMPORT_FLOOR_CMD, PRINT_CMD, child_env
from bench.stats import ROOT, isolate

GOALS = 200


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=child_env(), check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def _filled_sheet(root: Path, template: Path) -> tuple[Path, int]:
    """The template with every value cell filled from the plan's year figures."""
    import openpyxl

    from mrp_tui.core.loader import load_figures, load_plan
    from mrp_tui.core.model import Period
    from mrp_tui.excel.fields import input_rows

    plan = load_plan(root / "plans" / "gen-0001.toml")
    figures = load_figures(root / "figures" / plan.id / "year.toml", plan)
    values = {}
    for row in input_rows(plan, Period.Q3, figures):
        value = row.value
        if value is None:
            continue
        if isinstance(value, tuple):
            value = "; ".join(str(v) for v in value)
        elif hasattr(value, "value") and not isinstance(value, str | int | float):
            value = {"met": "opfyldt", "partly_met": "delvist opfyldt",
                     "not_met": "ikke opfyldt"}[value.value]
        values[row.key] = value
    book = openpyxl.load_workbook(template)
    ws = book["Indberetning"]
    filled = 0
    for cells in ws.iter_rows(min_row=2):
        if cells[7].value in values:
            cells[5].value = values[cells[7].value]
            filled += 1
    out = root / "filled.xlsx"
    book.save(out)
    return out, filled


def run(runs: int, root: Path) -> dict[str, Any]:
    write_workspace(root, plans=1, goals=GOALS)
    python = sys.executable
    template_cmd = [python, "-m", "mrp_tui", "--template", "gen-0001", "--period", "Q3",
                    "--output", str(root / "template.xlsx"), str(root / "plans")]
    _timed(template_cmd, root)  # warm-up: bytecode, page cache
    sheet, filled = _filled_sheet(root, root / "template.xlsx")
    import_cmd = [python, "-m", "mrp_tui", "--import", str(sheet), str(root / "plans")]
    q3 = root / "figures" / "gen-0001"
    log = q3 / "changes.jsonl"

    def reset() -> None:
        (q3 / "Q3.toml").unlink(missing_ok=True)
        log.unlink(missing_ok=True)

    reset()
    _timed(import_cmd, root)
    lines = len(log.read_text(encoding="utf-8").splitlines())
    times: dict[str, list[float]] = {"template": [], "import": [], "print": [], "floor": []}
    for n in range(runs):
        order = ("template", "import", "print", "floor")
        for what in order if n % 2 == 0 else order[::-1]:
            reset()
            if what == "template":
                times[what].append(_timed(template_cmd, root))
            elif what == "import":
                times[what].append(_timed(import_cmd, root))
            else:
                times[what].append(_timed(list(PRINT_CMD if what == "print"
                                               else IMPORT_FLOOR_CMD), ROOT))
    size = (root / "template.xlsx").stat().st_size
    imported = subprocess.run([python, "-X", "importtime", *PRINT_CMD[1:]], cwd=ROOT,
                              capture_output=True, text=True, env=child_env(), check=True)
    openpyxl_modules = sum(1 for line in imported.stderr.splitlines()
                           if line.startswith("import time:") and "openpyxl" in line)
    shutil.rmtree(q3, ignore_errors=True)
    return {"goals": GOALS, "template_bytes": size, "cells_filled": filled, "log_lines": lines,
            "seconds": times, "print_openpyxl_modules": openpyxl_modules}


def section(data: dict[str, Any]) -> list[str]:
    """The measure's section of BENCHMARKS.md (Markdown lines), from `run`'s result."""
    from bench.stats import Summary

    seconds = {k: Summary.of(v) for k, v in data["seconds"].items()}
    met = {k: seconds[k].median <= 1.0 for k in ("template", "import")}
    verdict = {True: "met", False: "**missed**"}
    return [
        f"A generated plan of {data['goals']} goals (`bench/generate.py`: every measure, "
        "delmål, groups). Each command is a fresh process, timed from spawn to exit (what a "
        "user waits for), with its bytecode cached; the four commands alternate run by run.",
        "",
        f"- `mrp-tui --template gen-0001 --period Q3 --output template.xlsx` "
        f"({data['template_bytes'] / 1024:.0f} KiB): {seconds['template'].text(scale=1000)}; "
        f"goal ≤ 1 s: {verdict[met['template']]}",
        f"- `mrp-tui --import filled.xlsx` ({data['cells_filled']} value cells filled; each "
        f"run writes `figures/gen-0001/Q3.toml` anew and {data['log_lines']} lines of "
        f"`changes.jsonl`): {seconds['import'].text(scale=1000)}; goal ≤ 1 s: "
        f"{verdict[met['import']]}",
        f"- `mrp-tui --print plans/` (text, the five bundled plans), in the same runs: "
        f"{seconds['print'].text(scale=1000)}, against the bare imports of measure 1: "
        f"{seconds['floor'].text(scale=1000)}; openpyxl modules it imports: "
        f"{data['print_openpyxl_modules']} (the spreadsheet paths load it lazily)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.excel", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mrp-bench-excel-") as tmp:
        isolate(Path(tmp) / "isolated")
        result = run(args.runs, Path(tmp) / "work")
    if args.json:
        json.dump(result, sys.stdout)
    else:
        from bench.stats import Summary

        for what, values in result["seconds"].items():
            print(f"{what:>8}: {Summary.of(values).text(scale=1000)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
