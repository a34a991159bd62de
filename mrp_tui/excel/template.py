"""The fill-in workbook for one plan and period (`mrp-tui --template`), written with openpyxl.

Sheet `Indberetning`: one row per input (excel/fields.py), headers exactly as issue 14 names
them; only `Værdi` (and `Bemærkning` on each goal's first row) can be edited: the rest is
locked by sheet protection without a password, which guards against slips, not people.
Sheet `Om`: which plan and period the workbook is for, the as-of date (editable), where the
figures came from (editable), and a short guide. See docs/excel.md.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mrp_tui.core.danish import PERIOD_DA
from mrp_tui.core.model import Figures, Period, Plan, Status
from mrp_tui.core.text import neutralise
from mrp_tui.excel.fields import HEADERS, VERDICT_WORDS, InputRow, Value, input_rows
from mrp_tui.output.xlsx import FONT, put_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SHEET, ABOUT = "Indberetning", "Om"
#: The labels in column A of `Om` that an import reads (the value is in column B).
ABOUT_PLAN, ABOUT_PERIOD, ABOUT_AS_OF, ABOUT_SOURCE = "Plan-id", "Periode", "Opgjort pr.", "Kilde"
DATE_FORMAT = "DD-MM-YYYY"
EDITABLE_FILL = "FFF2CC"  # light yellow: "fill me in"
HEADER_FILL = "D9E1F2"
GUIDE = (
    "Udfyld kolonnen Værdi (gul) på arket Indberetning med periodens tal. Kolonnen Bemærkning "
    "(gul på hvert måls første række) er målets forklaring på resultatet, fx hvorfor et krav "
    "ikke er opfyldt.",
    "Tal skrives som tal (fx 170 eller 12,5); datoer som datoer (fx 30-09-2024); en vurdering "
    "som opfyldt, delvist opfyldt eller ikke opfyldt. Sagstider skrives adskilt af semikolon "
    "(fx 62; 71; 78).",
    "Tal, der allerede er indberettet for perioden, står i forvejen i Værdi. En tom celle "
    "ændrer intet; ret en forkert værdi ved at skrive den rigtige.",
    "Ret ikke kolonnen Nøgle: den fortæller mrp-tui, hvilket krav værdien hører til. Rækkernes "
    "rækkefølge er ligegyldig, og rækker kan filtreres.",
    "Ret datoen ud for «Opgjort pr.», hvis tallene er opgjort pr. en anden dag, og skriv evt. "
    "hvor tallene kommer fra ud for «Kilde».",
    "Send filen tilbage som .xlsx. Den indlæses med: mrp-tui --import FIL.xlsx (prøv først "
    "med --dry-run, der viser ændringerne uden at gemme dem).",
)


def _value_cell(row: InputRow) -> Value:
    """The reported value as the cell holds it: numbers as numbers, dates as dates."""
    value = row.value
    if isinstance(value, Status):
        return VERDICT_WORDS.get(value, value.value)
    if isinstance(value, tuple):
        from mrp_tui.core.danish import number

        return "; ".join(number(v, 10) for v in value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", start_color=colour, end_color=colour)


def _widths(ws: Worksheet, widths: Iterable[float]) -> None:
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width


def _fit(texts: Iterable[str], low: int, high: int) -> float:
    longest = max((max(len(line) for line in t.split("\n")) for t in texts if t), default=0)
    return min(high, max(low, longest + 2))


def _ranges(rows: list[int]) -> str:
    """'F2:F5 F9' for rows 2, 3, 4, 5, 9 (one range string: adding cells one at a time to a
    validation is quadratic in openpyxl)."""
    parts: list[str] = []
    runs: list[list[int]] = []
    for n in rows:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    for run in runs:
        parts.append(f"F{run[0]}" if len(run) == 1 else f"F{run[0]}:F{run[-1]}")
    return " ".join(parts)


def _validations(ws: Worksheet, rows: list[InputRow]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rules: dict[str, dict[str, str]] = {
        "number": dict(type="decimal", operator="greaterThanOrEqual", formula1="0",
                       error="Skriv et tal, 0 eller derover (fx 170 eller 12,5)."),
        "baseline": dict(type="decimal", operator="greaterThan", formula1="0",
                         error="Skriv et tal over 0 (udgangspunktet)."),
        "forecast": dict(type="decimal", operator="between", formula1="-1000000000000000",
                         formula2="1000000000000000", error="Skriv et tal (fx 88,5)."),
        "date": dict(type="date", operator="greaterThan", formula1="1",
                     error="Skriv en dato (fx 30-09-2024)."),
        "verdict": dict(type="list", formula1='"' + ",".join(VERDICT_WORDS.values()) + '"',
                        error="Vælg opfyldt, delvist opfyldt eller ikke opfyldt."),
    }
    cells: dict[str, list[int]] = {kind: [] for kind in rules}
    for n, row in enumerate(rows, 2):
        kind = row.name if row.name in ("baseline", "forecast") else row.kind
        if kind in cells:
            cells[kind].append(n)
    for kind, options in rules.items():
        if cells[kind]:
            ws.add_data_validation(DataValidation(
                allow_blank=True, showErrorMessage=True, errorStyle="stop",
                errorTitle="Ugyldig værdi", sqref=_ranges(cells[kind]),
                **options))  # type: ignore[arg-type]


def _styles(book: Any) -> None:
    """The sheet's few looks as named styles: one assignment a cell (openpyxl is slow to set
    font, fill, alignment and protection one by one)."""
    from openpyxl.styles import Alignment, Font, NamedStyle, Protection

    editable, top = Protection(locked=False), Alignment(vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    yellow = _fill(EDITABLE_FILL)
    looks: dict[str, dict[str, Any]] = {
        "mrp-overskrift": dict(font=Font(name=FONT, bold=True), fill=_fill(HEADER_FILL)),
        "mrp-tekst": dict(alignment=top),
        "mrp-tekst-ombrudt": dict(alignment=wrap),
        "mrp-værdi": dict(alignment=top, fill=yellow, protection=editable),
        "mrp-værdi-dato": dict(alignment=top, fill=yellow, protection=editable,
                               number_format=DATE_FORMAT),
        "mrp-værdi-tekst": dict(alignment=wrap, fill=yellow, protection=editable,
                                number_format="@"),
        "mrp-bemærkning": dict(alignment=wrap, number_format="@"),
        "mrp-bemærkning-åben": dict(alignment=wrap, fill=yellow, protection=editable,
                                    number_format="@"),
    }
    for name, parts in looks.items():
        book.add_named_style(NamedStyle(name=name, **parts))


def _input_sheet(ws: Worksheet, rows: list[InputRow]) -> None:
    for col, title in enumerate(HEADERS, 1):
        cell: Any = ws.cell(1, col, title)
        cell.style = "mrp-overskrift"
    value_style = {"number": "mrp-værdi", "date": "mrp-værdi-dato"}
    for n, row in enumerate(rows, 2):
        values = (row.goal_id, row.subgoal_id or "", row.requirement, row.label, row.unit)
        for col, text in enumerate(values, 1):
            cell = ws.cell(n, col)
            put_text(cell, neutralise(text, one_line=True))
            cell.style = "mrp-tekst-ombrudt" if col in (3, 5) else "mrp-tekst"
        value: Any = ws.cell(n, 6)
        shown = _value_cell(row)
        if isinstance(shown, str):
            put_text(value, shown)
        else:
            value.value = shown
        value.style = value_style.get(row.kind, "mrp-værdi-tekst")
        comment = ws.cell(n, 7)
        comment.style = "mrp-bemærkning-åben" if row.first_of_goal else "mrp-bemærkning"
        if row.first_of_goal and row.comment is not None:
            put_text(comment, neutralise(row.comment))
        put_text(ws.cell(n, 8), neutralise(row.key, one_line=True))
    columns = [[r.goal_id for r in rows], [r.subgoal_id or "" for r in rows], [],
               [r.label for r in rows], [r.unit for r in rows],
               [str(_value_cell(r) or "") for r in rows], [], [r.key for r in rows]]
    widths = [_fit([HEADERS[i], *texts], 6, 40) for i, texts in enumerate(columns)]
    widths[2], widths[4] = 60, min(widths[4], 24)
    widths[5], widths[6] = max(widths[5], 16), 40
    _widths(ws, widths)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{len(rows) + 1}"
    _validations(ws, rows)
    _protect(ws)


def _protect(ws: Worksheet) -> None:
    """Locked cells stay locked; the user may still filter, sort by filter, resize."""
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _about_sheet(ws: Worksheet, plan: Plan, period: Period, as_of: dt.date | None,
                 source: str | None) -> None:
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    put_text(ws.cell(1, 1), f"Indberetning: {neutralise(plan.agency, one_line=True)} "
                            f"{plan.year}, {PERIOD_DA[period.value]}")
    ws.cell(1, 1).font = Font(name=FONT, bold=True, size=14)
    items: list[tuple[str, object, str]] = [
        (ABOUT_PLAN, plan.id, "planens id; ret det ikke"),
        ("Styrelse", neutralise(plan.agency, one_line=True), ""),
        ("Plan", neutralise(plan.title, one_line=True), ""),
        ("År", plan.year, ""),
        (ABOUT_PERIOD, period.value, PERIOD_DA[period.value]),
        (ABOUT_AS_OF, as_of, "datoen tallene er opgjort pr.; ret den, hvis det er en anden"),
        (ABOUT_SOURCE, neutralise(source) if source else None,
         "valgfri: hvor tallene kommer fra, fx «Indberetning 12-10-2024»"),
    ]
    for n, (label, value, note) in enumerate(items, 3):
        put_text(ws.cell(n, 1), label)
        ws.cell(n, 1).font = Font(name=FONT, bold=True)
        cell: Any = ws.cell(n, 2)
        if isinstance(value, str):
            put_text(cell, value)
        else:
            cell.value = value
        cell.alignment = Alignment(horizontal="left")
        if note:
            put_text(ws.cell(n, 3), note)
            ws.cell(n, 3).font = Font(name=FONT, italic=True, color="595959")
        if label in (ABOUT_AS_OF, ABOUT_SOURCE):
            cell.protection = Protection(locked=False)
            cell.fill = _fill(EDITABLE_FILL)
        if label == ABOUT_AS_OF:
            cell.number_format = DATE_FORMAT
            dv = DataValidation(type="date", operator="between", allow_blank=False,
                                formula1=f"DATE({plan.valid_from.year},{plan.valid_from.month},"
                                         f"{plan.valid_from.day})",
                                formula2=f"DATE({plan.valid_to.year},{plan.valid_to.month},"
                                         f"{plan.valid_to.day})",
                                showErrorMessage=True, errorTitle="Ugyldig dato",
                                error=f"Skriv en dato i {plan.year} (fx 30-09-{plan.year}).")
            ws.add_data_validation(dv)
            dv.add(cell.coordinate)
    start = len(items) + 4
    put_text(ws.cell(start, 1), "Vejledning")
    ws.cell(start, 1).font = Font(name=FONT, bold=True, size=12)
    for n, line in enumerate(GUIDE, start + 1):
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=3)
        put_text(ws.cell(n, 1), line)
        ws.cell(n, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[n].height = 15 * (len(line) // 95 + 1)
    _widths(ws, (14, 30, 62))
    _protect(ws)


def template_workbook(plan: Plan, period: Period, figures: Figures | None = None) -> bytes:
    """The fill-in workbook as .xlsx bytes; `figures` are the period's reported figures
    (their values are filled in), or None for an empty sheet."""
    from openpyxl import Workbook

    rows = input_rows(plan, period, figures)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _styles(wb)
    _input_sheet(ws, rows)
    as_of = figures.as_of if figures is not None and figures.as_of else period.end_date(plan.year)
    _about_sheet(wb.create_sheet(ABOUT), plan, period, as_of,
                 figures.source if figures is not None else None)
    wb.properties.creator = "mrp-tui"
    wb.properties.title = f"Indberetning {plan.id} {period.value}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
