"""Reading figures and scenario files (plan-format §2), and checking them against a plan.

A file in the conventional place for reported figures, `figures/<plan-id>/<period>.toml`, is
the period's official figures: its `period` must be the one its name says, and it may not be
a scenario. A scenario's name obeys the rule it is saved by (`names.SCENARIO_NAME`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from mrp_tui.core.errors import Problem
from mrp_tui.core.i18n import decimal, t
from mrp_tui.core.model import (
    INPUT_NAMES,
    Figures,
    GoalFigures,
    Inputs,
    Measure,
    Override,
    Period,
    Plan,
    Status,
)
from mrp_tui.core.names import is_scenario_name, normal_id
from mrp_tui.core.reader import MAX_NUMBER, MIN_NUMBER, Reader, clip, is_kind
from mrp_tui.core.toml_lines import LineIndex
from mrp_tui.core.toml_read import read_toml

FIGURES_KEYS = ("format", "plan", "period", "as_of", "example", "note", "source", "scenario",
                "based_on", "goal")
GOAL_FIGURES_KEYS = (*INPUT_NAMES, "comment", "subgoal", "override")
OVERRIDE_KEYS = ("status", "earned", "reason")
NUMBER_INPUTS = ("actual", "baseline", "met", "total", "average", "forecast")
PERIODS = tuple(p.value for p in Period)


def top() -> str:
    return t("øverste niveau", "top level")


def named_period(path: Path) -> Period | None:
    """The period a file's place names, for reported figures in `figures/<plan-id>/`."""
    if path.parent.parent.name == "figures" and path.stem in PERIODS:
        return Period(path.stem)
    return None


def load_figures(path: Path, plan: Plan | None = None, period: Period | None = None) -> Figures:
    """Load a figures or scenario file; with `plan`, also check it names only what the plan
    has. `period`: the period the file was picked for by its name (else its place says)."""
    data, text = read_toml(path)
    return parse_figures(data, path, text, plan, period)


def parse_figures(data: Mapping[str, Any], path: Path | None = None, text: str = "",
                  plan: Plan | None = None, named: Period | None = None) -> Figures:
    r = Reader(path, text)
    r.check_format(data)
    r.unknown(data, FIGURES_KEYS, top())
    plan_id = r.get(data, "plan", str, top(), required=True)
    scenario = r.get(data, "scenario", str, top(), r.key_line("scenario", None))
    if scenario is not None and not is_scenario_name(scenario):
        r.error(top(), t('"scenario" = "{name}" kan ikke bruges som navn (bogstaver, cifre, '
                         "mellemrum, - _ .; højst 80 tegn, begynder med et bogstav eller ciffer)",
                         '"scenario" = "{name}" is not a usable name (letters, digits, space, '
                         "- _ .; at most 80 characters, starting with a letter or digit)",
                         name=clip(scenario)), r.key_line("scenario", None))
    based_on = r.choice(data, "based_on", PERIODS, top(), r.key_line("based_on", None),
                        required=scenario is not None)
    if based_on is not None and scenario is None:
        r.error(top(), t('"based_on" hører til et scenarie; tilføj `scenario = "navn"`',
                         '"based_on" belongs to a scenario; add `scenario = "name"`'),
                r.key_line("based_on", None))
    stated = r.choice(data, "period", PERIODS, top(), r.key_line("period", None),
                      required=scenario is None)
    if stated is not None and based_on is not None and stated != based_on:
        r.error(top(), t('"period" = "{p}" og "based_on" = "{b}" er forskellige; et scenarie '
                         'har kun "based_on"',
                         '"period" = "{p}" and "based_on" = "{b}" differ; a scenario needs '
                         'only "based_on"', p=stated, b=based_on), r.key_line("period", None))
    _check_place(r, data, path, named, stated)
    period = stated or based_on
    as_of = r.get(data, "as_of", dt.date, top(), r.key_line("as_of", None),
                  required=scenario is None)
    example = r.get(data, "example", bool, top(), r.key_line("example", None)) or False
    note = r.get(data, "note", str, top(), r.key_line("note", None))
    source = r.get(data, "source", str, top(), r.key_line("source", None))
    goals: dict[str, GoalFigures] = {}
    raw_goals = r.table(data.get("goal", {}), "[goal]")
    for raw_id, raw in raw_goals.items():
        gid = normal_id(raw_id)
        line = r.index.header_line("goal", gid) or r.index.first_header_line("goal", gid)
        if not gid.strip():
            r.error(t('mål ""', 'goal ""'), t("et mål-id må ikke være tomt",
                                             "a goal id must not be empty"), line)
            continue
        if gid in goals:
            r.error(t("mål {id}", "goal {id}", id=gid),
                    t("dobbelt mål-id (det samme id skrevet på to måder)",
                      "duplicate goal id (the same id written two ways)"), line)
            continue
        goal_figures = _read_goal_figures(r, raw, gid, line)
        if goal_figures is not None:
            goals[gid] = goal_figures
    if plan is not None and plan_id is not None and period is not None:
        # Check what could be read against the plan too, so that every problem shows at once.
        sketch = Figures(plan=plan_id, period=Period(period), as_of=as_of, goals=goals)
        check_figures(sketch, plan, r)
    r.done()
    assert plan_id is not None and period is not None
    return Figures(plan=plan_id, period=Period(period), as_of=as_of, goals=goals,
                   example=example, note=note, scenario=scenario, source=source,
                   based_on=Period(based_on) if based_on else None, path=path)


