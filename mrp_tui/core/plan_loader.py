"""Reading plan files (plan-format §1) into the domain model.

Ids (of goals, subgoals and groups) are kept in Unicode NFC, as the figures' keys are, so that
two spellings of the same letter are one id; an empty id is an error. Nothing here assumes
more of an id's shape: `heading:0` is as good an id as `1.a`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mrp_tui.core.i18n import decimal, t
from mrp_tui.core.model import SECTIONS, Goal, Group, Measure, MeasureKind, Plan, Subgoal
from mrp_tui.core.names import PLAN_ID, normal_id
from mrp_tui.core.reader import Reader, clip, kind_of
from mrp_tui.core.toml_read import read_toml

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
HEAD = "[plan]"


def goal_where(gid: str | None, n: int) -> str:
    """'mål 1.a' / 'goal 1.a'; 'mål #3' for the third goal when it has no usable id."""
    return t("mål {id}", "goal {id}", id=gid) if gid else t("mål #{n}", "goal #{n}", n=n)


def load_plan(path: Path) -> Plan:
    """Load and validate a plan file; raises `LoadError` listing every problem."""
    data, text = read_toml(path)
    return parse_plan(data, path, text)


def parse_plan(data: Mapping[str, Any], path: Path | None = None, text: str = "") -> Plan:
    r = Reader(path, text)
    plan_id = path.stem if path is not None else "plan"
    if path is not None and not PLAN_ID.match(plan_id):
        r.error(None, t('plan-id "{id}" (filnavnet) må kun have små bogstaver, cifre og '
                        "bindestreger, fx hjemrejsestyrelsen-2024",
                        'plan id "{id}" (the file name) must be lower-case letters, digits '
                        "and hyphens, e.g. hjemrejsestyrelsen-2024", id=plan_id))
    r.check_format(data)
    top = t("øverste niveau", "top level")
    r.unknown(data, PLAN_KEYS, top)
    line = r.index.header_line("plan")
    head = r.table(data.get("plan", {}), HEAD, line)
    has_head = "plan" in data
    if not has_head:
        r.error(HEAD, t("mangler tabellen [plan] (agency, ministry, year, title, source)",
                        "missing the [plan] table (agency, ministry, year, title, source)"))
    r.unknown(head, PLAN_TABLE_KEYS, HEAD, line)
    fields: dict[str, Any] = {}
    for key in ("agency", "title"):
        fields[key] = r.get(head, key, str, HEAD, line, required=has_head)
    for key in ("ministry", "source", "short", "note"):
        fields[key] = r.get(head, key, str, HEAD, line)
    previous = r.get(head, "previous", str, HEAD, line)
    if previous is not None:
        if PLAN_ID.match(previous):
            fields["previous"] = previous
        else:
            r.error(HEAD, t('"previous" skal være et plan-id som hjemrejsestyrelsen-2023, '
                            'ikke "{value}"',
                            '"previous" must be a plan id such as hjemrejsestyrelsen-2023, '
                            'got "{value}"', value=clip(previous)),
                    r.key_line("previous", line))
    year = r.get(head, "year", int, HEAD, line, required=has_head)
    if year is not None and not 1900 <= year <= 2999:
        r.error(HEAD, t('"year" skal være et årstal som 2024, ikke {value}',
                        '"year" must be a year such as 2024, got {value}', value=decimal(year)),
                r.key_line("year", line))
        year = None
    for key in ("valid_from", "valid_to"):
        value = r.get(head, key, dt.date, HEAD, line)
        if value is not None:
            fields[key] = value
    if fields.get("valid_from") and fields.get("valid_to") \
            and fields["valid_from"] > fields["valid_to"]:
        r.error(HEAD, t("valid_from ligger efter valid_to", "valid_from is after valid_to"),
                line)

    groups = _read_groups(r, data.get("group", []))
    group_ids = {g.id for g in groups}
    goals = _read_goals(r, data.get("goal", []), group_ids)
    if "goal" not in data:
        r.error("[[goal]]", t("planen har ingen mål", "the plan has no goals"))
    r.done()
    assert year is not None  # a missing year is a problem, and problems raised above
    return Plan(id=plan_id, year=year, goals=tuple(goals), groups=tuple(groups), path=path,
                **fields)


def _items(r: Reader, value: Any, name: str, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        r.error(None, t("[[{name}]] skal være en liste af tabeller, ikke {kind}",
                        "[[{name}]] must be an array of tables, got {kind}",
                        name=name, kind=kind_of(value)))
        return []
    items = []
    for n, item in enumerate(value, 1):
        if isinstance(item, dict):
            items.append(item)
        else:
            r.error(f"{where} #{n}", t("skal være en tabel, ikke {kind}",
                                       "expected a table, got {kind}", kind=kind_of(item)))
    return items


def _read_id(r: Reader, table: Mapping[str, Any], where: str, line: int | None) -> str | None:
    """The table's `id`, in NFC; an empty one is an error."""
    value = r.get(table, "id", str, where, line, required=True)
    if value is None:
        return None
    if not value.strip():
        r.error(where, t('"id" må ikke være tom', '"id" must not be empty'),
                r.key_line("id", line))
        return None
    return normal_id(value)


