"""Danish presentation of numbers, dates and statuses, shared by --print and the app."""

from __future__ import annotations

import datetime as dt

from mrp_tui.core.model import Status

STATUS_DA = {
    Status.MET: "opfyldt",
    Status.PARTLY_MET: "delvist opfyldt",
    Status.NOT_MET: "ikke opfyldt",
    Status.PENDING: "ikke opgjort",
}
STATUS_EN = {
    Status.MET: "met",
    Status.PARTLY_MET: "partly met",
    Status.NOT_MET: "not met",
    Status.PENDING: "pending",
}
#: Readable without colour: each status has its own shape. The one table of them, for
#: --print and the app alike. Pending is an empty circle ("nothing yet"), not "…", which
#: reads as text cut off ("2✘ 2…").
STATUS_SYMBOL = {
    Status.MET: "✔",
    Status.PARTLY_MET: "◐",
    Status.NOT_MET: "✘",
    Status.PENDING: "○",
}
PERIOD_DA = {"Q1": "1. kvartal", "Q2": "2. kvartal", "Q3": "3. kvartal", "year": "året"}
PERIOD_EN = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "year": "full year"}
#: A goal's section (plan key `section`) as a reader names it.
SECTION_DA = {"faglig": "Faglige mål", "koncernfælles": "Koncernfælles mål"}
SECTION_EN = {"faglig": "Core-task goals", "koncernfælles": "Cross-government goals"}


def number(value: float | None, decimals: int = 2, lang: str = "da") -> str:
    """12345.5 -> '12.345,5': thousands separator, decimal comma, no trailing zeros."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def points(value: float | None, lang: str = "da") -> str:
    return "–" if value is None else f"{number(value, 2, lang)} point"


def percent(value: float | None, lang: str = "da") -> str:
    return "–" if value is None else f"{number(value, 1, lang)} %"


def date(value: dt.date | None) -> str:
    """Danish short date, d/m/yyyy."""
    return "–" if value is None else f"{value.day}/{value.month}/{value.year}"


def moment(value: dt.datetime) -> str:
    """Danish date and time of day: 30/11/2026 kl. 14.05."""
    return f"{date(value.date())} kl. {value.hour:02d}.{value.minute:02d}"


def period_name(period: str | None, lang: str = "da") -> str:
    """'3. kvartal', 'året'; None (no figures) is 'ingen tal'."""
    if period is None:
        return "ingen tal" if lang == "da" else "no figures"
    return (PERIOD_DA if lang == "da" else PERIOD_EN)[period]


def section_name(section: str, lang: str = "da") -> str:
    """'Faglige mål' for `faglig`; an unknown section as it is."""
    return (SECTION_DA if lang == "da" else SECTION_EN).get(section, section)


def status_label(status: Status, lang: str = "da") -> str:
    return (STATUS_DA if lang == "da" else STATUS_EN)[status]


def status_text(status: Status, lang: str = "da") -> str:
    """Symbol and word, e.g. '✔ opfyldt'."""
    return f"{STATUS_SYMBOL[status]} {status_label(status, lang)}"
