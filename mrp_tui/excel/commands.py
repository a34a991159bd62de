"""`mrp-tui --template` and `mrp-tui --import`: finding the plan, the period's reported figures,
and what an import changes. The CLI calls `run_template` and `run_import`; both return an exit
code and print one line per problem (Danish, naming the file and the cell) on stderr."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from mrp_tui.core.danish import PERIOD_DA, date, number
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.model import Figures, Period, Plan, Status
from mrp_tui.core.record import (
    Change,
    Opened,
    check_as_of,
    diff_figures,
    open_reported,
    reported_path,
    save_reported,
    validate_reported,
)
from mrp_tui.core.scoring import score_plan
from mrp_tui.core.text import neutralise
from mrp_tui.core.workspace import PlanEntry, default_plan_paths, discover, expand
from mrp_tui.core.writer import figures_to_toml
from mrp_tui.excel.fields import FIELD_LABELS, VERDICT_WORDS
from mrp_tui.excel.importer import (
    ImportFailed,
    Sheet,
    loader_problems,
    merge,
    merged_figures,
    read_about,
    read_cells,
)

EXIT_OK, EXIT_BAD_INPUT = 0, 2


class CommandFailed(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _fail(message: str, path: Path | None = None, where: str | None = None) -> CommandFailed:
    return CommandFailed([Problem(path, message, where=where)])


def find_plan(spec: str, paths: Sequence[Path]) -> PlanEntry:
    """The plan named by `spec`: a plan file, or a plan id among the plans in `paths`."""
    given = Path(spec)
    if spec.endswith(".toml") or given.is_file():
        files, problems = expand([given])
    else:
        files, problems = expand(list(paths) or default_plan_paths())
    if problems:
        raise CommandFailed(problems)
    entries = discover(files)
    if spec.endswith(".toml") or given.is_file():
        wanted = entries
    else:
        wanted = [e for e in entries if (e.plan.id if e.plan else e.path.stem) == spec]
    if not wanted:
        ids = ", ".join(sorted(e.plan.id for e in entries if e.plan)) or "ingen"
        raise _fail(f"planen «{neutralise(spec, one_line=True)}» findes ikke blandt planerne "
                    f"({ids})")
    if wanted[0].plan is None:
        raise CommandFailed(wanted[0].problems)
    return wanted[0]


def _opened(entry: PlanEntry, period: Period) -> Opened:
    """The period's reported figures as the app opens them for recording (empty if none)."""
    assert entry.plan is not None
    path = reported_path(entry.path, entry.plan.id, period)
    try:
        return open_reported(entry.plan, path, period)
    except LoadError as err:
        raise CommandFailed(err.problems) from None


# --------------------------------------------------------------------------- --template


def run_template(spec: str, period: Period | None, output: Path | None,
                 paths: Sequence[Path]) -> int:
    from mrp_tui.excel.template import template_workbook

    try:
        if period is None:
            raise _fail("--template kræver --period (Q1, Q2, Q3 eller year)")
        binary_destination(output, "--template")
        entry = find_plan(spec, paths)
        assert entry.plan is not None
        data = template_workbook(entry.plan, period, _opened(entry, period).previous)
        write_binary(output, data)
    except CommandFailed as err:
        _report(err.problems)
        return EXIT_BAD_INPUT
    return EXIT_OK


def binary_destination(output: Path | None, option: str) -> None:
    """A workbook is written to --output, or to stdout when that is not a terminal."""
    if output is None and sys.stdout.isatty():
        raise _fail(f"{option} skriver en xlsx-fil (binære data); angiv --output FIL.xlsx, "
                    "eller send uddata til en fil")


def write_binary(output: Path | None, data: bytes) -> None:
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from mrp_tui.core.writer import WriteRefused, atomic_write

    try:
        atomic_write(output, data)
    except WriteRefused as err:
        raise _fail(str(err), output) from None
    except OSError as err:
        raise _fail(f"kan ikke skrive: {err.strerror or err}", output) from None


