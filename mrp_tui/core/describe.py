"""What a target, a value and the "needed" figure of a measure mean, in words.

Shared by `--print` and the app so both say the same thing: "mindst 150 udsendte",
"38 udsendte" (under the label "Mangler"), "10 sager mere", "højst 288", "skær 15 dage",
"42 dage til frist", and the banner that marks what-if figures.
Pure functions; `lang` is "da" (default) or "en". Units come from the plan (Danish) and are
used as they are in both languages. The result may hold text from a file: callers neutralise.
"""

from __future__ import annotations

import math

from mrp_tui.core.danish import date, number, status_label
from mrp_tui.core.model import Figures, Measure, MeasureKind, Status
from mrp_tui.core.results import GoalResult, LeafResult

K = MeasureKind
NONE = "–"

#: Singular forms of the words of the plural units the plans use ("1 udsendt", "1 afvist
#: asylansøger", "1 dag"), word by word. Units are given in the plural in the plans; a word
#: not listed here is shown as the plan gives it (see docs/print.md).
_SINGULAR = {
    "afgjorte": "afgjort", "afviste": "afvist", "asylansøgere": "asylansøger",
    "beboere": "beboer", "dage": "dag", "hjemrejseprojekter": "hjemrejseprojekt",
    "hverdage": "hverdag", "klagesager": "klagesag", "måneder": "måned", "personer": "person",
    "projekter": "projekt", "sager": "sag", "udrejste": "udrejst", "udsendelser": "udsendelse",
    "udsendte": "udsendt", "udviste": "udvist", "days": "day", "cases": "case",
}

#: The JSON's `scenario` for figures with unsaved changes that have no scenario name.
UNSAVED_NAME = "ugemte ændringer"


def singular(unit: str) -> str:
    """'afviste asylansøgere i udsendelsesposition' -> 'afvist asylansøger i ...'."""
    return " ".join(_SINGULAR.get(word, word) for word in unit.split(" "))


def _unit(unit: str | None, amount: float | None = None, default: str = "") -> str:
    word = unit or default
    if word and amount is not None and abs(amount) == 1:
        word = singular(word)
    return f" {word}" if word else ""


def describe_whatif(figures: Figures | None, lang: str = "da") -> str | None:
    """The banner over figures that are not the reported ones: 'SCENARIE «hvis» – ikke
    indberettede tal', 'UGEMTE ÆNDRINGER – ikke indberettede tal'; None for reported figures."""
    if figures is None or (figures.scenario is None and not figures.unsaved):
        return None
    da = lang == "da"
    tail = "ikke indberettede tal" if da else "not reported figures"
    name = figures.scenario
    if figures.unsaved:
        head = "UGEMTE ÆNDRINGER" if da else "UNSAVED CHANGES"
        if name:
            head += f" {'i scenarie' if da else 'to scenario'} «{name}»"
        return f"{head} – {tail}"
    return f"{'SCENARIE' if da else 'SCENARIO'} «{name}» – {tail}"


def whatif_name(figures: Figures | None) -> str | None:
    """The JSON's and CSV's `scenario`: its name, `UNSAVED_NAME` for unnamed unsaved changes,
    None for reported figures."""
    if figures is None:
        return None
    if figures.unsaved and not figures.scenario:
        return UNSAVED_NAME
    return figures.scenario


def _n(value: float, lang: str, decimals: int = 1) -> str:
    return number(value, decimals, lang)


def _shown(value: float, measure: Measure, lang: str) -> str:
    """A value against its target, with as many decimals as it takes not to look like the
    target when it is not (84,95 % is not "85 %" against a target of 85 %)."""
    target = measure.threshold
    text = _n(value, lang)
    for decimals in (2, 3, 4):
        if target is None or value == target or text != _n(target, lang):
            break
        text = _n(value, lang, decimals)
    return text


def _days(measure: Measure, lang: str) -> str:
    return measure.unit or ("dage" if lang == "da" else "days")


def describe_target(measure: Measure, lang: str = "da") -> str:
    """The requirement: 'mindst 150 udsendte', 'mindst 85 %', 'senest 31/3/2024'."""
    da = lang == "da"
    kind, target = measure.kind, measure.threshold
    if kind is K.ASSESSED:
        return "vurderes" if da else "assessed"
    if kind is K.MILESTONE:
        if measure.due is None:
            return "ingen frist angivet" if da else "no due date stated"
        return f"{'senest' if da else 'by'} {date(measure.due)}"
    if target is None:
        return "intet mål angivet" if da else "no target stated"
    if kind is K.AT_LEAST:
        return f"{'mindst' if da else 'at least'} {_n(target, lang)}{_unit(measure.unit, target)}"
    if kind is K.AT_MOST:
        return f"{'højst' if da else 'at most'} {_n(target, lang)}{_unit(measure.unit, target)}"
    if kind is K.REDUCTION:
        return f"{'nedbragt mindst' if da else 'reduced by at least'} {_n(target, lang)} %"
    if kind is K.INCREASE:
        return f"{'øget mindst' if da else 'increased by at least'} {_n(target, lang)} %"
    if kind is K.SHARE:
        return f"{'mindst' if da else 'at least'} {_n(target, lang)} %"
    # average
    text = f"{'gennemsnit højst' if da else 'average at most'} {_n(target, lang)}"
    text += _unit(_days(measure, lang), target)
    if measure.keep_pct < 100:
        keep = _n(measure.keep_pct, lang)
        text += f" ({'de' if da else 'the'} {keep} % {'hurtigste' if da else 'fastest'})"
    return text


