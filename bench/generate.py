"""Valid plan and figures files, generated: the data of the scale and keystroke benchmarks.

Plans follow /work/shared/design/plan-format.md (format 1): every measure appears, some goals
have delmål (with and without their own points, "each" and "all"), runs of ten goals share a
group, and the goals' points add up to exactly 100. Each plan gets a figures file for `year` under
`figures/<plan-id>/year.toml` beside the plans folder, the layout the app and --print expect.

    python -m bench.generate DIR [--plans N] [--goals G] [--seed S]
    python -m bench.generate DIR --archive     # 150 linked plans, 600 figures files
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import tomli_w

YEAR = 2024
MEASURES = ("at_least", "at_most", "reduction", "increase", "share", "average", "milestone",
            "assessed")
WORDS = ("sagsbehandlingstid", "afgørelser", "udsendelser", "borgere", "virksomheder",
         "opholdstilladelser", "ansøgninger", "kvalitet", "digitalisering", "styrelsen",
         "departementet", "resultatkravet", "opfyldt", "minimum", "procent", "inden",
         "udgangen", "året", "sager", "behandles", "gennemsnitlig", "dage", "måneder",
         "indsatsen", "samarbejde", "rapportering", "bæredygtighed", "tilsyn", "kontrol")
UNITS = {"at_least": "sager", "at_most": "sager", "reduction": "sager", "increase": "sager",
         "share": "sager", "average": "dage"}
#: The goal the keystroke benchmark types into: goal "1", delmål "1" (at_least 10, actual 1).
PROBE_GOAL, PROBE_SUBGOAL, PROBE_TARGET = "1", "1", 10


def _text(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return f"Resultatkravet er opfyldt, hvis {body}."


def _split(rng: random.Random, units: int, parts: int) -> list[int]:
    """`units` split into `parts` positive whole numbers (units >= parts)."""
    cuts = sorted(rng.sample(range(1, units), parts - 1)) if parts > 1 else []
    edges = [0, *cuts, units]
    return [b - a for a, b in itertools.pairwise(edges)]


def _measure(rng: random.Random, kind: str, year: int = YEAR) -> dict[str, Any]:
    m: dict[str, Any] = {"measure": kind}
    if kind in ("at_least", "at_most"):
        m["target"] = rng.randint(10, 900)
        m["cumulative"] = rng.random() < 0.5
    elif kind in ("reduction", "increase"):
        m["target_pct"] = rng.choice((5, 10, 15, 20))
    elif kind == "share":
        m["target_pct"] = rng.choice((80, 85, 90, 95, 100))
    elif kind == "average":
        m["max"] = rng.choice((31, 60, 90, 120))
        if rng.random() < 0.5:
            m["keep_pct"] = 95
    elif kind == "milestone":
        m["due"] = dt.date(year, rng.choice((3, 6, 9, 12)), 28)
    if kind in UNITS:
        m["unit"] = UNITS[kind]
    return m


def _inputs(rng: random.Random, m: dict[str, Any]) -> dict[str, Any]:
    """Year-end figures near the target, so that statuses are mixed."""
    kind = m["measure"]
    if kind in ("at_least", "at_most"):
        return {"actual": max(0, int(m["target"] * rng.uniform(0.7, 1.3)))}
    if kind in ("reduction", "increase"):
        base = rng.randint(100, 1000)
        change = base * rng.uniform(0, 2 * m["target_pct"]) / 100
        actual = base - change if kind == "reduction" else base + change
        return {"baseline": base, "actual": round(actual)}
    if kind == "share":
        total = rng.randint(20, 2000)
        return {"met": rng.randint(int(total * 0.7), total), "total": total}
    if kind == "average":
        if rng.random() < 0.5:
            return {"values": [rng.randint(1, 2 * m["max"]) for _ in range(rng.randint(5, 40))]}
        return {"average": round(rng.uniform(0.5, 1.5) * m["max"], 1)}
    if kind == "milestone":
        return {"done_on": m["due"] - dt.timedelta(days=rng.randint(-20, 40))}
    verdict = rng.choice(("met", "partly_met", "not_met"))
    return {"verdict": verdict, "reason": "Vurderet af departementet"}


def plan_and_figures(plan_id: str, goals: int, seed: int = 0, probe: bool = False,
                     year: int = YEAR, name: str | None = None,
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
    """One plan with `goals` goals worth 100 points in all, and its year-end figures.

    With `probe`, goal 1 is the one the keystroke benchmark edits: two delmål, the first
    `at_least` 10 (not cumulative) with actual 1, so typing a 0 after the 1 meets it.
    """
    rng = random.Random(f"{name or plan_id}:{seed}")
    if goals > 200:
        raise ValueError("at most 200 goals (points are whole half-points, at least one each)")
    half_points = _split(rng, 200, goals)  # points in halves: exact in floating point
    groups = [{"id": f"G{n}", "area": f"Område {n}", "text": _text(rng, 12)}
              for n in range(1, 1 + max(1, goals // 10))]
    block_grouped = [rng.random() < 0.6 for _ in groups]
    plan_goals: list[dict[str, Any]] = []
    goal_figs: dict[str, Any] = {}
    for n in range(1, goals + 1):
        gid = str(n)
        points = half_points[n - 1] / 2
        goal: dict[str, Any] = {
            "id": gid,
            "section": "faglig" if n <= goals * 0.8 else "koncernfælles",
            "title": f"Mål {n}: {rng.choice(WORDS)} og {rng.choice(WORDS)}",
            "text": _text(rng, rng.randint(20, 60)),
            "points": int(points) if points.is_integer() else points,
        }
        block = (n - 1) // 10  # groups hold runs of ten goals, as a document lists them
        if goal["section"] == "faglig" and block < len(groups) and block_grouped[block]:
            goal["group"] = groups[block]["id"]
        figs: dict[str, Any] = {}
        # Goals 1-8 are leaves with each measure in turn (goal 1 of a probe plan aside), goal 9
        # has delmål, and after that about a third of the goals have delmål.
        if (probe and n == 1) or n == 9 or (n > 9 and rng.random() < 0.35):
            count = 2 if probe and n == 1 else rng.randint(2, 4)
            subs = []
            kinds = [rng.choice(MEASURES) for _ in range(count)]
            if probe and n == 1:
                kinds[0] = "at_least"
            own_points = half_points[n - 1] >= count and rng.random() < 0.5
            shares = _split(rng, half_points[n - 1], count) if own_points else []
            sub_figs: dict[str, Any] = {}
            for s, kind in enumerate(kinds, 1):
                m = _measure(rng, kind, year)
                sub = {"id": str(s), "title": f"Delmål {s}", "text": _text(rng, 25), **m}
                if own_points:
                    sub["points"] = shares[s - 1] / 2
                inputs = _inputs(rng, m)
                if probe and n == 1 and s == 1:
                    sub.update(measure="at_least", target=PROBE_TARGET, cumulative=False)
                    inputs = {"actual": 1}
                subs.append(sub)
                if rng.random() < 0.9 or (probe and n == 1):
                    sub_figs[str(s)] = inputs
            goal["subgoal"] = subs
            if rng.random() < 0.3:
                goal["combine"] = "all"
            if probe and n == 1:
                goal.pop("combine", None)
            if sub_figs:
                figs["subgoal"] = sub_figs
        else:
            kind = MEASURES[(n - 1) % len(MEASURES)] if n <= len(MEASURES) else \
                rng.choice(MEASURES)
            m = _measure(rng, kind, year)
            goal.update(m)
            if rng.random() < 0.9:
                figs.update(_inputs(rng, m))
                if kind in ("at_least", "at_most") and rng.random() < 0.2:
                    figs["forecast"] = m["target"]
        if figs and rng.random() < 0.03:
            figs["override"] = {"status": "partly_met", "earned": points / 2,
                                "reason": "Aftalt med departementet"}
        if figs:
            goal_figs[gid] = figs
        plan_goals.append(goal)
    plan = {
        "format": 1,
        "plan": {"agency": f"Genereret styrelse {name or plan_id}", "short": "GEN",
                 "ministry": "Benchmarkministeriet", "year": year,
                 "title": f"Mål- og resultatplan {year}", "source": "bench/generate.py"},
        "group": groups,
        "goal": plan_goals,
    }
    figures = {"format": 1, "plan": plan_id, "period": "year", "as_of": dt.date(year, 12, 31),
               "example": True, "goal": goal_figs}
    return plan, figures


def write_workspace(root: Path, plans: int, goals: int, seed: int = 0,
                    probe: bool = False) -> list[Path]:
    """`plans` plans in `root/plans/`, their figures in `root/figures/`; the plan paths."""
    (root / "plans").mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, plans + 1):
        plan_id = f"gen-{n:04d}"
        plan, figures = plan_and_figures(plan_id, goals, seed, probe)
        path = root / "plans" / f"{plan_id}.toml"
        path.write_text(tomli_w.dumps(plan), encoding="utf-8")
        fig_dir = root / "figures" / plan_id
        fig_dir.mkdir(parents=True, exist_ok=True)
        (fig_dir / "year.toml").write_text(tomli_w.dumps(figures), encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- archive mode

QUARTER_SHARE = {"Q1": 0.25, "Q2": 0.5, "Q3": 0.75}
PERIOD_END = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "year": (12, 31)}


def _leaf_measures(plan: dict[str, Any]) -> dict[tuple[str, str | None], dict[str, Any]]:
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for goal in plan["goal"]:
        for sub in goal.get("subgoal", [None]):
            out[(goal["id"], sub["id"] if sub else None)] = sub or goal
    return out


def _so_far(inputs: dict[str, Any], measure: dict[str, Any], share: float,
            as_of: dt.date) -> dict[str, Any]:
    """A leaf's year-end inputs as they stood `share` of the way through the year."""
    kind, out = measure["measure"], dict(inputs)
    if kind in ("at_least", "at_most") and measure.get("cumulative"):
        out["actual"] = round(inputs["actual"] * share)
    elif kind == "share":
        out["total"] = max(1, round(inputs["total"] * share))
        out["met"] = min(out["total"], round(inputs["met"] * share))
    elif kind in ("reduction", "increase"):
        base = inputs["baseline"]
        out["actual"] = round(base + (inputs["actual"] - base) * share)
    elif kind == "milestone" and inputs["done_on"] > as_of:
        del out["done_on"]
    return out


