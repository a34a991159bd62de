"""End to end through a real OpenSSH server: log in with a generated key, run mrp-tui in the
session's pty (TERM=xterm-256color and TERM=xterm), navigate, edit a figure, save, quit, and
check the screen and that the terminal is restored; resize from 120x40 to 80x24; drop the
connection mid-edit and find the autosave.

Needs Debian's openssh-server (/usr/sbin/sshd) and pyte. Skipped without them, except in CI
(CI set), where a missing server is a failure: `.ci/run` installs it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIGURES, PLANS, ROOT

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

try:
    import pexpect
    from ssh_helpers import SshServer, Terminal, have_openssh, server
except ImportError as err:  # pyte (or pexpect) not installed
    if IN_CI:
        raise
    pytest.skip(f"the SSH test needs pyte and pexpect ({err})", allow_module_level=True)

if not have_openssh():
    if IN_CI:
        pytest.fail("CI=true but OpenSSH is missing (/usr/sbin/sshd, ssh, ssh-keygen): "
                    ".ci/run must install openssh-server", pytrace=False)
    pytest.skip("OpenSSH server not installed (/usr/sbin/sshd; apt-get install "
                "openssh-server)", allow_module_level=True)

from mrp_tui.core.loader import load_figures, load_plan  # noqa: E402

PLAN_ID = "hjemrejsestyrelsen-2024"
PROMPT = "mrp$ "
SHELL = f"exec env PS1={shlex.quote(PROMPT)} bash --noprofile --norc -i"


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    with server(tmp_path_factory.mktemp("sshd")) as running:
        yield running


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """plans/ and the example figures as figures/: scenarios are saved beside them."""
    folder = tmp_path / "arbejde"
    shutil.copytree(PLANS, folder / "plans")
    shutil.copytree(FIGURES, folder / "figures")
    return folder


@pytest.fixture
def sessions() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def login(sshd: SshServer, sessions: list[Terminal], term: str, cols: int = 80,
          rows: int = 24) -> Terminal:
    terminal = Terminal(sshd.ssh_command(SHELL), term, cols, rows)
    sessions.append(terminal)
    try:
        terminal.wait_for(PROMPT.strip(), timeout=30)
    except AssertionError as err:
        raise AssertionError(f"{err}\nsshd log:\n{sshd.log[-3000:]}") from None
    return terminal


def app(workspace: Path, state: Path, exec_: bool = False) -> str:
    """The shell line that starts mrp-tui in the workspace, autosaving into `state`."""
    run = (f"env XDG_STATE_HOME={shlex.quote(str(state))} PYTHONPATH={shlex.quote(str(ROOT))} "
           f"{shlex.quote(sys.executable)} -m mrp_tui")
    if exec_:
        return f"cd {shlex.quote(str(workspace))} && echo APP-PID=$$ && exec {run}\r"
    return f"cd {shlex.quote(str(workspace))} && {run}; echo MRP-EXIT=$?\r"


def stty(terminal: Terminal) -> str:
    """The pty's settings as `stty -g` prints them, from the shell in the session."""
    start = len(terminal.raw)
    terminal.send('echo "STTY=$(stty -g)"\r')
    pattern = re.compile(rb"STTY=([0-9a-f:]{20,})")
    deadline = time.monotonic() + 20
    while not (found := pattern.search(terminal.raw, start)):
        assert time.monotonic() < deadline and terminal.pump(0.1), bytes(terminal.raw[start:])
    return found.group(1).decode()


def private_modes(raw: bytes) -> dict[int, bytes]:
    """The last setting (b"h" on, b"l" off) of each DEC private mode in the output."""
    modes: dict[int, bytes] = {}
    for params, action in re.findall(rb"\x1b\[\?([0-9;]+)([hl])", raw):
        for mode in params.split(b";"):
            modes[int(mode)] = action
    return modes


def open_goal_1a(terminal: Terminal) -> None:
    """From the overview: the third plan (Hjemrejsestyrelsen 2024), its first goal (1.a)."""
    terminal.keys("down", "down", "enter")
    terminal.wait_for("Point 69,58/100")
    terminal.keys("enter")
    terminal.wait_for("Delmål 1")