def _read_groups(r: Reader, value: Any) -> list[Group]:
    groups: list[Group] = []
    seen: set[str] = set()
    for n, table in enumerate(_items(r, value, "group", t("gruppe", "group")), 1):
        gid = _read_id(r, table, t("gruppe #{n}", "group #{n}", n=n), None)
        where = t('gruppe "{id}"', 'group "{id}"', id=gid) if gid \
            else t("gruppe #{n}", "group #{n}", n=n)
        line = r.index.id_line(gid) if gid else None
        r.unknown(table, GROUP_KEYS, where, line)
        if gid is not None and gid in seen:
            r.error(where, t("dobbelt gruppe-id", "duplicate group id"), line)
        values = {k: r.get(table, k, str, where, line) for k in GROUP_KEYS[1:]}
        if gid is not None and gid not in seen:
            groups.append(Group(id=gid, **values))
            seen.add(gid)
    return groups


def _read_goals(r: Reader, value: Any, group_ids: set[str]) -> list[Goal]:
    goals: list[Goal] = []
    seen: set[str] = set()
    last_line = 0
    tables = _items(r, value, "goal", t("mål", "goal"))
    # Where every goal is a [[goal]] header, the n-th header is the n-th goal.
    headers = r.index.array_lines("goal")
    for n, table in enumerate(tables, 1):
        header = headers[n - 1] if len(headers) == len(tables) else None
        gid = _read_id(r, table, goal_where(None, n), header)
        where = goal_where(gid, n)
        line = r.index.id_line(gid, last_line) if gid else header
        last_line = line or last_line
        if gid is not None:
            if gid in seen:
                r.error(where, t("dobbelt mål-id", "duplicate goal id"), line)
            seen.add(gid)
        before = len(r.problems) + r.omitted
        goal = _read_goal(r, table, gid, where, line, group_ids)
        if goal is not None and gid is not None and len(r.problems) + r.omitted == before:
            goals.append(goal)
    return goals


def _read_goal(r: Reader, table: dict[str, Any], gid: str | None, where: str, line: int | None,
               group_ids: set[str]) -> Goal | None:
    r.unknown(table, (*GOAL_KEYS, *LEAF_KEYS), where, line)
    section = r.choice(table, "section", SECTIONS, where, line, required=True)
    title = r.get(table, "title", str, where, line, required=True)
    text = r.get(table, "text", str, where, line, required=True)
    points = r.number(table, "points", where, line)
    combine = r.choice(table, "combine", ("each", "all"), where, line) or "each"
    group = r.get(table, "group", str, where, line)
    if group is not None:
        group = normal_id(group)
        if group not in group_ids and not r.skip():
            r.error(where, t('gruppen "{group}" er ikke en [[group]] i denne plan{hint}',
                             'group "{group}" is not a [[group]] of this plan{hint}',
                             group=clip(group), hint=r.suggest(group, group_ids)), line)
    area = r.get(table, "area", str, where, line)
    note = r.get(table, "note", str, where, line)
    continues = _read_continues(r, table, where, line)

    has_measure = any(k in table for k in LEAF_KEYS)
    raw_subs = table.get("subgoal")
    measure: Measure | None = None
    subgoals: list[Subgoal] = []
    if raw_subs is not None and has_measure:
        r.error(where, t('har både "measure" og delmål; flyt "measure" ind i et delmål',
                         "has both a measure and subgoals; move the measure into a subgoal"),
                line)
    elif raw_subs is not None:
        subgoals = _read_subgoals(r, raw_subs, where, line, points)
        if not subgoals:
            return None
    elif has_measure:
        measure = _read_measure(r, table, where, line)
    else:
        r.error(where, t('skal have "measure" eller [[goal.subgoal]]',
                         'needs a "measure" or [[goal.subgoal]]s'), line)
    if "combine" in table and raw_subs is None:
        r.error(where, t('"combine" gælder kun et mål med delmål',
                         '"combine" applies only to a goal with subgoals'), line)
    if gid is None or section is None or title is None or text is None \
            or (measure is None and not subgoals):
        return None
    return Goal(id=gid, section=section, title=title, text=text, points=points,  # type: ignore[arg-type]
                measure=measure, subgoals=tuple(subgoals), combine=combine,  # type: ignore[arg-type]
                group=group, area=area, note=note, continues=continues)


