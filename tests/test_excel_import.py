"""`mrp-tui --import`: a returned sheet becomes the period's reported figures, written as the
app writes them; whatever a spreadsheet program does to the cells is read; every bad input is
refused naming the cell, with nothing written (issue 14 §2)."""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from excel_helpers import PLAN_ID, fill, keys_and_rows, make_template, plans_only, run_import

from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.model import Period, Status

Capsys = pytest.CaptureFixture[str]


def reported(root: Path, period: str = "Q3") -> Path:
    return root / "figures" / PLAN_ID / f"{period}.toml"


def log_lines(root: Path) -> list[dict[str, object]]:
    path = root / "figures" / PLAN_ID / "changes.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return plans_only(tmp_path)


def test_round_trip_template_fill_import_figures(root: Path, capsys: Capsys) -> None:
    sheet = fill(make_template(root), {
        "1.a|1|actual": 120, "1.a|2|baseline": 412, "1.a|2|actual": 381,
        "1.c||met": 171, "1.c||total": 196, "1.c||forecast": 88.5,
        "1.2||values": "62; 71,5; 78", "1.3||average": 192,
        "1.4||done_on": dt.datetime(2024, 9, 24), "2.1||verdict": "opfyldt",
        "2.1||reason": "Modenhed opretholdt"}, comments={"1.c||met": "Flere sager end ventet"})
    assert run_import(root, sheet) == 0
    out = capsys.readouterr().out
    assert "1.c · Opfyldte sager: – → 171" in out and "1.a delmål 1 · Faktisk: – → 120" in out
    assert "Point: 0 → " in out and "Gemt:" in out
    plan = load_plan(root / "plans" / f"{PLAN_ID}.toml")
    figures = load_figures(reported(root), plan)
    assert figures.period is Period.Q3 and figures.as_of == dt.date(2024, 9, 30)
    assert figures.inputs("1.a", "1").actual == 120
    assert figures.inputs("1.a", "2").baseline == 412
    assert figures.inputs("1.c").met == 171 and figures.inputs("1.c").forecast == 88.5
    assert figures.inputs("1.2").values == (62, 71.5, 78)
    assert figures.inputs("1.3").average == 192
    assert figures.inputs("1.4").done_on == dt.date(2024, 9, 24)
    assert figures.inputs("2.1").verdict is Status.MET
    assert figures.for_goal("1.c").comment == "Flere sager end ventet"
    lines = log_lines(root)
    assert len(lines) == 12
    first = lines[0]
    assert (first["goal"], first["subgoal"], first["key"], first["old"], first["new"]) == \
        ("1.a", "1", "actual", None, 120)
    assert first["reason"] == "Import fra indberetning.xlsx" and first["period"] == "Q3"
    # The next template is prefilled with what was imported, and imports back to no change.
    again = make_template(root, name="igen.xlsx")
    ws = openpyxl.load_workbook(again)["Indberetning"]
    rows = keys_and_rows(ws)
    assert ws.cell(rows["1.c||met"], 6).value == 171
    assert ws.cell(rows["1.c||met"], 7).value == "Flere sager end ventet"
    assert run_import(root, again) == 0
    assert "Ingen ændringer" in capsys.readouterr().out
    assert len(log_lines(root)) == 12


def test_only_filled_cells_change_the_figures(root: Path, capsys: Capsys) -> None:
    run_import(root, fill(make_template(root), {"1.c||met": 100, "1.c||total": 200,
                                                "1.b||actual": 2}))
    capsys.readouterr()
    sheet = fill(make_template(root, name="b.xlsx"), {"1.c||met": 150, "1.b||actual": None},
                 about={"Opgjort pr.": dt.datetime(2024, 10, 4)})
    assert run_import(root, sheet) == 0
    out = capsys.readouterr().out
    assert "1.c · Opfyldte sager: 100 → 150" in out and "Opgjort pr.: 30/9/2024 → 4/10/2024" in out
    figures = load_figures(reported(root))
    assert figures.inputs("1.c").total == 200 and figures.inputs("1.b").actual == 2
    assert figures.as_of == dt.date(2024, 10, 4)
    assert [line["new"] for line in log_lines(root)][-1] == 150


