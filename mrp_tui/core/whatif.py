"""What-if editing: a plan's reported figures with typed changes laid over them.

`WhatIf` is immutable: every edit, undo or revert returns a new one, and the reported figures
are never touched. The app holds the current `WhatIf`; saving writes its changes as a scenario.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType

import attrs
from attrs import field, frozen

from mrp_tui.core.model import Figures, Period, Plan, Status
from mrp_tui.core.results import PlanResult
from mrp_tui.core.scoring import rescore_goals, score_plan

#: (goal id, subgoal id or None, input name)
Key = tuple[str, str | None, str]
InputValue = float | tuple[float, ...] | dt.date | Status | str | None

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class InputError(ValueError):
    """Typed text that is not a valid input; the message is Danish, for the screen."""


def parse_number(text: str) -> float:
    """'12,5', '12.5', '1.250', '1.250,5' and '1 250' as a Danish reader means them.

    With both separators the last is the decimal one; a lone '.' followed by groups of three
    digits is a thousands separator (1.250 is 1250), otherwise a decimal point.
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise InputError("tomt felt")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in raw:
        raw = raw.replace(",", ".")
    elif _THOUSANDS.match(raw):
        raw = raw.replace(".", "")
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"«{text.strip()}» er ikke et tal") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError("ikke et endeligt tal")
    return int(value) if value.is_integer() and "." not in raw else value


