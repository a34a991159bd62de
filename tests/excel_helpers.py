"""Shared by the Excel tests: a workspace of plans without reported figures, the fill-in
workbook made by `mrp-tui --template`, and filling it in as an agency would (openpyxl)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import PLANS

from mrp_tui.cli import main

PLAN_ID = "hjemrejsestyrelsen-2024"
SOFFICE = shutil.which("soffice")
#: In CI the spreadsheet tests must run (.ci/run installs LibreOffice); elsewhere they may skip.
needs_soffice = pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                                   reason="LibreOffice (soffice) is not installed")


def plans_only(tmp_path: Path) -> Path:
    """A workspace with the bundled plans and no figures: reported ones go to figures/."""
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path


def make_template(root: Path, period: str = "Q3", plan: str = PLAN_ID,
                  name: str = "indberetning.xlsx") -> Path:
    out = root / name
    assert main(["--template", plan, "--period", period, "--output", str(out),
                 str(root / "plans")]) == 0
    return out


def keys_and_rows(ws: Any) -> dict[str, int]:
    """Nøgle -> row number."""
    return {row[7].value: row[7].row for row in ws.iter_rows(min_row=2) if row[7].value}


def fill(path: Path, values: Mapping[str, Any], comments: Mapping[str, str] | None = None,
         out: Path | None = None, about: Mapping[str, Any] | None = None) -> Path:
    """Type `values` into Værdi (and `comments` into Bemærkning) of the rows with those keys;
    `about`: label -> value on sheet Om."""
    book = openpyxl.load_workbook(path)
    ws = book["Indberetning"]
    rows = keys_and_rows(ws)
    for key, value in values.items():
        ws.cell(rows[key], 6).value = value
    for key, text in (comments or {}).items():
        ws.cell(rows[key], 7).value = text
    for label, value in (about or {}).items():
        for row in book["Om"].iter_rows(min_row=1, max_col=2):
            if row[0].value == label:
                row[1].value = value
    target = out or path
    book.save(target)
    return target


def run_import(root: Path, path: Path, *extra: str) -> int:
    return main(["--import", str(path), *extra, str(root / "plans")])


def soffice_convert(path: Path, to: str, outdir: Path) -> Path:
    """`soffice --headless --convert-to` as a user saving the file would, with a profile of
    its own (removed after). Returns the file made (the first, where a filter makes several:
    `name-Sheet.csv` per sheet)."""
    assert SOFFICE is not None, "soffice is required here (CI installs it)"
    with tempfile.TemporaryDirectory(prefix="mrp-lo-") as profile:
        done = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                               "--convert-to", to, "--outdir", str(outdir), str(path)],
                              capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    extension = to.split(":")[0]
    produced = sorted(outdir.glob(f"{path.stem}*.{extension}"))
    produced = [p for p in produced if p != path]
    assert produced, (done.stdout, done.stderr)
    return produced[0]