def test_what_spreadsheet_programs_leave_in_cells(root: Path, capsys: Capsys) -> None:
    sheet = fill(make_template(root), {
        "1.c||met": 170.0, "1.c||total": " 1.250 ", "1.d||met": "12,5", "1.d||total": "1.250,5",
        "1.a|1|actual": "\u00a0120\u00a0", "1.4||done_on": "30-09-2024",
        "2.3||done_on": "30.09.2024", "2.2|1|done_on": "2024-06-27",
        "2.4|1|done_on": dt.datetime(2024, 3, 27), "2.1||verdict": "  Delvist   opfyldt ",
        "2.1||reason": "  mangler  \r\n", "1.e||met": 402, "1.e||total": 417})
    # A cell formatted as a percentage holds 0.885 for what was typed as 88,5 %.
    book = openpyxl.load_workbook(sheet)
    ws = book["Indberetning"]
    cell = ws.cell(keys_and_rows(ws)["1.e||forecast"], 6)
    cell.value, cell.number_format = 0.885, "0.0%"
    book.save(sheet)
    assert run_import(root, sheet, "--dry-run") == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Prøvekørsel (--dry-run): intet er gemt." in out
    assert not reported(root).exists()
    assert run_import(root, sheet) == 0
    f = load_figures(reported(root))
    assert f.inputs("1.c").met == 170 and isinstance(f.inputs("1.c").met, int)
    assert f.inputs("1.c").total == 1250
    assert (f.inputs("1.d").met, f.inputs("1.d").total) == (12.5, 1250.5)
    assert f.inputs("1.a", "1").actual == 120
    assert f.inputs("1.4").done_on == f.inputs("2.3").done_on == dt.date(2024, 9, 30)
    assert f.inputs("2.2", "1").done_on == dt.date(2024, 6, 27)
    assert f.inputs("2.4", "1").done_on == dt.date(2024, 3, 27)
    assert f.inputs("2.1").verdict is Status.PARTLY_MET and f.inputs("2.1").reason == "mangler"
    assert f.inputs("1.e").forecast == 88.5
    assert "met = 170\n" in reported(root).read_text(encoding="utf-8")


def test_average_replaces_case_durations_typed_before(root: Path) -> None:
    run_import(root, fill(make_template(root), {"1.2||values": "10; 20"}))
    assert run_import(root, fill(make_template(root, name="b.xlsx"),
                                 {"1.2||values": None, "1.2||average": 99})) == 0
    f = load_figures(reported(root))
    assert f.inputs("1.2").average == 99 and f.inputs("1.2").values is None


def refused(root: Path, sheet: Path, capsys: Capsys, *extra: str) -> str:
    assert run_import(root, sheet, *extra) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert not (root / "figures").exists()
    return err


@pytest.mark.parametrize(("value", "message"), [
    ("abc", "«abc» er ikke et tal"),
    (-4, "«-4» er negativt"),
    ("12.5.6", "«12.5.6» er ikke et tal"),
    (True, "er ikke et tal"),
    (dt.datetime(2024, 1, 1), "er en dato eller et klokkeslæt, ikke et tal"),
    (1e16, "er for stort"),
])
def test_a_bad_number_is_named_by_its_cell(root: Path, capsys: Capsys, value: object,
                                           message: str) -> None:
    template = make_template(root)
    row = keys_and_rows(openpyxl.load_workbook(template)["Indberetning"])["1.c||met"]
    err = refused(root, fill(template, {"1.c||met": value, "1.b||actual": 3}), capsys)
    assert err.strip().splitlines() == [f"{template}: Indberetning!F{row}: " + err.split(
        f"Indberetning!F{row}: ")[1].strip()]
    assert message in err


def test_every_problem_is_listed_once(root: Path, capsys: Capsys) -> None:
    template = make_template(root)
    rows = keys_and_rows(openpyxl.load_workbook(template)["Indberetning"])
    err = refused(root, fill(template, {
        "1.c||met": "abc", "1.4||done_on": "31-09-2024", "2.1||verdict": "næsten",
        "1.2||values": "10; x; 12", "1.a|2|baseline": 0, "1.d||met": 10, "1.d||total": 5,
        "1.3||average": 10, "1.3||values": "1; 2"}), capsys)
    lines = err.strip().splitlines()
    assert len(lines) == 7, lines
    want = {
        "1.c||met": "«abc» er ikke et tal",
        "1.4||done_on": "«31-09-2024» er ikke en gyldig dato",
        "2.1||verdict": "«næsten» er ikke en vurdering (skriv opfyldt, delvist opfyldt eller "
                        "ikke opfyldt)",
        "1.2||values": "«x» i «10; x; 12» er ikke et tal",
        "1.a|2|baseline": "udgangspunktet skal være over 0",
        "1.d||met": "mål 1.d (og F",
        "1.3||average": "skriv enten Gennemsnit eller Sagstider, ikke begge",
    }
    for key, text in want.items():
        assert any(f"Indberetning!F{rows[key]}: " in line and text in line for line in lines), \
            (key, lines)
    assert any("Opfyldte sager (10) er flere end Sager i alt (5)" in line for line in lines)


