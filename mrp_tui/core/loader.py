"""Reading plan and figures files (format 1) into the domain model.

The TOML layout is known only here. Every problem in a file is collected before anything is
raised, so a person fixing a file by hand sees the whole list at once.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from mrp_tui.core import parse_cache
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.model import (
    INPUT_NAMES,
    SECTIONS,
    Figures,
    Goal,
    GoalFigures,
    Group,
    Inputs,
    Measure,
    MeasureKind,
    Override,
    Period,
    Plan,
    Status,
    Subgoal,
)

FORMAT = 1
#: Larger files are refused before parsing: no real plan comes near this.
MAX_FILE_BYTES = 1024 * 1024
PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: Numbers beyond this are refused: no count, weight or target comes near it, and bigger ones
#: (or 1e308) would overflow when scored or printed.
MAX_NUMBER = 10**15
_HEADER = re.compile(r"^\s*\[")

PLAN_KEYS = ("format", "plan", "group", "goal")
PLAN_TABLE_KEYS = ("agency", "short", "ministry", "year", "title", "source", "valid_from",
                   "valid_to", "note", "previous")
GROUP_KEYS = ("id", "area", "title", "text", "note")
GOAL_KEYS = ("id", "section", "group", "area", "title", "text", "points", "combine", "note",
             "continues", "subgoal")
SUBGOAL_KEYS = ("id", "title", "text", "points", "note")
#: The parameters each measure takes, and which model field each one fills.
MEASURE_PARAMS: Mapping[MeasureKind, tuple[str, ...]] = {
    MeasureKind.AT_LEAST: ("target", "cumulative"),
    MeasureKind.AT_MOST: ("target", "cumulative"),
    MeasureKind.REDUCTION: ("target_pct",),
    MeasureKind.INCREASE: ("target_pct",),
    MeasureKind.SHARE: ("target_pct",),
    MeasureKind.AVERAGE: ("max", "keep_pct"),
    MeasureKind.MILESTONE: ("due",),
    MeasureKind.ASSESSED: (),
}
LEAF_KEYS = ("measure", "unit", "target", "target_pct", "max", "keep_pct", "due", "cumulative")
FIGURES_KEYS = ("format", "plan", "period", "as_of", "example", "note", "source", "scenario",
                "based_on", "goal")
GOAL_FIGURES_KEYS = (*INPUT_NAMES, "comment", "subgoal", "override")
OVERRIDE_KEYS = ("status", "earned", "reason")
NUMBER_INPUTS = ("actual", "baseline", "met", "total", "average", "forecast")

T = TypeVar("T")
_MISSING: Any = object()


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for a near miss, else ''."""
    import difflib  # only a file with a problem gets here

    pool = {c.replace("_", ""): c for c in choices}
    match = difflib.get_close_matches(word.replace("_", "").lower(), list(pool), n=1, cutoff=0.7)
    return f' (did you mean "{pool[match[0]]}"?)' if match else ""


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; size, encoding and syntax problems raise LoadError naming the line."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a pipe or device would never end
            raise LoadError([Problem(path, "not a regular file")])
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise LoadError([Problem(path, f"file is {size:,} bytes; the limit is "
                                           f"{MAX_FILE_BYTES:,} bytes")])
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # it may have grown since
        if len(data) > MAX_FILE_BYTES:
            raise LoadError([Problem(path, f"file is over the limit of {MAX_FILE_BYTES:,} "
                                           "bytes")])
    except OSError as err:
        raise LoadError([Problem(path, f"cannot read file: {err.strerror or err}")]) from None
    try:
        # A byte order mark (Windows editors add one) is not content.
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line: int | None = data[: err.start].count(b"\n") + 1
        raise LoadError([Problem(path, "not UTF-8 text (save the file as UTF-8)", line)]) from None
    place = parse_cache.slot(path)
    cached = parse_cache.load(place, data)
    if cached is not None:
        return cached, text
    import tomllib  # not even imported when every file comes from the cache

    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", message)
        raise LoadError([Problem(path, f"TOML syntax error: {message}", line)]) from None
    except RecursionError:
        raise LoadError([Problem(path, "arrays or tables nested too deeply (a plan or figures "
                                       "file needs only a few levels)")]) from None
    except ValueError:  # Python's limit on digits in an integer (tomllib lets it through)
        digits = re.search(r"[0-9_]{1000,}", text)
        line = text[: digits.start()].count("\n") + 1 if digits else None
        raise LoadError([Problem(path, "a number is too long (more than 4,300 digits)",
                                       line)]) from None
    parse_cache.store(place, data, parsed)
    return parsed, text


