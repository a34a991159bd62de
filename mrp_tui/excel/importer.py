"""From a returned fill-in sheet to the period's reported figures: every filled cell read,
checked by the loader's own rules, and merged into the figures already reported.

The loader decides what is allowed: each filled value, then each leaf with its merged inputs,
then the whole merged file, goes through `parse_figures` against the plan. The words of a
refusal are Danish and name the cell; where a rule has no Danish wording here, the loader's
own message is used, so that nothing the loader refuses is ever let through.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.loader import parse_figures
from mrp_tui.core.model import Figures, Period, Plan, Status
from mrp_tui.excel.cells import CellError, is_blank, parse_date, parse_text, parse_value, shown
from mrp_tui.excel.fields import (
    COMMENT,
    FIELD_LABELS,
    KEY,
    VALUE,
    InputRow,
    Value,
    input_rows,
    rows_by_key,
)
from mrp_tui.excel.reading import RawBook, RawCell, RawRow
from mrp_tui.excel.template import ABOUT_AS_OF, ABOUT_PERIOD, ABOUT_PLAN, ABOUT_SOURCE

#: The other one of two inputs that stand for the same thing: filling one replaces the other.
ALTERNATIVE = {"average": "values", "values": "average"}
_PERIOD_WORDS = {"q1": Period.Q1, "q2": Period.Q2, "q3": Period.Q3, "year": Period.YEAR,
                 "1. kvartal": Period.Q1, "2. kvartal": Period.Q2, "3. kvartal": Period.Q3,
                 "året": Period.YEAR, "år": Period.YEAR}
MAX_NUMBER = 10**15  # as the loader's; only for the wording of a refusal


class ImportFailed(Exception):
    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@frozen
class Filled:
    """One filled value cell, read as its input."""

    row: InputRow
    cell: RawCell
    value: Value
    #: The row's number in the sheet (a CSV names problems by it).
    number: int


@frozen
class Sheet:
    """What a returned sheet says: for which plan and period, and its filled cells."""

    plan_id: str | None
    period: Period | None
    as_of: dt.date | None
    source: str | None
    #: Om's cells for plan and period, to name them in a message.
    plan_cell: RawCell | None
    period_cell: RawCell | None
    as_of_cell: RawCell | None


class _Problems:
    def __init__(self, book: RawBook) -> None:
        self.book = book
        self.items: list[Problem] = []

    def add(self, cell: RawCell | None, message: str, row: RawRow | int | None = None) -> None:
        number = row.number if isinstance(row, RawRow) else row
        line = number if self.book.csv else None
        self.items.append(Problem(self.book.path, message, line,
                                  cell.ref if cell is not None else None))

    def raise_any(self) -> None:
        if self.items:
            raise ImportFailed(self.items)


# --------------------------------------------------------------------------- Om


def read_about(book: RawBook) -> Sheet:
    """Plan, period, as-of date and source from sheet `Om` (None where it says nothing)."""
    problems = _Problems(book)
    about = book.about or {}
    plan_cell, period_cell = about.get(ABOUT_PLAN), about.get(ABOUT_PERIOD)
    as_of_cell, source_cell = about.get(ABOUT_AS_OF), about.get(ABOUT_SOURCE)
    plan_id = period = as_of = source = None
    if plan_cell is not None and not is_blank(plan_cell.value):
        plan_id = str(plan_cell.value).strip()
    if period_cell is not None and not is_blank(period_cell.value):
        word = " ".join(str(period_cell.value).lower().split())
        period = _PERIOD_WORDS.get(word)
        if period is None:
            problems.add(period_cell, f"{shown(period_cell.value)} er ikke en periode (Q1, Q2, "
                                      "Q3 eller year)")
    if as_of_cell is not None and not is_blank(as_of_cell.value):
        try:
            as_of = parse_date(as_of_cell.value)
        except CellError as err:
            problems.add(as_of_cell, str(err))
    if source_cell is not None and not is_blank(source_cell.value):
        try:
            source = parse_text(source_cell.value)
        except CellError as err:
            problems.add(source_cell, str(err))
    problems.raise_any()
    return Sheet(plan_id, period, as_of, source, plan_cell, period_cell, as_of_cell)


# --------------------------------------------------------------------------- cells


def _raw(value: Value) -> Any:
    """A value as the loader reads it from TOML."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Status):
        return value.value
    return value


