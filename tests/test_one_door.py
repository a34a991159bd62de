"""Untrusted text has one door: `core.text.neutralise` (and, in the app, `tui.safe`). Here: what
the door lets through, and the command line's messages, which name files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mrp_tui.core.text import neutralise
from mrp_tui.tui.safe import as_line, literal, plain

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "fixtures" / "hostile"
#: Anything a terminal would act on: C0 (but tab and newline), DEL, C1, bidi controls, the
#: Unicode line and paragraph separators, lone surrogates.
ACTS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                  "\u2028\u2029\ud800-\udfff]")


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x7f", "\x85", "\x9b", "\x9d",
                                  "\u061c", "\u200e", "\u202e", "\u2066", "\u2069", "\udcff"])
def test_controls_are_made_visible(char: str) -> None:
    shown = neutralise(f"a{char}b")
    assert not ACTS.search(shown)
    code = ord(char)
    assert shown == (f"a\\x{code:02x}b" if code < 0x100 else f"a\\u{code:04x}b")


def test_line_separators_end_a_line_or_become_a_space() -> None:
    assert neutralise("a\u2028b\u2029c") == "a\nb\nc"
    assert neutralise("a\u2028b\u2029c\td\ne", one_line=True) == "a b c d e"


def test_the_apps_helpers_parse_no_markup() -> None:
    text = "Mål [/] [link=https://x.example]klik[/link] [@click=app.quit]q[/] \x1b]0;x\x07"
    expected = "Mål [/] [link=https://x.example]klik[/link] [@click=app.quit]q[/] \\x1b]0;x\\x07"
    assert plain(text).plain == expected
    assert not plain(text).spans
    assert literal(text, "bold").plain == expected
    assert as_line(text + "\u2028") == expected + " "


def test_check_prints_hostile_file_names_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "ws\x1b]0;PWNED\x07\x1b[2J"
    shutil.copytree(HOSTILE, folder)
    scenario = folder / "scenarios" / "fjendtlig-2024" / "fjendtlig.toml"
    scenario.rename(scenario.with_name("s\x1b]52;c;eA==\x07\u202e.toml"))
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--check", str(folder)],
                          capture_output=True, timeout=60)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert not ACTS.search(out + err), (out + err)[:500]
    assert "ws\\x1b]0;PWNED\\x07\\x1b[2J" in out
    assert "s\\x1b]52;c;eA==\\x07\\u202e.toml: ok" in out
