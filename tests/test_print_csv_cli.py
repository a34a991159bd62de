"""--print csv and json details, and the command line around --print: exit codes, --output,
--goal, --fail-under, and the promise that the print path never imports textual."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS, ROOT

from mrp_tui.cli import main
from mrp_tui.core.scorecard import build
from mrp_tui.output.csv_out import COLUMNS, header

FORMATS = ("text", "markdown", "html", "json", "csv", "email")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mrp_tui", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=60, encoding="utf-8")


def test_csv_has_bom_semicolons_and_one_row_per_goal_and_delmaal() -> None:
    done = run("--print", "--format", "csv")
    assert done.returncode == 0
    assert done.stdout.startswith("\ufeffTal;Plan-id;Styrelse;")
    rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff")), delimiter=";"))
    card = build([PLANS])
    goals = sum(len(r.goals) for r in card.results)
    subgoals = sum(len(g.subgoals) for r in card.results for g in r.goals)
    assert len(rows) == goals + subgoals
    assert sum(r["Niveau"] == "mål" for r in rows) == goals
    assert sum(r["Niveau"] == "delmål" for r in rows) == subgoals
    assert list(rows[0]) == header("da")
    # numbers with a decimal comma and no thousands separator, as Danish Excel reads them
    share = next(r for r in rows if r["Plan-id"] == "hjemrejsestyrelsen-2022"
                 and r["Mål"] == "1.1.c")
    assert share["Værdi"].startswith("92,5") and "." not in share["Værdi"]
    assert (share["Status"], share["Måltype"], share["Vurderet"]) == ("opfyldt", "andel", "nej")
    assert {r["Tal"] for r in rows} == {"EKSEMPELTAL – ikke rigtige tal"}
    total = sum(float(r["Opnået"].replace(",", ".")) for r in rows
                if r["Niveau"] == "mål" and r["Plan-id"] == "siri-2024")
    assert total == pytest.approx(next(r.earned for r in card.results if r.plan.id == "siri-2024"))


def test_csv_in_english_has_the_english_names_and_the_machine_values() -> None:
    done = run("--print", "--format", "csv", "--lang", "en", "plans/siri-2024.toml")
    rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff")), delimiter=";"))
    assert list(rows[0]) == list(COLUMNS) == header("en")
    assert {r["status"] for r in rows} <= {"met", "partly_met", "not_met", "pending"}
    assert {r["level"] for r in rows} == {"goal", "subgoal"}
    assert {r["figures"] for r in rows} == {"EXAMPLE FIGURES – not real ones"}
    assert rows[0]["value"].count(",") == 1  # numbers stay numbers for Danish Excel


def test_csv_column_names_are_documented_in_both_languages() -> None:
    doc = (ROOT / "docs" / "print.md").read_text("utf-8")
    assert ";".join(header("da")) in doc
    assert ";".join(header("en")) in doc


def test_csv_goal_keeps_that_goal_and_its_delmaal() -> None:
    done = run("--print", "--format", "csv", "plans/hjemrejsestyrelsen-2024.toml",
               "--goal", "1.a")
    rows = list(csv.DictReader(io.StringIO(done.stdout.removeprefix("\ufeff")), delimiter=";"))
    assert [(r["Mål"], r["Delmål"]) for r in rows] == [
        ("1.a", ""), ("1.a", "1"), ("1.a", "2"), ("1.a", "3")]


def test_json_goal_keeps_plan_totals() -> None:
    done = run("--print", "--format", "json", "plans/hjemrejsestyrelsen-2024.toml",
               "--goal", "1.c")
    (plan,) = json.loads(done.stdout)["plans"]
    assert [g["id"] for g in plan["goals"]] == ["1.c"]
    assert plan["earned"] > plan["goals"][0]["earned"]  # the whole plan's, not the goal's


def test_fail_under_exits_1_naming_the_plan_but_still_prints() -> None:
    done = run("--print", "--format", "json", "--fail-under", "60")
    assert done.returncode == 1
    assert len(json.loads(done.stdout)["plans"]) == 5
    assert "mrp-tui: siri-2024 opnår 50,5 point, under --fail-under 60" in done.stderr
    english = run("--print", "--format", "json", "--fail-under", "60", "--lang", "en")
    assert "mrp-tui: siri-2024 earns 50.5 points, under --fail-under 60" in english.stderr
    assert "hjemrejsestyrelsen-2024" not in done.stderr
    assert run("--print", "--format", "csv", "--fail-under", "50,5").returncode == 0
    assert run("--print", "--fail-under", "lots").returncode == 2


def test_unknown_goal_and_bad_input_exit_2_with_nothing_on_stdout() -> None:
    done = run("--print", "--goal", "9.z")
    assert done.returncode == 2 and done.stdout == ""
    assert "9.z" in done.stderr
    missing = run("--print", "--format", "html", "no/such/plans")
    assert missing.returncode == 2 and missing.stdout == ""


def test_output_file_is_written_whole_and_stdout_stays_empty(tmp_path: Path) -> None:
    target = tmp_path / "rapporter" / "q3.md"
    done = run("--print", "--format", "markdown", "--output", str(target))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    assert target.read_text(encoding="utf-8").startswith("# Udlændinge- og Integration")
    assert [p.name for p in target.parent.iterdir()] == ["q3.md"]  # no temporary left


def test_output_into_a_file_that_is_a_folder_is_bad_input(tmp_path: Path) -> None:
    done = run("--print", "--output", str(tmp_path))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_figures_option_reaches_the_print(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    figures = FIGURES / "siri-2024" / "Q3.toml"
    assert main(["--print", "plans/siri-2024.toml", "--figures", str(figures)]) == 0
    out = capsys.readouterr().out
    assert "3. kvartal, opgjort pr. 30/9/2024" in out and "– året" not in out


def test_scenario_option_reaches_the_print(tmp_path: Path) -> None:
    scenario = tmp_path / "mere.toml"
    scenario.write_text('format = 1\nplan = "siri-2024"\nscenario = "Flere sager"\n'
                        'based_on = "Q3"\n[goal."2"]\nmet = 5200\ntotal = 5200\n',
                        encoding="utf-8")
    base = json.loads(run("--print", "--format", "json", "plans/siri-2024.toml",
                          "--period", "Q3").stdout)["plans"][0]
    done = run("--print", "--format", "json", "plans/siri-2024.toml", "--scenario",
               str(scenario))
    (plan,) = json.loads(done.stdout)["plans"]
    assert plan["scenario"] == "Flere sager" and plan["period"] == "Q3"
    assert plan["earned"] == base["earned"] + 25  # goal 2 (25 points) is now met
    text = run("--print", "plans/siri-2024.toml", "--scenario", str(scenario)).stdout
    assert "Scenarie:     Flere sager" in text


def test_parser_has_the_app_options() -> None:
    from mrp_tui.cli import build_parser

    args = build_parser().parse_args(["--read-only", "--goal", "1.a"])
    assert args.read_only is True and args.goal == "1.a" and args.print_ is False


@pytest.mark.parametrize("fmt", FORMATS)
def test_print_never_imports_textual(fmt: str) -> None:
    """`python -X importtime` lists every module imported on the way."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "mrp_tui", "--print",
                           "--format", fmt, "--to", "x@example.org"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "mrp_tui.cli" in imported  # the list is real
    assert not any(m == "textual" or m.startswith("textual.") for m in imported)
    if fmt in ("json", "csv"):  # the fast formats do not even load rich
        assert not any(m == "rich" or m.startswith("rich.") for m in imported)
