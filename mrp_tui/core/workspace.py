"""Where plans, figures and scenarios live, and finding them.

Layout (see docs/files.md): plans in `<root>/plans/<plan-id>.toml`, figures in
`<root>/figures/<plan-id>/<period>.toml`, scenarios in `<root>/scenarios/<plan-id>/<name>.toml`.
With no path given, `./plans/` is used when it exists, else the plans bundled with the package.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from attrs import field, frozen

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import os_error, t
from mrp_tui.core.loader import load_figures, load_plan, read_toml
from mrp_tui.core.model import Figures, Period, Plan

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_root() -> Path:
    """The example workspace shipped in the wheel, or the source checkout when run from it."""
    packaged = PACKAGE_DIR / "data"
    if (packaged / "plans").is_dir():
        return packaged
    return PACKAGE_DIR.parent


def default_plan_paths() -> list[Path]:
    local = Path("plans")
    return [local] if local.is_dir() else [bundled_root() / "plans"]


def default_check_paths() -> list[Path]:
    """What `--check` with no PATH checks: the default plans and the figures found for them
    (`./figures/`, and for the bundled plans their example figures too)."""
    plans = default_plan_paths()
    return [*plans, *(f for f in figures_roots_for(plans[0] / "any.toml") if f.is_dir())]


def is_bundled(path: Path) -> bool:
    """A file of the bundled workspace: inside the installed package, or, where the package
    runs from its source checkout (an editable install), that checkout's own `plans/`."""
    resolved = path.resolve()
    return resolved.is_relative_to(PACKAGE_DIR) or resolved.is_relative_to(
        (bundled_root() / "plans").resolve())


def figures_root_for(plan_path: Path) -> Path:
    """`figures/` beside the plans folder; where there is none, the example figures in
    `fixtures/figures/` (as in this repository and the bundled plans), marked as examples."""
    root = plan_path.resolve().parent.parent
    if not (root / "figures").is_dir() and (root / "fixtures" / "figures").is_dir():
        return root / "fixtures" / "figures"
    return root / "figures"


def reported_root_for(plan_path: Path) -> Path:
    """Where the reported figures of a plan are written: `figures/` beside the plans folder;
    for the bundled plans (`is_bundled`) `./figures/` of the current folder. Never the example
    figures."""
    if is_bundled(plan_path):
        return Path.cwd() / "figures"
    return plan_path.resolve().parent.parent / "figures"


def figures_roots_for(plan_path: Path) -> list[Path]:
    """Where a plan's figures are looked for, the first found per period winning: the reported
    figures' folder, then the example figures: for the bundled plans always theirs, else
    `figures_root_for` where that is another folder."""
    reported = reported_root_for(plan_path)
    if is_bundled(plan_path):
        examples = bundled_root() / "fixtures" / "figures"
        return [reported, examples] if examples.is_dir() else [reported]
    conventional = figures_root_for(plan_path)
    return [reported] if conventional == reported else [reported, conventional]


def scenarios_root_for(plan_path: Path) -> Path:
    """`scenarios/` beside the plans folder; for the bundled plans, `./scenarios/` of the
    current folder (as documented), never inside the package or the clone it runs from."""
    if is_bundled(plan_path):
        return Path.cwd() / "scenarios"
    return plan_path.resolve().parent.parent / "scenarios"


def _mapping(value: Mapping[Period, Path]) -> Mapping[Period, Path]:
    return MappingProxyType(dict(sorted(value.items(), key=lambda kv: list(Period).index(kv[0]))))


@frozen
class PlanEntry:
    """A plan file as found: loaded, or with the problems that stopped it loading."""

    path: Path
    plan: Plan | None
    problems: tuple[Problem, ...] = ()
    figures: Mapping[Period, Path] = field(factory=dict, converter=_mapping)

    @property
    def latest_period(self) -> Period | None:
        return list(self.figures)[-1] if self.figures else None

    def load_figures(self, period: Period | None) -> Figures | None:
        """The figures reported for `period` (None: the latest); LoadError if they are bad."""
        period = period or self.latest_period
        if self.plan is None or period is None or period not in self.figures:
            return None
        # Picked by its name: the file must say that period (and be no scenario).
        return load_figures(self.figures[period], self.plan, period)


def files_under(folder: Path, suffix: str = ".toml") -> Iterator[Path]:
    """Every file below `folder` whose name ends in `suffix`, however deep, without following
    links to folders. (A loop, not recursion as `rglob` is: a tree 1,200 folders deep is no
    reason to crash.)"""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError:
            continue  # unreadable or vanished: what can be read is still checked
        for entry in listed:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(current / entry.name)
                elif entry.name.endswith(suffix):
                    yield current / entry.name
            except OSError:
                continue


