"""Year links (plan-format §1): a plan's `previous` plan and the goals each goal `continues`.

Where the previous plan is found (docs/files.md): among the plans already loaded, else as
`<plan-id>.toml` in the plan's own folder, else in an `archive/` folder beside that folder.
An archive of earlier years can so live outside `plans/` and is read only when a link asks
for it. Also here: how last year's target compares with this year's (stricter, same, easier).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import t
from mrp_tui.core.loader import load_plan, suggest
from mrp_tui.core.model import Goal, Measure, MeasureKind, Plan
from mrp_tui.core.workspace import PlanEntry, figures_in, figures_root_for

ARCHIVE = "archive"
K = MeasureKind


class Change(enum.StrEnum):
    """This year's target against last year's."""

    STRICTER = "stricter"
    SAME = "same"
    EASIER = "easier"


def candidate_paths(plan: Plan, plan_id: str) -> list[Path]:
    """Where a plan that `plan` links to may be, in the order looked."""
    if plan.path is None:
        return []
    folder = plan.path.parent
    return [folder / f"{plan_id}.toml", folder.parent / ARCHIVE / f"{plan_id}.toml"]


class PlanFinder:
    """Finds linked plans and their figures, loading each file at most once."""

    def __init__(self, known: Iterable[PlanEntry] = ()) -> None:
        self._entries: dict[str, PlanEntry] = {e.plan.id: e for e in known if e.plan}
        self._missing: dict[str, tuple[Problem, ...]] = {}

    def previous(self, plan: Plan) -> PlanEntry | None:
        """The entry of `plan.previous`; None when the plan names none or it is not found
        (then `problems(plan)` says why)."""
        wanted = plan.previous
        if wanted is None:
            return None
        if wanted in self._entries:
            return self._entries[wanted]
        if wanted in self._missing:
            return None
        for path in candidate_paths(plan, wanted):
            if not path.is_file():
                continue
            try:
                found = load_plan(path)
            except LoadError as err:
                self._missing[wanted] = err.problems
                return None
            entry = PlanEntry(path, found, (), figures_in(figures_root_for(path), found.id))
            self._entries[wanted] = entry
            return entry
        looked = t(" eller ", " or ").join(str(p) for p in candidate_paths(plan, wanted)) \
            or t("intetsteds", "nowhere")
        self._missing[wanted] = (Problem(plan.path, t(
            'forrige plan "{id}" blev ikke fundet (ledte efter {looked})',
            'previous plan "{id}" not found (looked for {looked})', id=wanted, looked=looked),
            where="[plan]"),)
        return None

    def problems(self, plan: Plan) -> tuple[Problem, ...]:
        return self._missing.get(plan.previous or "", ())


def measure_kinds(goal: Goal) -> tuple[MeasureKind, ...]:
    """The kinds of measure a goal is scored by, in order and without repeats."""
    leaves = [goal.measure] if goal.measure is not None else [s.measure for s in goal.subgoals]
    return tuple(dict.fromkeys(m.kind for m in leaves))


# --------------------------------------------------------------------------- --check


_GOAL_HEADER = re.compile(r"^\s*\[\[\s*goal\s*\]\]")
_ANY_HEADER = re.compile(r"^\s*\[")
_ID = re.compile(r'^\s*id\s*=\s*"((?:[^"\\]|\\.)*)"')
_PREVIOUS = re.compile(r"^\s*previous\s*=")
_CONTINUES = re.compile(r"^\s*continues\s*=")


def link_lines(text: str) -> tuple[int | None, dict[str, int]]:
    """The line of `[plan] previous`, and of each goal's `continues` (by goal id)."""
    previous: int | None = None
    continues: dict[str, int] = {}
    table = ""
    goal_id: str | None = None
    pending: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if _ANY_HEADER.match(line):
            table = "goal" if _GOAL_HEADER.match(line) else line.strip()
            goal_id, pending = None, None
            continue
        if table == "[plan]" and previous is None and _PREVIOUS.match(line):
            previous = number
        elif table == "goal":
            found = _ID.match(line)
            if found and goal_id is None:
                goal_id = found.group(1)
                if pending is not None:
                    continues.setdefault(goal_id, pending)
            elif _CONTINUES.match(line):
                if goal_id is None:
                    pending = number
                else:
                    continues.setdefault(goal_id, number)
    return previous, continues


