"""The README works as written: every command of its Use section, run in an empty folder.

`mrp-tui` is this checkout's (`python -m mrp_tui`, through a wrapper on PATH) and `sendmail`
a stand-in that keeps the message; the app's commands run in a pseudo-terminal and are quit
with ctrl+q. The set-up commands are the subject of tests/test_cli.py (the installed package).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from mrp_tui.core.workbench import Workbench
from mrp_tui.core.workspace import scenarios_root_for

README = ROOT / "README.md"
PRINTING = ("--print", "--check", "--version", "--template", "--import")


def use_commands() -> list[str]:
    """The commands of the Use section's first sh block; a here-document is one command."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the Use section has no sh block"
    commands: list[str] = []
    lines = block.group(1).splitlines()
    while lines:
        line = lines.pop(0)
        heredoc = re.search(r"<<'?(\w+)'?", line)
        if heredoc:
            body = []
            while lines and lines[0] != heredoc.group(1):
                body.append(lines.pop(0))
            end = lines.pop(0) if lines else ""
            line = "\n".join([line, *body, end])
        if line.strip():
            commands.append(line)
    return commands


def is_app(command: str) -> bool:
    return command.startswith("mrp-tui") and not any(flag in command for flag in PRINTING)


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An empty folder, and an environment whose PATH has `mrp-tui` and `sendmail`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mrp-tui").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mrp_tui "$@"\n')
    (bin_dir / "sendmail").write_text('#!/bin/sh\ncat > "$SENDMAIL_OUT"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
               SENDMAIL_OUT=str(tmp_path / "sent.eml"), TERM="xterm-256color",
               PYTHONPATH=str(ROOT))
    env.pop("COLUMNS", None)
    return work, env


def test_the_use_section_is_what_this_test_runs() -> None:
    commands = use_commands()
    assert len(commands) >= 10
    assert sum(map(is_app, commands)) == 3
    assert any(c.startswith("cat > hvis.toml") and c.endswith("\nEOF") for c in commands)


def expected_code(command: str, work: Path, env: dict[str, str]) -> int:
    """0, except where the README says otherwise: `--fail-under` exits 1 below it."""
    found = re.search(r"--period (\S+) --fail-under (\S+)", command)
    if found is None:
        return 0
    done = subprocess.run(["mrp-tui", "--print", "--format", "json", "--period", found[1]],
                          cwd=work, env=env, capture_output=True, text=True, timeout=120)
    earned = [p["earned"] for p in json.loads(done.stdout)["plans"]]
    return 1 if min(earned) < float(found[2]) else 0


def run_app(command: str, work: Path, env: dict[str, str]) -> int:
    """The app in an 80x24 pseudo-terminal: it starts, draws, and quits with 0 on ctrl+q
    (`q` would be typed into the figure field that has the focus on a goal screen)."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn("bash", ["-c", command], cwd=str(work), env=env,
                          dimensions=(24, 80), encoding="utf-8", codec_errors="replace")
    try:
        child.expect(r"\x1b\[", timeout=60)  # it draws
        deadline = time.monotonic() + 60
        while child.isalive() and time.monotonic() < deadline:
            time.sleep(1.5)
            child.send("\x11")  # ctrl+q
            try:
                child.expect(pexpect.EOF, timeout=3)
            except pexpect.TIMEOUT:
                continue
        assert not child.isalive(), f"{command!r} did not quit on ctrl+q"
    finally:
        child.close(force=True)
    return int(child.exitstatus if child.exitstatus is not None else -1)


@pytest.mark.parametrize("command", use_commands())
def test_every_use_command_runs_as_written_in_an_empty_folder(
        command: str, folder: tuple[Path, dict[str, str]]) -> None:
    work, env = folder
    if "--scenario hvis.toml" in command:  # it follows the command that writes the file
        writer = next(c for c in use_commands() if c.startswith("cat > hvis.toml"))
        subprocess.run(["bash", "-c", writer], cwd=work, env=env, check=True, timeout=30)
    if is_app(command):
        if shutil.which("bash") is None:
            pytest.skip("no bash for the pseudo-terminal")
        assert run_app(command, work, env) == 0
        return
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr
    assert done.returncode == expected_code(command, work, env), (command, done.stderr)
    if "sendmail" in command:
        assert "To: ledelse@example.org" in Path(env["SENDMAIL_OUT"]).read_text()
    if "--output scorecard.xlsx" in command or "--output indberetning.xlsx" in command:
        written = work / command.split("--output ")[1].split()[0]
        assert written.read_bytes().startswith(b"PK")  # a zip package: the workbook
    if "--output scorecard.csv" in command:
        assert (work / "scorecard.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    if "--scenario" in command:
        assert "SCENARIE «hvis» – ikke indberettede tal" in done.stdout
    if command.startswith("mrp-tui --check"):
        assert "0 fejl" in done.stderr and "tal for" in done.stdout  # figures checked too


def test_scenarios_of_the_bundled_plans_go_to_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Also when the package runs from this checkout (the editable install of the test
    command), whose own plans/ are the bundled ones: never into the clone."""
    monkeypatch.chdir(tmp_path)
    in_clone = ROOT / "scenarios" / "siri-2024" / "hvis.toml"
    there_before = in_clone.exists()
    assert scenarios_root_for(PLANS / "siri-2024.toml") == tmp_path / "scenarios"
    bench = Workbench.load()  # no ./plans/ here: the bundled plans
    assert bench.entry("siri-2024").path.resolve().is_relative_to(PLANS.resolve()) or \
        "site-packages" in str(bench.entry("siri-2024").path)
    bench.update(bench.session("siri-2024").set(("2", None, "met"), 1))
    saved = bench.save("siri-2024", "hvis")
    assert saved == tmp_path / "scenarios" / "siri-2024" / "hvis.toml"
    assert in_clone.exists() == there_before


def test_a_workspace_of_ones_own_keeps_its_scenarios_beside_its_plans(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PLANS, tmp_path / "ws" / "plans")
    monkeypatch.chdir(tmp_path)
    assert scenarios_root_for(tmp_path / "ws" / "plans" / "siri-2024.toml") == (
        tmp_path / "ws" / "scenarios")
