"""`mrp-tui --check`: validate plans and figures, and warn where a plan is incomplete."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from attrs import frozen

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.loader import load_plan, parse_figures, parse_plan, read_toml
from mrp_tui.core.model import Plan
from mrp_tui.core.workspace import default_plan_paths, expand


def plan_warnings(plan: Plan) -> list[Problem]:
    """What the document leaves open: weights that miss 100, goals with no weight or target."""
    warnings: list[Problem] = []

    def warn(where: str | None, message: str) -> None:
        warnings.append(Problem(plan.path, message, where=where, severity="warning"))

    for goal in plan.goals:
        if goal.points is None:
            warn(f"goal {goal.id}", "no weight (points) stated; it counts for nothing")
        if goal.measure is not None and not goal.measure.has_target:
            warn(f"goal {goal.id}", "no target stated; it is scored as pending")
        for sub in goal.subgoals:
            if not sub.measure.has_target:
                warn(f"goal {goal.id} subgoal {sub.id}", "no target stated; scored as pending")
    if abs(plan.points - 100) > 1e-9:
        warn(None, f"the stated points add up to {plan.points:g}, not 100")
    return warnings


@frozen
class FileReport:
    path: Path
    summary: str | None
    problems: tuple[Problem, ...]


def check_paths(paths: Iterable[Path]) -> list[FileReport]:
    """Check every plan and figures file named or found (recursively) under `paths`."""
    files, missing = expand(paths, recursive=True)
    reports = [FileReport(p.path or Path("."), None, (p,)) for p in missing]
    parsed: list[tuple[Path, dict[str, object], str]] = []
    for path in files:
        try:
            data, text = read_toml(path)
        except LoadError as err:
            reports.append(FileReport(path, None, err.problems))
            continue
        parsed.append((path, data, text))

    plans: dict[str, Plan] = {}
    # Plans first, so that figures in the same run are checked against them.
    for path, data, text in parsed:
        if not _is_figures(data):
            try:
                plan = parse_plan(data, path, text)
            except LoadError as err:
                reports.append(FileReport(path, None, err.problems))
                continue
            plans[plan.id] = plan
            summary = (f"plan {plan.id}: {len(plan.goals)} goals, "
                       f"{plan.points:g} points stated")
            reports.append(FileReport(path, summary, tuple(plan_warnings(plan))))
    for path, data, text in parsed:
        if _is_figures(data):
            reports.append(_check_figures_file(path, data, text, plans))
    order = {p: n for n, p in enumerate(files)}
    return sorted(reports, key=lambda r: order.get(r.path, -1))


def _is_figures(data: dict[str, object]) -> bool:
    return isinstance(data.get("plan"), str)


def _check_figures_file(path: Path, data: dict[str, object], text: str,
                        plans: dict[str, Plan]) -> FileReport:
    plan_id = str(data["plan"])
    plan = plans.get(plan_id) or _find_plan(plan_id, path)
    if plan is None:
        return FileReport(path, None, (Problem(
            path, f'no plan "{plan_id}" found to check these figures against '
                  "(name the plan file too)", where="top level"),))
    try:
        figures = parse_figures(data, path, text, plan)
    except LoadError as err:
        return FileReport(path, None, err.problems)
    kind = f"scenario {figures.scenario!r}" if figures.scenario else "figures"
    return FileReport(path, f"{kind} for {plan.id}, {figures.period.value}", ())


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