_ID_LINE = re.compile(r'^\s*id\s*=\s*"((?:[^"\\]|\\.)*)"')
#: The dotted parts of a table header: "quoted" or bare.
_HEADER_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_-]+)')


class _Reader:
    """Pulls typed values out of parsed TOML, recording a Problem for each misfit."""

    def __init__(self, path: Path | None, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self._ids: dict[str, list[int]] | None = None
        self._headers: dict[tuple[str, ...], int] | None = None

    def _index(self) -> None:
        """One pass over the text: where each `id = "..."` and each [table.header] stands.
        (A regex per goal was most of the time it took to load a plan.)"""
        self._ids, self._headers = {}, {}
        for number, text in enumerate(self.lines, 1):
            found = _ID_LINE.match(text)
            if found:
                self._ids.setdefault(found.group(1), []).append(number)
            elif _HEADER.match(text):
                parts = tuple(a or b for a, b in _HEADER_PART.findall(text.split("]")[0]))
                self._headers.setdefault(parts, number)

    def id_line(self, value: str, start: int = 0) -> int | None:
        """The first line after `start` that says `id = "<value>"`."""
        if self._ids is None:
            self._index()
        assert self._ids is not None
        return next((n for n in self._ids.get(value, ()) if n > start), None)

    def header_line(self, *parts: str) -> int | None:
        """The line of the table header `[part."part"...]`, keys quoted or bare."""
        if self._headers is None:
            self._index()
        assert self._headers is not None
        return self._headers.get(parts)

    def first_header_line(self, *prefix: str) -> int | None:
        """The first header inside `[prefix...]`, e.g. [goal."1.a".subgoal."1"] for goal 1.a."""
        if self._headers is None:
            self._index()
        assert self._headers is not None
        lines = [n for parts, n in self._headers.items() if parts[:len(prefix)] == prefix]
        return min(lines, default=None)

    def error(self, where: str | None, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, message, line, where))

    def line_of(self, pattern: str, start: int = 0) -> int | None:
        """First line (1-based) from `start` matching a regex, to point at a goal or table."""
        rx = re.compile(pattern)
        for number, text in enumerate(self.lines[start:], start + 1):
            if rx.search(text):
                return number
        return None

    def key_line(self, key: str, line: int | None) -> int | None:
        """The line of `key = ...` in the table around `line` (from its [header] to the next;
        the top of the file for None), else `line`: to point at the very value at fault."""
        start = (line or 1) - 1
        if line is not None:
            while start > 0 and not _HEADER.match(self.lines[start]):
                start -= 1
        rx = re.compile(rf'^\s*(?:"{re.escape(key)}"|{re.escape(key)})\s*=')
        for number in range(start, len(self.lines)):
            if number > start and _HEADER.match(self.lines[number]):
                break
            if rx.match(self.lines[number]):
                return number + 1
        return line

    def table(self, value: Any, where: str, line: int | None = None) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.error(where, f"expected a table, got {_kind(value)}", line)
        return {}

    def unknown(self, table: Mapping[str, Any], allowed: Iterable[str], where: str,
                line: int | None = None) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                at = self.key_line(key, line)
                if at is None or at == line:  # a table: [key], [[key]] or [key.sub]
                    quoted = rf'(?:"{re.escape(key)}"|{re.escape(key)})'
                    at = self.line_of(rf"^\s*\[\[?\s*{quoted}\s*[\].]", (line or 1) - 1) or at
                self.error(where, f'unknown key "{_clip(key)}"{suggest(key, allowed)}', at)

    def get(self, table: Mapping[str, Any], key: str, kind: type[T] | tuple[type, ...],
            where: str, line: int | None = None, required: bool = False) -> T | None:
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.error(where, f'missing required key "{key}"', line)
            return None
        if not _is(value, kind):
            self.error(where, f'"{key}" must be {_describe(kind)}, got {_kind(value)}',
                       self.key_line(key, line))
            return None
        return value  # type: ignore[no-any-return]

    def number(self, table: Mapping[str, Any], key: str, where: str, line: int | None = None,
               required: bool = False, low: float | None = 0, high: float | None = None,
               above_low: bool = False) -> float | None:
        value = self.get(table, key, (int, float), where, line, required)
        if value is None:
            return None
        problem = None
        if value != value or value in (float("inf"), float("-inf")):
            problem = f'"{key}" must be a finite number'
        elif abs(value) > MAX_NUMBER:
            problem = f'"{key}" is too large: at most {_num(MAX_NUMBER)}'
        elif low is not None and (value < low or (above_low and value == low)):
            bound = "greater than" if above_low else "at least"
            problem = f'"{key}" must be {bound} {_num(low)}, got {_num(value)}'
        elif high is not None and value > high:
            problem = f'"{key}" must be at most {_num(high)}, got {_num(value)}'
        if problem is not None:
            # Finding the key's own line costs a scan: only done for a value at fault.
            self.error(where, problem, self.key_line(key, line))
            return None
        return value

    def choice(self, table: Mapping[str, Any], key: str, choices: Iterable[str], where: str,
               line: int | None = None, required: bool = False) -> str | None:
        value = self.get(table, key, str, where, line, required)
        choices = tuple(choices)
        if value is not None and value not in choices:
            listed = ", ".join(f'"{c}"' for c in choices)
            self.error(where, f'"{key}" must be one of {listed}, got "{_clip(value)}"'
                              f'{suggest(value, choices)}', self.key_line(key, line))
            return None
        return value

    def check_format(self, data: Mapping[str, Any]) -> None:
        value = data.get("format", _MISSING)
        if value is _MISSING:
            empty = " (the file is empty)" if not data else ""
            self.error(None, f"missing `format = {FORMAT}` at the top of the file{empty}", 1)
        elif value != FORMAT or isinstance(value, bool):
            shown = _num(value) if _is(value, (int, float)) else _kind(value)
            self.error(None, f"unsupported format {shown}; this version of mrp-tui reads "
                             f"format {FORMAT}", self.key_line("format", None))

    def done(self) -> None:
        if self.problems:
            raise LoadError(self.problems)


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return kind is bool or (isinstance(kind, tuple) and bool in kind)
    if isinstance(value, dt.datetime):
        return False
    return isinstance(value, kind)


