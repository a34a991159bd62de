"""`mrp-tui --print --format xlsx`: the scorecard's blocks as a workbook, numbers as numbers
(issue 14 §3); and openpyxl loaded only on the spreadsheet paths."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import PLANS, ROOT

from mrp_tui.cli import main
from mrp_tui.core.danish import STATUS_SYMBOL

Capsys = pytest.CaptureFixture[str]
HEADERS = ["Mål", "Delmål", "Titel", "Point", "Status", "Opnået", "Prognose", "Prognose, point",
           "Krav", "Værdi", "Mangler", "Kravtekst", "Bemærkning"]


def workbook(tmp_path: Path, *args: str) -> Any:
    out = tmp_path / "card.xlsx"
    assert main(["--print", "--format", "xlsx", "--output", str(out), *args]) == 0
    return openpyxl.load_workbook(out)


def json_doc(*args: str) -> Any:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", "--format", "json",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def header_row(ws: Any) -> int:
    return next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == "Mål")


def table(ws: Any) -> list[dict[str, Any]]:
    top = header_row(ws)
    rows = []
    for row in ws.iter_rows(min_row=top + 1, max_col=len(HEADERS)):
        if row[2].value is None:  # the end of the table (a note under it has only column A)
            break
        rows.append({h: c for h, c in zip(HEADERS, row, strict=True)})
    return rows


def test_an_overview_and_a_sheet_per_plan_with_every_number(tmp_path: Path) -> None:
    book = workbook(tmp_path, "--period", "Q3")
    doc = json_doc("--period", "Q3")
    assert book.sheetnames == ["Overblik", *(p["id"] for p in doc["plans"])]
    for plan in doc["plans"]:
        ws = book[plan["id"]]
        assert [c.value for c in ws[header_row(ws)]] == HEADERS
        assert ws.freeze_panes == f"A{header_row(ws) + 1}"
        assert ws.auto_filter.ref.startswith(f"A{header_row(ws)}:M")
        rows = table(ws)
        expected = []
        for goal in plan["goals"]:
            expected.append((goal["id"], None, goal))
            expected += [(goal["id"], sub["id"], sub) for sub in goal["subgoals"]]
        assert len(rows) == len(expected)
        for row, (goal_id, sub_id, entry) in zip(rows, expected, strict=True):
            assert str(row["Mål"].value).rstrip("*") == goal_id
            assert row["Delmål"].value == sub_id
            for header, key in (("Point", "points"), ("Opnået", "earned"),
                                ("Prognose, point", "forecast_earned")):
                if key not in entry:  # a delmål's forecast points are not in the JSON
                    continue
                if entry["points"] is None:  # no weight stated: nothing to earn, shown "–"
                    assert row[header].value == "–"
                else:
                    assert row[header].value == pytest.approx(entry[key], rel=1e-12)
                    assert row[header].data_type == "n"
            value = entry.get("value")
            if value is not None and entry.get("measure") not in ("milestone", "assessed"):
                assert row["Værdi"].value == pytest.approx(value, rel=1e-12)
            if entry.get("measure") == "milestone" and entry.get("inputs", {}).get("done_on"):
                assert row["Værdi"].value == dt.datetime.fromisoformat(
                    entry["inputs"]["done_on"])
                assert row["Værdi"].number_format.endswith("DD-MM-YYYY")


def test_statuses_in_words_with_symbol_and_fill(tmp_path: Path) -> None:
    rows = table(workbook(tmp_path, "--period", "Q3")["hjemrejsestyrelsen-2024"])
    fills = {}
    for row in rows:
        status = row["Status"]
        word = status.value.split(" ", 1)[1]
        fills.setdefault(word, set()).add(status.fill.start_color.rgb)
        assert status.value[0] in STATUS_SYMBOL.values()
    assert set(fills) >= {"opfyldt", "ikke opfyldt", "ikke opgjort"}
    assert all(len(colours) == 1 for colours in fills.values())
    assert len({next(iter(c)) for c in fills.values()}) == len(fills)
    text = rows[1]["Kravtekst"]
    assert text.alignment.wrap_text and "Resultatkravet" in text.value
    assert rows[0]["Værdi"].number_format  # a goal with delmål: values on the delmål rows
    share = next(r for r in rows if r["Mål"].value == "1.c")
    assert share["Værdi"].number_format.endswith('" %"')


def test_the_banner_is_on_every_sheet(tmp_path: Path) -> None:
    book = workbook(tmp_path)
    for ws in book.worksheets:
        assert "EKSEMPELTAL" in ws["A2"].value, ws.title
        assert ws["A2"].fill.start_color.rgb.endswith("C00000")
    scenario = tmp_path / "hvis.toml"
    scenario.write_text('format = 1\nplan = "siri-2024"\nscenario = "Flere sager"\n'
                        'based_on = "Q3"\n[goal."2"]\nmet = 5200\ntotal = 5200\n',
                        encoding="utf-8")
    book = workbook(tmp_path, str(PLANS / "siri-2024.toml"), "--scenario", str(scenario))
    assert book.sheetnames == ["Overblik", "siri-2024"]
    for ws in book.worksheets:
        banners = [c.value for c in ws["A"][:4] if c.value and "SCENARIE" in c.value]
        assert banners == ["SCENARIE «Flere sager» – ikke indberettede tal"], ws.title


def test_one_goal_in_detail(tmp_path: Path) -> None:
    book = workbook(tmp_path, "--goal", "1.a", str(PLANS / "hjemrejsestyrelsen-2024.toml"))
    (ws,) = book.worksheets
    texts = [c.value for c in ws["A"] if c.value]
    assert any(str(t).startswith("Mål 1.a") for t in texts)
    assert "Kravtekst" in texts


def test_texts_from_files_stay_text(tmp_path: Path) -> None:
    shutil.copytree(PLANS, tmp_path / "plans")
    plan = tmp_path / "plans" / "siri-2024.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        'title = "Borgerservice (biometri)"', 'title = "=HYPERLINK(\\"http://x\\";\\"y\\")"'),
        encoding="utf-8")
    ws = workbook(tmp_path, str(plan))["siri-2024"]
    cell = next(r["Titel"] for r in table(ws) if r["Mål"].value == "4")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_openpyxl_only_on_the_spreadsheet_paths(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from mrp_tui.cli import main\n"
        "for fmt in ('text', 'json', 'csv', 'markdown', 'html'):\n"
        "    assert main(['--print', '--format', fmt]) == 0\n"
        "assert main(['--check']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl')\n"
        "assert not loaded, loaded\n"
        f"assert main(['--print', '--format', 'xlsx', '--output', {str(tmp_path / 'a.xlsx')!r}])"
        " == 0\n"
        "assert 'openpyxl' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
