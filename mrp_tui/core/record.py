"""The year's record: a period's reported figures, saved whole, and every change logged.

`save_reported` writes `figures/<plan-id>/<period>.toml` complete (format, plan, period, as_of,
every input, overrides, comments, source) through the atomic writer, and appends one line per
changed input, override and comment to `figures/<plan-id>/changes.jsonl` (plan-format.md §2).
It never writes what the loader would refuse, never over a file that changed on disk since it
was opened, and of two saving the same period at once exactly one wins: the folder is locked
while the file is checked, replaced and the log appended. Used by the app and the Excel import.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attrs import frozen

from mrp_tui.core.changelog import LogEntry, describe_value, encode_entries, log_path
from mrp_tui.core.danish import date, number
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.loader import load_figures, parse_figures
from mrp_tui.core.model import INPUT_NAMES, Figures, GoalFigures, Override, Period, Plan
from mrp_tui.core.workspace import PACKAGE_DIR, reported_root_for
from mrp_tui.core.writer import (
    WriteRefused,
    access_refusal,
    atomic_write,
    check_unchanged,
    figures_to_toml,
    folder_lock,
    make_folder,
    refuse_inside,
    writable_target,
)

#: The loader refuses larger files (loader.MAX_FILE_BYTES); so the writer refuses to make one.
MAX_FIGURES_BYTES = 1024 * 1024


class RecordRefused(WriteRefused):
    """Figures that may not be saved as they are; `problems` says each thing wrong (Danish
    where mrp-tui's own rule, the loader's words where the loader's rule)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message if p.where is None else f"{p.where}: {p.message}"
                                   for p in self.problems))


# --------------------------------------------------------------------------- changes


