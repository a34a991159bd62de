"""Reading a returned fill-in sheet (.xlsx, or .csv with the same headers) into raw cells.

Nothing here knows plans or figures: it finds the sheet `Indberetning` and its headers, reads
each row's cells with their spreadsheet address (`Indberetning!F12`), and the label/value
pairs of sheet `Om`. What is wrong with the file as a file (too large, encrypted, not a
workbook, a sheet or header missing, a formula with no stored value) is a Problem naming the
file and, where there is one, the cell. openpyxl is imported only here and only for .xlsx.
"""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from mrp_tui.core.errors import Problem
from mrp_tui.excel.cells import Raw, clean_text, is_blank, shown
from mrp_tui.excel.fields import HEADERS
from mrp_tui.excel.template import ABOUT, SHEET

MAX_BYTES = 10 * 1024 * 1024
#: An .xlsx is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED = 200 * 1024 * 1024
#: No plan has nearly this many inputs; a sheet with more rows is not a fill-in sheet.
MAX_ROWS = 100_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@frozen
class RawCell:
    #: The cell's address as a spreadsheet shows it: `Indberetning!F12`, or `F12` in a CSV.
    ref: str
    value: Raw
    #: Formatted as a percentage: the cell holds 0.872 for 87,2 %.
    percent: bool = False


@frozen
class RawRow:
    number: int
    cells: dict[str, RawCell]

    def __getitem__(self, header: str) -> RawCell:
        return self.cells[header]


@frozen
class RawBook:
    path: Path
    rows: tuple[RawRow, ...]
    #: Sheet `Om`: label in column A -> the cell in column B. None for a CSV.
    about: dict[str, RawCell] | None
    #: True for a CSV: problems are named by row ("line") and cell, not by sheet.
    csv: bool = False


class ReadFailed(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _refuse(path: Path, message: str, where: str | None = None) -> ReadFailed:
    return ReadFailed([Problem(path, message, where=where)])


def read_bytes(path: Path) -> bytes:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise _refuse(path, "er ikke en almindelig fil")
        if status.st_size > MAX_BYTES:
            raise _refuse(path, f"filen fylder {status.st_size:,} byte; grænsen er 10 MiB"
                          .replace(",", "."))
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise _refuse(path, f"kan ikke læses: {err.strerror or err}") from None
    if len(data) > MAX_BYTES:
        raise _refuse(path, "filen fylder over grænsen på 10 MiB")
    return data


def read_book(path: Path) -> RawBook:
    """The rows and the `Om` fields of a returned sheet; ReadFailed lists what is wrong."""
    data = read_bytes(path)
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise _refuse(path, "filen er krypteret (beskyttet med adgangskode); gem den uden "
                                "adgangskode som .xlsx og prøv igen")
        raise _refuse(path, "er en gammel Excel-fil (.xls) eller et andet Office-format, ikke "
                            "en xlsx-fil; gem den som .xlsx (Excel-projektmappe)")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path, data)
    raise _refuse(path, "er ikke en xlsx-fil (og ikke en .csv-fil)")


# --------------------------------------------------------------------------- xlsx


