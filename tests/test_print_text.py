"""--print text: plain and 80 columns in a pipe, colour and the terminal's width on a terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest
from conftest import ROOT
from rich.cells import cell_len

from mrp_tui.output.blocks import Table
from mrp_tui.output.text import choose_look
from mrp_tui.output.text_table import GAP, column_widths, table_lines, wrap

ESCAPE = re.compile(r"\x1b")
UNSET = ("COLUMNS", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "LINES")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(TERM="xterm-256color", **extra)
    return env


def piped(*args: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-m", "mrp_tui", "--print", *args], cwd=ROOT,
                          env=clean_env(**env), capture_output=True, text=True, timeout=60,
                          encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


def on_terminal(*args: str, columns: int = 100, **env: str) -> str:
    """Run with stdout on a pseudo-terminal `columns` wide; what the terminal received."""
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "mrp_tui", "--print", *args], cwd=ROOT,
                            env=clean_env(**env), stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=30) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_piped_has_no_escape_codes_and_no_line_over_80() -> None:
    out = piped()
    assert not ESCAPE.search(out)
    lines = out.splitlines()
    assert len(lines) > 200
    assert max(len(line) for line in lines) <= 80
    assert max(len(line) for line in lines) >= 75  # the tables do use the width


def test_piped_ignores_a_stale_columns_but_obeys_width() -> None:
    assert max(map(len, piped(COLUMNS="200").splitlines())) <= 80
    wide = piped("--width", "120").splitlines()
    assert 80 < max(map(len, wide)) <= 120


def test_force_color_gives_escape_codes_in_a_pipe() -> None:
    out = piped(FORCE_COLOR="1")
    assert "\x1b[32m✔ opfyldt" in out  # met in green
    assert ESCAPE.search(piped(FORCE_COLOR="1", NO_COLOR="1"))  # bold stays, colour goes
    assert "\x1b[32m" not in piped(FORCE_COLOR="1", NO_COLOR="1")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_gets_colour_and_its_width() -> None:
    out = on_terminal(columns=100)
    assert "\x1b[32m✔ opfyldt" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert 80 < max(map(len, plain.splitlines())) <= 100


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_honours_no_color_and_columns() -> None:
    out = on_terminal(columns=100, NO_COLOR="1", COLUMNS="90")
    assert "\x1b[32m" not in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert 80 < max(map(len, plain.splitlines())) <= 90


def test_choose_look() -> None:
    assert choose_look(False, {}) == (80, False, False)
    assert choose_look(False, {"COLUMNS": "150"}) == (80, False, False)
    assert choose_look(False, {}, width=100) == (100, False, False)
    assert choose_look(True, {}, tty_width=132) == (132, True, True)
    assert choose_look(True, {"COLUMNS": "90"}, tty_width=132) == (90, True, True)
    assert choose_look(True, {"NO_COLOR": "1"}, tty_width=132) == (132, True, False)
    assert choose_look(True, {"TERM": "dumb"}, tty_width=132) == (132, False, False)
    assert choose_look(False, {"FORCE_COLOR": "1"}) == (80, True, True)


def test_long_titles_wrap_and_long_words_fold() -> None:
    assert wrap("Sagsbehandlingstid i Flygtningenævnet", 20) == [
        "Sagsbehandlingstid i", "Flygtningenævnet"]
    assert wrap("Leverandørstyring/databehandlerforhold", 20) == [
        "Leverandørstyring/da", "tabehandlerforhold"]
    assert wrap("kort", 20) == ["kort"]


def test_delmaal_are_indented_under_their_goal_and_status_is_in_words() -> None:
    out = piped("plans/hjemrejsestyrelsen-2024.toml", "--period", "Q3")
    assert re.search(r"^1\.a +Udsendelser og", out, re.MULTILINE)
    assert re.search(r"^ {6,}1\) Udsendte afviste", out, re.MULTILINE)
    assert "EKSEMPELTAL – ikke rigtige tal" in out
    assert "3. kvartal, opgjort pr. 30/9/2024" in out
    assert "○ ikke" in out and "✘ ikke" in out and "✔ opfyldt" in out
    assert "…" not in out  # pending is ○: "…" reads as text cut off
    # 150 − 118 udsendte under "Mangler", said once (the unit may wrap onto the next line)
    assert re.search(r"  32\b", out) and not re.search(r"mangler \d", out)


def _tables(lang: str = "da") -> list[Table]:
    from conftest import PLANS

    from mrp_tui.core.scorecard import build
    from mrp_tui.output.document import scorecard
    from mrp_tui.output.labels import Words

    results = build([PLANS]).results
    return [b for b in scorecard(results, Words(lang)) if isinstance(b, Table)]


@pytest.mark.parametrize("width", range(20, 121))
def test_a_number_is_shown_whole_or_its_column_is_left_out(width: int) -> None:
    """At every width from 20 to 120: each line fits; a column of numbers (`nowrap`) is either
    laid out at a width that holds each of its cells, with each cell whole on its row's first
    line (never "1" over "0"), or left out whole and named under the table."""
    for block in _tables():
        widths = column_widths(block, width)
        lines = [line.plain for line in table_lines(block, width)]
        assert all(cell_len(line) <= width for line in lines), block.name
        left_out = [c.header for c, w in zip(block.columns, widths, strict=True) if w is None]
        if left_out:
            note = wrap(f"{block.left_out}: {', '.join(left_out)}", width)
            assert lines[-len(note):] == note
        shown = [(i, w) for i, w in enumerate(widths) if w is not None]
        assert shown
        offsets, at = {}, 0
        for i, w in shown:
            offsets[i] = at
            at += w + len(GAP)
        k = next(n for n, line in enumerate(lines) if line.startswith("─")) + 1
        for row in block.rows:
            first = lines[k]
            for i, w in shown:
                if block.columns[i].nowrap:
                    assert first[offsets[i]:offsets[i] + w].strip() == row.cells[i], (
                        block.name, width, row.cells[i])
            k += max(len(wrap(row.cells[i], max(1, w - (2 * row.level if i == 1 else 0))))
                     for i, w in shown)


def test_wide_enough_every_column_is_there_and_narrow_the_least_needed_go_first() -> None:
    plan = next(t for t in _tables() if t.name == "hjemrejsestyrelsen-2024")
    assert None not in column_widths(plan, 120)
    at_64 = [c.header for c, w in zip(plan.columns, column_widths(plan, 64), strict=True)
             if w is None]
    assert at_64 == ["Mangler"]
    at_20 = [c.header for c, w in zip(plan.columns, column_widths(plan, 20), strict=True)
             if w is not None]
    assert at_20 == ["Mål", "Titel"]  # the goal and its title are the last to go
