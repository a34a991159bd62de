"""The scorecard as GitHub-flavoured markdown: headings, lists and pipe tables.

Every string is escaped so that it shows as the characters it is: markdown punctuation gets
a backslash (`\\|` keeps a cell a cell, `\\<` keeps HTML out, `\\&` keeps entities out), and a
line that would start a list, quote or heading is defused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mrp_tui.output.blocks import Banner, Block, Chart, Fields, Grid, Heading, Para, Table

# ASCII punctuation that can mean something inline in GFM (CommonMark lets any of it be
# backslash-escaped); `$` is GitHub's math, `#` a heading's closing sequence.
_INLINE = re.compile(r"([\\`*_{}\[\]<>|~&#$!])")
# What would start a block at the beginning of a line: list items, setext underlines.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """Markdown that renders as exactly `text` (one line; for cells and headings)."""
    return _INLINE.sub(r"\\\1", " ".join(text.split("\n")))


def escape_lines(text: str) -> list[str]:
    """Several lines, each escaped and with block markers at its start defused."""
    out = []
    for line in text.split("\n"):
        line = _INLINE.sub(r"\\\1", line.rstrip())
        # "- x" becomes "\- x"; "1. x" becomes "1\. x" (a backslash before a digit is literal)
        if (m := _LINE_START.match(line)) is not None:
            cut = m.end() if m.group(2)[0].isdigit() else m.start(2)
            line = line[:cut] + "\\" + line[cut:]
        out.append(line)
    return out


def _cell(text: str) -> str:
    return escape(text) or " "


def _table(block: Table) -> list[str]:
    header = "| " + " | ".join(_cell(c.header) for c in block.columns) + " |"
    rule = "|" + "|".join("---:" if c.align == "right" else "---" for c in block.columns) + "|"
    lines = [header, rule]
    for row in block.rows:
        cells = [_cell(cell) for cell in row.cells]
        if row.level and len(cells) > 1:
            cells[1] = "↳ " + cells[1]  # a delmål, under its goal
        if row.total:
            cells = [f"**{c}**" if c.strip() else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    for note in block.notes:
        lines += ["", escape(note)]
    return lines


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * min(max(block.level, 1), 6) + " " + escape(block.text)]
    if isinstance(block, Banner):
        # GitHub shows this as a warning box; elsewhere it is a quote.
        return ["> [!WARNING]", f"> **{escape(block.text)}**"]
    if isinstance(block, Fields):
        return [f"- **{escape(label)}:** {escape(value)}" for label, value in block.pairs]
    if isinstance(block, Para):
        lines = escape_lines(block.text)
        if block.placeholder:
            lines = [f"**{line}**" if line.strip() else line for line in lines]
        label = [f"**{escape(block.label)}:**", ""] if block.label else []
        return [*label, *(f"> {line}".rstrip() for line in lines)]
    if isinstance(block, Chart):
        return [f"- **{escape(block.title)}:** {escape(block.text)}"]
    if isinstance(block, Grid):
        return _table(block.compact())
    return _table(block)


def render_markdown(blocks: Sequence[Block]) -> str:
    parts = ["\n".join(_block(block)) for block in blocks]
    return "\n\n".join(parts) + "\n"