def _describe(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             dt.date: "a date (YYYY-MM-DD)", list: "a list", dict: "a table"}
    if kind == (int, float):
        return "a number"
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date-time"
    for typ, name in ((str, "text"), (int, "a whole number"), (float, "a number"),
                      (dt.date, "a date"), (dt.time, "a time"), (list, "a list"),
                      (dict, "a table")):
        if isinstance(value, typ):
            return f'{name} "{value}"' if isinstance(value, str) and len(value) < 40 else name
    return type(value).__name__


def _num(value: float) -> str:
    try:
        return f"{value:g}"
    except OverflowError:  # an integer beyond any float
        return "a number too large to show"


def _clip(text: str, width: int = 60) -> str:
    """A name from the file, cut short for a one-line message."""
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- plans


def load_plan(path: Path) -> Plan:
    data, text = read_toml(path)
    return parse_plan(data, path, text)


def parse_plan(data: Mapping[str, Any], path: Path | None = None, text: str = "") -> Plan:
    r = _Reader(path, text)
    plan_id = path.stem if path is not None else "plan"
    if path is not None and not PLAN_ID.match(plan_id):
        r.error(None, f'plan id "{plan_id}" (the file name) must be lower-case letters, digits '
                      "and hyphens, e.g. hjemrejsestyrelsen-2024")
    r.check_format(data)
    r.unknown(data, PLAN_KEYS, "top level")
    line = r.line_of(r"^\s*\[plan\]")
    head = r.table(data.get("plan", {}), "[plan]", line)
    has_head = "plan" in data
    if not has_head:
        r.error("[plan]", "missing the [plan] table (agency, ministry, year, title, source)")
    r.unknown(head, PLAN_TABLE_KEYS, "[plan]", line)
    fields: dict[str, Any] = {}
    for key in ("agency", "title"):
        fields[key] = r.get(head, key, str, "[plan]", line, required=has_head)
    for key in ("ministry", "source", "short", "note"):
        fields[key] = r.get(head, key, str, "[plan]", line)
    previous = r.get(head, "previous", str, "[plan]", line)
    if previous is not None:
        if PLAN_ID.match(previous):
            fields["previous"] = previous
        else:
            r.error("[plan]", f'"previous" must be a plan id such as hjemrejsestyrelsen-2023, '
                              f'got "{_clip(previous)}"', r.key_line("previous", line))
    year = r.get(head, "year", int, "[plan]", line, required=has_head)
    if year is not None and not 1900 <= year <= 2999:
        r.error("[plan]", f'"year" must be a year such as 2024, got {_num(year)}',
                r.key_line("year", line))
        year = None
    for key in ("valid_from", "valid_to"):
        value = r.get(head, key, dt.date, "[plan]", line)
        if value is not None:
            fields[key] = value
    if fields.get("valid_from") and fields.get("valid_to") \
            and fields["valid_from"] > fields["valid_to"]:
        r.error("[plan]", "valid_from is after valid_to", line)

    groups = _read_groups(r, data.get("group", []))
    group_ids = {g.id for g in groups}
    goals = _read_goals(r, data.get("goal", []), group_ids)
    if "goal" not in data:
        r.error("[[goal]]", "the plan has no goals")
    r.done()
    assert year is not None  # a missing year is a problem, and problems raised above
    return Plan(id=plan_id, year=year, goals=tuple(goals), groups=tuple(groups), path=path,
                **fields)


