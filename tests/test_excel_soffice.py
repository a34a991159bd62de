"""The workbooks tried in a real spreadsheet program, LibreOffice Calc (headless): a filled-in
template saved by it imports to the same figures; the scorecard it reads holds the numbers of
`--format json` (issue 14 §4). Skipped only where soffice is missing outside CI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from excel_helpers import (
    PLAN_ID,
    fill,
    make_template,
    needs_soffice,
    plans_only,
    run_import,
    soffice_convert,
)

from mrp_tui.core.loader import load_figures
from mrp_tui.core.writer import figures_to_toml

pytestmark = needs_soffice

VALUES = {
    "1.a|1|actual": 120, "1.a|2|baseline": 412, "1.a|2|actual": "381",
    "1.c||met": 171.0, "1.c||total": "1.250", "1.c||forecast": "88,5",
    "1.2||values": "62; 71,5; 78", "1.3||average": 192,
    "1.4||done_on": dt.datetime(2024, 9, 24), "2.3||done_on": "30-09-2024",
    "2.1||verdict": "delvist opfyldt", "2.1||reason": "Næsten; se bilag",
}


def test_a_template_saved_by_libreoffice_imports_to_the_same_figures(tmp_path: Path) -> None:
    direct = plans_only(tmp_path / "direct")
    saved = plans_only(tmp_path / "saved")
    sheet = fill(make_template(direct), VALUES, comments={"1.c||met": "Flere sager"})
    assert run_import(direct, sheet) == 0
    converted_dir = tmp_path / "libreoffice"
    converted_dir.mkdir()
    converted = soffice_convert(sheet, "xlsx", converted_dir)
    assert converted.read_bytes() != sheet.read_bytes()  # really written anew by Calc
    assert run_import(saved, converted) == 0
    ours = load_figures(direct / "figures" / PLAN_ID / "Q3.toml")
    theirs = load_figures(saved / "figures" / PLAN_ID / "Q3.toml")
    assert figures_to_toml(theirs) == figures_to_toml(ours)
    assert theirs.inputs("1.c").total == 1250 and theirs.inputs("1.2").values == (62, 71.5, 78)
    assert theirs.for_goal("1.c").comment == "Flere sager"


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def test_the_scorecard_read_by_libreoffice_holds_the_json_numbers(tmp_path: Path) -> None:
    card = tmp_path / "card.xlsx"
    args = ["--print", "--period", "Q3", str(ROOT / "plans")]
    done = subprocess.run([sys.executable, "-m", "mrp_tui", *args, "--format", "xlsx",
                           "--output", str(card)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    doc = json.loads(subprocess.run([sys.executable, "-m", "mrp_tui", *args, "--format", "json"],
                                    capture_output=True, text=True, timeout=60,
                                    check=True).stdout)
    # Every sheet to its own CSV, cell values unformatted ("save cell contents as shown" off).
    soffice_convert(card, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
                          "false,false,-1", tmp_path)
    checked = 0
    for plan in doc["plans"]:
        with (tmp_path / f"card-{plan['id']}.csv").open(encoding="utf-8", newline="") as handle:
            lines = list(csv.reader(handle))
        top = next(n for n, line in enumerate(lines) if line[:2] == ["Mål", "Delmål"])
        header = lines[top]
        rows = {(r[0].rstrip("*"), r[1] or None): dict(zip(header, r, strict=True))
                for r in lines[top + 1:] if len(r) == len(header) and r[2]}
        for goal in plan["goals"]:
            entries = [(goal["id"], None, goal)] + [(goal["id"], s["id"], s)
                                                    for s in goal["subgoals"]]
            for goal_id, sub_id, entry in entries:
                row = rows[(goal_id, sub_id)]
                if entry["points"] is not None:
                    assert _number(row["Point"]) == pytest.approx(entry["points"], rel=1e-13)
                    assert _number(row["Opnået"]) == pytest.approx(entry["earned"], rel=1e-13)
                    checked += 2
                    if "forecast_earned" in entry:  # goals have it, delmål not in the JSON
                        assert _number(row["Prognose, point"]) == pytest.approx(
                            entry["forecast_earned"], rel=1e-13)
                        checked += 1
                value = entry.get("value")
                if value is not None and entry.get("measure") != "milestone":
                    assert _number(row["Værdi"]) == pytest.approx(value, rel=1e-13)
                    checked += 1
    assert checked > 150
    with (tmp_path / "card-Overblik.csv").open(encoding="utf-8", newline="") as handle:
        overview = list(csv.reader(handle))
    top = next(n for n, line in enumerate(overview) if line and line[0] == "Styrelse")
    for line, plan in zip(overview[top + 1:], doc["plans"], strict=False):
        assert _number(line[5]) == pytest.approx(plan["earned"], rel=1e-13)
        assert _number(line[6]) == pytest.approx(plan["forecast_earned"], rel=1e-13)
