"""`--history` in html: the status grid as coloured table cells and the points chart as a
small inline SVG.

Email-safe like the rest of the document: inline styles and plain table attributes only. The
grid carries everything (symbol, points and value in each cell, the key under it), so it
reads on its own where a mail client drops the SVG (Gmail, Outlook do); the chart's numbers
are written under it as text too. Every string goes through `html.escape`.
"""

from __future__ import annotations

from html import escape

from mrp_tui.core.danish import STATUS_SYMBOL
from mrp_tui.core.model import Status
from mrp_tui.output.blocks import Chart, Grid, GridRow, Mark

FONT = "font-family:Arial,Helvetica,sans-serif;"
#: Cell background and text colour per status: light fills, text dark enough to read on them.
CELL = {Status.MET: ("#dff3e3", "#145a25"), Status.PARTLY_MET: ("#fff1cc", "#6b4b00"),
        Status.NOT_MET: ("#fde0e3", "#8c0019"), Status.PENDING: ("#eeeeee", "#555555")}
NONE_CELL = ("#ffffff", "#555555")
TH = "border-bottom:2px solid #444444;text-align:{align};padding:4px 6px;"
NOTE = "margin:4px 0;font-size:12px;color:#555555;"
EARNED_COLOUR, FORECAST_COLOUR, AXIS_COLOUR = "#1e7b34", "#b8860b", "#999999"


def _mark(mark: Mark | None, current: bool = False) -> str:
    if mark is None:
        return '<td style="padding:4px 6px;"></td>'
    background, colour = CELL[mark.status] if mark.status is not None else NONE_CELL
    symbol = STATUS_SYMBOL[mark.status] if mark.status is not None else "–"
    earned = f"{mark.earned}/{mark.points}" if mark.points and mark.earned else mark.earned
    head = escape(f"{symbol} {earned}".strip()) if mark.status is not None else ""
    value = (f'<br><span style="font-size:11px;color:#333333;">{escape(mark.value)}</span>'
             if mark.value else "")
    edge = "border-left:2px solid #444444;border-right:2px solid #444444;" if current else ""
    return (f'<td style="background:{background};color:{colour};padding:4px 6px;'
            f'border-bottom:1px solid #ffffff;{edge}" valign="top"><b>{head}</b>{value}</td>')


def _row(row: GridRow, grid: Grid) -> str:
    indent = f"padding-left:{6 + 20 * row.level}px;" if row.level else ""
    cells = [f'<td nowrap style="padding:4px 6px;">{escape(row.goal)}</td>',
             f'<td style="padding:4px 6px;{indent}">{escape(row.title)}</td>']
    cells += [_mark(m, i == grid.current) for i, m in enumerate(row.marks)]
    if grid.has_last_year:
        cells += [_mark(row.last_year),
                  f'<td nowrap style="padding:4px 6px;">{escape(row.change)}</td>']
    style = "background:#fafafa;" if row.level else "border-top:1px solid #dddddd;"
    return f'<tr valign="top" style="{style}">{"".join(cells)}</tr>'


def grid_html(grid: Grid) -> str:
    goal, title, _, last_year, change = grid.headers
    heads = [(goal, "left"), (title, "left")]
    heads += [(p + (" ▾" if i == grid.current else ""), "left")
              for i, p in enumerate(grid.periods)]
    if grid.has_last_year:
        heads += [(last_year, "left"), (change, "left")]
    head = "".join(f'<th style="{TH.format(align=a)}">{escape(h)}</th>' for h, a in heads)
    body = "\n".join(_row(row, grid) for row in grid.rows)
    notes = "".join(f'\n<p style="{NOTE}">{escape(n)}</p>' for n in grid.notes)
    return (f'<table class="history" id="history-{escape(grid.name)}" cellpadding="0" '
            f'cellspacing="0" border="0" style="border-collapse:collapse;margin:8px 0;'
            f'{FONT}font-size:13px;">\n<thead><tr valign="bottom">{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>{notes}")


def chart_html(chart: Chart) -> str:
    """Bars of the points earned per period, the forecast as a dashed line with dots, on an
    axis from 0 to the plan's possible points; then the same numbers as text."""
    width, height, left, right, top, bottom = 460, 196, 44, 12, 28, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = chart.maximum if chart.maximum > 0 else max((*chart.earned, *chart.forecast, 1))
    slot = plot_w / max(1, len(chart.labels))

    def y(value: float) -> float:
        return top + plot_h * (1 - max(0.0, min(1.0, value / top_value)))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(chart.title)}" '
             f'style="{FONT}font-size:11px;">']
    for k in range(5):  # gridlines at 0, 25, 50, 75 and 100 % of the possible points
        value = top_value * k / 4
        at = y(value)
        parts.append(f'<line x1="{left}" y1="{at:.1f}" x2="{width - right}" y2="{at:.1f}" '
                     f'stroke="{AXIS_COLOUR}" stroke-width="{1 if k == 0 else 0.5}"/>')
        parts.append(f'<text x="{left - 6}" y="{at + 4:.1f}" text-anchor="end" fill="#555555">'
                     f"{_number(value)}</text>")
    dots = []
    for i, (label, earned, forecast) in enumerate(zip(chart.labels, chart.earned,
                                                      chart.forecast, strict=True)):
        middle = left + slot * (i + 0.5)
        bar = min(36.0, slot * 0.5)
        parts.append(f'<rect x="{middle - bar / 2:.1f}" y="{y(earned):.1f}" width="{bar:.1f}" '
                     f'height="{max(0.0, y(0) - y(earned)):.1f}" fill="{EARNED_COLOUR}"/>')
        # The period and its points under the axis, clear of the bars and the forecast line.
        parts.append(f'<text x="{middle:.1f}" y="{height - 24}" text-anchor="middle" '
                     f'fill="#1a1a1a">{escape(label)}</text>')
        parts.append(f'<text x="{middle:.1f}" y="{height - 8}" text-anchor="middle" '
                     f'fill="{EARNED_COLOUR}" font-weight="bold">{_number(earned)}</text>')
        dots.append((middle, y(forecast)))
    if dots:
        path = " ".join(f"{x:.1f},{at:.1f}" for x, at in dots)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{FORECAST_COLOUR}" '
                     'stroke-width="2" stroke-dasharray="5,3"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{at:.1f}" r="3.5" fill="{FORECAST_COLOUR}"/>'
                  for x, at in dots]
    earned_name, forecast_name = chart.legend
    parts += [f'<rect x="{left}" y="8" width="10" height="10" fill="{EARNED_COLOUR}"/>',
              f'<text x="{left + 14}" y="17" fill="#1a1a1a">{escape(earned_name)}</text>',
              f'<line x1="{left + 110}" y1="13" x2="{left + 130}" y2="13" '
              f'stroke="{FORECAST_COLOUR}" stroke-width="2" stroke-dasharray="5,3"/>',
              f'<circle cx="{left + 120}" cy="13" r="3.5" fill="{FORECAST_COLOUR}"/>',
              f'<text x="{left + 136}" y="17" fill="#1a1a1a">{escape(forecast_name)}</text>',
              "</svg>"]
    svg = "".join(parts)
    return (f'<div style="margin:8px 0;"><p style="margin:0 0 4px 0;"><strong>'
            f'{escape(chart.title)}:</strong></p>\n{svg}\n'
            f'<p style="{NOTE}">{escape(chart.text)}</p></div>')


def _number(value: float) -> str:
    """As the rest of the document shows points: Danish, up to two decimals."""
    from mrp_tui.core.danish import number

    return number(value, 2)
