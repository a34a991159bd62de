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
    "analysis_heading": "Uddybende analyse",
    "comment": "Analyse",
    "missing_analysis": "[Analyse mangler]",
    "fulfilment": "Målopfyldelse",
    "requirement": "Resultatkrav",
    "result": "Resultat",
    "weight": "Vægt",
    "total": "I alt",
    "reason": "Begrundelse",
    "basis": "Vurderingens grundlag",
    "subgoals_met": "{met} af {n} delmål opfyldt",
    "report_title": "Målrapportering",
    "report_part1": "Målrapportering – 1. del: skematisk oversigt",
    "report_part2": "Målrapportering – 2. del: uddybende analyse",
    "report_changes": "Ændringer og vurderinger",
    "agencies": "Styrelser",
    "judged_note": "* Resultatet er fastsat ved en vurdering; se Ændringer og vurderinger.",
    "no_points_note": "Mål uden vægt (–) indgår ikke i pointene.",
    "nothing_to_analyse": "Alle mål er opfyldt eller endnu ikke opgjort, og ingen har en "
                          "bemærkning.",
    "no_overrides": "Ingen resultater er fastsat ved vurdering i perioden.",
    "changed_at": "Tidspunkt",
    "changed_by": "Af",
    "not_logged": "ikke i ændringsloggen",
    "not_logged_note": "Ikke i ændringsloggen: vurderingen står i tallene, men er ikke "
                       "registreret med tidspunkt og bruger (fx skrevet i filen i hånden).",
    "other_changes": "Ændringsloggen har {n} øvrige ændringer af tal og bemærkninger for "
                     "perioden; mrp-tui --print --changes viser dem.",
    "other_change": "Ændringsloggen har 1 øvrig ændring af tal og bemærkninger for "
                    "perioden; mrp-tui --print --changes viser den.",
    "expense_followup": "udgiftsopfølgning",
    "page": "Side",
    "as_of_column": "Opgjort pr.",
    "forecast_points": "Prognose, point",
    "comment_column": "Bemærkning",
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
    "analysis_heading": "In-depth analysis",
    "comment": "Analysis",
    "missing_analysis": "[Analysis missing]",
    "fulfilment": "Fulfilment",
    "requirement": "Requirement",
    "result": "Result",
    "weight": "Weight",
    "total": "Total",
    "reason": "Reason",
    "basis": "Basis of the assessment",
    "subgoals_met": "{met} of {n} subgoals met",
    "report_title": "Performance reporting",
    "report_part1": "Performance reporting – part 1: overview",
    "report_part2": "Performance reporting – part 2: in-depth analysis",
    "report_changes": "Changes and judgements",
    "agencies": "Agencies",
    "judged_note": "* The result is set by a judgement; see Changes and judgements.",
    "no_points_note": "Goals without a weight (–) are not counted in the points.",
    "nothing_to_analyse": "Every goal is met or not yet assessed, and none has a comment.",
    "no_overrides": "No result was set by a judgement in the period.",
    "changed_at": "When",
    "changed_by": "By",
    "not_logged": "not in the change log",
    "not_logged_note": "Not in the change log: the judgement is in the figures but was not "
                       "recorded with a time and user (e.g. written into the file by hand).",
    "other_changes": "The change log holds {n} other changes of figures and comments for the "
                     "period; mrp-tui --print --changes lists them.",
    "other_change": "The change log holds 1 other change of figures and comments for the "
                    "period; mrp-tui --print --changes lists it.",
    "expense_followup": "expenditure follow-up",
    "page": "Page",
    "as_of_column": "As of",
    "forecast_points": "Forecast, points",
    "comment_column": "Comment",
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
        return danish.period_name(period.value if period else None, self.lang)

    def section(self, section: str) -> str:
        return danish.section_name(section, self.lang)

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

    def status_word(self, status: Status) -> str:
        """The status as a word that can start a cell: 'Delvist opfyldt'."""
        return danish.status_label(status, self.lang).capitalize()

    def legend(self) -> str:
        return " · ".join(self.status(s) for s in Status)


def bar(earned: float, possible: float, width: int = 10) -> str:
    """A text bar of the points earned: '███████░░░'."""
    filled = 0 if possible <= 0 else round(width * max(0.0, min(1.0, earned / possible)))
    return "█" * filled + "░" * (width - filled)
