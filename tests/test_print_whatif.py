"""What-ifs are never mistaken for reported figures, and a plan with no figures has one rule.

Every output of scenario or changed figures, in every --print format and from the app's export,
carries the banner `SCENARIE «navn» – ikke indberettede tal` (or `UGEMTE ÆNDRINGER – ...`);
the exported file's name names the scenario; the JSON names it. Reported figures carry none.
"""

from __future__ import annotations

import csv
import email
import io
import json
import shutil
from email.message import Message
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS

from mrp_tui.cli import main
from mrp_tui.core.describe import UNSAVED_NAME, describe_whatif
from mrp_tui.core.loader import load_figures, load_plan
from mrp_tui.core.model import Status
from mrp_tui.core.scorecard import build
from mrp_tui.core.whatif import WhatIf
from mrp_tui.core.workbench import Workbench
from mrp_tui.output.render import PrintOptions, render
from mrp_tui.tui.export import export_name, export_plan, file_slug

BANNER = "SCENARIE «Flere sager» – ikke indberettede tal"
FORMATS = ("text", "markdown", "html", "json", "csv", "email")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "flere.toml"
    path.write_text('format = 1\nplan = "siri-2024"\nscenario = "Flere sager"\n'
                    'based_on = "Q3"\n[goal."2"]\nmet = 5200\ntotal = 5200\n', encoding="utf-8")
    return path


