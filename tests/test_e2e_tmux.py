"""End to end in a real pseudo-terminal: tmux runs `mrp-tui` at 80x24 from an empty folder."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("CI"),
                                reason="tmux is not installed")


class Tmux:
    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.socket = f"mrp-{uuid.uuid4().hex[:8]}"
        self.cwd, self.env = cwd, env

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, timeout=20)
        return done.stdout

    def start(self, command: str) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        self.tmux("new-session", "-d", "-s", "t", "-x", "80", "-y", "24",
                  f"cd {shlex.quote(str(self.cwd))} && env {exports} {command}; "
                  "echo MRP-EXIT=$?; sleep 30")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "t", "-p")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "t", key)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen:\n{self.screen()}")

    def pid(self) -> int:
        shell = int(self.tmux("display-message", "-t", "t", "-p", "#{pane_pid}").strip())
        children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True,
                                  text=True).stdout.split()
        return int(children[0])

    def kill(self) -> None:
        self.tmux("kill-server")
        # A server still shutting down may take a new session down with it: use a new one.
        self.socket = f"mrp-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def tmux(tmp_path: Path, private_state: Path) -> Iterator[Tmux]:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"TERM": "xterm-256color", "XDG_STATE_HOME": str(private_state),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    session = Tmux(empty, env)
    yield session
    session.kill()


def command() -> str:
    # The script of the environment running the tests (a venv need not be on PATH, and an
    # `mrp-tui` elsewhere on PATH may be another install's).
    found = shutil.which("mrp-tui", path=os.path.dirname(sys.executable))
    return shlex.quote(found) if found else f"{shlex.quote(sys.executable)} -m mrp_tui"


def test_drill_in_type_a_figure_and_read_the_new_total(tmux: Tmux) -> None:
    tmux.start(command())
    overview = tmux.wait_for("Udlændingestyrelsen")
    assert "Hjemrejsestyrelsen" in overview and "SIRI" in overview
    tmux.keys("Down", "Down", "Enter")
    tmux.wait_for("Point 69,58/100")
    tmux.keys("Enter")
    tmux.wait_for("Delmål 1")
    tmux.keys("1", "0", "0")  # the field selects its figure on focus: typing replaces it
    screen = tmux.wait_for("Point 62,92/100")
    assert "1 ændring −6,67" in screen
    tmux.keys("Escape")
    plan = tmux.wait_for("Δ")
    assert "62,92 af 100" in plan
    tmux.keys("Escape")
    tmux.wait_for("Styrelse")
    tmux.keys("q")
    tmux.wait_for("Afslut uden at gemme?")
    tmux.keys("j")
    tmux.wait_for("MRP-EXIT=0")


def test_hangup_mid_edit_keeps_the_edit_for_the_next_start(tmux: Tmux,
                                                           private_state: Path) -> None:
    tmux.start(command())
    tmux.wait_for("Udlændingestyrelsen")
    tmux.keys("Down", "Down", "Enter")
    tmux.wait_for("Point 69,58/100")
    tmux.keys("Enter")
    tmux.wait_for("Delmål 1")
    tmux.keys("1", "0", "0")
    tmux.wait_for("Værdi: 100 ")  # all three keys are in (1 and 100 both give 62,92 points)
    os.kill(tmux.pid(), 1)  # SIGHUP, as when the SSH connection drops
    tmux.wait_for("MRP-EXIT=129")
    saved = list((private_state / "mrp-tui" / "autosave").glob("*/hjemrejsestyrelsen-2024.toml"))
    assert len(saved) == 1 and "actual = 100" in saved[0].read_text(encoding="utf-8")

    tmux.kill()
    tmux.start(command())
    tmux.wait_for("Ugemte ændringer fra sidst")
    assert "Hjemrejsestyrelsen 2024 · 1 ændring · " in tmux.screen()
    tmux.keys("j")
    tmux.wait_for("Ugemte ændringer: 1")  # the overview's top bar, once the dialog is gone
    tmux.keys("Down", "Down", "Enter")
    tmux.wait_for("Point 62,92/100")