def _items(r: _Reader, value: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        r.error(None, f"[[{name}]] must be an array of tables, got {_kind(value)}")
        return []
    items = []
    for n, item in enumerate(value, 1):
        if isinstance(item, dict):
            items.append(item)
        else:
            r.error(f"{name} #{n}", f"expected a table, got {_kind(item)}")
    return items


def _read_groups(r: _Reader, value: Any) -> list[Group]:
    groups: list[Group] = []
    for n, table in enumerate(_items(r, value, "group"), 1):
        gid = r.get(table, "id", str, f"group #{n}", required=True)
        where = f'group "{gid}"' if gid else f"group #{n}"
        line = r.id_line(gid) if gid else None
        r.unknown(table, GROUP_KEYS, where, line)
        if gid is not None and any(g.id == gid for g in groups):
            r.error(where, "duplicate group id", line)
        values = {k: r.get(table, k, str, where, line) for k in GROUP_KEYS[1:]}
        if gid is not None:
            groups.append(Group(id=gid, **values))
    return groups


def _read_goals(r: _Reader, value: Any, group_ids: set[str]) -> list[Goal]:
    goals: list[Goal] = []
    seen: set[str] = set()
    last_line = 0
    tables = _items(r, value, "goal")
    # Where every goal is a [[goal]] header, the n-th header is the n-th goal.
    headers = [n for n, text in enumerate(r.lines, 1) if re.match(r"^\s*\[\[goal\]\]", text)]
    for n, table in enumerate(tables, 1):
        header = headers[n - 1] if len(headers) == len(tables) else None
        gid = r.get(table, "id", str, f"goal #{n}", header, required=True)
        where = f"goal {gid}" if gid else f"goal #{n}"
        line = r.id_line(gid, last_line) if gid else header
        last_line = line or last_line
        if gid is not None:
            if gid in seen:
                r.error(where, "duplicate goal id", line)
            seen.add(gid)
        before = len(r.problems)
        goal = _read_goal(r, table, gid or f"#{n}", where, line, group_ids)
        if goal is not None and len(r.problems) == before:
            goals.append(goal)
    return goals


def _read_goal(r: _Reader, table: dict[str, Any], gid: str, where: str, line: int | None,
               group_ids: set[str]) -> Goal | None:
    r.unknown(table, (*GOAL_KEYS, *LEAF_KEYS), where, line)
    section = r.choice(table, "section", SECTIONS, where, line, required=True)
    title = r.get(table, "title", str, where, line, required=True)
    text = r.get(table, "text", str, where, line, required=True)
    points = r.number(table, "points", where, line)
    combine = r.choice(table, "combine", ("each", "all"), where, line) or "each"
    group = r.get(table, "group", str, where, line)
    if group is not None and group not in group_ids:
        r.error(where, f'group "{group}" is not a [[group]] of this plan'
                       f"{suggest(group, group_ids)}", line)
    area = r.get(table, "area", str, where, line)
    note = r.get(table, "note", str, where, line)
    continues = _read_continues(r, table, where, line)

    has_measure = any(k in table for k in LEAF_KEYS)
    raw_subs = table.get("subgoal")
    measure: Measure | None = None
    subgoals: list[Subgoal] = []
    if raw_subs is not None and has_measure:
        r.error(where, "has both a measure and subgoals; move the measure into a subgoal", line)
    elif raw_subs is not None:
        subgoals = _read_subgoals(r, raw_subs, where, line, points)
        if not subgoals:
            return None
    elif has_measure:
        measure = _read_measure(r, table, where, line)
    else:
        r.error(where, 'needs a "measure" or [[goal.subgoal]]s', line)
    if "combine" in table and raw_subs is None:
        r.error(where, '"combine" applies only to a goal with subgoals', line)
    if section is None or title is None or text is None or (measure is None and not subgoals):
        return None
    return Goal(id=gid, section=section, title=title, text=text, points=points,  # type: ignore[arg-type]
                measure=measure, subgoals=tuple(subgoals), combine=combine,  # type: ignore[arg-type]
                group=group, area=area, note=note, continues=continues)


def _read_continues(r: _Reader, table: Mapping[str, Any], where: str,
                    line: int | None) -> tuple[str, ...]:
    """`continues = "1.1.a"` or a list of ids: the previous year's goal(s) this one carries on."""
    value = r.get(table, "continues", (str, list), where, line)
    if value is None:
        return ()
    ids = [value] if isinstance(value, str) else value
    if not ids or not all(isinstance(i, str) and i for i in ids):
        r.error(where, '"continues" must be a goal id or a list of goal ids',
                r.key_line("continues", line))
        return ()
    return tuple(ids)


def _read_subgoals(r: _Reader, value: Any, where: str, line: int | None,
                   goal_points: float | None) -> list[Subgoal]:
    subs: list[Subgoal] = []
    tables = _items(r, value, f"{where} subgoal")
    sline = line
    for n, table in enumerate(tables, 1):
        sid = r.get(table, "id", str, f"{where} subgoal #{n}", sline, required=True)
        swhere = f"{where} subgoal {sid}" if sid else f"{where} subgoal #{n}"
        if sid is not None:
            sline = r.id_line(sid, (sline or 1) - 1) or sline
        if sid is not None and any(s.id == sid for s in subs):
            r.error(swhere, "duplicate subgoal id", sline)
            continue
        r.unknown(table, (*SUBGOAL_KEYS, *LEAF_KEYS), swhere, sline)
        text = r.get(table, "text", str, swhere, sline, required=True)
        points = r.number(table, "points", swhere, sline)
        measure = _read_measure(r, table, swhere, sline)
        values = {k: r.get(table, k, str, swhere, sline) for k in ("title", "note")}
        if sid is not None and text is not None and measure is not None:
            subs.append(Subgoal(id=sid, text=text, measure=measure, points=points, **values))
    stated = [s.points for s in subs if s.points is not None]
    if stated and len(stated) != len(subs):
        r.error(where, "give points to every subgoal or to none", line)
    elif stated and goal_points is None:
        r.error(where, "subgoals have points but the goal has none", line)
    elif stated and goal_points is not None and abs(sum(stated) - goal_points) > 1e-9:
        r.error(where, f"subgoal points add up to {_num(sum(stated))}, "
                       f"but the goal has {_num(goal_points)}", line)
    return subs if len(subs) == len(tables) else []


def _read_measure(r: _Reader, table: Mapping[str, Any], where: str,
                  line: int | None) -> Measure | None:
    name = r.choice(table, "measure", [k.value for k in MeasureKind], where, line, required=True)
    if name is None:
        return None
    kind = MeasureKind(name)
    params = MEASURE_PARAMS[kind]
    for key in LEAF_KEYS[2:]:
        if key in table and key not in params:
            takes = ", ".join(params) if params else "no parameters"
            r.error(where, f'"{key}" does not apply to measure "{kind}" (it takes {takes})'
                           f"{suggest(key, params)}", r.key_line(key, line))
    unit = r.get(table, "unit", str, where, line)
    threshold: float | None = None
    if kind in (MeasureKind.AT_LEAST, MeasureKind.AT_MOST):
        threshold = r.number(table, "target", where, line)
    elif kind in (MeasureKind.SHARE, MeasureKind.REDUCTION):
        threshold = r.number(table, "target_pct", where, line, high=100)
    elif kind is MeasureKind.INCREASE:
        threshold = r.number(table, "target_pct", where, line)
    elif kind is MeasureKind.AVERAGE:
        threshold = r.number(table, "max", where, line)
    keep = r.number(table, "keep_pct", where, line, high=100, above_low=True)
    due = r.get(table, "due", dt.date, where, line)
    cumulative = r.get(table, "cumulative", bool, where, line) or False
    return Measure(kind=kind, threshold=threshold, due=due, cumulative=cumulative,
                   keep_pct=100.0 if keep is None else keep, unit=unit)


# --------------------------------------------------------------------------- figures


def load_figures(path: Path, plan: Plan | None = None) -> Figures:
    """Load a figures or scenario file; with `plan`, also check it names only what the plan has."""
    data, text = read_toml(path)
    return parse_figures(data, path, text, plan)


def parse_figures(data: Mapping[str, Any], path: Path | None = None, text: str = "",
                  plan: Plan | None = None) -> Figures:
    r = _Reader(path, text)
    r.check_format(data)
    r.unknown(data, FIGURES_KEYS, "top level")
    plan_id = r.get(data, "plan", str, "top level", required=True)
    scenario = r.get(data, "scenario", str, "top level")
    periods = [p.value for p in Period]
    based_on = r.choice(data, "based_on", periods, "top level",
                        r.line_of(r"^\s*based_on\s*="), required=scenario is not None)
    if based_on is not None and scenario is None:
        r.error("top level", '"based_on" belongs to a scenario; add `scenario = "name"`')
    period = r.choice(data, "period", periods, "top level", r.line_of(r"^\s*period\s*="),
                      required=scenario is None) or based_on
    as_of = r.get(data, "as_of", dt.date, "top level", r.line_of(r"^\s*as_of\s*="),
                  required=scenario is None)
    example = r.get(data, "example", bool, "top level", r.key_line("example", None)) or False
    note = r.get(data, "note", str, "top level", r.key_line("note", None))
    source = r.get(data, "source", str, "top level", r.key_line("source", None))
    goals: dict[str, GoalFigures] = {}
    raw_goals = r.table(data.get("goal", {}), "[goal]")
    for gid, raw in raw_goals.items():
        line = (r.header_line("goal", gid) or r.first_header_line("goal", gid))
        goal_figures = _read_goal_figures(r, raw, gid, line)
        if goal_figures is not None:
            goals[gid] = goal_figures
    if plan is not None and plan_id is not None and period is not None:
        # Check what could be read against the plan too, so that every problem shows at once.
        sketch = Figures(plan=plan_id, period=Period(period), as_of=as_of, goals=goals)
        r.problems.extend(check_figures(sketch, plan, _Reader(path, text)))
    r.done()
    assert plan_id is not None and period is not None
    return Figures(plan=plan_id, period=Period(period), as_of=as_of, goals=goals,
                   example=example, note=note, scenario=scenario, source=source,
                   based_on=Period(based_on) if based_on else None, path=path)


def _table_line(r: _Reader, gid: str, *rest: str) -> int | None:
    """The line of the header `[goal."<gid>".<rest>...]`, ids quoted or bare."""
    return r.header_line("goal", gid, *rest)


def _read_goal_figures(r: _Reader, raw: Any, gid: str, line: int | None) -> GoalFigures | None:
    where = f"goal {gid}"
    table = r.table(raw, where, line)
    r.unknown(table, GOAL_FIGURES_KEYS, where, _table_line(r, gid) or line)
    inputs = _read_inputs(r, table, where, _table_line(r, gid) or line)
    subgoals: dict[str, Inputs] = {}
    for sid, sub in r.table(table.get("subgoal", {}), f"{where} subgoal", line).items():
        swhere = f"{where} subgoal {sid}"
        sline = _table_line(r, gid, "subgoal", sid) or line
        stable = r.table(sub, swhere, sline)
        r.unknown(stable, INPUT_NAMES, swhere, sline)
        subgoals[sid] = _read_inputs(r, stable, swhere, sline)
    override = None
    if "override" in table:
        oline = _table_line(r, gid, "override") or line
        otable = r.table(table["override"], f"{where} override", oline)
        r.unknown(otable, OVERRIDE_KEYS, f"{where} override", oline)
        status = r.choice(otable, "status", [s.value for s in Status], f"{where} override",
                          oline, required=True)
        reason = r.get(otable, "reason", str, f"{where} override", oline, required=True)
        earned = r.number(otable, "earned", f"{where} override", oline)
        if status is not None and reason is not None:
            override = Override(status=Status(status), reason=reason, earned=earned)
    comment = r.get(table, "comment", str, where, line)
    return GoalFigures(inputs=inputs, subgoals=subgoals, override=override, comment=comment)


def _read_inputs(r: _Reader, table: Mapping[str, Any], where: str, line: int | None) -> Inputs:
    values: dict[str, Any] = {}
    for key in NUMBER_INPUTS:
        low = None if key == "forecast" else 0
        values[key] = r.number(table, key, where, line, low=low,
                               above_low=key == "baseline")
    raw_values = r.get(table, "values", list, where, line)
    if raw_values is not None:
        if all(_is(v, (int, float)) and 0 <= v <= MAX_NUMBER for v in raw_values):
            values["values"] = tuple(raw_values)
        else:
            r.error(where, '"values" must be a list of numbers of at least 0 (case durations)',
                    r.key_line("values", line))
    values["done_on"] = r.get(table, "done_on", dt.date, where, line)
    verdict = r.choice(table, "verdict", ("met", "partly_met", "not_met"), where, line)
    values["verdict"] = Status(verdict) if verdict else None
    values["reason"] = r.get(table, "reason", str, where, line)
    if values["average"] is not None and values.get("values") is not None:
        r.error(where, 'give "average" or "values", not both', line)
    met, total = values["met"], values["total"]
    if met is not None and total is not None and met > total:
        r.error(where, f'"met" ({_num(values["met"])}) is more than "total" '
                       f'({_num(values["total"])})', line)
    return Inputs(**values)


def check_figures(figures: Figures, plan: Plan, reader: _Reader | None = None) -> list[Problem]:
    """Problems where figures name a goal, subgoal or input that the plan lacks."""
    r = reader or _Reader(figures.path, "")
    if figures.plan != plan.id:
        r.error("top level", f'figures are for plan "{figures.plan}", not "{plan.id}"',
                r.line_of(r"^\s*plan\s*="))
    goal_ids = [g.id for g in plan.goals]
    for gid, gfig in figures.goals.items():
        where = f"goal {gid}"
        line = (r.header_line("goal", gid) or r.first_header_line("goal", gid))
        if gid not in goal_ids:
            r.error(where, f'plan {plan.id} has no goal "{gid}"{suggest(gid, goal_ids)}', line)
            continue
        goal = plan.goal(gid)
        if goal.measure is not None:
            _check_inputs(r, gfig.inputs, goal.measure, where, line)
            if gfig.subgoals:
                r.error(where, f"goal {gid} has no subgoals; give its inputs directly", line)
        else:
            if gfig.inputs.given():
                names = ", ".join(gfig.inputs.given())
                r.error(where, f"goal {gid} is scored by its subgoals; put {names} under "
                               f'[goal."{gid}".subgoal."<id>"]', line)
            sub_ids = [s.id for s in goal.subgoals]
            for sid, inputs in gfig.subgoals.items():
                sline = r.header_line("goal", gid, "subgoal", sid) or line
                if sid not in sub_ids:
                    r.error(where, f'goal {gid} has no subgoal "{sid}" '
                                   f"(it has {', '.join(sub_ids)})", sline)
                else:
                    _check_inputs(r, inputs, goal.subgoal(sid).measure,
                                  f"{where} subgoal {sid}", sline)
        earned = gfig.override.earned if gfig.override else None
        if earned is not None and earned > (goal.points or 0):
            r.error(where, f"override earns {_num(earned)} points, more than "
                           f"the goal's {_num(goal.points or 0)}", line)
    return r.problems


def _check_inputs(r: _Reader, inputs: Inputs, measure: Measure, where: str,
                  line: int | None) -> None:
    allowed = (*measure.input_names, "forecast")
    for name in inputs.given():
        if name not in allowed:
            r.error(where, f'input "{name}" does not apply to measure "{measure.kind}" '
                           f"(it takes {', '.join(allowed)})", line)
