"""Reading the change log (damaged lines are warnings, never fatal), `--print --changes` in
every format with its filters, and `--check` of a log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs
import pytest
from conftest import PLANS
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz import FUZZ

from mrp_tui.cli import main
from mrp_tui.core import changelog
from mrp_tui.core.changelog import LogEntry, describe_value, encode_entry, read_log
from mrp_tui.core.loader import load_plan
from mrp_tui.core.model import Inputs, Override, Period, Status
from mrp_tui.core.record import open_reported, save_reported

PLAN_ID = "hjemrejsestyrelsen-2024"
AT = dt.datetime(2024, 10, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def entry(goal: str = "1.a", period: Period = Period.Q3, new: object = 120,
          **kw: object) -> str:
    values = {"subgoal": "1", "key": "actual", "old": 112, "reason": "indberetning", **kw}
    return encode_entry(LogEntry(AT, "kontrollant", period, goal, new=new,  # type: ignore[arg-type]
                                 **values))


def write_log(folder: Path, *lines: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "changes.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_line_is_exactly_the_format_of_the_spec() -> None:
    assert entry() == ('{"at": "2024-10-12T09:30:00+02:00", "user": "kontrollant", '
                       '"period": "Q3", "goal": "1.a", "subgoal": "1", "key": "actual", '
                       '"old": 112, "new": 120, "reason": "indberetning"}\n')


def test_a_line_carries_nothing_that_acts_on_a_terminal_or_splits_it() -> None:
    line = entry(reason="a\x1b]0;x\x07\x9b\u2028\u202eb\nc")
    assert line.count("\n") == 1 and line.endswith("\n")
    assert not any(ch in line[:-1] for ch in "\x1b\x07\x9b\u2028\u202e\n")
    assert json.loads(line)["reason"] == "a\x1b]0;x\x07\x9b\u2028\u202eb\nc"


def test_no_log_is_an_empty_log(tmp_path: Path) -> None:
    log = read_log(tmp_path / "changes.jsonl")
    assert log.entries == () and log.problems == ()


def test_each_damaged_line_is_a_warning_with_its_line_number_and_is_skipped(
        tmp_path: Path) -> None:
    path = tmp_path / "changes.jsonl"
    good = entry()
    damaged = [
        ("{not json\n", "ikke gyldig JSON"),
        ("[1, 2]\n", "ikke et JSON-objekt"),
        ('{"at": "2024-10-12T09:30:00+02:00"}\n', 'mangler "user", "period", "goal", "key"'),
        (good.replace("+02:00", ""), '"at" skal være et tidspunkt med UTC-forskydning, fx '
                                      "2024-10-12T09:30:00+02:00"),
        (good.replace('"Q3"', '"Q5"'), '"period" skal være "Q1", "Q2", "Q3" eller "year"'),
        (good.replace('"kontrollant"', '""'), '"user" skal være en ikke-tom tekst'),
        (good.replace('"1.a"', "7"), '"goal" skal være en ikke-tom tekst'),
        (good.replace('"indberetning"', "1"),
         '"subgoal" og "reason" skal være tekst eller null'),
        (good.replace('"Q3"', '["Q3"]'), '"period" skal være "Q1", "Q2", "Q3" eller "year"'),
        ("[" * 100_000 + "\n", "ikke gyldig JSON"),
        ('{"at": {}, "user": 1, "period": 2, "goal": 3, "key": 4}\n',
         '"at" skal være et tidspunkt med UTC-forskydning, fx 2024-10-12T09:30:00+02:00'),
    ]
    data = good.encode() + b"".join(line.encode() for line, _ in damaged)
    data += b'{"at": "\xff"}\n' + b"\n" + good.encode()[:-1]  # no newline after the last
    path.write_bytes(data)
    log = read_log(path)
    assert [e.line for e in log.entries] == [1, len(damaged) + 4]
    wanted = [(n, why) for n, (_, why) in enumerate(damaged, 2)]
    wanted.append((len(damaged) + 2, "ikke UTF-8"))
    assert [(p.line, p.severity) for p in log.problems] == [(n, "warning") for n, _ in wanted]
    for problem, (_, why) in zip(log.problems, wanted, strict=True):
        assert problem.path == path
        assert problem.message == f"ødelagt linje i ændringsloggen, springes over: {why}"


def test_a_hundred_damaged_lines_are_shown_and_the_rest_counted(tmp_path: Path) -> None:
    log = read_log(write_log(tmp_path, *["x\n"] * 250, entry()))
    assert len(log.entries) == 1 and len(log.problems) == 101
    assert "i alt 250 ødelagte linjer" in log.problems[-1].message


def test_filters_by_period_and_goal_and_newest_first(tmp_path: Path) -> None:
    lines = [entry("1.a", Period.Q1, 1), entry("1.b", Period.Q1, 2), entry("1.a", Period.Q3, 3),
             entry("1.ab", Period.Q3, 4), entry("10", Period.Q3, 5),
             # another writer may escape what we write plainly: still the goal "1.a"
             entry("1.a", Period.Q3, 6).replace('"goal": "1.a"', '"goal": "\\u0031.a"')]
    path = write_log(tmp_path, *lines)
    assert [e.new for e in read_log(path, goal="1.a").entries] == [1, 3, 6]
    assert [e.new for e in read_log(path, period=Period.Q1).entries] == [1, 2]
    assert [e.new for e in read_log(path, Period.Q3, "1.a").entries] == [3, 6]
    assert [e.new for e in read_log(path, goal="1").entries] == []
    log = read_log(path)
    assert [e.new for e in log.newest_first()] == [6, 5, 4, 3, 2, 1]
    assert log.filtered(Period.Q3, "1.a").entries == read_log(path, Period.Q3, "1.a").entries


def test_a_log_that_is_not_a_regular_file_is_a_warning_and_never_blocks(tmp_path: Path) -> None:
    path = tmp_path / "changes.jsonl"
    os.mkfifo(path)
    log = read_log(path)
    assert log.entries == () and "ikke en almindelig fil" in log.problems[0].message


def test_a_huge_log_is_read_from_its_end_with_true_line_numbers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [entry(new=10000 + n) for n in range(1, 1001)]  # all of one length
    path = write_log(tmp_path, *lines)
    for extra, first in ((17, 901), (0, 901), (len(lines[0]) - 1, 901), (len(lines[0]), 900)):
        monkeypatch.setattr(changelog, "MAX_LOG_BYTES", len(lines[0]) * 100 + extra)
        log = read_log(path)
        assert [e.new - 10000 for e in log.entries] == list(range(first, 1001))
        assert [e.line for e in log.entries] == list(range(first, 1001))
        assert f"kun de nyeste ændringer fra linje {first} er læst" in log.problems[0].message


def test_values_are_described_as_a_danish_reader_reads_them() -> None:
    assert describe_value("actual", 1250.5) == "1.250,5"
    assert describe_value("actual", None) == "–"
    assert describe_value("verdict", "partly_met") == "delvist opfyldt"
    assert describe_value("done_on", "2024-09-30") == "30/9/2024"
    assert describe_value("override", {"status": "met", "earned": 2.5, "reason": "x"}) == \
        "opfyldt, 2,5 point: x"
    assert describe_value("override", {"status": "met", "earned": 2.5}, "en") == "met, 2.5 points"


# --------------------------------------------------------------------------- the command line


@pytest.fixture
def recorded(workspace: Path) -> Path:
    """A workspace whose Q1 was recorded twice by save_reported, then changed by hand."""
    plan = load_plan(workspace / "plans" / f"{PLAN_ID}.toml")
    path = workspace / "figures" / PLAN_ID / "Q1.toml"
    path.unlink(missing_ok=True)  # a Q1 recorded from nothing (the examples have one)
    opened = open_reported(plan, path, Period.Q1)
    first = save_reported(plan, opened.figures.with_inputs("1.b", None, Inputs(actual=2)),
                          None, path, "kontrollant")
    figures = first.figures.with_inputs("1.a", "1", Inputs(actual=40))
    override = Override(Status.MET, "Aftalt\u001b]0;PWNED\u0007 [b]x[/b]", 10)
    figures = attrs.evolve(figures, goals={**figures.goals, "1.b": attrs.evolve(
        figures.for_goal("1.b"), override=override)})
    save_reported(plan, figures, first.figures, path, "chef", expected_mtime_ns=first.mtime_ns)
    return workspace


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--print", "--changes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_print_changes_text_lists_each_change(recorded: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, str(recorded / "plans" / f"{PLAN_ID}.toml"), "--width", "100")
    assert code == 0 and err == ""
    assert "Ændringslog: Hjemrejsestyrelsen 2024" in out and "Ændringer:  3" in out
    assert "Faktisk: – → 2" in out and "1.a delmål 1" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "Aftalt\\x1b]0;PWNED\\x07" in out and "[b]x[/b]" in out  # shown, never acted on
    assert out.index("kontrollant") < out.index("chef")  # oldest first


def test_print_changes_json_csv_markdown_and_filters(recorded: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    plan = str(recorded / "plans" / f"{PLAN_ID}.toml")
    code, out, _ = cli(capsys, plan, "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["format"] == 1
    assert [(c["plan"], c["goal"], c["key"], c["old"], c["new"], c["line"])
            for c in doc["changes"]] == [
        (PLAN_ID, "1.b", "actual", None, 2, 1), (PLAN_ID, "1.a", "actual", None, 40, 2),
        (PLAN_ID, "1.b", "override", None, {"status": "met", "earned": 10,
                                            "reason": "Aftalt\u001b]0;PWNED\u0007 [b]x[/b]"}, 3)]
    assert "\x1b" not in out  # JSON escapes it
    _, out, _ = cli(capsys, plan, "--format", "csv", "--goal", "1.b")
    assert out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out[1:]), delimiter=";"))
    assert (rows[0]["goal"], rows[0]["key"], rows[0]["new"]) == ("1.b", "actual", "2")
    assert len(rows) == 2 and rows[1]["reason"].startswith("Aftalt")
    _, out, _ = cli(capsys, plan, "--format", "markdown", "--goal", "1.a")
    assert "| Tidspunkt | Bruger | Periode | Mål |" in out and "delmål 1" in out
    assert "1.b" not in out.split("Ændringer")[1]
    _, out, _ = cli(capsys, plan, "--format", "json", "--period", "Q3")
    assert json.loads(out)["changes"] == []


def test_print_changes_of_a_log_file_named_and_a_damaged_line(
        recorded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = recorded / "figures" / PLAN_ID / "changes.jsonl"
    with log.open("a", encoding="utf-8") as handle:
        handle.write("{ødelagt\n")
    code, out, err = cli(capsys, str(log), "--format", "json")
    assert code == 0 and len(json.loads(out)["changes"]) == 3
    assert f"{log}:4: advarsel: ødelagt linje i ændringsloggen, springes over" in err


def test_print_changes_refuses_what_it_cannot_do(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "--format", "email")[0] == 2
    code, _, err = cli(capsys, str(tmp_path / "none.jsonl"))
    assert code == 2 and "ingen sådan fil" in err
    with pytest.raises(SystemExit) as exited:
        main(["--changes"])
    assert exited.value.code == 2 and "--changes hører til --print" in capsys.readouterr().err


def test_plans_without_a_log_are_listed_as_having_no_changes(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, str(workspace / "plans"), "--format", "markdown")
    assert code == 0 and out.count("**Ændringer:** 0") == len(list(PLANS.glob("*.toml")))


def test_check_warns_of_a_damaged_log_beside_figures_with_its_line(
        recorded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = recorded / "figures" / PLAN_ID
    assert main(["--check", str(recorded / "plans"), str(folder / "Q1.toml")]) == 0
    out, err = capsys.readouterr()
    assert "changes.jsonl: ok: ændringslog: 3 ændringer" in out and "ændringslog" not in err
    with (folder / "changes.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"at": 1}\n')
    assert main(["--check", str(recorded)]) == 0
    err = capsys.readouterr().err
    assert "changes.jsonl:4: advarsel: ødelagt linje i ændringsloggen" in err
    assert main(["--check", "--strict", str(folder / "changes.jsonl")]) == 2


def test_print_changes_never_imports_textual(recorded: Path) -> None:
    code = ("import sys\nfrom mrp_tui.cli import main\n"
            "assert main(['--print', '--changes', '--format', 'text']) == 0\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'openpyxl')]\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=recorded, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_recorded_in_a_folder_of_plans_checked_and_printed_without_paths(tmp_path: Path) -> None:
    """As a new user would: a folder holding only a copy of plans/, Q1 recorded, then
    `mrp-tui --check` and `mrp-tui --print --period Q1` with no PATH."""
    shutil.copytree(PLANS, tmp_path / "plans")
    plan = load_plan(tmp_path / "plans" / f"{PLAN_ID}.toml")
    path = tmp_path / "figures" / PLAN_ID / "Q1.toml"
    opened = open_reported(plan, path, Period.Q1)
    save_reported(plan, opened.figures.with_inputs("1.b", None, Inputs(actual=2.0)), None, path)
    assert 'period = "Q1"\nas_of = 2024-03-31\n' in path.read_text(encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mrp_tui", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)

    check = run("--check")
    assert check.returncode == 0, check.stderr
    assert "figures/hjemrejsestyrelsen-2024/Q1.toml: ok" in check.stdout
    assert "changes.jsonl: ok: ændringslog: 1 ændring\n" in check.stdout
    doc = json.loads(run("--print", "--period", "Q1", "--format", "json").stdout)
    [hjs] = [p for p in doc["plans"] if p["id"] == PLAN_ID]
    [goal] = [g for g in hjs["goals"] if g["id"] == "1.b"]
    assert (hjs["period"], hjs["as_of"], goal["value"]) == ("Q1", "2024-03-31", 2)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
                    max_leaves=10)
#: A log line: often nearly valid (one key replaced), else any JSON value.
LINES = st.one_of(
    st.builds(lambda key, value: json.dumps({**json.loads(entry()), key: value}),
              st.sampled_from(changelog.KEYS), JSON),
    JSON.map(json.dumps))


@FUZZ
@given(st.lists(LINES | st.binary().map(lambda b: b.decode("latin-1")), max_size=8))
def test_any_log_reads_without_an_exception(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "changes.jsonl"
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape"))
        log = read_log(path)
        for goal in {e.goal for e in log.entries}:
            assert read_log(path, goal=goal).entries == log.filtered(goal=goal).entries
        physical = "\n".join(lines).split("\n")
        assert len(log.entries) + len(log.problems) <= len(physical) + 1
