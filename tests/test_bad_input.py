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
    "plan-syntax-error.toml": [":6: TOML-syntaksfejl: ulovligt tegn"],
    "plan-syntax-duplicate-key.toml": [":8: TOML-syntaksfejl: en værdi kan ikke overskrives"],
    "plan-wrong-types.toml": [
        ':5: [plan]: "agency" skal være tekst, ikke et heltal',
        ':7: [plan]: "year" skal være et heltal, ikke teksten "2024"',
        ':10: [plan]: "valid_from" skal være en dato (ÅÅÅÅ-MM-DD), ikke teksten "2024-01-01"',
        ':13: mål #1: "id" skal være tekst, ikke et heltal',
        ':20: mål #1: "cumulative" skal være true eller false, ikke teksten "ja"',
        ':25: mål 2: "title" skal være tekst, ikke en liste',
        ':29: mål 2: "due" skal være en dato (ÅÅÅÅ-MM-DD), ikke en dato med klokkeslæt'],
    "plan-unknown-keys.toml": [
        ':3: øverste niveau: ukendt nøgle "owner"',
        ':12: øverste niveau: ukendt nøgle "meta"',
        ':15: øverste niveau: ukendt nøgle "goals" (mente du "goal"?)',
        ':26: mål 1: ukendt nøgle "weight"',
        ':30: mål 2: "section" skal være en af "faglig", "koncernfælles", ikke "operationel"',
        ':34: mål 2: "measure" skal være en af',
        ':48: mål 3 delmål a: ukendt nøgle "deadline"'],
    "plan-near-misses.toml": [
        ':10: [plan]: ukendt nøgle "colour"',
        ':18: mål 1: "measure" skal være en af',
        ':28: mål 2: "target" hører ikke til measure "share" (den tager target_pct) '
        '(mente du "target_pct"?)'],
    "plan-duplicate-ids.toml": [":21: mål 1: dobbelt mål-id",
                                ":37: mål 2 delmål a: dobbelt delmåls-id"],
    "plan-bad-points.toml": [
        ':16: mål 1: "points" skal være mindst 0, ikke -5',
        ':24: mål 2: "points" skal være et tal, ikke teksten "tyve"',
        ':32: mål 3: "points" skal være et endeligt tal',
        ':40: mål 4: "points" skal være et endeligt tal',
        ':48: mål 5: "points" skal være et tal, ikke true/false'],
    "plan-percent-over-100.toml": [
        ':18: mål 1: "target_pct" skal være højst 100, ikke 120',
        ':27: mål 2: "target_pct" skal være højst 100, ikke 150',
        ':37: mål 3: "keep_pct" skal være højst 100, ikke 110'],
    "plan-subgoal-points.toml": [
        ":12: mål 1: delmålenes point giver 8 i alt, men målet har 10",
        ":33: mål 2: giv point til alle delmål eller til ingen",
        ":53: mål 3: delmålene har point, men målet har ingen"],
    "plan-points-mismatch.toml": [":12: mål 1: delmålenes point giver 6 i alt, men målet har 10",
                                  ":33: mål 1: dobbelt mål-id"],
    "plan-measure-and-subgoals.toml": [
        ':12: mål 1: har både "measure" og delmål; flyt "measure" ind i et delmål'],
    "plan-format-2.toml": [":2: ukendt format 2; denne version af mrp-tui læser format 1"],
    "plan-not-utf8.toml": [":5: ikke UTF-8-tekst (gem filen som UTF-8)"],
    "plan-empty.toml": [":1: mangler `format = 1` øverst i filen (filen er tom)",
                        ": [plan]: mangler tabellen [plan]"],
    "plan-deep-nesting.toml": [": lister eller tabeller er indlejret for dybt"],
    "plan-huge-numbers.toml": [':16: mål 1: "points" er for stort',
                               ':18: mål 1: "target" er for stort'],
    "plan-long-number.toml": [":18: et tal er for langt (mere end 4.300 cifre)"],
    "figures-syntax-error.toml": [":7: TOML-syntaksfejl"],
    "figures-deep-nesting.toml": [": lister eller tabeller er indlejret for dybt"],
    "figures-unknown-goal.toml": [':11: mål 1.z: planen hjemrejsestyrelsen-2024 har intet mål'],
    "figures-wrong-inputs.toml": [':8: mål 1.c: "met" skal være et tal, ikke teksten "many"'],
    "figures-wrong-types.toml": [
        ':4: øverste niveau: "period" skal være en af "Q1", "Q2", "Q3", "year", ikke "Q5"',
        ':5: øverste niveau: "as_of" skal være en dato (ÅÅÅÅ-MM-DD), ikke teksten "2024-09-30"',
        ':6: øverste niveau: "example" skal være true eller false, ikke teksten "ja"',
        ':9: mål 1.a delmål 1: "actual" skal være et tal, ikke teksten "118"',
        ':12: mål 1.a delmål 2: "baseline" skal være større end 0, ikke 0',
        ':13: mål 1.a delmål 2: "actual" skal være mindst 0, ikke -3',
        ':15: mål 1.c: "met" (200) er større end "total" (196)',
        ':20: mål 1.2: "values" skal være en liste af tal på 0 eller mellem 0,000001',
        ':23: mål 1.4: "done_on" skal være en dato (ÅÅÅÅ-MM-DD), ikke et heltal',
        ':26: mål 2.1: "verdict" skal være en af "met", "partly_met", "not_met", ikke "yes"',
        ':27: mål 2.1: "reason" skal være tekst, ikke et heltal',
        ':29: mål 1.b override: mangler den påkrævede nøgle "reason"',
        ':30: mål 1.b override: "status" skal være en af',
        ':31: mål 1.b override: "earned" skal være et tal, ikke teksten "alle"'],
    "figures-unknown-names.toml": [
        ':6: øverste niveau: ukendt nøgle "quarter"',
        ':9: mål 1.b: ukendt nøgle "acutal" (mente du "actual"?)'],
}
#: Problems that concern the whole file, so name no line and no goal.
WHOLE_FILE = ("lister eller tabeller er indlejret for dybt", "grænsen er 1.048.576 byte")
WHERE = ("mål ", "gruppe ", "[plan]", "[[goal]]", "øverste niveau")
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
    assert "Traceback" not in stderr and "intern fejl" not in stderr, stderr
    lines: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        if re.fullmatch(r"\d+ filer? kontrolleret: \d+ fejl, \d+ advars(el|ler)", line):
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
        f"{len(lines)} filer kontrolleret: {errors} fejl, 0 advarsler"


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
        f"{oversized}: filen er {size:,} byte; grænsen er 1.048.576 byte".replace(",", ".")]
    empty = BAD / "plan-empty.toml"
    assert lines[str(empty)] == [
        f"{empty}:1: mangler `format = 1` øverst i filen (filen er tom)",
        f"{empty}: [plan]: mangler tabellen [plan] (agency, ministry, year, title, source)",
        f"{empty}: [[goal]]: planen har ingen mål"]
    assert lines[str(BAD / "plan-duplicate-ids.toml")] == [
        f"{BAD / 'plan-duplicate-ids.toml'}:21: mål 1: dobbelt mål-id",
        f"{BAD / 'plan-duplicate-ids.toml'}:37: mål 2 delmål a: dobbelt delmåls-id"]
    assert lines[str(BAD / "plan-deep-nesting.toml")] == [
        f"{BAD / 'plan-deep-nesting.toml'}: lister eller tabeller er indlejret for dybt (en "
        "plan- eller talfil behøver kun få niveauer)"]
    assert lines[str(BAD / "figures-unknown-goal.toml")] == [
        f"{BAD / 'figures-unknown-goal.toml'}:11: mål 1.z: planen hjemrejsestyrelsen-2024 har "
        'intet mål "1.z"']


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
    assert check.returncode == 2 and 'ingen plan "hjemrejsestyrelsen-2042"' in check.stderr
    assert printed.returncode == 2 and str(other) in printed.stderr


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    """Windows editors may save UTF-8 with a BOM: that is still UTF-8, and loads."""
    from mrp_tui.core.loader import load_plan

    with_bom = tmp_path / "hjemrejsestyrelsen-2024.toml"
    with_bom.write_bytes(b"\xef\xbb\xbf" + PLAN.read_bytes())
    assert load_plan(with_bom).goals == load_plan(PLAN).goals
