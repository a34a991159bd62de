"""The scorecard as one self-contained HTML document that email clients show as intended.

Email-safe: inline styles only (no <style>, which many clients drop), no scripts, no images,
fonts or links to anything outside, plain tables, UTF-8. Every string goes through
`html.escape`, so `<script>` in a title is text.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mrp_tui.core.model import Status
from mrp_tui.output.blocks import (
    Banner,
    Block,
    Chart,
    Column,
    Fields,
    Grid,
    Heading,
    Para,
    Row,
    Table,
)

FONT = "font-family:Arial,Helvetica,sans-serif;"
BODY = f"margin:0;padding:16px;background:#ffffff;color:#1a1a1a;{FONT}font-size:14px;" \
       "line-height:1.4;"
HEADING = {1: "font-size:20px;margin:24px 0 8px 0;", 2: "font-size:17px;margin:20px 0 6px 0;",
           3: "font-size:15px;margin:16px 0 4px 0;"}
BANNER = "border:2px solid #b8860b;background:#fff3cd;color:#5c4300;padding:8px 12px;" \
         "margin:8px 0;font-weight:bold;"
TABLE = f"border-collapse:collapse;margin:8px 0;{FONT}font-size:13px;"
TH = "border-bottom:2px solid #444444;text-align:{align};"
GOAL_ROW = "border-top:1px solid #dddddd;"
TOTAL_ROW = "border-top:2px solid #444444;font-weight:bold;"
STATUS_COLOUR = {Status.MET: "#1e7b34", Status.PARTLY_MET: "#8a6100",
                 Status.NOT_MET: "#b00020", Status.PENDING: "#666666"}
NOTE = "margin:4px 0;font-size:12px;color:#555555;"
PLACEHOLDER = "background:#fff3cd;color:#5c4300;font-weight:bold;"
QUOTE = "margin:4px 0 12px 0;padding:0 0 0 12px;border-left:3px solid #cccccc;color:#333333;"


def _text(text: str) -> str:
    """Escaped, with line breaks kept."""
    return "<br>".join(escape(line) for line in text.split("\n"))


def _heading(block: Heading) -> str:
    level = min(max(block.level, 1), 3)
    return f'<h{level} style="{HEADING[level]}">{escape(block.text)}</h{level}>'


def _fields(block: Fields) -> str:
    lines = "<br>\n".join(f"<strong>{escape(label)}:</strong> {escape(value)}"
                          for label, value in block.pairs)
    return f'<p style="margin:8px 0;">{lines}</p>'


def _para(block: Para) -> str:
    paragraphs = "".join(f'<p style="margin:0 0 8px 0;">{_text(part.strip())}</p>'
                         for part in block.text.split("\n\n") if part.strip())
    style = QUOTE + (PLACEHOLDER if block.placeholder else "")
    label = (f'<p style="margin:8px 0 4px 0;"><strong>{escape(block.label)}:</strong></p>\n'
             if block.label else "")
    return f'{label}<div style="{style}">{paragraphs}</div>'


def _td(cell: str, column: Column, row: Row, i: int) -> str:
    """A cell; plain HTML attributes where they do the job (they keep a message small, and
    some clients ignore styles), inline style only for indentation and colour."""
    attrs = ' align="right"' if column.align == "right" else ""
    if column.nowrap:
        attrs += " nowrap"
    style = f"padding-left:{6 + 20 * row.level}px;" if i == 1 and row.level else ""
    text = escape(cell)
    if i == row.status_cell and row.status is not None:
        style += f"color:{STATUS_COLOUR[row.status]};"
        text = f"<b>{text}</b>"
    if style:
        attrs += f' style="{style}"'
    return f"<td{attrs}>{text}</td>"


def _table(block: Table) -> str:
    kind = "overview" if block.name == "overview" else "plan"
    head = "".join(f'<th style="{TH.format(align=c.align)}">{escape(c.header)}</th>'
                   for c in block.columns)
    rows = []
    for row in block.rows:
        cells = "".join(_td(cell, column, row, i)
                        for i, (cell, column) in enumerate(zip(row.cells, block.columns,
                                                               strict=True)))
        # delmål on grey under their goal; a line above each goal
        style = "background:#f4f4f4;" if row.level else GOAL_ROW
        if row.total:
            style = TOTAL_ROW
        rows.append(f'<tr valign="top" style="{style}">{cells}</tr>')
    body = "\n".join(rows)
    name = "overview" if kind == "overview" else f"plan-{block.name}"
    table = (f'<table class="{kind}" id="{escape(name)}" '
             f'cellpadding="5" cellspacing="0" border="0" style="{TABLE}">\n'
             f'<thead><tr valign="bottom">{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n'
             "</table>")
    notes = "".join(f'\n<p style="{NOTE}">{escape(n)}</p>' for n in block.notes)
    return table + notes


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Banner):
        return f'<div style="{BANNER}">⚠ {escape(block.text)}</div>'
    if isinstance(block, Fields):
        return _fields(block)
    if isinstance(block, Para):
        return _para(block)
    if isinstance(block, Grid | Chart):
        from mrp_tui.output.html_history import chart_html, grid_html  # --history only

        return grid_html(block) if isinstance(block, Grid) else chart_html(block)
    return _table(block)


def render_html(blocks: Sequence[Block], title: str, lang: str = "da") -> str:
    body = "\n".join(_block(block) for block in blocks)
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n</head>\n<body style=\"{BODY}\">\n"
            f"{body}\n</body>\n</html>\n")
