"""The year's record (issue 12, core): saving a period's reported figures whole, the change log
appended line by line, conflicts, validation, and where the files go."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import FIGURES, PLANS
from test_writes import FORK
from test_writes_targets import run_without_write_access

from mrp_tui.core import record
from mrp_tui.core.changelog import read_log
from mrp_tui.core.errors import LoadError
from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.model import Figures, GoalFigures, Inputs, Override, Period, Status
from mrp_tui.core.record import (
    Change,
    RecordRefused,
    diff_figures,
    open_reported,
    reported_path,
    save_reported,
    validate_reported,
)
from mrp_tui.core.writer import WriteRefused

PLAN = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
KEYS = ["at", "user", "period", "goal", "subgoal", "key", "old", "new", "reason"]


def with_goal(figures: Figures, goal_id: str, **changes: Any) -> Figures:
    goal = attrs.evolve(figures.for_goal(goal_id), **changes)
    return attrs.evolve(figures, goals={**figures.goals, goal_id: goal})


def q1(tmp_path: Path) -> Path:
    return tmp_path / "figures" / PLAN.id / "Q1.toml"


def log_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (path.parent / "changes.jsonl").read_text(
        encoding="utf-8").splitlines()]


def first_save(path: Path, user: str | None = "kontrollant") -> record.SaveResult:
    opened = open_reported(PLAN, path, Period.Q1)
    figures = opened.figures.with_inputs("1.b", None, Inputs(actual=2.0))
    figures = figures.with_inputs("1.a", "1", Inputs(actual=40))
    return save_reported(PLAN, figures, opened.previous, path, user)


def test_a_new_period_is_written_whole_and_each_input_logged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = q1(tmp_path)
    opened = open_reported(PLAN, path, Period.Q1)
    assert opened.mtime_ns is None and opened.previous is None
    assert opened.figures.as_of == dt.date(2024, 3, 31) and not opened.figures.goals
    monkeypatch.setenv("LOGNAME", "kontrollant")
    figures = opened.figures.with_inputs("1.b", None, Inputs(actual=2.0))
    figures = attrs.evolve(with_goal(figures, "2.1", comment="Opfyldt\n– se bilag"),
                           source="Indberetning 12/4/2024")
    result = save_reported(PLAN, figures, None, path, reason="kvartalsindberetning")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('format = 1\nplan = "hjemrejsestyrelsen-2024"\nperiod = "Q1"\n'
                           "as_of = 2024-03-31\n")
    assert 'source = "Indberetning 12/4/2024"' in text and "actual = 2\n" in text
    loaded = load_figures(path, PLAN)
    assert loaded.goals == result.figures.goals and loaded.source == "Indberetning 12/4/2024"
    assert result.mtime_ns == path.stat().st_mtime_ns
    lines = log_lines(path)
    assert [list(line) for line in lines] == [KEYS, KEYS]  # exactly the keys of §2, in order
    assert [(x["goal"], x["subgoal"], x["key"], x["old"], x["new"]) for x in lines] == [
        ("1.b", None, "actual", None, 2), ("2.1", None, "comment", None, "Opfyldt\n– se bilag")]
    for line in lines:
        at = dt.datetime.fromisoformat(line["at"])
        assert at.utcoffset() is not None and abs(at - dt.datetime.now(dt.UTC)).total_seconds() < 60
        assert (line["user"], line["period"], line["reason"]) == (
            "kontrollant", "Q1", "kvartalsindberetning")
    assert result.changes == (Change("1.b", None, "actual", None, 2),
                              Change("2.1", None, "comment", None, "Opfyldt\n– se bilag"))


def test_a_second_save_logs_only_what_changed_old_to_new(tmp_path: Path) -> None:
    path = q1(tmp_path)
    first_save(path)
    opened = open_reported(PLAN, path, Period.Q1)
    figures = opened.figures.with_inputs("1.b", None, Inputs(actual=3))  # changed
    figures = figures.with_inputs("1.a", "1", Inputs())  # removed
    override = Override(Status.PARTLY_MET, "Aftalt med departementet 12/4", 5)
    figures = with_goal(figures, "1.c", override=override)
    save_reported(PLAN, figures, opened.previous, path, expected_mtime_ns=opened.mtime_ns)
    lines = log_lines(path)[2:]
    assert [(x["goal"], x["subgoal"], x["key"], x["old"], x["new"], x["reason"])
            for x in lines] == [
        ("1.a", "1", "actual", 40, None, None),
        ("1.b", None, "actual", 2, 3, None),
        ("1.c", None, "override", None,
         {"status": "partly_met", "earned": 5, "reason": "Aftalt med departementet 12/4"},
         "Aftalt med departementet 12/4")]  # an override's line carries its reason
    assert '[goal."1.c".override]' in path.read_text(encoding="utf-8")


def test_nothing_changed_nothing_logged(tmp_path: Path) -> None:
    path = q1(tmp_path)
    opened = open_reported(PLAN, path, Period.Q1)
    result = save_reported(PLAN, opened.figures, None, path)
    assert result.changes == () and not (path.parent / "changes.jsonl").exists()
    again = open_reported(PLAN, path, Period.Q1)
    save_reported(PLAN, again.figures, again.previous, path, expected_mtime_ns=again.mtime_ns)
    assert not (path.parent / "changes.jsonl").exists()


def test_a_file_changed_on_disk_since_it_was_opened_is_not_overwritten(tmp_path: Path) -> None:
    path = q1(tmp_path)
    first_save(path)
    mine = open_reported(PLAN, path, Period.Q1)
    theirs = open_reported(PLAN, path, Period.Q1)
    save_reported(PLAN, theirs.figures.with_inputs("1.b", None, Inputs(actual=7)),
                  theirs.previous, path, "kollega", expected_mtime_ns=theirs.mtime_ns)
    before, log_before = path.read_bytes(), (path.parent / "changes.jsonl").read_bytes()
    typed = mine.figures.with_inputs("1.b", None, Inputs(actual=9))
    with pytest.raises(WriteRefused, match="er ændret på disken, siden den blev åbnet"):
        save_reported(PLAN, typed, mine.previous, path, expected_mtime_ns=mine.mtime_ns)
    assert path.read_bytes() == before
    assert (path.parent / "changes.jsonl").read_bytes() == log_before
    assert typed.inputs("1.b").actual == 9  # the caller's values are its own still
    # Opened when there was no file, and one is there now: not overwritten either.
    with pytest.raises(WriteRefused, match="gemt af en anden imens"):
        save_reported(PLAN, typed, None, path)


def _save_period(path: Path, which: int, expected: int | None, barrier: Any,
                 results: Any) -> None:
    """A child: one of two users saving the same period at the same moment."""
    figures = Figures.empty(PLAN, Period.Q1).with_inputs("1.b", None, Inputs(actual=10 + which))
    previous = load_figures(path, PLAN) if expected is not None else None
    barrier.wait()
    try:
        save_reported(PLAN, figures, previous, path, f"bruger{which}",
                      expected_mtime_ns=expected)
    except WriteRefused as err:
        results.put((which, str(err)))
    else:
        results.put((which, None))


@pytest.mark.parametrize("existing", [False, True])
@pytest.mark.parametrize("rounds", range(4))
def test_of_two_saving_the_same_period_exactly_one_wins(tmp_path: Path, existing: bool,
                                                        rounds: int) -> None:
    path = q1(tmp_path)
    expected = first_save(path).mtime_ns if existing else None
    logged = len(log_lines(path)) if existing else 0
    barrier, results = FORK.Barrier(2), FORK.Queue()
    children = [FORK.Process(target=_save_period, args=(path, which, expected, barrier,
                                                        results)) for which in (0, 1)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    outcomes = sorted(results.get(timeout=5) for _ in children)
    refused = [which for which, error in outcomes if error]
    assert len(refused) == 1, outcomes
    winner = 1 - refused[0]
    assert load_figures(path, PLAN).inputs("1.b").actual == 10 + winner
    new_lines = log_lines(path)[logged:]
    assert [(x["user"], x["new"]) for x in new_lines if x["goal"] == "1.b"] == [
        (f"bruger{winner}", 10 + winner)]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def _save_many(folder: Path, period: Period, rounds: int, barrier: Any) -> None:
    path = folder / f"{period.value}.toml"
    barrier.wait()
    for n in range(rounds):
        opened = open_reported(PLAN, path, period)
        figures = opened.figures.with_inputs("1.b", None, Inputs(actual=n + 1))
        save_reported(PLAN, figures, opened.previous, path, expected_mtime_ns=opened.mtime_ns)


def test_two_writers_appending_to_one_log_never_tear_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "figures" / PLAN.id
    barrier = FORK.Barrier(2)
    children = [FORK.Process(target=_save_many, args=(folder, period, 25, barrier))
                for period in (Period.Q1, Period.Q2)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
        assert child.exitcode == 0
    log = read_log(folder / "changes.jsonl")
    assert log.problems == () and len(log.entries) == 50
    for period in (Period.Q1, Period.Q2):
        news = [e.new for e in log.entries if e.period is period]
        assert news == list(range(1, 26))  # in order, none lost, none twice


def test_a_read_only_figures_folder_gives_a_clear_message_and_writes_nothing() -> None:
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="mrp-ro-", dir="/tmp"))
    try:
        base.chmod(0o755)
        folder = base / "figures" / PLAN.id
        folder.mkdir(parents=True)
        path = folder / "Q1.toml"
        figures = Figures.empty(PLAN, Period.Q1).with_inputs("1.b", None, Inputs(actual=2))
        outcome = run_without_write_access(lambda: save_reported(PLAN, figures, None, path))
        assert outcome[0] == "refused" and "ingen adgang til at skrive" in outcome[1]
        (base / "figures").chmod(0o555)
        folder.rmdir()
        outcome = run_without_write_access(lambda: save_reported(PLAN, figures, None, path))
        assert outcome == ("refused", f"ingen adgang til at skrive i mappen {folder}")
        assert list((base / "figures").iterdir()) == []
    finally:
        shutil.rmtree(base)


def test_new_files_get_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        first_save(q1(tmp_path))
    finally:
        os.umask(old)
    for name in ("Q1.toml", "changes.jsonl"):
        assert stat.S_IMODE((q1(tmp_path).parent / name).stat().st_mode) == 0o640


def test_a_log_that_cannot_be_appended_to_is_reported_not_silently_lost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(record.os, "write", full)
    result = first_save(q1(tmp_path))
    assert result.log_error is not None and "ændringsloggen" in result.log_error
    assert load_figures(q1(tmp_path), PLAN).inputs("1.b").actual == 2


# --------------------------------------------------------------------------- refused


def refused(figures: Figures, path: Path, previous: Figures | None = None) -> str:
    with pytest.raises(RecordRefused) as caught:
        save_reported(PLAN, figures, previous, path)
    assert not path.exists() and not (path.parent / "changes.jsonl").exists()
    assert validate_reported(PLAN, figures, path) or "gemmes som" in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(("change", "message"), [
    ({"as_of": dt.date(2025, 1, 1)}, "opgørelsesdatoen 1/1/2025 ligger uden for planens år "
                                     "(1/1/2024–31/12/2024)"),
    ({"as_of": dt.date(2023, 12, 31)}, "uden for planens år"),
    ({"as_of": None}, "opgørelsesdatoen mangler"),
    ({"scenario": "hvis", "based_on": Period.Q1}, "et scenarie kan ikke gemmes"),
    ({"plan": "siri-2024"}, 'tallene er til planen "siri-2024"'),
])
def test_figures_that_are_not_this_plans_reported_ones_are_refused(
        tmp_path: Path, change: dict[str, Any], message: str) -> None:
    figures = attrs.evolve(Figures.empty(PLAN, Period.Q1), **change)
    assert message in refused(figures, q1(tmp_path))


@pytest.mark.parametrize(("override", "message"), [
    (Override(Status.MET, ""), "en tilsidesættelse skal have en begrundelse"),
    (Override(Status.MET, "  \n"), "en tilsidesættelse skal have en begrundelse"),
    (Override(Status.MET, "ok", 11), "tildelte point skal være mellem 0 og målets 10, ikke 11"),
    (Override(Status.MET, "ok", -1), "tildelte point skal være mellem 0 og målets 10, ikke -1"),
])
def test_an_override_needs_a_reason_and_points_within_the_goals(
        tmp_path: Path, override: Override, message: str) -> None:
    figures = with_goal(Figures.empty(PLAN, Period.Q1), "1.b", override=override)
    assert f"mål 1.b: {message}" in refused(figures, q1(tmp_path))
    fine = with_goal(Figures.empty(PLAN, Period.Q1), "1.b",
                     override=Override(Status.MET, "ok", 10))
    assert validate_reported(PLAN, fine, q1(tmp_path)) == []


@pytest.mark.parametrize(("goal", "sub", "inputs", "message"), [
    ("1.c", None, Inputs(met=200, total=196), '"met" (200) er større end "total"'),
    ("1.b", None, Inputs(actual=1e20), '"actual" er for stort'),
    ("1.b", None, Inputs(actual=-1), '"actual" skal være mindst 0'),
    ("1.b", None, Inputs(actual=5e-324), '"actual" er for lille'),
    ("1.b", None, Inputs(met=3), 'tallet "met" hører ikke til'),
    ("1.z", None, Inputs(actual=1), 'har intet mål "1.z"'),
    ("1.a", "9", Inputs(actual=1), 'har intet delmål "9"'),
])
def test_a_value_the_loader_would_refuse_is_never_written(
        tmp_path: Path, goal: str, sub: str | None, inputs: Inputs, message: str) -> None:
    figures = Figures.empty(PLAN, Period.Q1).with_inputs(goal, sub, inputs)
    assert message in refused(figures, q1(tmp_path))


def test_text_that_cannot_be_saved_or_is_too_large_is_refused(tmp_path: Path) -> None:
    empty = Figures.empty(PLAN, Period.Q1)
    assert "UTF-8" in refused(with_goal(empty, "1.b", comment="\ud800"), q1(tmp_path))
    huge = with_goal(empty, "1.b", comment="x" * (1024 * 1024))
    assert "grænsen er 1,048,576 byte" in refused(huge, q1(tmp_path))
    big_file = tmp_path / "big.toml"  # the loader would refuse such a file too
    big_file.write_text(f'format = 1\nplan = "{PLAN.id}"\nperiod = "Q1"\nas_of = 2024-03-31\n'
                        f'[goal."1.b"]\ncomment = "{"x" * 1024 * 1024}"\n')
    with pytest.raises(LoadError):
        load_figures(big_file, PLAN)


def test_the_file_name_must_be_the_period_and_the_folder_the_plan(tmp_path: Path) -> None:
    figures = Figures.empty(PLAN, Period.Q1)
    for path in (tmp_path / "figures" / PLAN.id / "Q3.toml",
                 tmp_path / "figures" / "siri-2024" / "Q1.toml",
                 tmp_path / "figures" / PLAN.id / "Q1.txt"):
        assert f"gemmes som figures/{PLAN.id}/Q1.toml" in refused(figures, path)


def test_never_among_the_plans_even_through_a_link(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / f"{PLAN.id}.toml").write_bytes((PLANS / f"{PLAN.id}.toml").read_bytes())
    plan = load_plan(plans / f"{PLAN.id}.toml")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / PLAN.id).symlink_to(plans)
    with pytest.raises(WriteRefused, match="skrives aldrig blandt planerne"):
        save_reported(plan, Figures.empty(plan, Period.Q1), None,
                      tmp_path / "figures" / PLAN.id / "Q1.toml")
    assert sorted(p.name for p in plans.iterdir()) == [f"{PLAN.id}.toml"]


def test_opening_a_scenario_or_another_periods_file_as_reported_is_refused(
        tmp_path: Path) -> None:
    path = q1(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(f'format = 1\nplan = "{PLAN.id}"\nscenario = "x"\nbased_on = "Q1"\n')
    # The loader itself refuses a scenario in figures/<plan>/<period>.toml (plan-format §2).
    with pytest.raises(LoadError, match='"scenario" hører ikke hjemme i indberettede tal'):
        open_reported(PLAN, path, Period.Q1)


# --------------------------------------------------------------------------- the diff


def test_diff_per_input_override_and_comment_in_the_plans_order() -> None:
    old = load_figures(FIGURES / PLAN.id / "year.toml", PLAN)
    new = old.with_inputs("1.a", "2", attrs.evolve(old.inputs("1.a", "2"), actual=1))
    new = with_goal(new, "1.c", comment="ny")
    new = with_goal(new, "1.g", override=None)
    new = new.with_inputs("1.c", None, attrs.evolve(new.inputs("1.c"), met=float(
        old.inputs("1.c").met or 0)))  # 170 and 170.0 are the same value
    changes = diff_figures(old, new, PLAN)
    assert [(c.goal, c.subgoal, c.key) for c in changes] == [
        ("1.a", "2", "actual"), ("1.c", None, "comment"), ("1.g", None, "override")]
    assert changes[0].describe() == f"1.a delmål 2 actual: {old.inputs('1.a', '2').actual} → 1"
    assert changes[2].new is None and isinstance(changes[2].old, Override)
    assert diff_figures(old, old) == ()
    everything = diff_figures(None, old, PLAN)
    assert len(everything) == sum(len(old.inputs(g, s).given()) for g in old.goals
                                  for s in [None, *old.for_goal(g).subgoals]) + sum(
        (g.override is not None) + (g.comment is not None) for g in old.goals.values())


def test_describe_speaks_danish() -> None:
    change = Change("1.b", None, "override", None, Override(Status.PARTLY_MET, "aftalt", 2.5))
    assert change.describe() == "1.b override: – → delvist opfyldt, 2,5 point: aftalt"
    assert Change("1.4", None, "done_on", dt.date(2024, 9, 30), None).describe() == \
        "1.4 done_on: 30/9/2024 → –"
    assert Change("1.2", None, "values", (12, 30.5), (1250,)).describe() == \
        "1.2 values: 12; 30,5 → 1.250"
    assert GoalFigures() == GoalFigures()  # the empty goal is what a removed goal compares to


# --------------------------------------------------------------------------- where it goes


def test_bundled_plans_record_in_the_current_folder_found_before_the_examples(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from mrp_tui.core import workspace

    package = tmp_path / "site" / "mrp_tui"
    shutil.copytree(PLANS, package / "data" / "plans")
    shutil.copytree(FIGURES, package / "data" / "fixtures" / "figures")
    monkeypatch.setattr(workspace, "PACKAGE_DIR", package)
    monkeypatch.setattr(record, "PACKAGE_DIR", package)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    plan_path = workspace.default_plan_paths()[0] / f"{PLAN.id}.toml"
    assert workspace.is_bundled(plan_path)
    plan = load_plan(plan_path)
    for period in (Period.Q1, Period.Q3):
        path = reported_path(plan_path, plan.id, period)
        assert path == here / "figures" / plan.id / f"{period.value}.toml"
        figures = Figures.empty(plan, period).with_inputs("1.b", None, Inputs(actual=7))
        save_reported(plan, figures, None, path)
    [entry] = [e for e in workspace.discover([plan_path]) if e.plan is not None]
    examples = package / "data" / "fixtures" / "figures" / plan.id
    assert entry.figures == {Period.Q1: here / "figures" / plan.id / "Q1.toml",
                             Period.Q2: examples / "Q2.toml",  # no Q2 of ours: the example
                             Period.Q3: here / "figures" / plan.id / "Q3.toml",
                             Period.YEAR: package / "data" / "fixtures" / "figures" / plan.id
                             / "year.toml"}
    assert entry.load_figures(Period.Q3).inputs("1.b").actual == 7  # ours, not the example
    assert not list((package / "data").rglob("changes.jsonl"))
    assert Path("figures") in [p.relative_to(here) for p in workspace.default_check_paths()
                               if p.is_relative_to(here)]  # `--check` alone checks them