def _check_place(r: Reader, data: Mapping[str, Any], path: Path | None, named: Period | None,
                 stated: str | None) -> None:
    """Reported figures picked by their file name say that period, and are no scenario."""
    named = named or (named_period(path) if path is not None else None)
    if named is None:
        return
    for key in ("scenario", "based_on"):
        if key in data:
            r.error(top(), t('"{key}" hører ikke hjemme i indberettede tal ({period}.toml); '
                             "gem et scenarie under scenarios/",
                             '"{key}" does not belong in reported figures ({period}.toml); '
                             "keep a scenario under scenarios/", key=key, period=named.value),
                    r.key_line(key, None))
    if stated is not None and stated != named.value:
        r.error(top(), t('"period" er "{stated}", men filen hedder {period}.toml',
                         '"period" is "{stated}", but the file is named {period}.toml',
                         stated=stated, period=named.value), r.key_line("period", None))


def _read_goal_figures(r: Reader, raw: Any, gid: str, line: int | None) -> GoalFigures | None:
    where = t("mål {id}", "goal {id}", id=gid)
    table = r.table(raw, where, line)
    own = r.index.header_line("goal", gid) or line
    r.unknown(table, GOAL_FIGURES_KEYS, where, own)
    inputs = _read_inputs(r, table, where, own)
    subgoals: dict[str, Inputs] = {}
    raw_subs = r.table(table.get("subgoal", {}), t("{w} delmål", "{w} subgoal", w=where), line)
    for raw_sid, sub in raw_subs.items():
        sid = normal_id(raw_sid)
        swhere = t("{w} delmål {id}", "{w} subgoal {id}", w=where, id=sid)
        sline = r.index.header_line("goal", gid, "subgoal", sid) or line
        if not sid.strip() or sid in subgoals:
            r.error(swhere, t("tomt eller dobbelt delmåls-id", "empty or duplicate subgoal id"),
                    sline)
            continue
        stable = r.table(sub, swhere, sline)
        r.unknown(stable, INPUT_NAMES, swhere, sline)
        subgoals[sid] = _read_inputs(r, stable, swhere, sline)
    override = None
    if "override" in table:
        owhere = f"{where} override"
        oline = r.index.header_line("goal", gid, "override") or line
        otable = r.table(table["override"], owhere, oline)
        r.unknown(otable, OVERRIDE_KEYS, owhere, oline)
        status = r.choice(otable, "status", [s.value for s in Status], owhere, oline,
                          required=True)
        reason = r.get(otable, "reason", str, owhere, oline, required=True)
        earned = r.number(otable, "earned", owhere, oline)
        if status is not None and reason is not None:
            override = Override(status=Status(status), reason=reason, earned=earned)
    comment = r.get(table, "comment", str, where, line)
    return GoalFigures(inputs=inputs, subgoals=subgoals, override=override, comment=comment)


def _read_inputs(r: Reader, table: Mapping[str, Any], where: str, line: int | None) -> Inputs:
    values: dict[str, Any] = {}
    for key in NUMBER_INPUTS:
        low = None if key == "forecast" else 0
        values[key] = r.number(table, key, where, line, low=low, above_low=key == "baseline")
    raw_values = r.get(table, "values", list, where, line)
    if raw_values is not None:
        if all(is_kind(v, (int, float)) and (v == 0 or MIN_NUMBER <= v <= MAX_NUMBER)
               for v in raw_values):
            values["values"] = tuple(raw_values)
        else:
            r.error(where, t('"values" skal være en liste af tal på 0 eller mellem 0,000001 og '
                             "1e+15 (sagsbehandlingstider)",
                             '"values" must be a list of numbers, 0 or from 0.000001 to 1e+15 '
                             "(case durations)"), r.key_line("values", line))
    values["done_on"] = r.get(table, "done_on", dt.date, where, line)
    verdict = r.choice(table, "verdict", ("met", "partly_met", "not_met"), where, line)
    values["verdict"] = Status(verdict) if verdict else None
    values["reason"] = r.get(table, "reason", str, where, line)
    if values["average"] is not None and values.get("values") is not None:
        r.error(where, t('angiv "average" eller "values", ikke begge',
                         'give "average" or "values", not both'), line)
    met, total = values["met"], values["total"]
    if met is not None and total is not None and met > total:
        r.error(where, t('"met" ({met}) er større end "total" ({total})',
                         '"met" ({met}) is more than "total" ({total})',
                         met=decimal(met), total=decimal(total)), line)
    return Inputs(**values)


