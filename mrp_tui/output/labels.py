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
    "forecast_value": "Forventet ved årets udgang",
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
    "scorecard": "Mål- og resultatplaner",
    "development": "Udvikling",
    "last_year": "Sidste år",
    "change": "Krav",
    "stricter": "skærpet",
    "same": "uændret",
    "easier": "lempet",
    "points_per_period": "Point pr. periode",
    "history_of": "Udvikling i året",
    "previous_plan": "Sidste års plan",
    "previous_goal": "Sidste års krav",
    "previous_result": "Sidste års resultat",
    "target_now": "Årets krav",
    "no_year_figures": "ingen årstal",
    "not_found": "ikke fundet",
    "grid_note": "Udvikling: status i hver periode med indberettede tal",
    "last_year_note": "Sidste år: resultatet af det mål i {plan}, som målet fortsætter "
                      "(årets tal), point opnået af mulige",
    "change_note": "Krav: årets måltal mod sidste års (skærpet, uændret, lempet); kun hvor "
                   "målet eller delmålet svarer ét til ét",
    "no_previous": "Sidste år: planen {plan} blev ikke fundet",
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
    "forecast_value": "Expected at year-end",
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
    "scorecard": "Performance plans",
    "development": "Development",
    "last_year": "Last year",
    "change": "Target",
    "stricter": "stricter",
    "same": "same",
    "easier": "easier",
    "points_per_period": "Points per period",
    "history_of": "Development in the year",
    "previous_plan": "Last year's plan",
    "previous_goal": "Last year's requirement",
    "previous_result": "Last year's result",
    "target_now": "This year's target",
    "no_year_figures": "no year figures",
    "not_found": "not found",
    "grid_note": "Development: status in each period with reported figures",
    "last_year_note": "Last year: the result of the goal in {plan} that the goal continues "
                      "(year figures), points earned of possible",
    "change_note": "Target: this year's against last year's (stricter, same, easier); only "
                   "where the goal or delmål corresponds one to one",
    "no_previous": "Last year: the plan {plan} was not found",
}

LABELS: Mapping[str, Mapping[str, str]] = {"da": _DA, "en": _EN}
PERIOD_EN = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "year": "full year"}
#: Column headings for a period, as short as a status grid wants them.
PERIOD_SHORT = {"da": {"Q1": "1. kvt.", "Q2": "2. kvt.", "Q3": "3. kvt.", "year": "året"},
                "en": {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "year": "year"}}


class Words:
    """Labels and number formats for one language."""

    def __init__(self, lang: str = "da") -> None:
        self.lang = lang if lang in LABELS else "da"
        self._labels = LABELS[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._labels[key]

    def period(self, period: Period | None) -> str:
        if period is None:
            return self["no_figures"]
        return (danish.PERIOD_DA if self.lang == "da" else PERIOD_EN)[period.value]

    def period_short(self, period: Period) -> str:
        return PERIOD_SHORT[self.lang][period.value]

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
