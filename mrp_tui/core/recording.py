"""The app's two modes for a plan: *Indberetning* (recording a period's reported figures) and
*Scenarie* (what-ifs over them). Pure Python on a `Workbench`, no Textual.

While a plan is recorded, its session's base is the period's reported figures as opened
(`record.open_reported`: the file in `figures/<plan-id>/`, or none yet), and what is typed,
judged (override) and remarked (comment) are the session's changes, saved by `save` through
`record.save_reported`: the complete file, and one log line per change. The cut-off date
`as_of` is the recording's own. Bundled example figures are never a recording's start: a
period with no reported file starts empty, dated the period's last day, so that examples are
never saved as reported figures.

Leaving the recording (`to_scenario`, or `reload_as_scenario` after someone else saved the
period) keeps every typed value as an unsaved what-if over the reported figures: a what-if is
never shown as reported, and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from mrp_tui.core.loader import input_problems, load_figures
from mrp_tui.core.model import INPUT_NAMES, Figures, Inputs, Override, Period
from mrp_tui.core.record import (
    Opened,
    Recording,
    SaveResult,
    check_as_of,
    check_override,
    open_reported,
    reported_path,
    save_reported,
    validate_reported,
)
from mrp_tui.core.whatif import InputValue, Key, WhatIf, base_value

if TYPE_CHECKING:
    from mrp_tui.core.workbench import Workbench


def _typed(session: WhatIf, base: Figures) -> dict[Key, InputValue]:
    """The session's changes that differ from `base`."""
    return {k: v for k, v in session.changes.items() if v != base_value(base, k)}


def start(bench: Workbench, plan_id: str, period: Period, take_along: bool = False) -> WhatIf:
    """Record `period` of the plan: its reported figures as the base (LoadError if the file
    is not valid reported figures). `take_along`: the session's changes come along as typed
    values; else the session must have none unsaved (the caller asks first)."""
    entry = bench.entry(plan_id)
    assert entry.plan is not None
    opened = open_reported(entry.plan, reported_path(entry.path, plan_id, period), period)
    session = WhatIf(plan=entry.plan, base=opened.figures)
    if take_along:
        session = attrs.evolve(session, changes=_typed(bench.session(plan_id), opened.figures))
    as_of = opened.figures.as_of or period.end_date(entry.plan.year)
    bench.records[plan_id] = Recording(period, opened, as_of)
    bench.update(session)
    bench.saved[plan_id] = {}
    bench.scenario_files.pop(plan_id, None)  # ctrl+s now saves the record, not a scenario
    return session


def figures_to_save(bench: Workbench, plan_id: str) -> Figures:
    """The complete reported figures the recording would write."""
    recording = bench.records[plan_id]
    figures = bench.session(plan_id).figures
    return attrs.evolve(figures, as_of=recording.as_of, scenario=None, based_on=None,
                        unsaved=False)


def save(bench: Workbench, plan_id: str, user: str | None = None) -> SaveResult:
    """Save the recording (record.save_reported: RecordRefused, WriteRefused or OSError, with
    nothing written, when it may not). After it the saved figures are the base."""
    recording = bench.records[plan_id]
    session = bench.session(plan_id)
    result = save_reported(session.plan, figures_to_save(bench, plan_id),
                           recording.opened.previous, recording.opened.path, user=user,
                           expected_mtime_ns=recording.opened.mtime_ns)
    opened = Opened(result.path, result.figures, result.mtime_ns)
    bench.records[plan_id] = Recording(recording.period, opened,
                                       result.figures.as_of or recording.as_of)
    bench.update(WhatIf(plan=session.plan, base=result.figures))
    bench.saved[plan_id] = {}
    _know_period(bench, plan_id, recording.period, result.path)
    return result


def changed_on_disk(bench: Workbench, plan_id: str) -> bool:
    """Whether the period's file was saved by someone else since it was opened."""
    opened = bench.records[plan_id].opened
    try:
        mtime = opened.path.stat().st_mtime_ns
    except FileNotFoundError:
        return False
    return mtime != opened.mtime_ns