def _doc(plan: Plan, period: Period, as_of: dt.date,
         goals: Mapping[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": 1, "plan": plan.id, "period": period.value, "as_of": as_of}
    if goals:
        doc["goal"] = goals
    return doc


def _leaf_doc(row: InputRow, inputs: Mapping[str, Any]) -> dict[str, Any]:
    if row.subgoal_id is None:
        return {row.goal_id: dict(inputs)}
    return {row.goal_id: {"subgoal": {row.subgoal_id: dict(inputs)}}}


def _refused(plan: Plan, period: Period, as_of: dt.date, goals: Mapping[str, Any]) -> list[Problem]:
    """What the loader says about these figures (nothing: accepted)."""
    try:
        parse_figures(_doc(plan, period, as_of, goals), None, "", plan)
    except LoadError as err:
        return list(err.problems)
    return []


def _wording(name: str, value: Value) -> str | None:
    """Danish words for a value the loader refused, where the reason is plain to see."""
    if isinstance(value, tuple):
        if any(abs(n) > MAX_NUMBER for n in value):
            return "en af sagstiderne er for stor"
        if any(n < 0 for n in value):
            return "sagstider kan ikke være negative"
        return None
    if not isinstance(value, int | float):
        return None
    if abs(value) > MAX_NUMBER:
        return f"{shown(value)} er for stort"
    if name == "baseline" and value <= 0:
        return "udgangspunktet skal være over 0"
    if name != "forecast" and value < 0:
        return f"{shown(value)} er negativt; skriv 0 eller derover"
    return None


def read_cells(book: RawBook, plan: Plan, period: Period, as_of: dt.date
               ) -> tuple[list[Filled], dict[str, tuple[RawCell, str]], list[Problem]]:
    """Every filled value read as its input and every goal's comment, and a problem for each
    cell that cannot be read (whether the loader allows a value is `loader_problems`)."""
    known = rows_by_key(input_rows(plan, period, every=True))
    problems = _Problems(book)
    filled: list[Filled] = []
    comments: dict[str, tuple[RawCell, str]] = {}
    seen: dict[str, RawCell] = {}
    for raw in book.rows:
        key_cell, value_cell, comment_cell = raw[KEY], raw[VALUE], raw[COMMENT]
        has_value, has_comment = not is_blank(value_cell.value), not is_blank(comment_cell.value)
        if not (has_value or has_comment):
            continue
        key = str(key_cell.value).strip() if not is_blank(key_cell.value) else ""
        row = known.get(key)
        if not key:
            problems.add(key_cell, "rækken har en værdi, men ingen nøgle", raw)
            continue
        if row is None:
            problems.add(key_cell, f"nøglen {shown(key)} findes ikke i planen {plan.id} "
                                   f"({period.value})", raw)
            continue
        if key in seen:
            problems.add(key_cell, f"nøglen {shown(key)} står også i "
                                   f"{seen[key].ref.rpartition('!')[2]}", raw)
            continue
        seen[key] = key_cell
        if has_comment:
            _comment(problems, comments, row, comment_cell, raw)
        if not has_value:
            continue
        try:
            value = parse_value(row.kind, value_cell.value, value_cell.percent)
        except CellError as err:
            problems.add(value_cell, str(err), raw)
            continue
        filled.append(Filled(row, value_cell, value, raw.number))
    return filled, comments, problems.items


def _comment(problems: _Problems, comments: dict[str, tuple[RawCell, str]], row: InputRow,
             cell: RawCell, raw: RawRow) -> None:
    try:
        text = parse_text(cell.value)
    except CellError as err:
        problems.add(cell, str(err), raw)
        return
    if row.goal_id in comments:
        other = comments[row.goal_id][0].ref.rpartition("!")[2]
        problems.add(cell, f"mål {row.goal_id} har allerede en bemærkning i {other}; skriv "
                           "målets bemærkning i én celle", raw)
        return
    comments[row.goal_id] = (cell, text)


# --------------------------------------------------------------------------- merging


def merge(base: Mapping[str, Any], filled: list[Filled],
          comments: Mapping[str, tuple[RawCell, str]]) -> dict[str, Any]:
    """The base figures (as TOML data) with every filled value and comment laid over them."""
    doc = copy.deepcopy(dict(base))
    goals = doc.setdefault("goal", {})
    names = {(f.row.goal_id, f.row.subgoal_id, f.row.name) for f in filled}
    for f in filled:
        table = goals.setdefault(f.row.goal_id, {})
        if f.row.subgoal_id is not None:
            table = table.setdefault("subgoal", {}).setdefault(f.row.subgoal_id, {})
        table[f.row.name] = _raw(f.value)
        other = ALTERNATIVE.get(f.row.name)
        if other and (f.row.goal_id, f.row.subgoal_id, other) not in names:
            table.pop(other, None)  # Gennemsnit typed where Sagstider were: it replaces them
    for goal_id, (_, text) in comments.items():
        goals.setdefault(goal_id, {})["comment"] = text
    if not goals:
        del doc["goal"]
    return doc


def loader_problems(book: RawBook, plan: Plan, period: Period, as_of: dt.date,
                    merged: Mapping[str, Any], filled: list[Filled],
                    whole: Sequence[Problem]) -> list[Problem]:
    """The loader's refusal of the merged figures (`whole`), named at the cells: a value the
    loader refuses alone at that value's cell, a rule between inputs (met not above total,
    not both average and values) at the filled cells of that leaf; what cannot be pinned on
    a cell stays the loader's own problem. (The loader is asked cell by cell only then: a
    clean sheet is read once.)"""
    problems = _Problems(book)
    bad: set[tuple[str, str | None]] = set()
    for f in filled:
        refusal = _refused(plan, period, as_of, _leaf_doc(f.row, {f.row.name: _raw(f.value)}))
        for problem in refusal:
            problems.add(f.cell, _wording(f.row.name, f.value) or problem.message, f.number)
        if refusal:
            bad.add((f.row.goal_id, f.row.subgoal_id))
    leaves: dict[tuple[str, str | None], list[Filled]] = {}
    for f in filled:
        if (f.row.goal_id, f.row.subgoal_id) not in bad:
            leaves.setdefault((f.row.goal_id, f.row.subgoal_id), []).append(f)
    goals = merged.get("goal", {})
    for (goal_id, sub_id), cells in leaves.items():
        inputs = goals[goal_id] if sub_id is None else goals[goal_id]["subgoal"][sub_id]
        inputs = {k: v for k, v in inputs.items() if k not in ("subgoal", "override", "comment")}
        first = cells[0]
        refs = ", ".join(f.cell.ref.rpartition("!")[2] for f in cells[1:])
        also = f" (og {refs})" if refs else ""
        for problem in _refused(plan, period, as_of, _leaf_doc(first.row, inputs)):
            problems.add(first.cell, f"{first.row.where}{also}: "
                                     f"{_leaf_wording(inputs) or problem.message}", first.number)
    return problems.items or [Problem(book.path, p.message, where=p.where) for p in whole]


def _leaf_wording(inputs: Mapping[str, Any]) -> str | None:
    met, total = inputs.get("met"), inputs.get("total")
    if isinstance(met, int | float) and isinstance(total, int | float) and met > total:
        return (f"{FIELD_LABELS['met']} ({shown(met)[1:-1]}) er flere end "
                f"{FIELD_LABELS['total']} ({shown(total)[1:-1]})")
    if "average" in inputs and "values" in inputs:
        return "skriv enten Gennemsnit eller Sagstider, ikke begge"
    return None


def merged_figures(target: Path, plan: Plan, merged: dict[str, Any]) -> Figures:
    """The merged figures read by the loader, as they would be read back from the file."""
    return parse_figures(merged, target, "", plan)