def test_keys_that_do_not_belong(root: Path, capsys: Capsys) -> None:
    template = make_template(root)
    book = openpyxl.load_workbook(template)
    ws = book["Indberetning"]
    rows = keys_and_rows(ws)
    ws.cell(rows["1.b||actual"], 8).value = "1.z||actual"
    ws.cell(rows["1.b||actual"], 6).value = 3
    ws.cell(rows["1.c||met"], 8).value = "1.d||met"  # the same key twice
    ws.cell(rows["1.c||met"], 6).value = 5
    ws.cell(rows["1.d||met"], 6).value = 6
    ws.cell(rows["1.e||met"], 8).value = None
    ws.cell(rows["1.e||met"], 6).value = 7
    book.save(template)
    err = refused(root, template, capsys)
    assert f"Indberetning!H{rows['1.b||actual']}: nøglen «1.z||actual» findes ikke" in err
    assert f"Indberetning!H{rows['1.d||met']}: nøglen «1.d||met» står også i " \
           f"H{rows['1.c||met']}" in err
    assert f"Indberetning!H{rows['1.e||met']}: rækken har en værdi, men ingen nøgle" in err


def test_two_comments_for_one_goal(root: Path, capsys: Capsys) -> None:
    template = make_template(root)
    rows = keys_and_rows(openpyxl.load_workbook(template)["Indberetning"])
    err = refused(root, fill(template, {}, comments={"1.a|1|actual": "a",
                                                     "1.a|2|actual": "b"}), capsys)
    assert f"Indberetning!G{rows['1.a|2|actual']}: mål 1.a har allerede en bemærkning i " \
           f"G{rows['1.a|1|actual']}" in err


def test_wrong_plan_or_period(root: Path, capsys: Capsys) -> None:
    sheet = fill(make_template(root), {"1.b||actual": 3})
    err = refused(root, sheet, capsys, "--plan", "siri-2024")
    assert "Om!B3: arket er til planen «hjemrejsestyrelsen-2024», ikke siri-2024" in err
    err = refused(root, sheet, capsys, "--period", "Q2")
    assert "Om!B7: arket er til perioden Q3, ikke Q2" in err
    fill(sheet, {}, about={"Plan-id": "ukendt-2024"})
    assert "planen «ukendt-2024» findes ikke" in refused(root, sheet, capsys)
    fill(sheet, {}, about={"Plan-id": PLAN_ID, "Periode": "Q5"})
    assert "Om!B7: «Q5» er ikke en periode" in refused(root, sheet, capsys)
    fill(sheet, {}, about={"Periode": "3. kvartal", "Opgjort pr.": "30-09-2023"})
    assert "Om!B8: opgørelsesdatoen 30/9/2023 ligger uden for planens år" in \
        refused(root, sheet, capsys)


def test_missing_sheet_or_header(root: Path, capsys: Capsys) -> None:
    template = make_template(root)
    book = openpyxl.load_workbook(template)
    book["Indberetning"].title = "Ark1"
    book.save(template)
    assert "arket «Indberetning» mangler (arkene er «Ark1», «Om»)" in \
        refused(root, template, capsys)
    template = make_template(root, name="b.xlsx")
    book = openpyxl.load_workbook(template)
    book["Indberetning"]["F1"] = "Tal"
    book.save(template)
    assert "Indberetning!1: række 1 mangler kolonnen «Værdi»" in refused(root, template, capsys)
    template = make_template(root, name="c.xlsx")
    book = openpyxl.load_workbook(template)
    del book["Om"]
    book.save(template)
    err = refused(root, template, capsys)
    assert "planen står ikke på arket «Om»; angiv --plan" in err and "angiv --period" in err


def test_formulas_count_by_their_stored_value_only(root: Path, capsys: Capsys) -> None:
    template = make_template(root)
    rows = keys_and_rows(openpyxl.load_workbook(template)["Indberetning"])
    fill(template, {"1.c||met": "=100+71"})  # openpyxl stores no value with a formula
    err = refused(root, template, capsys)
    assert f"Indberetning!F{rows['1.c||met']}: cellen er en formel uden en gemt værdi" in err
    # A formula with the value the spreadsheet stored counts by that value.
    with zipfile.ZipFile(template) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # openpyxl writes the empty value as <v /> or <v></v> (with lxml), or leaves it out.
    sheet = re.sub(r"<f>100\+71</f>(?:<v\s*/>|<v></v>)?", "<f>100+71</f><v>171</v>", sheet)
    assert "<v>171</v>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(template, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert run_import(root, template) == 0, capsys.readouterr().err
    assert load_figures(reported(root)).inputs("1.c").met == 171


