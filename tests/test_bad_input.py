"""The bad-input corpus (fixtures/bad/): every file is refused by `--check` and `--print` with
exit 2 and one line per problem naming the file, the line or goal, and what was expected;
never a traceback. Subprocesses are few: --check takes all files at once, --print all plans at
once, and the figures files (one plan and one file each) run side by side."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from mrp_tui.core.loader import MAX_FILE_BYTES

BAD = ROOT / "fixtures" / "bad"
PLAN = PLANS / "hjemrejsestyrelsen-2024.toml"
PLAN_FILES = sorted(BAD.glob("plan-*.toml"))
FIGURES_FILES = sorted(BAD.glob("figures-*.toml"))

#: What each file must be refused for (at least these; more lines are fine).
EXPECTED: dict[str, list[str]] = {
    "plan-syntax-error.toml": [":6: TOML syntax error: Illegal character"],
    "plan-syntax-duplicate-key.toml": [":8: TOML syntax error: Cannot overwrite a value"],
    "plan-wrong-types.toml": [
        ':5: [plan]: "agency" must be text, got a whole number',
        ':7: [plan]: "year" must be a whole number, got text "2024"',
        ':10: [plan]: "valid_from" must be a date (YYYY-MM-DD), got text "2024-01-01"',
        ':13: goal #1: "id" must be text, got a whole number',
        ':20: goal #1: "cumulative" must be true or false, got text "ja"',
        ':25: goal 2: "title" must be text, got a list',
        ':29: goal 2: "due" must be a date (YYYY-MM-DD), got a date-time'],
    "plan-unknown-keys.toml": [
        ':3: top level: unknown key "owner"',
        ':12: top level: unknown key "meta"',
        ':15: top level: unknown key "goals" (did you mean "goal"?)',
        ':26: goal 1: unknown key "weight"',
        ':30: goal 2: "section" must be one of "faglig", "koncernfælles", got "operationel"',
        ':34: goal 2: "measure" must be one of',
        ':48: goal 3 subgoal a: unknown key "deadline"'],
    "plan-near-misses.toml": [
        ':10: [plan]: unknown key "colour"',
        ':18: goal 1: "measure" must be one of',
        ':28: goal 2: "target" does not apply to measure "share" (it takes target_pct) '
        '(did you mean "target_pct"?)'],
    "plan-duplicate-ids.toml": [":21: goal 1: duplicate goal id",
                                ":37: goal 2 subgoal a: duplicate subgoal id"],
    "plan-bad-points.toml": [
        ':16: goal 1: "points" must be at least 0, got -5',
        ':24: goal 2: "points" must be a number, got text "tyve"',
        ':32: goal 3: "points" must be a finite number',
        ':40: goal 4: "points" must be a finite number',
        ':48: goal 5: "points" must be a number, got true/false'],
    "plan-percent-over-100.toml": [
        ':18: goal 1: "target_pct" must be at most 100, got 120',
        ':27: goal 2: "target_pct" must be at most 100, got 150',
        ':37: goal 3: "keep_pct" must be at most 100, got 110'],
    "plan-subgoal-points.toml": [
        ":12: goal 1: subgoal points add up to 8, but the goal has 10",
        ":33: goal 2: give points to every subgoal or to none",
        ":53: goal 3: subgoals have points but the goal has none"],
    "plan-points-mismatch.toml": [":12: goal 1: subgoal points add up to 6, but the goal has 10",
                                  ":33: goal 1: duplicate goal id"],
    "plan-measure-and-subgoals.toml": [
        ":12: goal 1: has both a measure and subgoals; move the measure into a subgoal"],
    "plan-format-2.toml": [":2: unsupported format 2; this version of mrp-tui reads format 1"],
    "plan-not-utf8.toml": [":5: not UTF-8 text (save the file as UTF-8)"],
    "plan-empty.toml": [":1: missing `format = 1` at the top of the file (the file is empty)",
                        ": [plan]: missing the [plan] table"],
    "plan-deep-nesting.toml": [": arrays or tables nested too deeply"],
    "plan-huge-numbers.toml": [':16: goal 1: "points" is too large',
                               ':18: goal 1: "target" is too large'],
    "plan-long-number.toml": [":18: a number is too long (more than 4,300 digits)"],
    "figures-syntax-error.toml": [":7: TOML syntax error"],
    "figures-deep-nesting.toml": [": arrays or tables nested too deeply"],
    "figures-unknown-goal.toml": [':11: goal 1.z: plan hjemrejsestyrelsen-2024 has no goal'],
    "figures-wrong-inputs.toml": [':8: goal 1.c: "met" must be a number, got text "many"'],
    "figures-wrong-types.toml": [
        ':4: top level: "period" must be one of "Q1", "Q2", "Q3", "year", got "Q5"',
        ':5: top level: "as_of" must be a date (YYYY-MM-DD), got text "2024-09-30"',
        ':6: top level: "example" must be true or false, got text "ja"',
        ':9: goal 1.a subgoal 1: "actual" must be a number, got text "118"',
        ':12: goal 1.a subgoal 2: "baseline" must be greater than 0, got 0',
        ':13: goal 1.a subgoal 2: "actual" must be at least 0, got -3',
        ':15: goal 1.c: "met" (200) is more than "total" (196)',
        ':20: goal 1.2: "values" must be a list of numbers of at least 0',
        ':23: goal 1.4: "done_on" must be a date (YYYY-MM-DD), got a whole number',
        ':26: goal 2.1: "verdict" must be one of "met", "partly_met", "not_met", got "yes"',
        ':27: goal 2.1: "reason" must be text, got a whole number',
        ':29: goal 1.b override: missing required key "reason"',
        ':30: goal 1.b override: "status" must be one of',
        ':31: goal 1.b override: "earned" must be a number, got text "alle"'],
    "figures-unknown-names.toml": [
        ':6: top level: unknown key "quarter"',
        ':9: goal 1.b: unknown key "acutal" (did you mean "actual"?)'],
}
#: Problems that concern the whole file, so name no line and no goal.
WHOLE_FILE = ("arrays or tables nested too deeply", "the limit is 1,048,576 bytes")
WHERE = ("goal ", "group ", "[plan]", "[[goal]]", "top level")
PROBLEM = re.compile(r"^(?P<path>/.+?\.toml)(?::(?P<line>\d+))?: (?P<rest>.+)$")


def run_all(commands: Sequence[Sequence[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Run `python -m mrp_tui ARGS` for each command side by side; results in order."""
    procs = [subprocess.Popen([sys.executable, "-m", "mrp_tui", *args], cwd=ROOT, text=True,
                              encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for args in commands]
    done = []
    for proc, args in zip(procs, commands, strict=True):
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(list(args), proc.returncode, out, err))
    return done