def link_problems(plan: Plan, finder: PlanFinder, text: str = "") -> list[Problem]:
    """A link to a plan or goal that does not exist is an error; a linked goal measured by
    another kind of measure, or a previous plan that is not the year before, a warning."""
    problems: list[Problem] = []
    previous_line, continues_lines = link_lines(text)
    linking = [g for g in plan.goals if g.continues]
    if plan.previous is None:
        for goal in linking:
            problems.append(Problem(plan.path, t(
                "continues {ids}, men planen nævner ingen forrige plan ([plan] previous)",
                "continues {ids}, but the plan names no previous plan ([plan] previous)",
                ids=_ids(goal.continues)), continues_lines.get(goal.id), _goal(goal.id)))
        return problems
    entry = finder.previous(plan)
    if entry is None or entry.plan is None:
        for problem in finder.problems(plan):
            problems.append(Problem(plan.path, problem.message if problem.path == plan.path
                                    else t('forrige plan "{id}" kunne ikke indlæses: {problem}',
                                           'previous plan "{id}" could not be loaded: {problem}',
                                           id=plan.previous, problem=problem),
                                    previous_line, "[plan]"))
        return problems
    before = entry.plan
    if before.year != plan.year - 1:
        problems.append(Problem(plan.path, t('forrige plan "{id}" er for {year}, ikke {want}',
                                             'previous plan "{id}" is for {year}, not {want}',
                                             id=before.id, year=before.year,
                                             want=plan.year - 1), previous_line, "[plan]",
                                "warning"))
    if before.agency != plan.agency:
        problems.append(Problem(plan.path, t('forrige plan "{id}" er en anden styrelses '
                                             "({agency})",
                                             'previous plan "{id}" is another agency\'s '
                                             "({agency})", id=before.id, agency=before.agency),
                                previous_line, "[plan]", "warning"))
    old = {g.id: g for g in before.goals}
    for goal in linking:
        line = continues_lines.get(goal.id)
        for goal_id in goal.continues:
            if goal_id not in old:
                problems.append(Problem(plan.path, t(
                    'continues målet "{old}", som planen "{id}" ikke har{hint}',
                    'continues goal "{old}", which plan "{id}" does not have{hint}',
                    old=goal_id, id=before.id, hint=suggest(goal_id, old)), line,
                    _goal(goal.id)))
                continue
            now, then = measure_kinds(goal), measure_kinds(old[goal_id])
            # A goal may add a delmål of a new kind; one that no longer measures by a kind it
            # did last year has changed what it measures, or was linked to the wrong goal.
            if not set(then) <= set(now):
                problems.append(Problem(plan.path, t(
                    "måles med {now}, men målet det viderefører ({id} {old}) med {then}: "
                    "kontrollér at de to måler det samme",
                    "measured by {now}, but the goal it continues ({id} {old}) by {then}: "
                    "check that the two measure the same thing", now=", ".join(now),
                    id=before.id, old=goal_id, then=", ".join(then)), line, _goal(goal.id),
                    "warning"))
    return problems


def _goal(goal_id: str) -> str:
    return t("mål {id}", "goal {id}", id=goal_id)


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(f'"{i}"' for i in ids)


# --------------------------------------------------------------------------- comparing targets


#: Units of time that convert to days. A month is 30 days, as the plans themselves reckon
#: ("6 måneder (dvs. 180 dage)", Hjemrejsestyrelsen 2024, 1.3).
DAYS_PER_UNIT: Mapping[str, int] = {"dag": 1, "dage": 1, "day": 1, "days": 1, "uge": 7,
                                    "uger": 7, "week": 7, "weeks": 7, "måned": 30,
                                    "måneder": 30, "month": 30, "months": 30}
_HIGHER_IS_STRICTER = (K.AT_LEAST, K.REDUCTION, K.INCREASE, K.SHARE)
_PERCENT = (K.REDUCTION, K.INCREASE, K.SHARE)


def _in_days(value: float, unit: str | None) -> float | None:
    factor = DAYS_PER_UNIT.get((unit or "").strip().lower())
    return None if factor is None else value * factor


def _comparable(now: Measure, then: Measure) -> tuple[float, float] | None:
    """The two thresholds in the same terms, or None when they cannot be put so."""
    assert now.threshold is not None and then.threshold is not None
    if now.kind in _PERCENT or (now.unit or "") == (then.unit or ""):
        return now.threshold, then.threshold
    a, b = _in_days(now.threshold, now.unit), _in_days(then.threshold, then.unit)
    if a is not None and b is not None:
        return a, b
    if a is None and b is None:
        return now.threshold, then.threshold  # two names for the same count ("projekter")
    return None


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def compare_targets(now: Measure, then: Measure, now_start: dt.date,
                    then_start: dt.date) -> Change | None:
    """Whether `now` asks more (stricter), the same or less (easier) than `then`; None when
    they cannot be compared: other kinds of measure, a target not stated, units that do not
    convert, or parameters that pull opposite ways. A due date counts from the start of its
    plan's period; an average counts its kept share of cases too (fewer left out is stricter)."""
    if now.kind is not then.kind or now.kind is K.ASSESSED:
        return None
    signs: list[int] = []
    if now.kind is K.MILESTONE:
        if now.due is None or then.due is None:
            return None
        # Last year's dates moved into this year's calendar: 30 June is 30 June, leap year
        # or not.
        years = now_start.year - then_start.year
        then_days = (_shift(then.due, years) - _shift(then_start, years)).days
        signs.append(_sign(then_days - (now.due - now_start).days))
    else:
        if now.threshold is None or then.threshold is None:
            return None
        pair = _comparable(now, then)
        if pair is None:
            return None
        difference = pair[0] - pair[1]
        signs.append(_sign(difference if now.kind in _HIGHER_IS_STRICTER else -difference))
        if now.kind is K.AVERAGE:
            signs.append(_sign(now.keep_pct - then.keep_pct))
    if all(s == 0 for s in signs):
        return Change.SAME
    if all(s >= 0 for s in signs):
        return Change.STRICTER
    if all(s <= 0 for s in signs):
        return Change.EASIER
    return None