def describe_amount(measure: Measure, value: float | None, lang: str = "da") -> str:
    """A value in the measure's terms: '163 udsendte', '11,4 %', '98 dage' (e.g. a forecast)."""
    if value is None or measure.kind in (K.MILESTONE, K.ASSESSED):
        return NONE
    if measure.kind in (K.REDUCTION, K.INCREASE, K.SHARE):
        return f"{_shown(value, measure, lang)} %"
    if measure.kind is K.AVERAGE:
        return f"{_shown(value, measure, lang)}{_unit(_days(measure, lang), value)}"
    return f"{_shown(value, measure, lang)}{_unit(measure.unit, value)}"


def describe_value(leaf: LeafResult, lang: str = "da") -> str:
    """The reported value: '118 udsendte', '87,2 % (171 af 196)', 'udført 24/9/2024'."""
    da = lang == "da"
    measure, inputs, value = leaf.measure, leaf.inputs, leaf.value
    kind = measure.kind
    if kind is K.ASSESSED:
        return NONE if inputs.verdict is None else status_label(inputs.verdict, lang)
    if kind is K.MILESTONE:
        if inputs.done_on is None:
            return "ikke udført" if da else "not done"
        return f"{'udført' if da else 'done'} {date(inputs.done_on)}"
    if value is None:
        return NONE
    if kind in (K.REDUCTION, K.INCREASE):
        assert inputs.baseline is not None and inputs.actual is not None
        word = ("nedbragt" if da else "reduced") if kind is K.REDUCTION else (
            "øget" if da else "increased")
        return (f"{word} {_shown(value, measure, lang)} % ({_n(inputs.baseline, lang)} → "
                f"{_n(inputs.actual, lang)})")
    if kind is K.SHARE:
        assert inputs.met is not None and inputs.total is not None
        of = "af" if da else "of"
        return (f"{_shown(value, measure, lang)} % ({_n(inputs.met, lang)} {of} "
                f"{_n(inputs.total, lang)})")
    return describe_amount(measure, value, lang)


def _integral(*values: float | None) -> bool:
    return all(v is not None and float(v).is_integer() for v in values)


def describe_needed(leaf: LeafResult, lang: str = "da") -> str:
    """What is missing to be met, shown under the label "Mangler": '38 udsendte',
    '10 sager mere', 'højst 288', 'skær 15 dage', '42 dage til frist'; 'nået' when nothing is
    missing; '–' when unknown."""
    da = lang == "da"
    measure, needed, inputs = leaf.measure, leaf.needed, leaf.inputs
    kind, unit = measure.kind, measure.unit
    reached = "nået" if da else "reached"
    if kind is K.MILESTONE and inputs.done_on is not None:
        return reached if inputs.done_on <= (measure.due or inputs.done_on) else (
            "for sent" if da else "late")
    if needed is None:
        return NONE
    if kind is K.AT_LEAST:
        if needed <= 0:
            return reached
        return f"{_n(needed, lang)}{_unit(unit, needed)}"
    if kind is K.AT_MOST:
        if needed >= 0:
            return f"{'plads til' if da else 'room for'} {_n(needed, lang)}{_unit(unit, needed)}"
        over = -needed
        return f"{_n(over, lang)}{_unit(unit, over)} {'for mange' if da else 'too many'}"
    if kind is K.SHARE:
        if needed <= 0:
            return reached
        noun = _unit(unit, needed, "sager" if da else "cases").strip()
        return f"{_n(needed, lang)} {noun} mere" if da else f"{_n(needed, lang)} more {noun}"
    if kind is K.REDUCTION:
        # The highest actual that still meets; whole things when the figures are whole.
        # Met already: nothing is missing (the limit would read as a demand).
        if inputs.actual is not None and inputs.actual <= needed:
            return reached
        limit = math.floor(needed) if _integral(inputs.baseline, inputs.actual) else needed
        return f"{'højst' if da else 'at most'} {_n(limit, lang)}{_unit(unit, limit)}"
    if kind is K.INCREASE:
        if inputs.actual is not None and inputs.actual >= needed:
            return reached
        limit = math.ceil(needed) if _integral(inputs.baseline, inputs.actual) else needed
        return f"{'mindst' if da else 'at least'} {_n(limit, lang)}{_unit(unit, limit)}"
    if kind is K.AVERAGE:
        if needed <= 0:
            return reached
        return f"{'skær' if da else 'cut'} {_n(needed, lang)}{_unit(_days(measure, lang), needed)}"
    # milestone, not done yet
    days = int(needed)
    if days < 0:
        late = -days
        return (f"frist overskredet med {late} {'dag' if late == 1 else 'dage'}" if da
                else f"{late} {'day' if late == 1 else 'days'} overdue")
    if days == 0:
        return "frist i dag" if da else "due today"
    return (f"{days} {'dag' if days == 1 else 'dage'} til frist" if da
            else f"{days} {'day' if days == 1 else 'days'} to due date")


def describe_goal_needed(result: GoalResult, lang: str = "da") -> str:
    """"Mangler" for a whole goal: its measure's phrase, or for a goal of delmål how many are
    not met yet: '2 delmål' ('nået' when all are met); the delmål are listed under it."""
    if result.leaf is not None:
        return describe_needed(result.leaf, lang)
    missing = sum(s.status is not Status.MET for s in result.subgoals)
    if not missing:
        return "nået" if lang == "da" else "reached"
    if lang == "da":
        return f"{missing} delmål"
    return f"{missing} {'subgoal' if missing == 1 else 'subgoals'}"
