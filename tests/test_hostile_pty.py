"""The real app in a pseudo-terminal with hostile files (fixtures/hostile/, and hostile file and
folder names made here): every screen, the palette with a query, help, dialogs and
notifications are driven, and the raw byte stream sent to the terminal must hold no escape
sequence, C1 control, bidi override or line separator from the data, while the app runs on.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from ssh_helpers import Terminal

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "fixtures" / "hostile"
PLAN = "fjendtlig-2024"
#: A file name that would set the window title, ask the terminal to report it, and reorder.
BAD_NAME = "b\x1b]0;PWNED\x07\x1b[21t[@click=app.quit]\u202e"
SCENARIO_NAME = "x\x1b]0;PWNED\x07\x1b]52;c;UFdORUQ=\x07[b]fed\u2028"

KEYS = {"down": "\x1b[B", "up": "\x1b[A", "enter": "\r", "escape": "\x1b", "end": "\x1b[F",
        "ctrl+p": "\x10", "ctrl+s": "\x13", "ctrl+q": "\x11", "tab": "\t"}

#: What the data holds and a terminal would obey. Textual itself sends none of these.
FROM_DATA = [
    b"\x1b]0;PWNED",      # OSC 0: set the window title
    b"\x1b]52;",          # OSC 52: write the clipboard
    b"\x1b[6n",           # CSI 6n: report the cursor position (answered as typed input)
    b"\x1b[21t",          # CSI 21t: report the window title (the title set just before)
    b"\x1bP+qPWN",        # DCS: a terminfo query
]
#: C1 controls (as UTF-8), the bidi marks, embeddings, overrides and isolates, and the line
#: and paragraph separators: nothing the app draws itself uses any of them.
RAW_CONTROLS = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]"
                          rb"|\xd8\x9c")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def workspace(tmp_path: Path) -> Path:
    """The hostile fixtures in a folder named like markup, with more hostile names."""
    root = tmp_path / "ws [kladde]"
    shutil.copytree(HOSTILE, root)
    plans = root / "plans"
    shutil.copy(plans / f"{PLAN}.toml", plans / "fjendtlig-ekstra-2024.toml")
    (plans / f"{BAD_NAME}.toml").write_text("format = 1\n[plan\n", encoding="utf-8")
    scenario = root / "scenarios" / PLAN / "fjendtlig.toml"
    scenario.rename(scenario.with_name(f"{SCENARIO_NAME}.toml"))
    return root


def assert_clean(term: Terminal) -> None:
    raw = bytes(term.raw)
    for sequence in FROM_DATA:
        assert sequence not in raw, (sequence, raw[raw.find(sequence) - 200:][:400])
    found = RAW_CONTROLS.search(raw)
    assert found is None, raw[found.start() - 200:found.end() + 50]
    assert term.child.isalive(), term.text


def test_hostile_texts_never_reach_the_terminal(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    term = Terminal([sys.executable, "-m", "mrp_tui", str(root / "plans")], "xterm-256color",
                    100, 30, cwd=tmp_path)

    def keys(*names: str) -> None:
        for name in names:
            # A key right after Escape would be read as alt+key: give Escape its moment.
            term.keys(KEYS.get(name, name), pause=0.2 if name == "escape" else 0.03)

    try:
        term.wait_for("Styrelse")
        # the broken file, by its hostile name, and its problems
        keys("enter")
        term.wait_for("kunne ikke indlæses")
        keys("escape", "down", "enter")
        term.wait_for("Faglige mål")  # the plan screen
        keys("/", "g", "o", "a", "l")
        term.wait_for("goal")
        keys("escape")
        # the palette, with a query: plan titles and agencies as commands
        keys("ctrl+p")
        keys(*"åbn plan")
        term.wait_for("Åbn plan: agency")
        keys("escape")
        # a scenario with a hostile name and file name: opened, notified, top bar, save dialog
        keys("ctrl+p")
        keys(*"åbn scenarie")
        term.wait_for("Åbn scenarie: x")
        keys("enter")
        term.wait_for("Scenarie åbnet")
        keys("ctrl+s")
        term.wait_for("Gem ændringerne som scenarie")
        keys("escape")
        keys("?")
        term.wait_for("Taster på dette skærmbillede")
        keys("escape")
        # a goal with delmål: a number field given markup
        keys("down", "enter")
        term.wait_for("Delmål 1")
        keys("9", "[", "/")
        term.wait_for("ikke et tal")
        keys("escape")
        # the assessed goal: its reason (from the scenario) shown and edited with markup
        keys("down", "enter")
        term.wait_for("Begrundelse")
        keys("end", " ", "[", "/", "]", "tab")
        term.settle(0.3)
        assert_clean(term)
        assert b"\\x1b]0;PWNED" in term.raw  # the data was on screen, visibly escaped
        assert "[@click=app.quit]" in term.text or "[link=" in term.text or "[/]" in term.text
        keys("ctrl+q")
        term.wait_for("Afslut uden at gemme?")
        keys("j")
        term.child.expect(pytest.importorskip("pexpect").EOF, timeout=10)
        term.child.close()
        assert term.child.exitstatus == 0
        assert_clean_after_exit(term)
    finally:
        term.close()


def assert_clean_after_exit(term: Terminal) -> None:
    raw = bytes(term.raw)
    for sequence in FROM_DATA:
        assert sequence not in raw
    assert RAW_CONTROLS.search(raw) is None