def printed(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "out"
    assert main(["--print", *args, "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def email_parts(text: str) -> list[str]:
    message = email.message_from_string(text)
    parts: list[str] = []
    for part in message.walk():
        if isinstance(part, Message) and part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            parts.append(payload.decode("utf-8"))
    return parts


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_of_a_scenario_carries_the_banner(fmt: str, scenario: Path,
                                                       tmp_path: Path) -> None:
    out = printed(tmp_path, str(PLANS / "siri-2024.toml"), "--scenario", str(scenario),
                  "--format", fmt, "--to", "x@example.org")
    if fmt == "json":
        (plan,) = json.loads(out)["plans"]
        assert (plan["scenario"], plan["unsaved"]) == ("Flere sager", False)
        return
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
        assert rows and all(r["Tal"].startswith(BANNER) for r in rows)  # on every row
        assert all(r["Scenarie"] == "Flere sager" for r in rows)
        return
    if fmt == "email":
        message = email.message_from_string(out)
        subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        assert subject.startswith(BANNER)  # seen in the inbox before the message is opened
        parts = email_parts(out)
        assert len(parts) == 2 and all(BANNER in part for part in parts)
        return
    assert BANNER in out
    # above the figures: before the first number of the plan is shown
    assert out.index(BANNER) < out.index("Plan")


@pytest.mark.parametrize("fmt", FORMATS)
def test_reported_figures_carry_no_what_if_banner(fmt: str, tmp_path: Path) -> None:
    out = printed(tmp_path, str(PLANS / "siri-2024.toml"), "--format", fmt,
                  "--to", "x@example.org")
    assert "ikke indberettede tal" not in out and "SCENARIE" not in out
    if fmt == "json":
        (plan,) = json.loads(out)["plans"]
        assert plan["scenario"] is None and plan["unsaved"] is False


def test_scenario_goal_detail_and_english_carry_the_banner(scenario: Path,
                                                           tmp_path: Path) -> None:
    args = [str(PLANS / "siri-2024.toml"), "--scenario", str(scenario)]
    assert BANNER in printed(tmp_path, *args, "--goal", "2")
    assert "SCENARIO «Flere sager» – not reported figures" in printed(tmp_path, *args,
                                                                     "--lang", "en")


def test_the_banner_survives_every_text_width(scenario: Path, tmp_path: Path) -> None:
    for width in (20, 40, 80, 120):
        out = printed(tmp_path, str(PLANS / "siri-2024.toml"), "--scenario", str(scenario),
                      "--width", str(width))
        flat = " ".join(line.strip("│ ") for line in out.splitlines()[:12])
        assert " ".join(BANNER.split()) in " ".join(flat.split()), width


# ------------------------------------------------------------------ the app's export

@pytest.fixture
def session() -> WhatIf:
    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    return WhatIf.start(plan, load_figures(FIGURES / plan.id / "Q3.toml", plan))


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_export_of_unsaved_changes_is_marked_in_the_file_and_its_name(
        session: WhatIf, fmt: str, tmp_path: Path) -> None:
    edited = session.set(("1.c", None, "met"), 10)
    path = export_plan(edited, fmt, tmp_path, unsaved=True)
    assert path.name == f"hjemrejsestyrelsen-2024-Q3-ugemte-aendringer.{path.suffix[1:]}"
    text = path.read_text(encoding="utf-8")
    assert "UGEMTE ÆNDRINGER – ikke indberettede tal" in text
    # the figures are the changed ones (62,92 would be the reported 67,92 less goal 1.c's 5)
    assert edited.result.earned == session.result.earned - 5


def test_export_of_a_saved_scenario_names_it_like_print_does(session: WhatIf,
                                                             tmp_path: Path) -> None:
    named = session.set(("1.c", None, "met"), 10)
    named = WhatIf(plan=named.plan, base=named.base, changes=named.changes, name="Høj/tilgang")
    path = export_plan(named, "text", tmp_path, unsaved=False)
    assert path.name == "hjemrejsestyrelsen-2024-Q3-scenarie-hoej-tilgang.txt"
    text = path.read_text(encoding="utf-8")
    assert "SCENARIE «Høj/tilgang» – ikke indberettede tal" in text
    assert "Scenarie:" in text  # the same header lines as --print --scenario
    # unsaved edits on top of it say both
    path = export_plan(named, "text", tmp_path, unsaved=True)
    assert path.name.endswith("-scenarie-hoej-tilgang-ugemte-aendringer.txt")
    assert "UGEMTE ÆNDRINGER i scenarie «Høj/tilgang»" in path.read_text(encoding="utf-8")


def test_export_without_changes_is_the_reported_scorecard(session: WhatIf,
                                                          tmp_path: Path) -> None:
    path = export_plan(session, "text", tmp_path, unsaved=False)
    assert path.name == "hjemrejsestyrelsen-2024-Q3.txt"
    assert "ikke indberettede tal" not in path.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == render(
        [session.result], PrintOptions(format="text", width=100))


def test_json_of_unsaved_changes_names_them(session: WhatIf) -> None:
    edited = session.set(("1.c", None, "met"), 10)
    (plan,) = json.loads(render([edited.marked(unsaved=True)],
                                PrintOptions(format="json")))["plans"]
    assert (plan["scenario"], plan["unsaved"]) == (UNSAVED_NAME, True)
    assert plan["earned"] == pytest.approx(edited.result.earned)


def test_workbench_export_follows_saving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's call: unsaved until saved, then the scenario's name; edited again, both."""
    root = tmp_path / "ws"
    shutil.copytree(PLANS, root / "plans")
    shutil.copytree(FIGURES, root / "figures")
    bench = Workbench.load([root / "plans" / "siri-2024.toml"])
    plan_id = "siri-2024"
    bench.update(bench.session(plan_id).set(("2", None, "met"), 1))
    names = []
    for step in ("unsaved", "saved", "edited"):
        if step == "saved":
            bench.save(plan_id, "hvis")
        if step == "edited":
            bench.update(bench.session(plan_id).set(("2", None, "met"), 2))
        unsaved = bool(bench.unsaved(plan_id))
        names.append(export_name(bench.session(plan_id), unsaved))
        banner = describe_whatif(bench.session(plan_id).marked(unsaved).figures)
        assert banner is not None and "ikke indberettede tal" in banner
    assert names == ["siri-2024-year-ugemte-aendringer", "siri-2024-year-scenarie-hvis",
                     "siri-2024-year-scenarie-hvis-ugemte-aendringer"]


def test_file_slug_is_safe() -> None:
    assert file_slug("../../etc/passwd") == "etc-passwd"
    assert file_slug("Æblegrød å") == "aeblegroed-aa"
    assert file_slug("\x1b[31m") == "31m"
    assert file_slug("///") == "uden-navn"


# ------------------------------------------------------------------ no figures: one rule

def test_a_plan_with_an_empty_figures_folder_has_no_figures_in_print_and_app(
        tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy(PLANS / "hjemrejsestyrelsen-2024.toml", tmp_path / "plans")
    (tmp_path / "figures").mkdir()
    plan_file = tmp_path / "plans" / "hjemrejsestyrelsen-2024.toml"

    (printed_result,) = build([plan_file]).results
    (plan,) = json.loads(render([printed_result], PrintOptions(format="json")))["plans"]
    assert plan["period"] is None and plan["as_of"] is None
    assert plan["counts"]["pending"] == len(plan["goals"]) == 15
    assert "ingen tal" in render([printed_result], PrintOptions(format="text"))

    app_result = Workbench.load([plan_file]).session("hjemrejsestyrelsen-2024").result
    assert app_result.period is None and app_result.as_of is None
    assert app_result.counts == printed_result.counts
    assert [g.status for g in app_result.goals] == [Status.PENDING] * 15
    assert app_result.earned == printed_result.earned == 0


def test_a_period_without_figures_is_no_figures_in_print_and_app(tmp_path: Path) -> None:
    """--period Q1 where only Q2, Q3 and year are reported: nothing reported, in both."""
    (tmp_path / "plans").mkdir()
    plan_file = tmp_path / "plans" / "hjemrejsestyrelsen-2024.toml"
    shutil.copy(PLANS / plan_file.name, plan_file)
    shutil.copytree(FIGURES / "hjemrejsestyrelsen-2024", tmp_path / "figures" / plan_file.stem)
    (tmp_path / "figures" / plan_file.stem / "Q1.toml").unlink()
    from mrp_tui.core.model import Period

    (printed_result,) = build([plan_file], period=Period.Q1).results
    app_result = Workbench.load([plan_file], period=Period.Q1).session(
        "hjemrejsestyrelsen-2024").result
    assert printed_result.period is None and app_result.period is None
    assert [g.status for g in app_result.goals] == [g.status for g in printed_result.goals]


def test_changes_over_no_figures_pass_no_deadline(tmp_path: Path) -> None:
    """A what-if typed into a plan with no figures is not dated year-end: its milestones are
    not "frist overskredet", and it is marked as a what-if."""
    plan = load_plan(PLANS / "hjemrejsestyrelsen-2024.toml")
    session = WhatIf.start(plan, None).set(("1.c", None, "met"), 190).set(
        ("1.c", None, "total"), 200)
    result = session.result
    assert result.period is None
    assert result.goal("1.c").status is Status.MET
    assert all(s.status is Status.PENDING for s in result.goal("2.4").subgoals)
    assert describe_whatif(session.marked(unsaved=True).figures) == (
        "UGEMTE ÆNDRINGER – ikke indberettede tal")


async def test_the_app_runs_on_a_plan_with_no_figures_and_exports_it_as_such(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app side of the one rule: no figures shows "ingen tal", typing into it works, and
    its export is the unsaved what-if it is, undated."""
    from mrp_tui.tui.app import create_app

    (tmp_path / "plans").mkdir()
    shutil.copy(PLANS / "siri-2024.toml", tmp_path / "plans")
    (tmp_path / "figures").mkdir()
    monkeypatch.chdir(tmp_path)
    app = create_app([tmp_path / "plans"], goal="2")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.bench.session("siri-2024")
        assert session.result.period is None
        app.apply(session.set(("2", None, "met"), 90).set(("2", None, "total"), 100))
        await pilot.pause()
        app.export("siri-2024", "text")
        await pilot.pause()
    text = (tmp_path / "siri-2024-uden-tal-ugemte-aendringer.txt").read_text(encoding="utf-8")
    assert "UGEMTE ÆNDRINGER – ikke indberettede tal" in text
    assert "ingen tal" in text and "frist overskredet" not in text


def test_a_what_if_saved_over_no_figures_prints_and_reopens_as_the_app_showed_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Undated in the app, so undated in --print --scenario and when opened again: a deadline
    is not "passed" in one and not in the other."""
    (tmp_path / "plans").mkdir()
    plan_file = tmp_path / "plans" / "hjemrejsestyrelsen-2024.toml"
    shutil.copy(PLANS / plan_file.name, plan_file)
    (tmp_path / "figures").mkdir()
    monkeypatch.chdir(tmp_path)
    bench = Workbench.load([plan_file])
    plan_id = "hjemrejsestyrelsen-2024"
    bench.update(bench.session(plan_id).set(("1.c", None, "met"), 190).set(
        ("1.c", None, "total"), 200))
    shown = bench.session(plan_id).result
    path = bench.save(plan_id, "hvis")

    (printed,) = build([plan_file], scenario_path=path).results
    assert printed.period is None
    assert [g.status for g in printed.goals] == [g.status for g in shown.goals]
    assert printed.earned == shown.earned
    assert printed.goal("1.c").status is Status.MET

    reopened = Workbench.load([plan_file])
    reopened.open_scenario(plan_id, path)
    again = reopened.session(plan_id).result
    assert [g.status for g in again.goals] == [g.status for g in shown.goals]
    assert not any(g.status is Status.NOT_MET for g in again.goals)