def _report(problems: Sequence[Problem], limit: int = 200) -> None:
    for problem in problems[:limit]:
        text = str(problem) if problem.path is not None else \
            f"mrp-tui: {neutralise(problem.message, one_line=True)}"
        print(text, file=sys.stderr)
    if len(problems) > limit:
        print(f"mrp-tui: … og {len(problems) - limit} problemer mere", file=sys.stderr)


# --------------------------------------------------------------------------- --import


def _choose(book_sheet: Sheet, plan_spec: str | None, period: Period | None,
            path: Path) -> tuple[str, Period]:
    """Plan and period: from sheet `Om`, checked against --plan/--period where both say."""
    problems = []
    plan_id = book_sheet.plan_id
    if plan_spec is not None and plan_id is not None:
        wanted = Path(plan_spec).stem if plan_spec.endswith(".toml") else plan_spec
        if wanted != plan_id:
            problems.append(Problem(path, f"arket er til planen «{neutralise(plan_id, True)}», "
                                          f"ikke {neutralise(wanted, True)} (--plan)",
                                    where=book_sheet.plan_cell.ref if book_sheet.plan_cell
                                    else None))
    if book_sheet.period is not None and period is not None and book_sheet.period != period:
        problems.append(Problem(path, f"arket er til perioden {book_sheet.period.value}, ikke "
                                      f"{period.value} (--period)",
                                where=book_sheet.period_cell.ref if book_sheet.period_cell
                                else None))
    chosen_plan = plan_spec or plan_id
    chosen_period = period or book_sheet.period
    if chosen_plan is None:
        problems.append(Problem(path, "planen står ikke på arket «Om»; angiv --plan"))
    if chosen_period is None:
        problems.append(Problem(path, "perioden står ikke på arket «Om»; angiv --period"))
    if problems:
        raise CommandFailed(problems)
    assert chosen_plan is not None and chosen_period is not None
    return chosen_plan, chosen_period


@frozen
class Outcome:
    plan: Plan
    period: Period
    opened: Opened
    figures: Figures
    #: Inputs, overrides and comments that change (as the change log will have them).
    changes: tuple[Change, ...]
    #: The file's own fields that change: (label, old, new).
    fields: tuple[tuple[str, object, object], ...]

    @property
    def anything(self) -> bool:
        return bool(self.changes or self.fields)


def prepare_import(path: Path, plan_spec: str | None, period: Period | None,
                   paths: Sequence[Path]) -> Outcome:
    """Everything an import would do, done in memory; CommandFailed lists every problem."""
    from mrp_tui.excel.reading import ReadFailed, read_book

    try:
        book = read_book(path)
        about = read_about(book)
    except (ReadFailed, ImportFailed) as err:
        raise CommandFailed(err.problems) from None
    spec, chosen = _choose(about, plan_spec, period, path)
    entry = find_plan(spec, paths)
    plan = entry.plan
    assert plan is not None
    if about.plan_id is not None and about.plan_id != plan.id:
        raise _fail(f"arket er til planen «{neutralise(about.plan_id, True)}», ikke {plan.id}",
                    path, about.plan_cell.ref if about.plan_cell else None)
    if about.as_of is not None and (why := check_as_of(plan, about.as_of)) is not None:
        raise _fail(why, path, about.as_of_cell.ref if about.as_of_cell else None)
    opened = _opened(entry, chosen)
    base = tomllib.loads(figures_to_toml(opened.figures))
    as_of = about.as_of or opened.figures.as_of or chosen.end_date(plan.year)
    filled, comments, problems = read_cells(book, plan, chosen, as_of)
    merged = merge(base, filled, comments)
    merged["as_of"] = as_of
    if about.source is not None:
        merged["source"] = about.source
    try:
        figures = merged_figures(opened.path, plan, merged)
    except LoadError as err:
        problems += loader_problems(book, plan, chosen, as_of, merged, filled, err.problems)
    if problems:
        raise CommandFailed(sorted(problems, key=_cell_order))
    problems = validate_reported(plan, figures, opened.path)
    if problems:
        raise CommandFailed(problems)
    old = opened.previous
    fields = tuple((label, getattr(old, key) if old else None, getattr(figures, key))
                   for key, label in (("as_of", "Opgjort pr."), ("source", "Kilde"))
                   if (getattr(old, key) if old else None) != getattr(figures, key))
    return Outcome(plan, chosen, opened, figures, diff_figures(old, figures, plan), fields)


