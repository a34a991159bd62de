"""The text scorecard, rendered by rich.

Every string is handed to rich as a `Text` (never as markup), so `[bold red]` in a title is
printed as it is. Where the output goes decides the look (see docs/print.md):
a terminal gets colour and the terminal's width; a pipe or file gets no escape codes and
80 columns, unless `--width` says otherwise. `NO_COLOR` turns colour off, `FORCE_COLOR`
turns escape codes on even in a pipe, `COLUMNS` sets the width on a terminal.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text

from mrp_tui.output.blocks import Banner, Block, Chart, Fields, Grid, Heading, Para, Table
from mrp_tui.output.text_table import table_lines, wrap

DEFAULT_WIDTH = 80
RULE = {1: "═", 2: "─"}


class Look(NamedTuple):
    """How the text is rendered: width, and whether escape codes (and colour) are used."""

    width: int = DEFAULT_WIDTH
    terminal: bool = False
    color: bool = False


def choose_look(is_tty: bool, env: Mapping[str, str], width: int | None = None,
                tty_width: int | None = None) -> Look:
    """The look for a stream: `is_tty` whether it is a terminal, `tty_width` its width."""
    terminal = bool(env.get("FORCE_COLOR")) or (is_tty and env.get("TERM") != "dumb")
    color = terminal and not env.get("NO_COLOR")
    if width is None and is_tty:
        columns = env.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) > 0 else tty_width
    return Look(width or DEFAULT_WIDTH, terminal, color)


def look_for_stdout(width: int | None = None) -> Look:
    import sys

    stream = sys.stdout
    is_tty = stream.isatty()
    tty_width = None
    if is_tty:
        try:
            tty_width = os.get_terminal_size(stream.fileno()).columns
        except OSError:
            tty_width = None
    return choose_look(is_tty, os.environ, width, tty_width)


def _heading(block: Heading, width: int) -> list[Text]:
    lines = [Text(line, style="bold") for line in wrap(block.text, width)]
    rule = RULE.get(block.level)
    if rule is not None:
        lines.append(Text(rule * max(line.cell_len for line in lines), style="bold"))
    return lines


def _banner(block: Banner, width: int) -> list[Text]:
    body = wrap(block.text, max(1, width - 4))
    inner = max(cell_len(line) for line in body)
    lines = [Text(f"╭{'─' * (inner + 2)}╮", style="yellow")]
    for line in body:
        text = Text("│ ", style="yellow")
        text.append(line + " " * (inner - cell_len(line)), style="bold")
        text.append(" │", style="yellow")
        lines.append(text)
    return [*lines, Text(f"╰{'─' * (inner + 2)}╯", style="yellow")]


#: Fields whose values would get less room than this beside their labels get it below them.
MIN_VALUE = 24


def _fields(block: Fields, width: int) -> list[Text]:
    label_width = max(cell_len(label) for label, _ in block.pairs) + 3  # ":" and a gap
    lines = []
    if width - label_width < MIN_VALUE:  # narrow: the value under its label, so numbers stay whole
        for label, value in block.pairs:
            lines.append(Text(f"{label}:", style="bold"))
            lines.extend(Text("  " + part) for part in wrap(value, max(1, width - 2)))
        return lines
    for label, value in block.pairs:
        head = Text(f"{label}:", style="bold")
        head.append(" " * (label_width - head.cell_len))
        for k, part in enumerate(wrap(value, max(1, width - label_width))):
            lines.append(head + part if k == 0 else Text(" " * label_width + part))
    return lines


def _para(block: Para, width: int) -> list[Text]:
    lines = [Text(f"{block.label}:", style="bold")] if block.label else []
    indent = "  " if block.label else ""
    style = "bold yellow" if block.placeholder else ""
    for source in block.text.split("\n"):
        lines.extend(Text(indent + part, style=style)
                     for part in wrap(source, max(1, width - len(indent))))
    return lines


def _lines(block: Block, width: int) -> list[Text]:
    if isinstance(block, Heading):
        return _heading(block, width)
    if isinstance(block, Banner):
        return _banner(block, width)
    if isinstance(block, Fields):
        return _fields(block, width)
    if isinstance(block, Para):
        return _para(block, width)
    if isinstance(block, Chart):
        return _fields(Fields(((block.title, block.text),)), width)
    if isinstance(block, Grid):
        block = block.compact()
    notes = [Text(part) for note in block.notes for part in wrap(note, width)]
    return [*table_lines(block, width), *notes]


def text_lines(blocks: Sequence[Block], width: int) -> list[Text]:
    """The whole scorecard as styled lines of at most `width` cells."""
    out: list[Text] = []
    gap = False  # a blank line is owed before the next block
    for block in blocks:
        if out and (gap or isinstance(block, Heading)):
            out.append(Text(""))
        out.extend(_lines(block, width))
        gap = isinstance(block, Table | Fields | Para | Grid | Chart)
    return out


def render_text(blocks: Sequence[Block], look: Look | None = None) -> str:
    look = look or Look()
    lines = text_lines(blocks, look.width)
    if not look.terminal:
        # A pipe or file gets no escape codes: the laid-out lines' plain text is the output,
        # and rich's Console (its import alone is a third of --print's time) is not needed.
        return "\n".join(line.plain.rstrip() for line in lines).rstrip("\n") + "\n"
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=look.width, force_terminal=look.terminal,
                      no_color=not look.color, color_system="auto" if look.terminal else None,
                      markup=False, emoji=False, highlight=False, soft_wrap=False,
                      force_jupyter=False, force_interactive=False, legacy_windows=False)
    # The lines are laid out already: rich only styles and writes them.
    console.print(Text("\n").join(lines), no_wrap=True, overflow="ignore", crop=False)
    return buffer.getvalue().rstrip("\n") + "\n"
