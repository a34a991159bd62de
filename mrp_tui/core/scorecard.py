"""From files to scored plans: the one path both `--print` and the app take."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from mrp_tui.core.danish import PERIOD_DA
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import t
from mrp_tui.core.loader import check_figures, load_figures, merged_problems
from mrp_tui.core.model import Period
from mrp_tui.core.results import PlanResult
from mrp_tui.core.scoring import score_plan
from mrp_tui.core.workspace import (
    PlanEntry,
    default_plan_paths,
    discover,
    expand,
    figures_for,
)


@frozen
class Scorecard:
    results: tuple[PlanResult, ...]
    entries: tuple[PlanEntry, ...]
    problems: tuple[Problem, ...]
    #: Worth saying, not wrong: e.g. a plan without figures for the period asked for.
    notes: tuple[str, ...] = ()


def build(paths: Iterable[Path] = (), figures: Iterable[Path] = (), period: Period | None = None,
          scenario_path: Path | None = None) -> Scorecard:
    """Load, check and score every plan; problems are collected, never raised."""
    files, problems = expand(list(paths) or default_plan_paths())
    entries = discover(files, figures)
    scenario = None
    if scenario_path is not None:
        try:
            scenario = load_figures(scenario_path)
        except LoadError as err:
            problems.extend(err.problems)
        else:
            if scenario.scenario is None:
                problems.append(Problem(scenario_path, t(
                    'ikke et scenarie (ingen `scenario = "navn"`)',
                    'not a scenario (no `scenario = "name"`)')))
                scenario = None
            else:
                entries = [e for e in entries if e.plan is None or e.plan.id == scenario.plan]
                if not any(e.plan for e in entries):
                    problems.append(Problem(scenario_path, t(
                        'scenariet er til planen "{id}", som ikke er blandt de angivne planer',
                        'scenario is for plan "{id}", which is not among the plans given',
                        id=scenario.plan)))
    results = []
    notes = []
    for entry in entries:
        problems.extend(entry.problems)
        if entry.plan is None:
            continue
        wanted = period or (scenario.based_on if scenario else None)
        if wanted is not None and wanted not in entry.figures:
            found = ", ".join(p.value for p in entry.figures) or t("ingen", "none")
            notes.append(t("{id}: ingen tal for {period} (fundet: {found}); dens mål opgøres "
                           "som ikke indberettet",
                           "{id}: no {value} figures (found: {found}); its goals are scored "
                           "as not reported", id=entry.plan.id, value=wanted.value,
                           period=PERIOD_DA[wanted.value], found=found))
        elif not entry.figures and wanted is None:
            notes.append(t("{id}: ingen tal fundet; dens mål opgøres som ikke indberettet",
                           "{id}: no figures found; its goals are scored as not reported",
                           id=entry.plan.id))
        try:
            if scenario is not None:
                scenario_problems = check_figures(scenario, entry.plan)
                if scenario_problems:
                    problems.extend(scenario_problems)
                    continue
            chosen = figures_for(entry, period, scenario)
            if scenario is not None and chosen is not None:
                scenario_problems = merged_problems(scenario, chosen)
                if scenario_problems:
                    problems.extend(scenario_problems)
                    continue
        except LoadError as err:
            problems.extend(err.problems)
            continue
        # A scenario over a period with nothing reported is undated, as in the app.
        dated = scenario is None or scenario.based_on is None \
            or scenario.based_on in entry.figures
        results.append(score_plan(entry.plan, chosen, dated))
    return Scorecard(tuple(results), tuple(entries), tuple(problems), tuple(notes))
