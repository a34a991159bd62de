"""Reading one cell's value as the input it stands for, however a spreadsheet program left it.

A cell may hold a number (`170.0`: spreadsheets keep every number as a float), a number typed
as text in the Danish way (`12,5`, `1.250`, `1.250,5`), a date cell or a date typed as text
(`30-09-2024`, `30.09.2024`, `30/9/2024`, `2024-09-30`), a verdict in Danish words, and stray
spaces around any of them. What cannot be read raises `CellError` with a Danish message
that quotes the cell («abc» er ikke et tal). Whether a readable value is *allowed* (at least 0,
met not above total, ...) is the loader's rule, applied afterwards (`excel/importer.py`).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from mrp_tui.core.danish import STATUS_SYMBOL
from mrp_tui.core.danish import date as danish_date
from mrp_tui.core.danish import number as danish_number
from mrp_tui.core.model import Status
from mrp_tui.core.text import neutralise
from mrp_tui.excel.fields import VERDICT_WORDS, Kind, Value

Raw = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None

#: Spaces a spreadsheet or a copy from a web page may leave in a cell.
_SPACES = "\u00a0\u2007\u202f\u2009"
_DANISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_SPACE_THOUSANDS = re.compile(r"^[+-]?\d{1,3}( \d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
_DECIMAL_POINT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_VERDICTS = {
    **{word: status for status, word in VERDICT_WORDS.items()},
    **{status.value: status for status in VERDICT_WORDS},
    "partly met": Status.PARTLY_MET, "not met": Status.NOT_MET,
}
#: A verdict may come with the status symbol that --print shows beside it.
_SYMBOLS = "".join(STATUS_SYMBOL.values()) + " "


class CellError(ValueError):
    """A cell that cannot be read as its input; the message is Danish and quotes the cell."""


def shown(raw: Raw, limit: int = 40) -> str:
    """«the cell», neutralised and cut short, for a one-line message."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = neutralise(str(raw), one_line=True)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"«{text}»"


def clean_text(raw: str) -> str:
    """Stray spaces gone (also the non-breaking kinds), line ends made `\\n`."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip(" \t\n" + _SPACES)


def is_blank(raw: Raw) -> bool:
    return raw is None or (isinstance(raw, str) and not clean_text(raw))


def _whole(value: float) -> float:
    """170.0 is 170: the figures file says `met = 170`, as a person would write it."""
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def parse_number(raw: Raw, percent_cell: bool = False) -> float:
    """A number from a number cell or Danish text. `percent_cell`: the cell is formatted as a
    percentage, so the spreadsheet holds 0.872 for what the user typed as 87,2 %."""
    if isinstance(raw, bool) or raw is None:
        raise CellError(f"{shown(raw)} er ikke et tal")
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise CellError(f"{shown(raw)} er en dato eller et klokkeslæt, ikke et tal")
    if isinstance(raw, int | float):
        value = float(raw)
        if percent_cell:
            value = float(f"{value * 100:.12g}")  # 0.872 * 100 is 87.19999999999999
    else:
        value = _number_text(raw, percent_cell)
    if not math.isfinite(value):
        raise CellError(f"{shown(raw)} er ikke et endeligt tal")
    return _whole(value)


def _number_text(raw: str, percent_cell: bool) -> float:
    text = clean_text(raw)
    for space in _SPACES:
        text = text.replace(space, " ")
    if text.endswith("%") and percent_cell:
        text = text[:-1].rstrip()
    if _DANISH_THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _SPACE_THOUSANDS.match(text):
        text = text.replace(" ", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    elif not _DECIMAL_POINT.match(text):
        raise CellError(f"{shown(raw)} er ikke et tal")
    return float(text)


def parse_numbers(raw: Raw) -> tuple[float, ...]:
    """Case durations: one number, or several separated by `;` or line breaks."""
    if not isinstance(raw, str):
        return (parse_number(raw),)
    parts = [p for p in re.split(r"[;\n]", clean_text(raw)) if clean_text(p)]
    values = []
    for part in parts:
        try:
            values.append(parse_number(part))
        except CellError:
            raise CellError(f"{shown(clean_text(part))} i {shown(raw)} er ikke et tal "
                            "(sagstider adskilles med ;)") from None
    if not values:
        raise CellError(f"{shown(raw)} er ikke en liste af tal")
    return tuple(values)


def parse_date(raw: Raw) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise CellError(f"{shown(raw)} er ikke en dato (skriv fx 30-09-2024)")
    text = clean_text(raw)
    iso = _ISO_DATE.match(text)
    danish = _DANISH_DATE.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif danish:
        day, month, year = (int(g) for g in danish.groups())
    else:
        raise CellError(f"{shown(raw)} er ikke en dato (skriv fx 30-09-2024)")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{shown(raw)} er ikke en gyldig dato") from None


def parse_verdict(raw: Raw) -> Status:
    text = " ".join(clean_text(raw).lower().split()) if isinstance(raw, str) else ""
    status = _VERDICTS.get(text.lstrip(_SYMBOLS))
    if status is None:
        raise CellError(f"{shown(raw)} er ikke en vurdering (skriv opfyldt, delvist opfyldt "
                        "eller ikke opfyldt)")
    return status


def parse_text(raw: Raw) -> str:
    """A reason or comment; a number or date someone typed is kept as its Danish text."""
    if isinstance(raw, str):
        return clean_text(raw)
    if isinstance(raw, bool) or raw is None:
        raise CellError(f"{shown(raw)} er ikke en tekst")
    if isinstance(raw, int | float):
        return danish_number(float(raw), 10)
    if isinstance(raw, dt.date):
        return danish_date(raw.date() if isinstance(raw, dt.datetime) else raw)
    raise CellError(f"{shown(raw)} er ikke en tekst")


def parse_value(kind: Kind, raw: Raw, percent_cell: bool = False) -> Value:
    """The cell as an input of `kind`; raises CellError."""
    if kind == "number":
        return parse_number(raw, percent_cell)
    if kind == "numbers":
        return parse_numbers(raw)
    if kind == "date":
        return parse_date(raw)
    if kind == "verdict":
        return parse_verdict(raw)
    return parse_text(raw)
