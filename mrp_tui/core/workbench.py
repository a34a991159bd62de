"""Everything the app shows and edits: the plans found, one what-if session per plan, and the
scenario files. Pure Python, no Textual, so the app stays a thin layer and this is testable."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import t
from mrp_tui.core.loader import load_figures, merged_problems
from mrp_tui.core.model import Figures, Period, Plan
from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.workspace import (
    PlanEntry,
    default_plan_paths,
    discover,
    expand,
    figures_for,
    figures_roots_for,
    scenarios_root_for,
)

if TYPE_CHECKING:
    from mrp_tui.core.history import History
    from mrp_tui.core.links import PlanFinder
    from mrp_tui.core.record import Recording


class Workbench:
    """The app's data. Sessions are immutable `WhatIf`s; this object only swaps them."""

    def __init__(self, entries: Iterable[PlanEntry], problems: Iterable[Problem] = ()) -> None:
        self.entries = list(entries)
        self.problems = list(problems)
        self.sessions: dict[str, WhatIf] = {}
        self.failed: dict[str, tuple[Problem, ...]] = {}
        #: The changes as last saved (or opened), to tell what is unsaved.
        self.saved: dict[str, object] = {}
        #: Where each plan's scenario was saved or opened, and its mtime then.
        self.scenario_files: dict[str, tuple[Path, int]] = {}
        #: The plans whose reported figures are being recorded (core/recording.py).
        self.records: dict[str, Recording] = {}
        #: Each plan's history once a screen has asked for it, with the figures' mtimes then.
        self._histories: dict[str, tuple[tuple[int, ...], History]] = {}
        self._finder: PlanFinder | None = None

    @classmethod
    def load(cls, paths: Iterable[Path] = (), figures: Iterable[Path] = (),
             period: Period | None = None, scenario: Path | None = None) -> Workbench:
        files, problems = expand(list(paths) or default_plan_paths())
        bench = cls(discover(files, figures), problems)
        for entry in bench.entries:
            if entry.plan is not None:
                bench._start(entry, period)
        if scenario is not None:
            try:
                loaded = load_figures(scenario)
                bench.open_scenario(loaded.plan, scenario)
            except (LoadError, KeyError) as err:
                problems = list(err.problems) if isinstance(err, LoadError) else [
                    Problem(scenario, t("scenariets plan {id} er ikke indlæst",
                                        "the scenario's plan {id} is not loaded", id=err))]
                bench.problems.extend(problems)
        return bench

    def _start(self, entry: PlanEntry, period: Period | None) -> None:
        assert entry.plan is not None
        try:
            base = entry.load_figures(period)
        except LoadError as err:
            self.failed[entry.plan.id] = err.problems
            base = None
        self.sessions[entry.plan.id] = WhatIf.start(entry.plan, base, period)
        self.saved[entry.plan.id] = {}

    # ------------------------------------------------------------------ looking up

    @property
    def plans(self) -> list[Plan]:
        return [e.plan for e in self.entries if e.plan is not None]

    def entry(self, plan_id: str) -> PlanEntry:
        for entry in self.entries:
            if entry.plan is not None and entry.plan.id == plan_id:
                return entry
        raise KeyError(plan_id)

    def session(self, plan_id: str) -> WhatIf:
        return self.sessions[plan_id]

    def update(self, session: WhatIf) -> None:
        self.sessions[session.plan.id] = session

    def unsaved(self, plan_id: str | None = None) -> int:
        """How many changed inputs are not saved, for one plan or all."""
        ids = [plan_id] if plan_id else list(self.sessions)
        return sum(len(self.sessions[i].changes) for i in ids
                   if dict(self.sessions[i].changes) != self.saved.get(i)) + \
            sum(1 for i in ids if i in self.records and self.records[i].as_of_changed)

    def periods(self, plan_id: str) -> list[Period]:
        return list(self.entry(plan_id).figures)

    def history(self, plan_id: str) -> History:
        """The plan in every period with reported figures, and against last year's plan.
        Built the first time a screen asks (never at start-up: the other periods and an
        archive of earlier years cost nothing until looked at), then kept until one of the
        plan's figures files changes on disk."""
        from mrp_tui.core.history import plan_history
        from mrp_tui.core.links import PlanFinder

        entry = self.entry(plan_id)
        stamp = tuple(_mtime(path) for path in entry.figures.values())
        cached = self._histories.get(plan_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if self._finder is None:
            self._finder = PlanFinder(self.entries)
        # The period on screen was scored from its reported figures at start: not again.
        history = plan_history(entry, self._finder, known=[self.sessions[plan_id].reported])
        self._histories[plan_id] = (stamp, history)
        return history

    # ------------------------------------------------------------------ changing

    def switch_period(self, plan_id: str, period: Period) -> WhatIf:
        """Score `plan_id` with another period's figures, keeping the typed changes."""
        entry = self.entry(plan_id)
        assert entry.plan is not None
        base = entry.load_figures(period) or Figures.empty(entry.plan, period)
        session = self.sessions[plan_id].rebase(base)
        self.sessions[plan_id] = session
        return session

    def scenarios_dir(self, plan_id: str) -> Path:
        return scenarios_root_for(self.entry(plan_id).path) / plan_id

    def scenarios(self, plan_id: str) -> list[Path]:
        folder = self.scenarios_dir(plan_id)
        return sorted(folder.glob("*.toml")) if folder.is_dir() else []

    def save(self, plan_id: str, name: str, overwrite: bool = False) -> Path:
        """Save the plan's changes as scenario `name`; refuses to clobber another's file."""
        from mrp_tui.core.writer import WriteRefused, save_scenario, scenario_path  # on saving

        session = self.sessions[plan_id]
        path = scenario_path(scenarios_root_for(self.entry(plan_id).path), plan_id, name)
        known = self.scenario_files.get(plan_id)
        # The file this session opened, however it was named then ("scenarios/x.toml").
        expected = known[1] if known and known[0].resolve() == path.resolve() else None
        if path.exists() and expected is None and not overwrite:
            raise WriteRefused(f"scenariet «{name}» findes allerede ({path})")
        # A name not yet ours must still be free when written: two users may pick it at once.
        plan_path = self.entry(plan_id).path
        mtime = save_scenario(session.as_scenario(name), path, expected,
                              new=expected is None and not overwrite,
                              protected=[plan_path.parent, *figures_roots_for(plan_path)])
        self.scenario_files[plan_id] = (path, mtime)
        self.saved[plan_id] = dict(session.changes)
        self.sessions[plan_id] = attrs.evolve(session, name=name)
        return path

    def open_scenario(self, plan_id: str, path: Path) -> WhatIf:
        """Lay a saved scenario over the figures it is based on (the edits so far are undoable)."""
        entry = self.entry(plan_id)
        assert entry.plan is not None
        scenario = load_figures(path, entry.plan)
        session = self.sessions[plan_id]
        if scenario.based_on and (scenario.based_on != session.base.period
                                  or not session.dated):
            # Nothing reported for that period: the what-if stays undated, as --print scores
            # it (one rule: no figures means nothing reported, no deadline passed).
            base = figures_for(entry, scenario.based_on)
            session = session.rebase(base or Figures.empty(entry.plan, scenario.based_on),
                                     dated=base is not None)
        problems = merged_problems(scenario, session.base.apply(scenario))
        if problems:
            raise LoadError(problems)
        session = session.with_scenario(scenario)
        self.sessions[plan_id] = session
        self.saved[plan_id] = dict(session.changes)
        self.scenario_files[plan_id] = (path, path.stat().st_mtime_ns)
        return session


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1
