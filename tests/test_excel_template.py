"""`mrp-tui --template`: the fill-in workbook's sheets, rows, keys, values, validation and
protection (issue 14 §1)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import FIGURES
from excel_helpers import PLAN_ID, keys_and_rows, make_template, plans_only

from mrp_tui.cli import main
from mrp_tui.core.loader import load_plan
from mrp_tui.core.model import Period
from mrp_tui.excel.fields import HEADERS, input_rows


def test_headers_rows_and_keys(tmp_path: Path) -> None:
    root = plans_only(tmp_path)
    book = openpyxl.load_workbook(make_template(root))
    assert book.sheetnames == ["Indberetning", "Om"]
    ws = book["Indberetning"]
    assert [c.value for c in ws[1]] == list(HEADERS)
    rows = keys_and_rows(ws)
    plan = load_plan(root / "plans" / f"{PLAN_ID}.toml")
    assert list(rows) == [r.key for r in input_rows(plan, Period.Q3)]
    # Keys as the issue spells them, with the Danish field names beside them.
    for key, field in (("1.a|1|actual", "Faktisk"), ("1.a|2|baseline", "Udgangspunkt"),
                       ("1.c||met", "Opfyldte sager"), ("1.c||total", "Sager i alt"),
                       ("1.3||average", "Gennemsnit"), ("1.2||values", "Sagstider"),
                       ("1.4||done_on", "Dato for opfyldelse"), ("2.1||verdict", "Vurdering"),
                       ("2.1||reason", "Begrundelse"), ("1.c||forecast", "Prognose")):
        row = rows[key]
        assert ws.cell(row, 4).value == field, key
        goal, sub, _ = key.split("|")
        assert ws.cell(row, 1).value == goal and (ws.cell(row, 2).value or "") == sub
    assert "mindst 150 udsendte" in ws.cell(rows["1.a|1|actual"], 3).value
    assert ws.cell(rows["1.c||met"], 5).value == "sager"
    # No forecast for a milestone or a judgement; none at all for the year.
    assert "1.4||forecast" not in rows and "2.1||forecast" not in rows
    year = openpyxl.load_workbook(make_template(root, "year", name="year.xlsx"))
    assert not any(k.endswith("|forecast") for k in keys_and_rows(year["Indberetning"]))


def test_empty_without_reported_figures_and_prefilled_with_them(tmp_path: Path) -> None:
    root = plans_only(tmp_path)
    ws = openpyxl.load_workbook(make_template(root))["Indberetning"]
    assert all(ws.cell(r, 6).value is None for r in range(2, ws.max_row + 1))
    # The example figures are not reported ones; copied to figures/ they are (and prefilled).
    shutil.copytree(FIGURES / PLAN_ID, root / "figures" / PLAN_ID)
    book = openpyxl.load_workbook(make_template(root, name="again.xlsx"))
    ws = book["Indberetning"]
    rows = keys_and_rows(ws)
    value = {k: ws.cell(r, 6).value for k, r in rows.items()}
    assert value["1.a|1|actual"] == 118 and value["1.c||met"] == 171
    assert value["1.4||done_on"] == dt.datetime(2024, 9, 24)
    assert value["2.1||verdict"] == "opfyldt"
    assert value["1.2||values"].startswith("62; 71; 78")
    assert value["1.3||forecast"] == 178 and value["1.c||forecast"] is None
    about = {r[0].value: r[1].value for r in book["Om"].iter_rows(max_col=2) if r[0].value}
    assert about["Plan-id"] == PLAN_ID and about["Periode"] == "Q3" and about["År"] == 2024
    assert about["Styrelse"] == "Hjemrejsestyrelsen"
    assert about["Opgjort pr."] == dt.datetime(2024, 9, 30)


def test_only_values_and_first_comments_are_editable(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(make_template(plans_only(tmp_path)))
    ws = book["Indberetning"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws.freeze_panes == "A2"
    rows = keys_and_rows(ws)
    for row in range(2, ws.max_row + 1):
        for column in (1, 2, 3, 4, 5, 8):
            assert ws.cell(row, column).protection.locked
        assert not ws.cell(row, 6).protection.locked
    # The goal's comment: on its first row only.
    assert not ws.cell(rows["1.a|1|actual"], 7).protection.locked
    assert ws.cell(rows["1.a|2|baseline"], 7).protection.locked
    assert not ws.cell(rows["1.b||actual"], 7).protection.locked
    about = book["Om"]
    assert about.protection.sheet
    editable = {r[0].value for r in about.iter_rows(max_col=2) if r[0].value
                and not r[1].protection.locked}
    assert editable == {"Opgjort pr.", "Kilde"}
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGH"]
    assert all(w and 5 < w <= 60 for w in widths), widths


def test_validation_on_the_value_cells(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(make_template(plans_only(tmp_path)))["Indberetning"]
    rows = keys_and_rows(ws)
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for (cell_row,) in [(r,) for r in range(rng.min_row, rng.max_row + 1)]:
                rules[cell_row] = dv
    met = rules[rows["1.c||met"]]
    assert met.type == "decimal" and met.operator == "greaterThanOrEqual" and met.formula1 == "0"
    assert rules[rows["1.a|2|baseline"]].operator == "greaterThan"
    assert rules[rows["1.4||done_on"]].type == "date"
    verdict = rules[rows["2.1||verdict"]]
    assert verdict.type == "list"
    assert verdict.formula1 == '"opfyldt,delvist opfyldt,ikke opfyldt"'
    assert rows["2.1||reason"] not in rules  # free text


def test_plan_texts_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    root = plans_only(tmp_path)
    plan = root / "plans" / f"{PLAN_ID}.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace('title = "Hjemrejseprojekter"',
                                 'title = "=HYPERLINK(\\"http://x\\")"', 1), encoding="utf-8")
    ws = openpyxl.load_workbook(make_template(root))["Indberetning"]
    cell = ws.cell(keys_and_rows(ws)["1.b||actual"], 3)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_template_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = plans_only(tmp_path)
    out = str(root / "x.xlsx")
    assert main(["--template", PLAN_ID, "--output", out, str(root / "plans")]) == 2
    assert "--template kræver --period" in capsys.readouterr().err
    assert main(["--template", "ingen-plan", "--period", "Q3", "--output", out,
                 str(root / "plans")]) == 2
    err = capsys.readouterr().err
    assert "planen «ingen-plan» findes ikke" in err and PLAN_ID in err
    assert not Path(out).exists()
    # A plan file works as well as an id.
    assert main(["--template", str(root / "plans" / "siri-2024.toml"), "--period", "Q1",
                 "--output", out]) == 0
    ws = openpyxl.load_workbook(out)["Om"]
    assert ws["B3"].value == "siri-2024"


def test_binary_is_not_written_to_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["--template", PLAN_ID, "--period", "Q3"]) == 2
    assert "angiv --output" in capsys.readouterr().err
    assert main(["--print", "--format", "xlsx"]) == 2
    assert "skrives ikke til en terminal" in capsys.readouterr().err