def input_problems(inputs: Inputs, where: str, path: Path | None = None) -> list[Problem]:
    """The rules a figures file's inputs obey, for inputs that came another way: typed in the
    app, or a scenario laid over the figures it is based on (`met` of the one against `total`
    of the other). One rule for what is accepted, whatever the door."""
    table = {key: list(value) if isinstance(value, tuple) else
             value.value if isinstance(value, Status) else value
             for key, value in inputs.given().items()}
    r = Reader(path, LineIndex(""))
    _read_inputs(r, table, where, None)
    return r.problems


def merged_problems(scenario: Figures, merged: Figures) -> list[Problem]:
    """A scenario's changed leaves, as they stand in `merged` (the scenario laid over the
    figures it is based on), against `input_problems`."""
    problems: list[Problem] = []
    over = t("sammen med de tal, scenariet bygger på", "together with the figures it is based on")
    for gid, gfig in scenario.goals.items():
        leaves = [(None, gfig.inputs), *gfig.subgoals.items()]
        for sid, changed in leaves:
            if not changed.given():
                continue
            where = t("mål {gid}", "goal {gid}", gid=gid) if sid is None else t(
                "mål {gid} delmål {sid}", "goal {gid} subgoal {sid}", gid=gid, sid=sid)
            problems += [attrs.evolve(p, message=f"{p.message} ({over})") for p in
                         input_problems(merged.inputs(gid, sid), where, scenario.path)]
    return problems


def check_figures(figures: Figures, plan: Plan, reader: Reader | None = None) -> list[Problem]:
    """Problems where figures name a goal, subgoal or input that the plan lacks (added to
    `reader`'s, when given)."""
    r = reader or Reader(figures.path, LineIndex(""))
    if figures.plan != plan.id:
        r.error(top(), t('tallene er til planen "{f}", ikke "{p}"',
                         'figures are for plan "{f}", not "{p}"', f=figures.plan, p=plan.id),
                r.key_line("plan", None))
    goals = {g.id: g for g in plan.goals}
    goal_ids = tuple(goals)
    for gid, gfig in figures.goals.items():
        where = t("mål {id}", "goal {id}", id=gid)
        line = r.index.header_line("goal", gid) or r.index.first_header_line("goal", gid)
        goal = goals.get(gid)
        if goal is None:
            if not r.skip():
                r.error(where, t('planen {plan} har intet mål "{id}"{hint}',
                                 'plan {plan} has no goal "{id}"{hint}', plan=plan.id,
                                 id=clip(gid), hint=r.suggest(gid, goal_ids)), line)
            continue
        if goal.measure is not None:
            _check_inputs(r, gfig.inputs, goal.measure, where, line)
            if gfig.subgoals:
                r.error(where, t("målet {id} har ingen delmål; angiv dets tal direkte",
                                 "goal {id} has no subgoals; give its inputs directly", id=gid),
                        line)
        else:
            if gfig.inputs.given():
                names = ", ".join(gfig.inputs.given())
                r.error(where, t('målet {id} opgøres efter sine delmål; sæt {names} under '
                                 '[goal."{id}".subgoal."<id>"]',
                                 'goal {id} is scored by its subgoals; put {names} under '
                                 '[goal."{id}".subgoal."<id>"]', id=gid, names=names), line)
            subs = {s.id: s for s in goal.subgoals}
            for sid, inputs in gfig.subgoals.items():
                sline = r.index.header_line("goal", gid, "subgoal", sid) or line
                sub = subs.get(sid)
                if sub is None:
                    if not r.skip():
                        r.error(where, t('målet {id} har intet delmål "{sid}" (det har {has})',
                                         'goal {id} has no subgoal "{sid}" (it has {has})',
                                         id=gid, sid=clip(sid), has=_listed(list(subs))), sline)
                else:
                    _check_inputs(r, inputs, sub.measure,
                                  t("{w} delmål {id}", "{w} subgoal {id}", w=where, id=sid),
                                  sline)
        earned = gfig.override.earned if gfig.override else None
        if earned is not None and earned > (goal.points or 0):
            r.error(where, t("override giver {earned} point, mere end målets {points}",
                             "override earns {earned} points, more than the goal's {points}",
                             earned=decimal(earned), points=decimal(goal.points or 0)), line)
    return r.listed() if reader is None else r.problems


def _listed(ids: list[str], most: int = 10) -> str:
    shown = ", ".join(clip(i, 20) for i in ids[:most])
    return shown + (", …" if len(ids) > most else "")


def _check_inputs(r: Reader, inputs: Inputs, measure: Measure, where: str,
                  line: int | None) -> None:
    allowed = (*measure.input_names, "forecast")
    for name in inputs.given():
        if name not in allowed:
            r.error(where, t('tallet "{name}" hører ikke til measure "{kind}" (den tager '
                             "{allowed})",
                             'input "{name}" does not apply to measure "{kind}" (it takes '
                             "{allowed})", name=name, kind=measure.kind,
                             allowed=", ".join(allowed)), line)
