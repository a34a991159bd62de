"""Real mrp-tui processes in pseudo-terminals: the autosave of an instance killed with -9 is
offered at the next start while another instance runs on; signals that end the app keep the
edits and leave the terminal sane; the harmless ones are ignored."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from ssh_helpers import Terminal

from mrp_tui.core.autosave import autosave_dir

HJS, UDL = "hjemrejsestyrelsen-2024", "udlaendingestyrelsen-2024"
LEAVE_ALT_SCREEN = b"\x1b[?1049l"


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        term.close()


def start(terminals: list[Terminal], workspace: Path, *args: str) -> Terminal:
    term = Terminal([sys.executable, "-m", "mrp_tui", *args], "xterm-256color", 100, 30,
                    cwd=workspace)
    terminals.append(term)
    return term


def autosaves_of(plan_id: str) -> list[Path]:
    return sorted(autosave_dir().glob(f"*/{plan_id}.toml"))


def wait_until(check: object, what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout} s")
        time.sleep(0.05)


def exit_status(term: Terminal) -> int | None:
    term.child.expect(pexpect.EOF, timeout=15)
    term.raw.extend(term.child.before or b"")
    term.child.close()
    return term.child.exitstatus


def test_a_killed_instances_edits_are_offered_while_another_runs_on(
        workspace: Path, terminals: list[Terminal]) -> None:
    first = start(terminals, workspace, f"plans/{HJS}.toml", "--goal", "1.c")
    first.wait_for("Opfyldt (antal)")
    first.keys("1", "0", "0")
    wait_until(lambda: autosaves_of(HJS), "the first instance's autosave")
    (first_autosave,) = autosaves_of(HJS)

    second = start(terminals, workspace, f"plans/{UDL}.toml", "--goal", "1.1.a")
    second.wait_for("Opfyldt (antal)")
    second.keys("5")
    wait_until(lambda: autosaves_of(UDL), "the second instance's autosave")
    os.kill(first.child.pid, signal.SIGKILL)
    exit_status(first)
    second.keys("0")  # the second writes again after the first is gone...
    wait_until(lambda: "met = 50" in autosaves_of(UDL)[0].read_text(encoding="utf-8"),
               "the second instance's next autosave")
    assert first_autosave.is_file()  # ...and leaves the first one's alone

    third = start(terminals, workspace, "plans")
    # The list, not the title: Textual may draw the title a frame before the list under it.
    screen = third.wait_for("Hjemrejsestyrelsen 2024 · 1 ændring · ")
    assert "Ugemte ændringer fra sidst" in screen
    assert "Udlændingestyrelsen 2024 · " not in screen  # the second runs: not offered
    third.keys("j")
    third.wait_for("Ugemte ændringer: 1")  # the overview's top bar, once the dialog is gone
    wait_until(lambda: not first_autosave.exists(), "the restored autosave removed")
    assert len(autosaves_of(HJS)) == 1  # now the third's own
    assert second.child.isalive()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGQUIT, signal.SIGTERM])
def test_a_signal_mid_edit_keeps_the_edit_and_the_terminal(
        workspace: Path, terminals: list[Terminal], signum: int) -> None:
    term = start(terminals, workspace, f"plans/{HJS}.toml", "--goal", "1.c")
    term.wait_for("Opfyldt (antal)")
    term.keys("1", "0", "0", pause=0)
    term.wait_for("(100 af 262)")  # re-scored: the keys are in; the autosave timer has not run
    os.kill(term.child.pid, signum)
    assert exit_status(term) == 128 + signum
    (saved,) = autosaves_of(HJS)
    assert "met = 100" in saved.read_text(encoding="utf-8")
    assert LEAVE_ALT_SCREEN in term.raw  # the terminal was given back


def test_harmless_signals_are_ignored(workspace: Path, terminals: list[Terminal]) -> None:
    term = start(terminals, workspace, f"plans/{HJS}.toml")
    term.wait_for("Faglige mål")
    for signum in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):
        os.kill(term.child.pid, signum)
    term.settle(0.3)
    assert term.child.isalive()
    term.keys("q")
    assert exit_status(term) == 0
    assert LEAVE_ALT_SCREEN in term.raw