def _read_continues(r: Reader, table: Mapping[str, Any], where: str,
                    line: int | None) -> tuple[str, ...]:
    """`continues = "1.1.a"` or a list of ids: the previous year's goal(s) this one carries on."""
    value = r.get(table, "continues", (str, list), where, line)
    if value is None:
        return ()
    ids = [value] if isinstance(value, str) else value
    if not ids or not all(isinstance(i, str) and i.strip() for i in ids):
        r.error(where, t('"continues" skal være et mål-id eller en liste af mål-id\'er',
                         '"continues" must be a goal id or a list of goal ids'),
                r.key_line("continues", line))
        return ()
    return tuple(normal_id(i) for i in ids)


def _read_subgoals(r: Reader, value: Any, where: str, line: int | None,
                   goal_points: float | None) -> list[Subgoal]:
    subs: list[Subgoal] = []
    seen: set[str] = set()
    tables = _items(r, value, "goal.subgoal", t("{where} delmål", "{where} subgoal",
                                                where=where))
    sline = line
    for n, table in enumerate(tables, 1):
        sid = _read_id(r, table, t("{where} delmål #{n}", "{where} subgoal #{n}",
                                   where=where, n=n), sline)
        swhere = t("{where} delmål {id}", "{where} subgoal {id}", where=where, id=sid) if sid \
            else t("{where} delmål #{n}", "{where} subgoal #{n}", where=where, n=n)
        if sid is not None:
            sline = r.index.id_line(sid, (sline or 1) - 1) or sline
            if sid in seen:
                r.error(swhere, t("dobbelt delmåls-id", "duplicate subgoal id"), sline)
                continue
            seen.add(sid)
        r.unknown(table, (*SUBGOAL_KEYS, *LEAF_KEYS), swhere, sline)
        text = r.get(table, "text", str, swhere, sline, required=True)
        points = r.number(table, "points", swhere, sline)
        measure = _read_measure(r, table, swhere, sline)
        values = {k: r.get(table, k, str, swhere, sline) for k in ("title", "note")}
        if sid is not None and text is not None and measure is not None:
            subs.append(Subgoal(id=sid, text=text, measure=measure, points=points, **values))
    stated = [s.points for s in subs if s.points is not None]
    if stated and len(stated) != len(subs):
        r.error(where, t("giv point til alle delmål eller til ingen",
                         "give points to every subgoal or to none"), line)
    elif stated and goal_points is None:
        r.error(where, t("delmålene har point, men målet har ingen",
                         "subgoals have points but the goal has none"), line)
    elif stated and goal_points is not None and abs(sum(stated) - goal_points) > 1e-9:
        r.error(where, t("delmålenes point giver {sum} i alt, men målet har {points}",
                         "subgoal points add up to {sum}, but the goal has {points}",
                         sum=decimal(sum(stated)), points=decimal(goal_points)), line)
    return subs if len(subs) == len(tables) else []


def _read_measure(r: Reader, table: Mapping[str, Any], where: str,
                  line: int | None) -> Measure | None:
    name = r.choice(table, "measure", [k.value for k in MeasureKind], where, line, required=True)
    if name is None:
        return None
    kind = MeasureKind(name)
    params = MEASURE_PARAMS[kind]
    for key in LEAF_KEYS[2:]:
        if key in table and key not in params and not r.skip():
            takes = ", ".join(params) if params else t("ingen parametre", "no parameters")
            r.error(where, t('"{key}" hører ikke til measure "{kind}" (den tager {takes}){hint}',
                             '"{key}" does not apply to measure "{kind}" (it takes {takes})'
                             "{hint}", key=key, kind=kind, takes=takes,
                             hint=r.suggest(key, params)), r.key_line(key, line))
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