@pytest.mark.parametrize("term", ["xterm-256color", "xterm"])
def test_navigate_edit_save_and_quit_over_ssh(sshd: SshServer, sessions: list[Terminal],
                                              workspace: Path, private_state: Path,
                                              term: str) -> None:
    terminal = login(sshd, sessions, term)
    before = stty(terminal)
    started = len(terminal.raw)
    terminal.send(app(workspace, private_state))
    overview = terminal.wait_for("Udlændingestyrelsen")
    assert terminal.screen.alternate and terminal.screen.cursor.hidden
    assert "Hjemrejsestyrelsen" in overview and "SIRI" in overview

    open_goal_1a(terminal)
    terminal.keys("1", "0")  # the field selects its figure on focus: typing replaces it
    edited = terminal.wait_for("1 ændring")
    assert "Point 62,92/100" in edited and "1 ændring −6,67" in edited

    terminal.keys("ctrl+s")
    terminal.wait_for("Gem ændringerne som scenarie")
    terminal.keys("enter")
    terminal.wait_for("«scenarie-1»")
    saved = workspace / "scenarios" / PLAN_ID / "scenarie-1.toml"
    assert saved.is_file()
    plan = load_plan(workspace / "plans" / f"{PLAN_ID}.toml")
    scenario = load_figures(saved, plan)
    assert scenario.scenario == "scenarie-1"
    assert scenario.goals["1.a"].subgoals["1"].actual == 10

    terminal.keys("escape", "escape")
    terminal.wait_for("Styrelse ")
    terminal.keys("q")
    if "Afslut uden at gemme?" in terminal.text:  # not expected after a save
        terminal.keys("j")
    at = terminal.wait_raw(b"MRP-EXIT=0", started)
    terminal.wait_raw(PROMPT.encode(), at)

    # The terminal is as it was: the alternate screen left, the cursor shown, every mode the
    # app switched on (mouse, focus events, ...) switched off, and the pty's settings back.
    output = bytes(terminal.raw[started:])
    assert b"\x1b[?1049h" in output and b"\x1b[?1049l" in output
    assert output.rindex(b"\x1b[?1049l") > output.rindex(b"\x1b[?1049h")
    left_on = {mode for mode, action in private_modes(output).items() if action == b"h"}
    assert left_on <= {25, 2004, 7}, left_on  # cursor shown, bash's bracketed paste, wrap
    assert private_modes(output)[25] == b"h"
    assert not terminal.screen.alternate and not terminal.screen.cursor.hidden
    assert "Traceback" not in terminal.text and "Styrelse " not in terminal.text
    assert stty(terminal) == before
    terminal.send("exit\r")
    terminal.child.expect(pexpect.EOF, timeout=20)


def test_resize_from_120x40_to_80x24_keeps_the_app_working(
        sshd: SshServer, sessions: list[Terminal], workspace: Path,
        private_state: Path) -> None:
    terminal = login(sshd, sessions, "xterm-256color", cols=120, rows=40)
    started = len(terminal.raw)
    terminal.send(app(workspace, private_state))
    terminal.wait_for("Udlændingestyrelsen")
    terminal.settle()
    wide = terminal.screen.display
    assert wide[-1].rstrip().endswith("^p menu") and len(wide[-1].rstrip()) > 80

    terminal.resize(80, 24)
    terminal.settle()
    # Redrawn for 80 columns: the footer ends at the new right edge, on the new last line.
    narrow = terminal.wait_for("Udlændingestyrelsen")
    assert terminal.screen.display[-1].rstrip().endswith("^p menu"), narrow
    open_goal_1a(terminal)
    terminal.keys("1", "0")
    terminal.wait_for("1 ændring")
    terminal.keys("escape", "escape")
    terminal.wait_for("Styrelse ")
    terminal.keys("q")
    terminal.wait_for("Afslut uden at gemme?")
    terminal.keys("j")
    terminal.wait_raw(b"MRP-EXIT=0", started)
    assert private_modes(bytes(terminal.raw[started:]))[1049] == b"l"


def test_dropping_the_connection_mid_edit_leaves_an_autosave(
        sshd: SshServer, sessions: list[Terminal], workspace: Path,
        private_state: Path) -> None:
    from mrp_tui.core.autosave import autosave_dir

    assert os.environ["XDG_STATE_HOME"] == str(private_state)  # the app's, over ssh, too
    terminal = login(sshd, sessions, "xterm-256color")
    started = len(terminal.raw)
    terminal.send(app(workspace, private_state, exec_=True))
    terminal.wait_for("Udlændingestyrelsen")  # the pid was printed before the app started
    found = re.compile(rb"APP-PID=(\d+)").search(terminal.raw, started)
    assert found is not None
    pid = int(found.group(1))
    open_goal_1a(terminal)
    terminal.keys("1", "0", pause=0)
    terminal.wait_for("Værdi: 10 udsendte")  # both keys have reached the app

    os.kill(terminal.child.pid, signal.SIGKILL)  # the client dies: the connection drops
    deadline = time.monotonic() + 20
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists(), "mrp-tui outlived its SSH connection"

    assert autosave_dir().is_relative_to(private_state)
    saved = list(autosave_dir().glob(f"*/{PLAN_ID}.toml"))  # in the instance's own folder
    assert len(saved) == 1, sorted(private_state.rglob("*"))
    autosave = saved[0]
    plan = load_plan(workspace / "plans" / f"{PLAN_ID}.toml")
    assert load_figures(autosave, plan).goals["1.a"].subgoals["1"].actual == 10
    assert not (workspace / "scenarios").exists()  # nothing was saved as a scenario
