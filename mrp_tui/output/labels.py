"""The words of the printed scorecard in Danish (default) and English, and number helpers."""

from __future__ import annotations

from collections.abc import Mapping

from mrp_tui.core import danish
from mrp_tui.core.model import Period, Status

_DA = {
    "overview": "Overblik",
    "agency": "Styrelse",
    "year": "År",
    "period": "Periode",
    "points": "Point",
    "earned": "Opnået",
    "forecast": "Prognose",
    "forecast_year": "Prognose for året",
    "needed": "Mangler",
    "status": "Status",
    "goal": "Mål",
    "goals": "Mål",
    "subgoal": "Delmål",
    "title": "Titel",
    "as_of": "opgjort pr.",
    "example": "EKSEMPELTAL – ikke rigtige tal",
    "scenario": "Scenarie",
    "ministry": "Ministerium",
    "plan": "Plan",
    "source": "Kilde",
    "section": "Afsnit",
    "area": "Område",
    "target": "Krav",
    "value": "Værdi",
    "forecast_value": "Forventet årsværdi",
    "text": "Kravtekst",
    "note": "Note",
    "overridden": "vurderet",
    "override": "Vurdering",
    "combine": "Opgørelse",
    "combine_each": "hvert opfyldt delmål giver sin andel af point",
    "combine_all": "point kun når alle delmål er opfyldt",
    "no_figures": "ingen tal",
    "of": "af",
    "unit_points": "point",
    "legend": "Tegn",
    "left_out": "Udeladt for pladsens skyld (se --width)",
    "scorecard": "Mål- og resultatplaner",
}

_EN = {
    "overview": "Overview",
    "agency": "Agency",
    "year": "Year",
    "period": "Period",
    "points": "Points",
    "earned": "Earned",
    "forecast": "Forecast",
    "forecast_year": "Year-end forecast",
    "needed": "Needed",
    "status": "Status",
    "goal": "Goal",
    "goals": "Goals",
    "subgoal": "Subgoal",
    "title": "Title",
    "as_of": "as of",
    "example": "EXAMPLE FIGURES – not real ones",
    "scenario": "Scenario",
    "ministry": "Ministry",
    "plan": "Plan",
    "source": "Source",
    "section": "Section",
    "area": "Area",
    "target": "Target",
    "value": "Value",
    "forecast_value": "Expected year-end value",
    "text": "Requirement",
    "note": "Note",
    "overridden": "judged",
    "override": "Judgement",
    "combine": "Scoring",
    "combine_each": "each met subgoal earns its share of the points",
    "combine_all": "points only when every subgoal is met",
    "no_figures": "no figures",
    "of": "of",
    "unit_points": "points",
    "legend": "Key",
    "left_out": "Left out for want of room (see --width)",
    "scorecard": "Performance plans",
}

LABELS: Mapping[str, Mapping[str, str]] = {"da": _DA, "en": _EN}


class Words:
    """Labels and number formats for one language."""

    def __init__(self, lang: str = "da") -> None:
        self.lang = lang if lang in LABELS else "da"
        self._labels = LABELS[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._labels[key]

    def period(self, period: Period | None) -> str:
        return danish.period_name(period.value if period else None, self.lang)

    def section(self, section: str) -> str:
        return danish.section_name(section, self.lang)

    def number(self, value: float | None, decimals: int = 2) -> str:
        return danish.number(value, decimals, self.lang)

    def points(self, value: float | None) -> str:
        """'2,5 point' / '2.5 points'."""
        return "–" if value is None else f"{self.number(value)} {self['unit_points']}"

    def percent(self, value: float | None) -> str:
        return danish.percent(value, self.lang)

    def status(self, status: Status) -> str:
        """Symbol and word: readable without colour."""
        return danish.status_text(status, self.lang)

    def counts(self, counts: Mapping[Status, int]) -> str:
        return " · ".join(f"{counts[s]} {danish.status_label(s, self.lang)}" for s in Status)

    def legend(self) -> str:
        return " · ".join(self.status(s) for s in Status)


def bar(earned: float, possible: float, width: int = 10) -> str:
    """A text bar of the points earned: '███████░░░'."""
    filled = 0 if possible <= 0 else round(width * max(0.0, min(1.0, earned / possible)))
    return "█" * filled + "░" * (width - filled)