def parse_date(text: str) -> dt.date:
    """ISO 2024-09-30, or d/m/yyyy (also with - or . between)."""
    raw = text.strip()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw)
    if found:
        day, month, year = (int(g) for g in found.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise InputError(f"«{raw}» er ikke en gyldig dato") from None
    raise InputError("dato som 2024-09-30 eller 30/9/2024")


def parse_input(name: str, text: str) -> InputValue:
    """Typed text for one input as its value; '' means 'not reported'."""
    if not text.strip():
        return None
    if name == "done_on":
        return parse_date(text)
    if name == "reason":
        return text
    if name == "verdict":
        try:
            return Status(text.strip())
        except ValueError:
            raise InputError("vælg opfyldt, delvist opfyldt eller ikke opfyldt") from None
    if name == "values":
        parts = [p for p in re.split(r"[;\s]+", text.strip()) if p]
        values = tuple(parse_number(p) for p in parts)
        if any(v < 0 for v in values):
            raise InputError("sagstider kan ikke være negative")
        return values
    value = parse_number(text)
    if name != "forecast" and value < 0:
        raise InputError("kan ikke være negativ")
    if name == "baseline" and value == 0:
        raise InputError("udgangspunktet skal være over 0")
    return value


def format_input(value: InputValue) -> str:
    """An input's value as the text a person would type for it."""
    from mrp_tui.core import danish

    if value is None:
        return ""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "; ".join(danish.number(v, 4) for v in value)
    if isinstance(value, str):
        return value
    return danish.number(value, 6).replace(".", "")


def _freeze(changes: Mapping[Key, InputValue]) -> Mapping[Key, InputValue]:
    return MappingProxyType(dict(changes))


def _apply(base: Figures, changes: Mapping[Key, InputValue]) -> Figures:
    figures = base
    for (goal_id, sub_id, name), value in changes.items():
        inputs = figures.inputs(goal_id, sub_id)
        changed = attrs.evolve(inputs, **{name: value})  # type: ignore[arg-type]
        figures = figures.with_inputs(goal_id, sub_id, changed)
    return figures


class _Memo:
    """Scores over one base, by changes. A keystroke changes one goal: only that goal is
    scored again, from the scores of the changes before it; undo and redo are look-ups."""

    __slots__ = ("base", "dated", "last", "plan", "scores")
    SIZE = 64

    def __init__(self, plan: Plan, base: Figures, dated: bool = True) -> None:
        self.plan, self.base, self.dated = plan, base, dated
        self.scores: dict[frozenset[tuple[Key, InputValue]], PlanResult] = {}
        self.last: frozenset[tuple[Key, InputValue]] | None = None

    def result(self, base: Figures, changes: Mapping[Key, InputValue],
               figures: Figures) -> PlanResult:
        if base is not self.base:
            return score_plan(self.plan, figures, self.dated)
        key = frozenset(changes.items())
        found = self.scores.get(key)
        if found is None:
            if self.last is None:
                found = score_plan(self.plan, figures, self.dated)
            else:
                touched = {k[0] for k, _ in key ^ self.last}
                found = rescore_goals(self.scores[self.last], figures, touched)
            if len(self.scores) >= self.SIZE:
                self.scores.pop(next(iter(self.scores)))
            self.scores[key] = found
        self.last = key
        return found


@frozen
class WhatIf:
    """One plan's reported figures and the changes typed over them, with undo and redo."""

    plan: Plan
    base: Figures
    changes: Mapping[Key, InputValue] = field(factory=dict, converter=_freeze)
    undo_stack: tuple[Mapping[Key, InputValue], ...] = ()
    redo_stack: tuple[Mapping[Key, InputValue], ...] = ()
    last_key: Key | None = field(default=None, eq=False)
    name: str | None = None
    #: False when no figures are reported for the plan (the base is empty): then the plan is
    #: scored as of no date, with or without changes, as --print scores it ("ingen tal").
    dated: bool = True
    #: Scores already computed over this base, shared by the sessions evolved from this one.
    memo: _Memo = field(eq=False, repr=False)

    @memo.default
    def _new_memo(self) -> _Memo:
        return _Memo(self.plan, self.base, self.dated)

    @classmethod
    def start(cls, plan: Plan, base: Figures | None, period: Period | None = None) -> WhatIf:
        """A session over the reported figures `base`. None: nothing is reported (for
        `period`, or at all): one rule with --print, no figures means nothing reported, so the
        result has no period and no deadline counts as passed (not "året pr. 31/12")."""
        if base is None:
            return cls(plan=plan, base=Figures.empty(plan, period or Period.YEAR), dated=False)
        return cls(plan=plan, base=base)

    @cached_property
    def figures(self) -> Figures:
        return _apply(self.base, self.changes)

    @cached_property
    def result(self) -> PlanResult:
        return self.memo.result(self.base, self.changes, self.figures)

    def marked(self, unsaved: bool) -> PlanResult:
        """The result with its figures marked for what they are, for an export: with changes,
        the scenario's name (this session's) and whether they are `unsaved`, so every output
        carries the what-if banner (describe_whatif); without changes, the reported result."""
        result = self.result
        if not self.changes or result.figures is None:
            return result
        figures = attrs.evolve(result.figures, scenario=self.name,
                               unsaved=unsaved or self.name is None)
        return attrs.evolve(result, figures=figures)

    @property
    def reported(self) -> PlanResult:
        return self.memo.result(self.base, {}, self.base)

    @property
    def delta(self) -> float:
        """Points earned with the changes, less the reported points."""
        return self.result.earned - self.reported.earned

    def reported_value(self, key: Key) -> InputValue:
        goal_id, sub_id, name = key
        return getattr(self.base.inputs(goal_id, sub_id), name)  # type: ignore[no-any-return]

    def value(self, key: Key) -> InputValue:
        return self.changes[key] if key in self.changes else self.reported_value(key)

    def parse(self, key: Key, text: str) -> InputValue:
        """Typed text for `key` as a value. A reported figure cannot be emptied: a scenario
        holds values, not deletions, so that edit could not be saved."""
        value = parse_input(key[2], text)
        if value is None and self.reported_value(key) is not None:
            raise InputError("kan ikke tømmes (ctrl+r fortryder)")
        return value

    def set(self, key: Key, value: InputValue) -> WhatIf:
        """An edit; successive edits of one field are one undo step (one per field, not key)."""
        changes = dict(self.changes)
        if value == self.reported_value(key):
            changes.pop(key, None)
        else:
            changes[key] = value
        if changes == dict(self.changes):
            return self
        undo = self.undo_stack if key == self.last_key else (*self.undo_stack, self.changes)
        return attrs.evolve(self, changes=changes, undo_stack=undo, redo_stack=(), last_key=key)

    def revert(self, key: Key) -> WhatIf:
        return self.set(key, self.reported_value(key)) if key in self.changes else self

    def revert_all(self) -> WhatIf:
        if not self.changes:
            return self
        return attrs.evolve(self, changes={}, undo_stack=(*self.undo_stack, self.changes),
                            redo_stack=(), last_key=None)

    def undo(self) -> WhatIf:
        if not self.undo_stack:
            return self
        return attrs.evolve(self, changes=self.undo_stack[-1], undo_stack=self.undo_stack[:-1],
                            redo_stack=(*self.redo_stack, self.changes), last_key=None)

    def redo(self) -> WhatIf:
        if not self.redo_stack:
            return self
        return attrs.evolve(self, changes=self.redo_stack[-1], redo_stack=self.redo_stack[:-1],
                            undo_stack=(*self.undo_stack, self.changes), last_key=None)

    def rebase(self, base: Figures, dated: bool = True) -> WhatIf:
        """The same changes over other reported figures (another period); `dated=False` for
        an empty base of a period with nothing reported (see `start`)."""
        kept = {k: v for k, v in self.changes.items() if v != getattr(
            base.inputs(k[0], k[1]), k[2])}
        return attrs.evolve(self, base=base, changes=kept, last_key=None, dated=dated,
                            memo=_Memo(self.plan, base, dated))

    def as_scenario(self, name: str) -> Figures:
        """The changes alone, as the scenario file holds them."""
        empty = Figures(plan=self.plan.id, period=self.base.period, as_of=None, scenario=name,
                        based_on=self.base.period)
        return _apply(empty, self.changes)

    def with_scenario(self, scenario: Figures) -> WhatIf:
        """A saved scenario's inputs as this session's changes (undoable)."""
        changes: dict[Key, InputValue] = {}
        for goal_id, gfig in scenario.goals.items():
            for name, value in gfig.inputs.given().items():
                changes[(goal_id, None, name)] = value  # type: ignore[assignment]
            for sub_id, inputs in gfig.subgoals.items():
                for name, value in inputs.given().items():
                    changes[(goal_id, sub_id, name)] = value  # type: ignore[assignment]
        return attrs.evolve(self, changes=changes, undo_stack=(*self.undo_stack, self.changes),
                            redo_stack=(), last_key=None, name=scenario.scenario)