def compound_file(names: list[str]) -> bytes:
    """A small OLE2 compound file whose directory names `names` (as an encrypted Office file's
    does: EncryptionInfo, EncryptedPackage), or an old .xls's (Workbook)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    directory = bytearray(512)
    for n, name in enumerate(["Root Entry", *names][:4]):
        encoded = (name + "\0").encode("utf-16-le")
        directory[n * 128: n * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, n * 128 + 64, len(encoded), 5 if n == 0 else 2)
    return bytes(header) + bytes(512) + bytes(directory)


def test_files_that_are_not_usable_workbooks(root: Path, tmp_path: Path, capsys: Capsys) -> None:
    cases = {
        "krypteret.xlsx": (compound_file(["EncryptionInfo", "EncryptedPackage"]),
                           "filen er krypteret (beskyttet med adgangskode)"),
        "gammel.xls": (compound_file(["Workbook"]), "er en gammel Excel-fil (.xls)"),
        "tekst.xlsx": ("Mål;Delmål\n".encode(), "er ikke en xlsx-fil"),
        "billede.png": (b"\x89PNG\r\n\x1a\n" + bytes(100), "er ikke en xlsx-fil"),
        "zip.xlsx": (b"PK\x03\x04" + bytes(40), "er ikke en xlsx-fil (en beskadiget zip-fil)"),
    }
    with zipfile.ZipFile(tmp_path / "anden.zip", "w") as z:
        z.writestr("word/document.xml", "<x/>")
    cases["anden.xlsx"] = ((tmp_path / "anden.zip").read_bytes(),
                           "er ikke en xlsx-fil (en zip-fil uden et regneark)")
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        err = refused(root, path, capsys)
        assert err.strip() == f"{path}: {message}" or message in err, (name, err)
    big = tmp_path / "stor.xlsx"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    assert "grænsen er 10 MiB" in refused(root, big, capsys)
    assert "kan ikke læses" in refused(root, tmp_path / "findes-ikke.xlsx", capsys)


def test_csv_with_the_same_headers(root: Path, capsys: Capsys) -> None:
    rows = [["Mål", "Delmål", "Krav", "Felt", "Enhed", "Værdi", "Bemærkning", "Nøgle"],
            ["1.c", "", "", "Opfyldte sager", "", "171", "Godt", "1.c||met"],
            ["1.c", "", "", "Sager i alt", "", "1.250", "", "1.c||total"],
            ["1.4", "", "", "", "", "24-09-2024", "", "1.4||done_on"],
            ["2.1", "", "", "", "", "ikke opfyldt", "", "2.1||verdict"]]
    text = "\r\n".join(";".join(r) for r in rows) + "\r\n"
    path = root / "tal.csv"
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    err = refused(root, path, capsys)
    assert "angiv --plan" in err and "angiv --period" in err
    assert run_import(root, path, "--plan", PLAN_ID, "--period", "Q3") == 0
    f = load_figures(reported(root))
    assert (f.inputs("1.c").met, f.inputs("1.c").total) == (171, 1250)
    assert f.inputs("2.1").verdict is Status.NOT_MET and f.for_goal("1.c").comment == "Godt"
    # Without the byte order mark too; a bad cell is named by row and column.
    path.write_text(text.replace("171", "mange"), encoding="utf-8")
    err = refused_again(root, path, capsys)
    assert f"{path}:2: F2: «mange» er ikke et tal" in err
    path.write_text(text.replace(";", ","), encoding="utf-8")
    assert "adskilt af semikolon" in refused_again(root, path, capsys)
    path.write_bytes("Mål;Værdi\n1.c;æ\n".encode("latin-1"))
    assert "er ikke UTF-8-tekst" in refused_again(root, path, capsys)


def refused_again(root: Path, path: Path, capsys: Capsys) -> str:
    before = reported(root).read_bytes()
    assert run_import(root, path, "--plan", PLAN_ID, "--period", "Q3") == 2
    assert reported(root).read_bytes() == before
    return capsys.readouterr().err


def test_a_file_changed_meanwhile_is_not_overwritten(root: Path, capsys: Capsys,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from mrp_tui.excel import commands

    real = commands.prepare_import

    def racing(*args: object, **kwargs: object) -> commands.Outcome:
        outcome = real(*args, **kwargs)  # type: ignore[arg-type]
        target = reported(root)
        target.parent.mkdir(parents=True)
        target.write_text('format = 1\nplan = "hjemrejsestyrelsen-2024"\nperiod = "Q3"\n'
                          "as_of = 2024-09-30\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(commands, "prepare_import", racing)
    assert run_import(root, fill(make_template(root), {"1.b||actual": 3})) == 2
    assert "gemt af en anden imens" in capsys.readouterr().err
    assert "actual" not in reported(root).read_text(encoding="utf-8")
