"""Hypothesis strategies for valid plans and figures (as parsed TOML documents)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

YEAR = 2024
numbers = st.integers(0, 10_000) | st.floats(0, 10_000, allow_nan=False).map(lambda x: round(x, 2))
dates = st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))


@st.composite
def measure(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["at_least", "at_most", "reduction", "increase", "share",
                                 "average", "milestone", "assessed"]))
    out: dict[str, Any] = {"measure": kind}
    maybe = draw(st.booleans())  # sometimes the document states no target
    if kind in ("at_least", "at_most"):
        if maybe:
            out["target"] = draw(numbers)
        out["cumulative"] = draw(st.booleans())
    elif kind in ("reduction", "share", "increase") and maybe:
        out["target_pct"] = draw(st.integers(0, 100))
    elif kind == "average":
        if maybe:
            out["max"] = draw(numbers)
        out["keep_pct"] = draw(st.sampled_from([50, 90, 95, 100]))
    elif kind == "milestone" and maybe:
        out["due"] = draw(dates)
    return out


@st.composite
def inputs_for(draw: st.DrawFn, m: dict[str, Any]) -> dict[str, Any]:
    kind = m["measure"]
    out: dict[str, Any] = {}
    if kind in ("at_least", "at_most"):
        out["actual"] = draw(numbers)
    elif kind in ("reduction", "increase"):
        out["baseline"] = draw(st.integers(1, 10_000))
        out["actual"] = draw(numbers)
    elif kind == "share":
        total = draw(st.integers(0, 5_000))
        out.update(met=draw(st.integers(0, total)), total=total)
    elif kind == "average":
        if draw(st.booleans()):
            out["values"] = draw(st.lists(st.integers(0, 400), max_size=30))
        else:
            out["average"] = draw(numbers)
    elif kind == "milestone":
        if draw(st.booleans()):
            out["done_on"] = draw(dates)
    else:
        out["verdict"] = draw(st.sampled_from(["met", "partly_met", "not_met"]))
        out["reason"] = draw(st.text(max_size=20))
    if draw(st.integers(0, 9)) == 0:
        out["forecast"] = draw(numbers)
    # Sometimes nothing is reported for this leaf.
    return out if draw(st.integers(0, 5)) else {}


@st.composite
def plan_and_figures(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    goals = []
    figure_goals: dict[str, Any] = {}
    for n in range(draw(st.integers(1, 6))):
        goal: dict[str, Any] = {"id": f"g{n}", "section": "faglig", "title": "T", "text": "x"}
        points = draw(st.none() | st.integers(0, 30) | st.just(2.5))
        if points is not None:
            goal["points"] = points
        if draw(st.booleans()):
            goal.update(draw(measure()))
            entry = draw(inputs_for(goal))
        else:
            subs = [{"id": str(k), "text": "s", **draw(measure())}
                    for k in range(draw(st.integers(1, 4)))]
            if points is not None and draw(st.booleans()):
                shares = [points / len(subs)] * len(subs)
                shares[-1] = points - sum(shares[:-1])
                for sub, share in zip(subs, shares, strict=True):
                    sub["points"] = share
            goal["subgoal"] = subs
            goal["combine"] = draw(st.sampled_from(["each", "all"]))
            entry = {"subgoal": {s["id"]: i for s in subs if (i := draw(inputs_for(s)))}}
            if not entry["subgoal"]:
                entry = {}
        if draw(st.integers(0, 9)) == 0:
            status = draw(st.sampled_from(["met", "partly_met", "not_met", "pending"]))
            entry["override"] = {"status": status, "reason": "r"}
            if points is not None and draw(st.booleans()):
                entry["override"]["earned"] = draw(st.floats(0, points).map(lambda x: round(x, 2)))
        if entry:
            figure_goals[goal["id"]] = entry
        goals.append(goal)
    plan = {"format": 1, "plan": {"agency": "A", "ministry": "M", "year": YEAR, "title": "T",
                                  "source": "S"}, "goal": goals}
    period = draw(st.sampled_from(["Q1", "Q2", "Q3", "year"]))
    figures = {"format": 1, "plan": "test", "period": period, "as_of": draw(dates),
               "goal": figure_goals}
    return plan, figures
