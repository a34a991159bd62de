"""Issue 10 §5 (the loader's part): one set of rules for what is accepted. Every repro of the
hostile review is here, each as it was found, so that it stays fixed."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS, ROOT, figures_from, plan_from, score

from mrp_tui.core import parse_cache
from mrp_tui.core.errors import LoadError
from mrp_tui.core.loader import load_figures, load_plan, read_toml
from mrp_tui.core.scorecard import build
from mrp_tui.core.workspace import discover, expand

PLAN = PLANS / "hjemrejsestyrelsen-2024.toml"
GOAL = '[[goal]]\nid = "{id}"\nsection = "faglig"\ntitle = "T"\ntext = "x"\npoints = 10\n'


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr and "intern fejl" not in done.stderr, done.stderr
    return done


def messages(err: pytest.ExceptionInfo[LoadError]) -> str:
    return "\n".join(str(p) for p in err.value.problems)


# ----------------------------------------------------------------- every value scores


def test_a_baseline_of_5e_324_is_refused_not_a_crash_when_printed(tmp_path: Path) -> None:
    goals = GOAL.format(id="g") + 'measure = "reduction"\ntarget_pct = 10\n'
    for body in ('[goal."g"]\nbaseline = 5e-324\nactual = 1',
                 '[goal."g"]\nbaseline = 1e-300\nactual = 1e15'):
        with pytest.raises(LoadError) as caught:
            score(goals, body)
        assert '"baseline" er for lille: et tal skal være 0 eller mindst 0,000001' \
            in messages(caught)
    # The smallest accepted baseline against the largest actual still scores.
    result = score(goals, '[goal."g"]\nbaseline = 0.000001\nactual = 1e15')
    assert result.goals[0].leaf is not None and result.goals[0].leaf.value == pytest.approx(
        -(1e15 - 1e-6) / 1e-6 * 100)


def test_a_tiny_total_or_target_is_refused_too() -> None:
    with pytest.raises(LoadError, match='"total" er for lille'):
        score(GOAL.format(id="g") + 'measure = "share"\ntarget_pct = 50\n',
              '[goal."g"]\nmet = 0\ntotal = 1e-10')
    with pytest.raises(LoadError, match='"target" er for lille'):
        plan_from(GOAL.format(id="g") + 'measure = "at_least"\ntarget = 1e-9\n')
    with pytest.raises(LoadError, match='"values" skal være en liste af tal'):
        score(GOAL.format(id="g") + 'measure = "average"\nmax = 5\n',
              '[goal."g"]\nvalues = [1, 5e-324]')


def test_print_of_the_repro_exits_2_with_a_message(tmp_path: Path) -> None:
    figures = tmp_path / "figures.toml"
    figures.write_text((FIGURES / "hjemrejsestyrelsen-2024" / "Q3.toml").read_text()
                       .replace("baseline = 412", "baseline = 5e-324"), encoding="utf-8")
    assert "5e-324" in figures.read_text()
    done = run("--print", str(PLAN), "--figures", str(figures))
    assert done.returncode == 2 and '"baseline" er for lille' in done.stderr


# ----------------------------------------------------------------- plans given twice


def test_the_same_plan_file_given_twice_is_an_error_naming_both(tmp_path: Path) -> None:
    entries = discover([PLAN, PLAN])
    assert entries[0].plan is not None and entries[1].plan is None
    (problem,) = entries[1].problems
    assert str(problem) == (f'{PLAN}: plan-id\'et "hjemrejsestyrelsen-2024" er allerede givet '
                            f"af {PLAN}; en plan må kun gives én gang")
    done = run("--print", str(PLAN), str(PLAN))
    assert done.returncode == 2 and done.stdout == ""
    assert "er allerede givet af" in done.stderr


def test_two_folders_with_the_same_plan_id(tmp_path: Path) -> None:
    plan = PLANS / "siri-2024.toml"  # links to no previous plan: one error is the duplicate
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(plan, tmp_path / folder / plan.name)
    first, second = tmp_path / "a" / plan.name, tmp_path / "b" / plan.name
    printed = run("--print", str(tmp_path / "a"), str(tmp_path / "b"))
    assert printed.returncode == 2 and printed.stdout == ""
    assert f'{second}: plan-id\'et "siri-2024" er allerede givet af {first}' in printed.stderr
    checked = run("--check", str(tmp_path / "a"), str(tmp_path / "b"))
    assert checked.returncode == 2 and f"er allerede givet af {first}" in checked.stderr
    assert checked.stderr.splitlines()[-1].startswith("2 filer kontrolleret: 1 fejl, ")


# ----------------------------------------------------------------- ids


def test_goal_ids_are_compared_in_nfc() -> None:
    composed, decomposed = "\u00e9", "e\u0301"
    assert unicodedata.normalize("NFC", decomposed) == composed
    goals = GOAL.format(id=composed) + 'measure = "at_least"\ntarget = 5\n'
    result = score(goals, f'[goal."{decomposed}"]\nactual = 5')
    assert result.goals[0].goal.id == composed and result.earned == 10
    with pytest.raises(LoadError, match="mål é: dobbelt mål-id"):
        plan_from(goals + GOAL.format(id=decomposed) + 'measure = "at_least"\n')
    with pytest.raises(LoadError, match="dobbelt mål-id"):
        figures_from(f'[goal."{composed}"]\nactual = 1\n[goal."{decomposed}"]\nactual = 2\n')


def test_an_empty_id_is_an_error_not_renamed() -> None:
    with pytest.raises(LoadError) as caught:
        plan_from(GOAL.format(id="") + 'measure = "at_least"\n')
    assert messages(caught) == 'test.toml:10: mål #1: "id" må ikke være tom'
    with pytest.raises(LoadError, match='"id" må ikke være tom'):
        plan_from(GOAL.format(id="g") + '[[goal.subgoal]]\nid = " "\ntext = "s"\n'
                  'measure = "assessed"\n')
    with pytest.raises(LoadError, match="et mål-id må ikke være tomt"):
        figures_from('[goal.""]\nactual = 1\n')


def test_ids_of_any_shape_load_and_score() -> None:
    goals = "".join(GOAL.format(id=i) + 'measure = "at_least"\ntarget = 1\n'
                    for i in ("heading:0", "#1", "a b", "[x]", "1.a"))
    result = score(goals, '[goal."heading:0"]\nactual = 1\n[goal."[x]"]\nactual = 0\n')
    assert [g.goal.id for g in result.goals] == ["heading:0", "#1", "a b", "[x]", "1.a"]
    assert result.earned == 10


# ----------------------------------------------------------------- periods and scenarios


def put(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_figures_named_q3_that_say_q1_are_an_error_naming_the_file(workspace: Path) -> None:
    q3 = workspace / "figures" / "hjemrejsestyrelsen-2024" / "Q3.toml"
    q3.write_text(q3.read_text().replace('period = "Q3"', 'period = "Q1"'), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_figures(q3)
    assert f'{q3}:3: øverste niveau: "period" er "Q1", men filen hedder Q3.toml' \
        in messages(caught)
    done = run("--print", "--period", "Q3", str(workspace / "plans" / PLAN.name))
    assert done.returncode == 2 and f"{q3}:3:" in done.stderr
    # --figures DIR picks files by name just the same.
    other = workspace / "andre-tal"
    shutil.copytree(workspace / "figures", other)
    done = run("--print", "--period", "Q3", "--figures", str(other),
               str(workspace / "plans" / PLAN.name))
    assert done.returncode == 2 and '"period" er "Q1", men filen hedder Q3.toml' in done.stderr


def test_a_scenario_among_reported_figures_is_an_error(workspace: Path) -> None:
    year = workspace / "figures" / "hjemrejsestyrelsen-2024" / "year.toml"
    year.write_text(year.read_text() + '\nscenario = "hvis"\n', encoding="utf-8")
    # (appended after a table, the key lands in it: put it at the top instead)
    year.write_text('scenario = "hvis"\nbased_on = "year"\n' + year.read_text()
                    .replace('\nscenario = "hvis"\n', ""), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_figures(year)
    text = messages(caught)
    assert f'{year}:1: øverste niveau: "scenario" hører ikke hjemme i indberettede tal' in text
    assert f'{year}:2: øverste niveau: "based_on" hører ikke hjemme' in text


def test_a_scenario_whose_based_on_and_period_differ(tmp_path: Path) -> None:
    scenario = put(tmp_path, "scenarios/hjemrejsestyrelsen-2024/hvis.toml",
                   'format = 1\nplan = "hjemrejsestyrelsen-2024"\nscenario = "hvis"\n'
                   'based_on = "Q3"\nperiod = "Q1"\n[goal."1.c"]\nmet = 180\n')
    with pytest.raises(LoadError) as caught:
        load_figures(scenario)
    assert f'{scenario}:5: øverste niveau: "period" = "Q1" og "based_on" = "Q3" er ' \
           "forskellige" in messages(caught)
    same = put(tmp_path, "scenarios/hjemrejsestyrelsen-2024/samme.toml",
               scenario.read_text().replace('"hvis"', '"samme"').replace('"Q1"', '"Q3"'))
    assert load_figures(same).based_on == "Q3"


@pytest.mark.parametrize("name", ["/../../../tmp/x", "../x", ".skjult", " foran", "bagved ",
                                  "a" * 81, "linje\nskift", ""])
def test_a_scenario_name_is_checked_on_load_by_the_rule_of_saving(tmp_path: Path,
                                                                   name: str) -> None:
    import tomli_w

    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps({"format": 1, "plan": "hjemrejsestyrelsen-2024",
                                   "scenario": name, "based_on": "Q3"}), encoding="utf-8")
    with pytest.raises(LoadError, match="kan ikke bruges som navn"):
        load_figures(path)
    done = run("--print", str(PLAN), "--scenario", str(path))
    assert done.returncode == 2 and "kan ikke bruges som navn" in done.stderr


# ----------------------------------------------------------------- odd files and folders


def test_a_tree_1200_folders_deep_is_walked_without_recursion(tmp_path: Path) -> None:
    folder = tmp_path / "dybt"
    folder.mkdir()
    deepest = folder
    for _ in range(1200):  # os.makedirs would itself recurse this deep
        deepest = deepest / "d"
        os.mkdir(deepest)
    plan = PLANS / "siri-2024.toml"  # (no year link to a plan not in the tree)
    shutil.copy(plan, deepest / plan.name)
    files, problems = expand([folder], recursive=True)
    assert files == [deepest / plan.name] and problems == []
    done = run("--check", str(folder))
    assert done.returncode == 0, done.stderr
    assert "1 fil kontrolleret: 0 fejl" in done.stderr
    # Taken down from the bottom: pytest's own clean-up would recurse 1,200 deep and fail.
    (deepest / plan.name).unlink()
    while deepest != folder:
        deepest.rmdir()
        deepest = deepest.parent


def test_dev_zero_is_not_a_regular_file() -> None:
    for args in (["--check", "/dev/zero"], ["--print", "/dev/zero"]):
        done = run(*args)
        assert done.returncode == 2
        assert "/dev/zero: ikke en almindelig fil" in done.stderr
        assert "findes ikke" not in done.stderr and "ingen sådan fil" not in done.stderr


@pytest.mark.parametrize("planted", [
    {1: "not a key TOML can make"},
    {"format": 1, "plan": {"agency": {"a", "set"}}},
    {"format": b"bytes"},
    "cycle",
])
def test_a_tampered_cache_entry_is_ignored(tmp_path: Path, planted: object) -> None:
    path = tmp_path / PLAN.name
    shutil.copy(PLAN, path)
    read_toml(path)  # parsed, and kept
    place = parse_cache.slot(path)
    assert place is not None and place.file.exists()
    if planted == "cycle":
        loop: list[object] = []
        loop.append(loop)
        planted = {"format": 1, "goal": loop}
    place.file.write_bytes(pickle.dumps((parse_cache.VERSION, place.name, path.read_bytes(),
                                         planted)))
    assert load_plan(path) == load_plan(PLAN)
    done = run("--print", str(path))
    assert done.returncode == 0 and "Hjemrejsestyrelsen" in done.stdout


def test_the_scorecard_with_a_huge_but_accepted_value_prints(tmp_path: Path) -> None:
    figures = tmp_path / "figures.toml"
    figures.write_text((FIGURES / "hjemrejsestyrelsen-2024" / "Q3.toml").read_text()
                       .replace("baseline = 412", "baseline = 0.000001")
                       .replace("actual = 381", "actual = 1e15"), encoding="utf-8")
    card = build([PLAN], [figures])
    assert card.problems == () and card.results
    for fmt in ("text", "json", "csv", "html", "markdown"):
        done = run("--print", str(PLAN), "--figures", str(figures), "--format", fmt)
        assert done.returncode == 0, (fmt, done.stderr)