def _shown(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, Status):
        return VERDICT_WORDS.get(value, value.value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value, 10)
    if isinstance(value, tuple):
        return _clip("; ".join(number(v, 10) for v in value))
    if isinstance(value, dt.date):
        return date(value)
    return "«" + _clip(neutralise(str(value), one_line=True)) + "»"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_order(problem: Problem) -> tuple[int, str]:
    """Problems in the order of the sheet's rows."""
    where = problem.where or ""
    digits = "".join(c for c in where.rpartition("!")[2] if c.isdigit())
    return (int(digits) if digits else 0, where)


def describe(outcome: Outcome, source: Path, dry_run: bool) -> list[str]:
    plan, period = outcome.plan, outcome.period
    lines = [f"{neutralise(str(source), True)} → {neutralise(plan.agency, True)} {plan.year}, "
             f"{PERIOD_DA[period.value]} ({neutralise(str(outcome.opened.path), True)})"]
    if not outcome.anything:
        lines.append("Ingen ændringer: de udfyldte celler svarer til de indberettede tal.")
        return lines
    for change in outcome.changes:
        label = FIELD_LABELS.get(change.key) or _KEY_LABELS.get(change.key, change.key)
        where = neutralise(change.goal, True)
        if change.subgoal is not None:
            where += f" delmål {neutralise(change.subgoal, True)}"
        lines.append(f"  {where} · {label}: {_shown(change.old)} → {_shown(change.new)}")
    for label, old, new in outcome.fields:
        lines.append(f"  {label}: {_shown(old)} → {_shown(new)}")
    before = score_plan(plan, outcome.opened.previous)
    after = score_plan(plan, outcome.figures)
    lines.append(f"Point: {number(before.earned)} → {number(after.earned)} af "
                 f"{number(plan.points)}")
    for b, a in zip(before.goals, after.goals, strict=True):
        if b.earned != a.earned:
            lines.append(f"  {neutralise(a.goal.id, True)}: {number(b.earned)} → "
                         f"{number(a.earned)}")
    if dry_run:
        lines.append("Prøvekørsel (--dry-run): intet er gemt.")
    return lines


_KEY_LABELS = {"comment": "Bemærkning", "override": "Tilsidesættelse"}


def run_import(path: Path, plan_spec: str | None, period: Period | None, dry_run: bool,
               paths: Sequence[Path]) -> int:
    try:
        outcome = prepare_import(path, plan_spec, period, paths)
    except CommandFailed as err:
        _report(err.problems)
        return EXIT_BAD_INPUT
    lines = describe(outcome, path, dry_run)
    if outcome.anything and not dry_run:
        try:
            lines.append(save(outcome, path))
        except CommandFailed as err:
            _report(err.problems)
            return EXIT_BAD_INPUT
    sys.stdout.flush()
    sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("utf-8"))
    sys.stdout.buffer.flush()
    return EXIT_OK


def save(outcome: Outcome, source: Path) -> str:
    """Write the merged figures exactly as the app's "Gem som indberettede tal" does: the
    complete file through the atomic writer, and one change-log line per change."""
    from mrp_tui.core.writer import WriteRefused

    try:
        saved = save_reported(outcome.plan, outcome.figures, outcome.opened.previous,
                              outcome.opened.path, reason=f"Import fra {source.name}",
                              expected_mtime_ns=outcome.opened.mtime_ns)
    except WriteRefused as err:
        problems = getattr(err, "problems", None) or [Problem(outcome.opened.path, str(err))]
        raise CommandFailed(problems) from None
    except OSError as err:
        raise _fail(f"kan ikke skrive: {err.strerror or err}", outcome.opened.path) from None
    if saved.log_error is not None:
        raise _fail(saved.log_error, saved.log_path)
    count = len(saved.changes)
    return (f"Gemt: {neutralise(str(saved.path), True)} ({count} "
            f"{'linje' if count == 1 else 'linjer'} i {neutralise(saved.log_path.name, True)})")