def expand(paths: Iterable[Path], recursive: bool = False) -> tuple[list[Path], list[Problem]]:
    """TOML files named or found in folders, in a stable order; missing paths are problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as err:
            problems.append(Problem(path, _missing(err)))
            continue
        if stat.S_ISDIR(mode):
            found = sorted(files_under(path) if recursive else path.glob("*.toml"))
            if not found:
                problems.append(Problem(path, t("ingen .toml-filer i denne mappe",
                                                "no .toml files in this folder")))
            files.extend(found)
        elif stat.S_ISREG(mode):
            files.append(path)
        else:  # a device (/dev/zero), a pipe or a socket: reading it could never end
            problems.append(Problem(path, t("ikke en almindelig fil", "not a regular file")))
    return files, problems


def _missing(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return t("ingen sådan fil eller mappe", "no such file or folder")
    return t("kan ikke læses: {reason}", "cannot be read: {reason}", reason=os_error(err))


def figures_in(root: Path, plan_id: str) -> dict[Period, Path]:
    folder = root / plan_id
    return {p: folder / f"{p.value}.toml" for p in Period if (folder / f"{p.value}.toml").is_file()}


def _figures_file_key(path: Path) -> tuple[str, Period] | list[Problem]:
    """The plan id and period a figures file says it is for; else what is wrong with it.
    Only a peek: the file is checked in full against its plan when it is scored."""
    try:
        data, _ = read_toml(path)
    except LoadError as err:
        return list(err.problems)
    plan_id, period = data.get("plan"), data.get("based_on") or data.get("period")
    if isinstance(plan_id, str) and period in {p.value for p in Period}:
        return plan_id, Period(period)
    try:
        load_figures(path)
    except LoadError as err:
        return list(err.problems)
    return [Problem(path, t("ikke en talfil: mangler nøglerne `plan` og `period`",
                            "not a figures file: needs `plan` and `period` keys"))]


def duplicate_plan(plan: Plan, first: Plan) -> Problem:
    """Two files of the same plan id: which one counts would be a guess, so the second is
    refused, naming both."""
    return Problem(plan.path, t('plan-id\'et "{id}" er allerede givet af {first}; en plan må '
                                "kun gives én gang",
                                'plan id "{id}" is already given by {first}; a plan may be '
                                "given only once", id=plan.id, first=first.path))


def discover(plan_files: Iterable[Path], figures: Iterable[Path] = ()) -> list[PlanEntry]:
    """Load each plan file and find its figures: `--figures` paths first, else the convention.

    A figures path may be a file (its `plan` and `period` keys say where it belongs) or a folder
    laid out as `<folder>/<plan-id>/<period>.toml`. A file for a plan that is not among
    `plan_files` is a problem, not silently left out.
    """
    figure_dirs: list[Path] = []
    figure_files: dict[str, dict[Period, Path]] = {}
    problems: list[Problem] = []
    for path in figures:
        if path.is_dir():
            figure_dirs.append(path)
            continue
        key = _figures_file_key(path)
        if isinstance(key, list):
            problems.extend(key)
        else:
            figure_files.setdefault(key[0], {})[key[1]] = path

    entries = []
    loaded: dict[str, Plan] = {}
    for path in plan_files:
        try:
            plan = load_plan(path)
        except LoadError as err:
            entries.append(PlanEntry(path, None, err.problems))
            continue
        if plan.id in loaded:
            entries.append(PlanEntry(path, None, (duplicate_plan(plan, loaded[plan.id]),)))
            continue
        loaded[plan.id] = plan
        found: dict[Period, Path] = {}
        roots = figure_dirs if (figure_dirs or figure_files) else figures_roots_for(path)[::-1]
        for root in roots:  # the later root wins a period both have
            found.update(figures_in(root, plan.id))
        found.update(figure_files.pop(plan.id, {}))
        entries.append(PlanEntry(path, plan, (), found))
    for plan_id, files in figure_files.items():
        for file in files.values():
            problems.append(Problem(file, t('tal for planen "{id}", som ikke er blandt de '
                                            "angivne planer",
                                            'figures for plan "{id}", which is not among the '
                                            "plans given", id=plan_id),
                                    where=t("øverste niveau", "top level")))
    if problems:
        entries.append(PlanEntry(Path("--figures"), None, tuple(problems)))
    return entries


def figures_for(entry: PlanEntry, period: Period | None,
                scenario: Figures | None = None) -> Figures | None:
    """The figures to score `entry` with: the period's, with `scenario` laid over them."""
    assert entry.plan is not None
    if scenario is None or scenario.plan != entry.plan.id:
        return entry.load_figures(period)
    base = entry.load_figures(scenario.based_on)
    if base is None:
        base = Figures.empty(entry.plan, scenario.based_on or Period.YEAR)
    return base.apply(scenario)
