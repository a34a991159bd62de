"""The command line: --check, --print json, --version, exit codes, the headless promise."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS, ROOT

from mrp_tui import __version__
from mrp_tui.cli import main

BAD = ROOT / "fixtures" / "bad"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mrp_tui", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=60)


def test_check_reports_each_plans_stated_points(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(PLANS)]) == 0
    out, err = capsys.readouterr()
    assert "plan siri-2024: 10 mål, 85 point angivet" in out
    assert "plan hjemrejsestyrelsen-2024: 15 mål, 100 point angivet" in out
    assert "siri-2024.toml: advarsel: de angivne point giver 85 i alt, ikke 100" in err
    assert "udlaendingestyrelsen-2024.toml: advarsel: de angivne point giver 90" in err
    assert "siri-2024.toml: advarsel: mål 6: ingen vægt (points) angivet" in err
    assert err.splitlines()[-1] == "5 filer kontrolleret: 0 fejl, 8 advarsler"


def test_check_speaks_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--lang", "en", str(PLANS)]) == 0
    out, err = capsys.readouterr()
    assert "plan siri-2024: 10 goals, 85 points stated" in out
    assert "siri-2024.toml: warning: goal 6: no weight (points) stated" in err
    assert err.splitlines()[-1] == "5 files checked: 0 errors, 8 warnings"
    # The language was the run's only: the next one speaks Danish again.
    assert main(["--check", str(PLANS / "siri-2024.toml")]) == 0
    assert "1 fil kontrolleret: 0 fejl, 3 advarsler" in capsys.readouterr().err


def test_help_and_argparse_errors_are_danish_unless_lang_en() -> None:
    danish = run("--help")
    assert danish.returncode == 0
    assert danish.stdout.startswith("brug: mrp-tui")
    assert "tilvalg:" in danish.stdout and "vis denne hjælp og afslut" in danish.stdout
    assert "kontrollér planer og tal" in danish.stdout
    english = run("--help", "--lang", "en")
    assert english.stdout.startswith("usage: mrp-tui") and "options:" in english.stdout
    assert "validate plans and figures" in english.stdout
    wrong = run("--period", "Q5")
    assert wrong.returncode == 2
    assert "mrp-tui: fejl: argument --period: ugyldigt valg: 'Q5'" in wrong.stderr
    assert "invalid choice" in run("--period", "Q5", "--lang=en").stderr
    assert "skal være et helt tal på mindst 20" in run("--width", "5").stderr


def test_strict_check_fails_on_warnings() -> None:
    assert main(["--check", "--strict", str(PLANS / "siri-2024.toml")]) == 2
    assert main(["--check", "--strict", str(PLANS / "hjemrejsestyrelsen-2023.toml")]) == 0


def test_check_figures_folder_against_the_plans(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", str(PLANS), str(FIGURES)]) == 0
    assert "tal for siri-2024, 3. kvartal (Q3)" in capsys.readouterr().out


def test_figures_naming_a_missing_goal_exit_2_naming_it() -> None:
    done = run("--print", "plans/hjemrejsestyrelsen-2024.toml", "--figures",
               str(BAD / "figures-unknown-goal.toml"), "--format", "json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert 'har intet mål "1.z"' in done.stderr and "Traceback" not in done.stderr
    check = run("--check", str(BAD / "figures-unknown-goal.toml"))
    assert check.returncode == 2 and "1.z" in check.stderr


def test_every_bad_fixture_is_rejected_without_traceback() -> None:
    for path in sorted(BAD.glob("*.toml")):
        for args in (["--check", str(path)], ["--print", "--format", "json", str(path)]):
            if path.name.startswith("figures-") and args[0] == "--print":
                args = ["--print", "--format", "json", "--figures", str(path)]
            done = run(*args)
            assert done.returncode == 2, (path, args, done.stderr)
            assert "Traceback" not in done.stderr
            assert str(path) in done.stderr or path.name in done.stderr


def test_print_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    figures = FIGURES / "hjemrejsestyrelsen-2024" / "Q3.toml"
    assert main(["--print", str(PLANS / "hjemrejsestyrelsen-2024.toml"), "--figures",
                 str(figures), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (plan,) = doc["plans"]
    assert doc["format"] == 1
    assert (plan["id"], plan["period"], plan["as_of"], plan["example"]) == (
        "hjemrejsestyrelsen-2024", "Q3", "2024-09-30", True)
    assert plan["points"] == 100.0
    assert sum(plan["counts"].values()) == len(plan["goals"]) == 15
    assert plan["earned"] == pytest.approx(sum(g["earned"] for g in plan["goals"]))
    first = plan["goals"][0]["subgoals"][0]
    assert first["measure"] == "at_least" and first["target"] == 150
    assert first["needed"] == 150 - first["value"]
    assert first["forecast_value"] == pytest.approx(first["value"] * 366 / 274)
    leaf = next(g for g in plan["goals"] if g["id"] == "1.c")
    assert leaf["subgoals"] == [] and leaf["target"] == 85


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"mrp-tui {__version__}"


def test_headless_paths_never_import_textual() -> None:
    code = (
        "import sys\n"
        "from mrp_tui.cli import main\n"
        "assert main(['--print', '--format', 'json']) == 0\n"
        "assert main(['--print']) == 0\n"
        "assert main(['--check']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(os.environ.get("MRP_SKIP_INSTALL_TEST") == "1", reason="asked to skip")
def test_installed_package_prints_the_bundled_plans_from_an_empty_folder(tmp_path: Path) -> None:
    """`pip install .` ships the plans: --print works in a folder with no plans/.

    Offline and on a machine with only Python and the test extra: the wheel is built without
    build isolation, so the build backend (hatchling, in the test extra) and the dependencies
    come from the environment running the tests, which a `.pth` file lends to the new one."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path("
                               "'purelib'))"], capture_output=True, text=True, check=True)
    lent = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"),
            *site.getsitepackages()}
    Path(own_site.stdout.strip(), "lent-by-the-tests.pth").write_text(
        "".join(f"{path}\n" for path in sorted(lent)), encoding="utf-8")
    done = subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps",
                           "--no-build-isolation", "--no-index", str(ROOT)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    done = subprocess.run([env_dir / "bin" / "mrp-tui", "--print", "--format", "json"],
                          cwd=empty, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert len(doc["plans"]) == 5
    assert all(p["example"] for p in doc["plans"])  # the bundled example figures came along
    installed = subprocess.run([python, "-c", "import mrp_tui; print(mrp_tui.__file__)"],
                               capture_output=True, text=True, cwd=empty).stdout
    assert Path(installed.strip()).is_relative_to(env_dir)  # the wheel's, not the checkout's