def by_file(stderr: str) -> dict[str, list[str]]:
    """The problem lines of stderr by the file they name; anything else fails the test."""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        if re.fullmatch(r"\d+ files checked: \d+ errors, \d+ warnings", line):
            continue
        found = PROBLEM.match(line)
        assert found, f"not a problem line naming a file: {line!r}"
        named_place = found["line"] or found["rest"].startswith(WHERE) \
            or any(w in line for w in WHOLE_FILE)
        assert named_place, f"names neither a line nor a goal: {line!r}"
        lines.setdefault(found["path"], []).append(line)
    return lines


@pytest.fixture(scope="module")
def oversized(tmp_path_factory: pytest.TempPathFactory) -> Path:
    big = tmp_path_factory.mktemp("big") / "plan-oversized.toml"
    big.write_text("format = 1\n" + "# filler\n" * (MAX_FILE_BYTES // 9))
    assert big.stat().st_size > MAX_FILE_BYTES
    return big


@pytest.fixture(scope="module")
def results(oversized: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    every = [str(p) for p in (*PLAN_FILES, *FIGURES_FILES, oversized)]
    commands = [["--check", *every], ["--print", *(str(p) for p in (*PLAN_FILES, oversized))]]
    commands += [["--print", str(PLAN), "--figures", str(p)] for p in FIGURES_FILES]
    check, print_plans, *print_figures = run_all(commands)
    named = {"check": check, "print plans": print_plans}
    named.update({p.name: done for p, done in zip(FIGURES_FILES, print_figures, strict=True)})
    return named


def test_the_corpus_has_every_kind() -> None:
    names = {p.name for p in BAD.glob("*.toml")}
    assert names == set(EXPECTED), "add the new file's expected problems to EXPECTED"
    # The five files the corpus started with are still there.
    assert {"plan-syntax-error.toml", "plan-near-misses.toml", "plan-points-mismatch.toml",
            "figures-unknown-goal.toml", "figures-wrong-inputs.toml"} <= names


def test_check_refuses_every_file(results: dict[str, subprocess.CompletedProcess[str]],
                                  oversized: Path) -> None:
    done = results["check"]
    assert done.returncode == 2
    assert done.stdout == ""  # no file is "ok"
    lines = by_file(done.stderr)
    assert set(lines) == {str(p) for p in (*PLAN_FILES, *FIGURES_FILES, oversized)}
    for path in (*PLAN_FILES, *FIGURES_FILES):
        text = "\n".join(lines[str(path)])
        for expected in EXPECTED[path.name]:
            assert f"{path}{expected}" in text, (expected, text)
    errors = sum(len(v) for v in lines.values())
    assert done.stderr.splitlines()[-1] == \
        f"{len(lines)} files checked: {errors} errors, 0 warnings"


def test_print_refuses_every_plan_with_the_same_lines(
        results: dict[str, subprocess.CompletedProcess[str]], oversized: Path) -> None:
    done = results["print plans"]
    assert done.returncode == 2
    assert done.stdout == ""
    printed = by_file(done.stderr)
    checked = by_file(results["check"].stderr)
    assert set(printed) == {str(p) for p in (*PLAN_FILES, oversized)}
    for path, lines in printed.items():
        assert lines == checked[path]


@pytest.mark.parametrize("path", FIGURES_FILES, ids=lambda p: p.name)
def test_print_refuses_every_figures_file(
        results: dict[str, subprocess.CompletedProcess[str]], path: Path) -> None:
    done = results[path.name]
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    printed = by_file(done.stderr)
    assert list(printed) == [str(path)]
    # --print may stop at what is wrong with the file alone; all it says, --check says too.
    assert set(printed[str(path)]) <= set(by_file(results["check"].stderr)[str(path)])


def test_a_few_messages_exactly(results: dict[str, subprocess.CompletedProcess[str]],
                                oversized: Path) -> None:
    lines = by_file(results["check"].stderr)
    size = oversized.stat().st_size
    assert lines[str(oversized)] == [
        f"{oversized}: file is {size:,} bytes; the limit is 1,048,576 bytes"]
    empty = BAD / "plan-empty.toml"
    assert lines[str(empty)] == [
        f"{empty}:1: missing `format = 1` at the top of the file (the file is empty)",
        f"{empty}: [plan]: missing the [plan] table (agency, ministry, year, title, source)",
        f"{empty}: [[goal]]: the plan has no goals"]
    assert lines[str(BAD / "plan-duplicate-ids.toml")] == [
        f"{BAD / 'plan-duplicate-ids.toml'}:21: goal 1: duplicate goal id",
        f"{BAD / 'plan-duplicate-ids.toml'}:37: goal 2 subgoal a: duplicate subgoal id"]
    assert lines[str(BAD / "plan-deep-nesting.toml")] == [
        f"{BAD / 'plan-deep-nesting.toml'}: arrays or tables nested too deeply (a plan or "
        "figures file needs only a few levels)"]
    assert lines[str(BAD / "figures-unknown-goal.toml")] == [
        f"{BAD / 'figures-unknown-goal.toml'}:11: goal 1.z: plan hjemrejsestyrelsen-2024 has "
        'no goal "1.z"']


def test_print_reports_what_check_reports_for_figures(
        results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    name = "figures-unknown-names.toml"
    assert by_file(results[name].stderr) == {
        str(BAD / name): by_file(results["check"].stderr)[str(BAD / name)]}


def test_figures_for_a_plan_not_given_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "figures-other-plan.toml"
    other.write_text((BAD / "figures-unknown-goal.toml").read_text()
                     .replace('"hjemrejsestyrelsen-2024"', '"hjemrejsestyrelsen-2042"'))
    (check, printed) = run_all([["--check", str(other)],
                                ["--print", str(PLAN), "--figures", str(other)]])
    assert check.returncode == 2 and 'no plan "hjemrejsestyrelsen-2042"' in check.stderr
    assert printed.returncode == 2 and str(other) in printed.stderr


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    """Windows editors may save UTF-8 with a BOM: that is still UTF-8, and loads."""
    from mrp_tui.core.loader import load_plan

    with_bom = tmp_path / "hjemrejsestyrelsen-2024.toml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + PLAN.read_bytes())
    assert load_plan(with_bom).goals == load_plan(PLAN).goals