def period_figures(plan: dict[str, Any], figures: dict[str, Any], period: str) -> dict[str, Any]:
    """The year-end `figures` as a Q1, Q2 or Q3 report would have had them: running counts
    and cases so far, milestones only once done, judgements (overrides) only at year-end."""
    year = figures["as_of"].year
    as_of = dt.date(year, *PERIOD_END[period])
    measures = _leaf_measures(plan)
    goals: dict[str, Any] = {}
    for goal_id, table in figures["goal"].items():
        new: dict[str, Any] = {}
        subs = table.get("subgoal", {})
        own = {k: v for k, v in table.items() if k not in ("subgoal", "override")}
        if own:
            new.update(_so_far(own, measures[(goal_id, None)], QUARTER_SHARE[period], as_of))
        if subs:
            new["subgoal"] = {sid: _so_far(inputs, measures[(goal_id, sid)],
                                           QUARTER_SHARE[period], as_of)
                              for sid, inputs in subs.items()}
        goals[goal_id] = new
    return {**figures, "period": period, "as_of": as_of, "goal": goals}


def write_archive(root: Path, agencies: int = 15, years: int = 10, goals: int = 15,
                  seed: int = 0, archive: bool = True) -> list[Path]:
    """`agencies` × `years` plans linked year to year (`previous`, every goal `continues`
    its namesake), each with Q1, Q2, Q3 and year figures. This year's plans go in
    `root/plans/`, the earlier years' in `root/archive/` (read only when a link asks);
    without `archive`, only this year's plans are written (with their links left dangling).
    Returns this year's plan paths."""
    current = []
    for agency in range(1, agencies + 1):
        name = f"arkiv-{agency:02d}"
        for year in range(YEAR - years + 1, YEAR + 1):
            if year < YEAR and not archive:
                continue
            plan_id = f"{name}-{year}"
            plan, figures = plan_and_figures(plan_id, goals, seed, year=year, name=name)
            plan["plan"]["agency"] = f"Arkivstyrelse {agency:02d}"
            if year > YEAR - years + 1:
                plan["plan"]["previous"] = f"{name}-{year - 1}"
                for goal in plan["goal"]:
                    goal["continues"] = goal["id"]
            folder = root / ("plans" if year == YEAR else "archive")
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{plan_id}.toml"
            path.write_text(tomli_w.dumps(plan), encoding="utf-8")
            fig_dir = root / "figures" / plan_id
            fig_dir.mkdir(parents=True, exist_ok=True)
            for period in QUARTER_SHARE:
                (fig_dir / f"{period}.toml").write_text(
                    tomli_w.dumps(period_figures(plan, figures, period)), encoding="utf-8")
            (fig_dir / "year.toml").write_text(tomli_w.dumps(figures), encoding="utf-8")
            if year == YEAR:
                current.append(path)
    return current


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--plans", type=int, default=10)
    parser.add_argument("--goals", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--probe", action="store_true", help="goal 1 as the keystroke probe")
    parser.add_argument("--archive", action="store_true",
                        help="15 agencies × 10 years linked year to year, each with Q1, Q2, Q3 "
                             "and year figures: this year's plans in plans/, earlier in archive/")
    args = parser.parse_args()
    if args.archive:
        paths = write_archive(args.root, goals=args.goals, seed=args.seed)
        print(f"{len(paths)} plans in {args.root / 'plans'}, the earlier years in "
              f"{args.root / 'archive'}")
        return
    paths = write_workspace(args.root, args.plans, args.goals, args.seed, args.probe)
    print(f"{len(paths)} plans in {args.root / 'plans'}")


if __name__ == "__main__":
    main()