def json_value(value: Any) -> Any:
    """A figures value as the log holds it: numbers (2.0 as 2), ISO dates, status words,
    lists, and an override as {"status", "earned", "reason"}."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    if isinstance(value, Override):
        return {"status": value.status.value, "earned": json_value(value.earned),
                "reason": value.reason}
    return value.value if hasattr(value, "value") else value


@frozen
class Change:
    """One input, override or comment of one goal, as it was and as it is (None: none)."""

    goal: str
    subgoal: str | None
    #: An input name, "override" or "comment".
    key: str
    old: Any
    new: Any

    def describe(self, lang: str = "da") -> str:
        """'1.a delmål 1 actual: 112 → 120'. Not neutralised: show it through the one door."""
        where = self.goal + (f" {'delmål' if lang == 'da' else 'subgoal'} {self.subgoal}"
                             if self.subgoal is not None else "")
        old = describe_value(self.key, json_value(self.old), lang)
        new = describe_value(self.key, json_value(self.new), lang)
        return f"{where} {self.key}: {old} → {new}"


def _goal_changes(goal_id: str, old: GoalFigures, new: GoalFigures,
                  subgoal_order: Iterable[str]) -> Iterator[Change]:
    leaves: list[str | None] = [None, *subgoal_order]
    leaves += sorted((set(old.subgoals) | set(new.subgoals)) - {s for s in leaves if s})
    for sub in leaves:
        before, after = old.for_leaf(sub), new.for_leaf(sub)
        if before == after:
            continue
        for key in INPUT_NAMES:
            was, now = getattr(before, key), getattr(after, key)
            if was != now:
                yield Change(goal_id, sub, key, was, now)
    if old.override != new.override:
        yield Change(goal_id, None, "override", old.override, new.override)
    if old.comment != new.comment:
        yield Change(goal_id, None, "comment", old.comment, new.comment)


def diff_figures(old: Figures | None, new: Figures, plan: Plan | None = None
                 ) -> tuple[Change, ...]:
    """Every input, override and comment that differs between `old` (None: no figures yet)
    and `new`, goal by goal (in the plan's order with `plan`), leaf by leaf. 2 and 2.0 are
    the same value."""
    old_goals = old.goals if old is not None else {}
    subgoals = {g.id: [s.id for s in g.subgoals] for g in plan.goals} if plan else {}
    goal_ids = [g for g in subgoals if g in old_goals or g in new.goals]
    goal_ids += sorted((set(old_goals) | set(new.goals)) - set(goal_ids))
    changes: list[Change] = []
    for goal_id in goal_ids:
        subs = subgoals.get(goal_id, [])
        changes.extend(_goal_changes(goal_id, old_goals.get(goal_id, GoalFigures()),
                                     new.for_goal(goal_id), subs))
    return tuple(changes)


# --------------------------------------------------------------------------- where, and opening


def login_name() -> str:
    """The user's login name, for the log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "ukendt"


def reported_path(plan_path: Path, plan_id: str, period: Period) -> Path:
    """`figures/<plan-id>/<period>.toml` where this plan's reported figures are written (for
    the bundled plans under `./figures/`: see `workspace.reported_root_for`)."""
    return reported_root_for(plan_path) / plan_id / f"{period.value}.toml"


@frozen
class Opened:
    """A period's reported figures as opened for editing: the file's (`mtime_ns` is its
    modification time then), or, where there is no file yet, empty ones (`mtime_ns` None)."""

    path: Path
    figures: Figures
    mtime_ns: int | None

    @property
    def previous(self) -> Figures | None:
        """What the file held: the `previous` of `save_reported`."""
        return self.figures if self.mtime_ns is not None else None


@frozen
class Recording:
    """A plan's period being recorded: the file as opened, and the cut-off date as typed."""

    period: Period
    opened: Opened
    as_of: dt.date

    @property
    def as_of_changed(self) -> bool:
        return self.as_of != self.opened.figures.as_of

    @property
    def is_new(self) -> bool:
        """No reported figures of this period were saved yet."""
        return self.opened.mtime_ns is None


def open_reported(plan: Plan, path: Path, period: Period) -> Opened:
    """Open `path` for recording `period`; LoadError if it is not valid reported figures."""
    try:
        mtime = path.stat().st_mtime_ns  # before reading: a later change is then seen
    except FileNotFoundError:
        return Opened(path, Figures.empty(plan, period), None)
    figures = load_figures(path, plan)
    if figures.scenario is not None or figures.period is not period:
        raise LoadError([Problem(path, f"ikke indberettede tal for {period.value}: et "
                                       "scenarie eller en anden periode", where="top level")])
    return Opened(path, figures, mtime)


# --------------------------------------------------------------------------- validating


def check_as_of(plan: Plan, as_of: dt.date | None) -> str | None:
    """Why `as_of` cannot be the cut-off date of the plan's figures, or None."""
    if as_of is None:
        return "opgørelsesdatoen mangler"
    if not plan.valid_from <= as_of <= plan.valid_to:
        return (f"opgørelsesdatoen {date(as_of)} ligger uden for planens år "
                f"({date(plan.valid_from)}–{date(plan.valid_to)})")
    return None


def check_override(plan: Plan, goal_id: str, override: Override) -> str | None:
    """Why `override` cannot stand on the goal, or None: a reason is required, and earned
    points lie within 0..the goal's points."""
    if not override.reason.strip():
        return "en tilsidesættelse skal have en begrundelse"
    points = next((g.points for g in plan.goals if g.id == goal_id), None) or 0
    earned = override.earned
    if earned is not None and not 0 <= earned <= points:
        return (f"tildelte point skal være mellem 0 og målets {number(points, 6)}, "
                f"ikke {number(earned, 6)}")
    return None


def _checked(plan: Plan, figures: Figures, path: Path | None
             ) -> tuple[str, Figures | None, list[Problem]]:
    """The text, the figures as the loader reads that text back (None if it refuses it),
    and every problem."""
    problems: list[Problem] = []

    def refuse(message: str, where: str | None = None) -> None:
        problems.append(Problem(path, message, where=where))

    if figures.scenario is not None or figures.based_on is not None:
        refuse("et scenarie kan ikke gemmes som indberettede tal")
    if figures.plan != plan.id:
        refuse(f'tallene er til planen "{figures.plan}", ikke "{plan.id}"')
    if (why := check_as_of(plan, figures.as_of)) is not None:
        refuse(why)
    for goal_id, goal_figures in figures.goals.items():
        if goal_figures.override is not None:
            why = check_override(plan, goal_id, goal_figures.override)
            if why is not None:
                refuse(why, f"mål {goal_id}")
    text = figures_to_toml(figures)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        refuse("teksten indeholder tegn, der ikke kan gemmes som UTF-8")
        return text, None, problems
    if size > MAX_FIGURES_BYTES:
        refuse(f"filen ville fylde {size:,} byte; grænsen er {MAX_FIGURES_BYTES:,} byte")
    try:
        # Without the text: it only points problems at lines, and this file has none yet;
        # finding a 200-goal file's table headers again would cost more than the rest.
        read_back = parse_figures(tomllib.loads(text), path, "", plan)
    except LoadError as err:
        problems.extend(err.problems)
        return text, None, problems
    return text, read_back, problems


def validate_reported(plan: Plan, figures: Figures, path: Path | None = None
                      ) -> list[Problem]:
    """Every reason `figures` may not be saved as reported figures: mrp-tui's own rules
    (reported, not a scenario; as_of in the plan's year; an override with a reason and
    earned points within the goal's; at most 1 MiB) and, on the very text that would be
    written, the loader's. Empty: they may."""
    return _checked(plan, figures, path)[2]


# --------------------------------------------------------------------------- saving


@frozen
class SaveResult:
    path: Path
    #: The saved file's modification time: the `expected_mtime_ns` of the next save.
    mtime_ns: int
    #: The figures as saved (read back as the loader reads them, `path` set).
    figures: Figures
    #: What changed against `previous`, each logged as one line.
    changes: tuple[Change, ...]
    log_path: Path
    #: Where the figures were saved but the log could not be appended to (a full disk):
    #: why, in Danish; else None.
    log_error: str | None = None


def _check_place(plan: Plan, figures: Figures, path: Path) -> None:
    expected = f"{plan.id}/{figures.period.value}.toml"
    if f"{path.parent.name}/{path.name}" != expected:
        raise RecordRefused([Problem(path, f"indberettede tal for {figures.period.value} "
                                           f"gemmes som figures/{expected}")])
    folders = [PACKAGE_DIR] + ([plan.path.parent] if plan.path is not None else [])
    refuse_inside(path, folders, f"{path}: indberettede tal skrives aldrig blandt planerne "
                                 "eller i den installerede pakke")


def _log_entries(changes: Iterable[Change], period: Period, user: str,
                 reason: str | None) -> str:
    at = dt.datetime.now().astimezone().replace(microsecond=0)
    entries = []
    for change in changes:
        why = reason
        if why is None and change.key == "override" and isinstance(change.new, Override):
            why = change.new.reason
        entries.append(LogEntry(at, user, period, change.goal, change.subgoal, change.key,
                                json_value(change.old), json_value(change.new), why))
    return encode_entries(entries)


def _open_log(path: Path) -> int:
    writable_target(path)  # a pipe or device named changes.jsonl is refused
    try:
        return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as err:
        raise (access_refusal(err, path.parent) or err) from None


def _append(fd: int, text: str) -> None:
    """One write for the whole batch (O_APPEND: it lands at the end, whole), then to disk."""
    data = text.encode("utf-8")
    while data:
        data = data[os.write(fd, data):]
    os.fsync(fd)


def save_reported(plan: Plan, figures: Figures, previous: Figures | None, path: Path,
                  user: str | None = None, reason: str | None = None,
                  expected_mtime_ns: int | None = None) -> SaveResult:
    """Save `figures` as the reported figures of their period at `path` and log what changed
    against `previous` (the figures as opened; None for a new file).

    `expected_mtime_ns` is the file's mtime when opened (`Opened.mtime_ns`); None means there
    was no file, and one that exists now was saved by someone else. Either way a file changed
    since is not overwritten: WriteRefused, and nothing is written. `user` defaults to the
    login name; `reason` goes on every log line (an override's line falls back on the
    override's own reason). RecordRefused (a WriteRefused) lists what the rules refuse.
    """
    _check_place(plan, figures, path)
    text, written, problems = _checked(plan, figures, path)
    if problems or written is None:
        raise RecordRefused(problems)
    changes = diff_figures(previous, written, plan)
    user = user or login_name()
    folder = writable_target(path).parent
    log = log_path(folder)
    make_folder(folder)
    with folder_lock(folder):
        check_unchanged(writable_target(path), expected_mtime_ns, new=expected_mtime_ns is None)
        # Timed in the lock, so that the log's times run forward as its lines do.
        entries = _log_entries(changes, written.period, user, reason)
        # The log is opened before the figures are written: one we may not write stops the
        # save. With nothing to log, it is not touched (nor created).
        fd = _open_log(log) if entries else None
        try:
            mtime = atomic_write(path, text, expected_mtime_ns, expected_mtime_ns is None,
                                 lock=False)
            if fd is not None:
                try:
                    _append(fd, entries)
                except OSError as err:
                    return SaveResult(path, mtime, written, changes, log,
                                      f"tallene er gemt, men ændringsloggen {log} kunne ikke "
                                      f"skrives: {err.strerror or err}")
        finally:
            if fd is not None:
                os.close(fd)
    return SaveResult(path, mtime, written, changes, log)
