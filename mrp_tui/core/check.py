"""`mrp-tui --check`: validate plans and figures, and warn where a plan is incomplete."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from mrp_tui.core.changelog import LOG_NAME, check_log
from mrp_tui.core.danish import PERIOD_DA
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import decimal, t
from mrp_tui.core.links import PlanFinder, link_problems
from mrp_tui.core.loader import (
    load_figures,
    load_plan,
    merged_problems,
    parse_figures,
    parse_plan,
    read_toml,
)
from mrp_tui.core.model import Figures, Period, Plan
from mrp_tui.core.workspace import (
    PlanEntry,
    default_plan_paths,
    duplicate_plan,
    expand,
    figures_in,
    figures_roots_for,
    files_under,
)


def plan_warnings(plan: Plan) -> list[Problem]:
    """What the document leaves open: weights that miss 100, goals with no weight or target."""
    warnings: list[Problem] = []

    def warn(where: str | None, message: str) -> None:
        warnings.append(Problem(plan.path, message, where=where, severity="warning"))

    for goal in plan.goals:
        where = t("mål {id}", "goal {id}", id=goal.id)
        if goal.points is None:
            warn(where, t("ingen vægt (points) angivet; målet tæller ikke med",
                          "no weight (points) stated; it counts for nothing"))
        if goal.measure is not None and not goal.measure.has_target:
            warn(where, t("intet mål (target) angivet; det opgøres som ikke opgjort",
                          "no target stated; it is scored as pending"))
        for sub in goal.subgoals:
            if not sub.measure.has_target:
                warn(t("{w} delmål {id}", "{w} subgoal {id}", w=where, id=sub.id),
                     t("intet mål (target) angivet; opgøres som ikke opgjort",
                       "no target stated; scored as pending"))
    if abs(plan.points - 100) > 1e-9:
        warn(None, t("de angivne point giver {n} i alt, ikke 100",
                     "the stated points add up to {n}, not 100", n=decimal(plan.points)))
    return warnings


@frozen
class FileReport:
    path: Path
    summary: str | None
    problems: tuple[Problem, ...]


def check_paths(paths: Iterable[Path]) -> list[FileReport]:
    """Check every plan and figures file named or found (recursively) under `paths`."""
    paths = list(paths)
    files, missing = expand(paths, recursive=True)
    reports = [FileReport(p.path or Path("."), None, (p,)) for p in missing]
    # Change logs: named, found in the folders, or beside the figures checked.
    logs = [p for p in files if p.suffix == ".jsonl"]
    logs += [log for p in paths if p.is_dir() for log in sorted(files_under(p, LOG_NAME))
             if log.name == LOG_NAME]
    files = [p for p in files if p.suffix != ".jsonl"]
    parsed: list[tuple[Path, dict[str, object], str]] = []
    for path in files:
        try:
            data, text = read_toml(path)
        except LoadError as err:
            reports.append(FileReport(path, None, err.problems))
            continue
        parsed.append((path, data, text))

    plans: dict[str, Plan] = {}
    texts: dict[str, str] = {}
    # Plans first, so that figures in the same run are checked against them.
    for path, data, text in parsed:
        if not _is_figures(data):
            try:
                plan = parse_plan(data, path, text)
            except LoadError as err:
                reports.append(FileReport(path, None, err.problems))
                continue
            if plan.id in plans:
                reports.append(FileReport(path, None, (duplicate_plan(plan, plans[plan.id]),)))
                continue
            plans[plan.id], texts[plan.id] = plan, text
    # Year links are checked once every plan of the run is known (a link may point forward).
    finder = PlanFinder(PlanEntry(p.path, p) for p in plans.values() if p.path is not None)
    for plan_id, plan in plans.items():
        summary = t("plan {id}: {goals} mål, {points} point angivet",
                    "plan {id}: {goals} goals, {points} points stated", id=plan.id,
                    goals=len(plan.goals), points=decimal(plan.points))
        found = [*plan_warnings(plan), *link_problems(plan, finder, texts[plan_id])]
        reports.append(FileReport(plan.path or Path("."), summary, tuple(found)))
    for path, data, text in parsed:
        if _is_figures(data):
            reports.append(_check_figures_file(path, data, text, plans))
            logs.append(path.parent / LOG_NAME)
    order = {p: n for n, p in enumerate(files)}
    reports.sort(key=lambda r: order.get(r.path, -1))
    for log in {p.resolve(): p for p in logs if p.exists()}.values():
        summary, problems = check_log(log)
        reports.append(FileReport(log, summary, problems))
    return reports


def _is_figures(data: dict[str, object]) -> bool:
    return isinstance(data.get("plan"), str)


def _check_figures_file(path: Path, data: dict[str, object], text: str,
                        plans: dict[str, Plan]) -> FileReport:
    plan_id = str(data["plan"])
    plan = plans.get(plan_id) or _find_plan(plan_id, path)
    if plan is None:
        return FileReport(path, None, (Problem(
            path, t('ingen plan "{id}" fundet at kontrollere tallene mod (angiv også planfilen)',
                    'no plan "{id}" found to check these figures against (name the plan file '
                    "too)", id=plan_id), where=t("øverste niveau", "top level")),))
    try:
        figures = parse_figures(data, path, text, plan)
    except LoadError as err:
        return FileReport(path, None, err.problems)
    value = figures.period.value
    period = t("{da} ({value})", "{value}", da=PERIOD_DA[value], value=value)
    if figures.scenario:
        base = _reported(plan, figures.based_on) or Figures.empty(plan, figures.period)
        problems = merged_problems(figures, base.apply(figures))
        if problems:
            return FileReport(path, None, tuple(problems))
        summary = t("scenariet «{name}» for {id}, baseret på {period}",
                    "scenario «{name}» for {id}, based on {period}", name=figures.scenario,
                    id=plan.id, period=period)
    else:
        summary = t("tal for {id}, {period}", "figures for {id}, {period}", id=plan.id,
                    period=period)
    return FileReport(path, summary, ())


def _reported(plan: Plan, period: Period | None) -> Figures | None:
    """The reported figures a scenario of `plan` is based on, where they can be read."""
    if plan.path is None or period is None:
        return None
    for root in figures_roots_for(plan.path):
        found = figures_in(root, plan.id).get(period)
        if found is not None:
            try:
                return load_figures(found, plan)
            except LoadError:
                return None  # its own problems are reported where it is checked
    return None


def _find_plan(plan_id: str, figures_path: Path) -> Plan | None:
    folders = [*default_plan_paths(), figures_path.resolve().parent.parent.parent / "plans"]
    for folder in folders:
        candidate = folder / f"{plan_id}.toml"
        if candidate.is_file():
            try:
                return load_plan(candidate)
            except LoadError:
                return None
    return None