def _check_zip(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(path, "er ikke en xlsx-fil (en beskadiget zip-fil)") from None
    if "xl/workbook.xml" not in names:
        raise _refuse(path, "er ikke en xlsx-fil (en zip-fil uden et regneark)")
    if unpacked > MAX_UNPACKED:
        raise _refuse(path, "er ikke en brugbar xlsx-fil: den pakker ud til over 200 MiB")


def _open(path: Path, data: bytes, values: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=values)
    except Exception as err:  # noqa: BLE001  a damaged workbook can fail anywhere in openpyxl
        raise _refuse(path, f"kan ikke læses som xlsx-fil ({type(err).__name__})") from None


def _too_many(path: Path) -> ReadFailed:
    return _refuse(path, f"arket har over {MAX_ROWS:,} rækker; det er ikke et "
                         "indberetningsark".replace(",", "."))


def _sheet_rows(ws: Any, limit: int, path: Path) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(ws.iter_rows(max_col=limit), 1):
        if number > MAX_ROWS:
            raise _too_many(path)
        yield number, list(row)


def _headers(path: Path, first: Sequence[Any], where: str) -> dict[str, int]:
    """Header -> column number (1-based); every one of HEADERS must be there, once."""
    found: dict[str, int] = {}
    problems = []
    for column, value in enumerate(first, 1):
        if isinstance(value, str) and clean_text(value) in HEADERS:
            name = clean_text(value)
            if name in found:
                problems.append(Problem(path, f"kolonnen «{name}» står to gange i række 1 "
                                              f"({_letter(found[name])}1 og {_letter(column)}1)",
                                        where=where))
            found[name] = column
    missing = [h for h in HEADERS if h not in found]
    if missing:
        listed = ", ".join(f"«{h}»" for h in missing)
        noun = "kolonnen" if len(missing) == 1 else "kolonnerne"
        problems.append(Problem(path, f"række 1 mangler {noun} {listed} (overskrifterne skal "
                                      f"være: {', '.join(HEADERS)})", where=where))
    if problems:
        raise ReadFailed(problems)
    return found


def _read_xlsx(path: Path, data: bytes) -> RawBook:
    _check_zip(path, data)
    book = _open(path, data, values=False)
    try:
        if SHEET not in book.sheetnames:
            names = ", ".join(f"«{shown(n)[1:-1]}»" for n in book.sheetnames)
            raise _refuse(path, f"arket «{SHEET}» mangler (arkene er {names})")
        rows, formulas = _xlsx_rows(path, book[SHEET])
        about, about_formulas = (_xlsx_about(book[ABOUT], path) if ABOUT in book.sheetnames
                                 else (None, []))
    finally:
        book.close()
    if formulas or about_formulas:
        rows, about = _cached(path, data, rows, about, formulas + about_formulas)
    return RawBook(path, tuple(rows), about)


def _value(cell: Any) -> tuple[Raw, bool, bool]:
    """The cell's value, whether it is formatted as a percentage, whether it is a formula."""
    value = getattr(cell, "value", None)
    formula = getattr(cell, "data_type", None) == "f"
    percent = "%" in (getattr(cell, "number_format", None) or "")
    return value, percent, formula


def _xlsx_rows(path: Path, ws: Any) -> tuple[list[RawRow], list[str]]:
    rows: list[RawRow] = []
    formulas: list[str] = []
    header_row = next(ws.iter_rows(min_row=1, max_row=1, max_col=64, values_only=True), ())
    columns = _headers(path, header_row, f"{SHEET}!1")
    limit = max(columns.values())
    for number, cells in _sheet_rows(ws, limit, path):
        if number == 1:
            continue
        row: dict[str, RawCell] = {}
        for header, column in columns.items():
            cell = cells[column - 1] if column - 1 < len(cells) else None
            value, percent, formula = _value(cell)
            ref = f"{SHEET}!{_letter(column)}{number}"
            if formula:
                formulas.append(ref)
            row[header] = RawCell(ref, value, percent)
        if not all(is_blank(c.value) for c in row.values()):
            rows.append(RawRow(number, row))
    return rows, formulas


def _xlsx_about(ws: Any, path: Path) -> tuple[dict[str, RawCell], list[str]]:
    about: dict[str, RawCell] = {}
    formulas: list[str] = []
    for number, cells in _sheet_rows(ws, 2, path):
        label = getattr(cells[0], "value", None) if cells else None
        if not isinstance(label, str) or not clean_text(label) or clean_text(label) in about:
            continue
        value, percent, formula = _value(cells[1] if len(cells) > 1 else None)
        ref = f"{ABOUT}!B{number}"
        if formula:
            formulas.append(ref)
        about[clean_text(label)] = RawCell(ref, value, percent)
        if number > 200:  # the fields are at the top; the rest is the guide
            break
    return about, formulas


def _cached(path: Path, data: bytes, rows: list[RawRow], about: dict[str, RawCell] | None,
            formulas: list[str]) -> tuple[list[RawRow], dict[str, RawCell] | None]:
    """Formula cells replaced by the value the spreadsheet program stored with them; one
    stored without a value (written by a program that does not calculate) is a problem."""
    book = _open(path, data, values=True)
    try:
        stored = {}
        for ref in formulas:
            sheet, _, coordinate = ref.partition("!")
            stored[ref] = book[sheet][coordinate].value
    finally:
        book.close()
    missing = [ref for ref in formulas if stored[ref] is None]
    if missing:
        raise ReadFailed([Problem(path, "cellen er en formel uden en gemt værdi; åbn filen i et "
                                        "regneark og gem den, eller skriv værdien i stedet for "
                                        "formlen", where=ref) for ref in missing])

    def swap(cell: RawCell) -> RawCell:
        return RawCell(cell.ref, stored[cell.ref], cell.percent) if cell.ref in stored else cell

    rows = [RawRow(r.number, {h: swap(c) for h, c in r.cells.items()}) for r in rows]
    if about is not None:
        about = {label: swap(cell) for label, cell in about.items()}
    return rows, about


# --------------------------------------------------------------------------- csv


def _read_csv(path: Path, data: bytes) -> RawBook:
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ReadFailed([Problem(path, "er ikke UTF-8-tekst (gem som «CSV UTF-8»)",
                                  line)]) from None
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not records:
        raise _refuse(path, "filen er tom")
    first = records[0]
    if len(first) == 1 and ("," in first[0] or "\t" in first[0]):
        raise ReadFailed([Problem(path, "felterne skal være adskilt af semikolon (;), som "
                                        "dansk Excel gemmer CSV", 1)])
    columns = _headers(path, first, "1")
    if len(records) > MAX_ROWS:
        raise _too_many(path)
    rows = []
    for number, record in enumerate(records[1:], 2):
        row = {}
        for header, column in columns.items():
            value = record[column - 1] if column - 1 < len(record) else None
            row[header] = RawCell(f"{_letter(column)}{number}", value)
        if not all(is_blank(c.value) for c in row.values()):
            rows.append(RawRow(number, row))
    return RawBook(path, tuple(rows), None, csv=True)