def _know_period(bench: Workbench, plan_id: str, period: Period, path: Path) -> None:
    """The plan's periods now include `period`, found at `path` (as after a restart)."""
    for i, entry in enumerate(bench.entries):
        if entry.plan is not None and entry.plan.id == plan_id:
            figures = {**entry.figures, period: path}
            bench.entries[i] = attrs.evolve(entry, figures=figures)


def _as_whatif(bench: Workbench, plan_id: str, base: Figures | None) -> WhatIf:
    """Leave the recording: what-ifs over `base` (None: nothing reported), with every value
    typed in the recording as an unsaved change."""
    recording = bench.records[plan_id]
    session = bench.session(plan_id)
    whatif = WhatIf.start(session.plan, base, recording.period)
    whatif = attrs.evolve(whatif, changes=_typed(session, whatif.base))
    del bench.records[plan_id]
    bench.update(whatif)
    bench.saved[plan_id] = {}
    return whatif


def to_scenario(bench: Workbench, plan_id: str) -> WhatIf:
    """'Ny scenarie fra disse tal': what-ifs over the period's reported figures as saved, the
    values typed and not saved as the what-if's changes (never shown as reported)."""
    return _as_whatif(bench, plan_id, bench.records[plan_id].opened.previous)


def reload_as_scenario(bench: Workbench, plan_id: str) -> WhatIf:
    """After someone else saved the period: their figures as the base, and the values typed
    here as unsaved what-if changes over them. LoadError if their file cannot be read (the
    recording then goes on unchanged)."""
    recording = bench.records[plan_id]
    path = recording.opened.path
    current = load_figures(path, bench.session(plan_id).plan) if path.exists() else None
    if current is not None:
        _know_period(bench, plan_id, recording.period, path)
    return _as_whatif(bench, plan_id, current)


# --------------------------------------------------------------------------- checking edits


def set_as_of(bench: Workbench, plan_id: str, as_of: dt.date) -> str | None:
    """Set the recording's cut-off date; or (Danish) why not, the date kept as it was."""
    session = bench.session(plan_id)
    why = check_as_of(session.plan, as_of)
    if why is not None:
        return why
    recording = bench.records[plan_id]
    bench.records[plan_id] = attrs.evolve(recording, as_of=as_of)
    bench.update(session.rebase(attrs.evolve(session.base, as_of=as_of)))
    return None


def override_problem(bench: Workbench, plan_id: str, goal_id: str,
                     override: Override) -> str | None:
    """Why `override` cannot stand on the goal (Danish), or None."""
    return check_override(bench.session(plan_id).plan, goal_id, override)


def _leaf_problem(inputs: Inputs) -> str | None:
    """The loader's rules on one leaf's inputs (as a figures file's), in the app's words:
    the input's Danish label, not its file key."""
    problems = input_problems(inputs, "")
    if not problems:
        return None
    message = problems[0].message
    for key, word in _FIELD_WORDS.items():
        message = message.replace(f'"{key}"', word)
    return message


#: The fields' names in the app's messages, for the file keys the loader's messages quote.
_FIELD_WORDS = {"actual": "faktisk", "baseline": "udgangspunkt", "met": "opfyldt",
                "total": "i alt", "average": "gennemsnit", "values": "sagstider",
                "forecast": "prognose"}


def edit_problem(bench: Workbench, plan_id: str, key: Key, value: InputValue) -> str | None:
    """Why the loader would refuse the goal's figures with `value` for `key` (Danish), or
    None: in a what-if as in a figures file; while recording, also mrp-tui's rules for
    reported figures. The field keeps its last valid value."""
    session = bench.session(plan_id)
    goal_id, sub_id, name = key
    if name in INPUT_NAMES:  # the leaf as it would be (cheap: one leaf, every keystroke)
        leaf = attrs.evolve(session.figures.inputs(goal_id, sub_id), **{name: value})  # type: ignore[arg-type]
        why = _leaf_problem(leaf)
        if why is not None:
            return why
    recording = bench.records.get(plan_id)
    if recording is None:
        return None
    goal = session.set(key, value).figures.for_goal(goal_id)
    alone = Figures(plan=session.plan.id, period=recording.period, as_of=recording.as_of,
                    goals={goal_id: goal})
    problems = validate_reported(session.plan, alone)
    if problems:
        return f"kan ikke gemmes som indberettede tal: {problems[0].message}"
    return None
