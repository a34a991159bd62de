"""The app's one door for text it did not write itself: plan and figures texts, scenario
names, file and folder names, error messages that quote them, and what was typed or pasted.

Such text reaches Textual only as content built here: never parsed as markup (`[/]`,
`[link=...]` or `[@click=app.quit]` in a title are shown as they are written), and with every
control character made visible by `core.text.neutralise` (an ESC in a reason shows as `\\x1b`
and cannot set the window title or write the clipboard; bidi overrides and line separators
cannot reorder or break the line). Strings written in the code (labels, key names) may still
be passed to Textual as they are.

- `plain` builds Textual `Content`, for Labels, Statics, option lists and the palette;
- `literal` builds a rich `Text` for what is composed further with rich (table cells, headings);
- `as_line` is the neutralised string itself, on one line, for the few places that want a
  `str` and show it without markup (an Input's value, a notification with markup off).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from mrp_tui.core.text import neutralise


def as_line(text: str | None) -> str:
    return neutralise(text or "", one_line=True)


def plain(text: str | None, style: str = "", one_line: bool = False) -> Content:
    content = Content(neutralise(text or "", one_line=one_line))
    return content.stylize(style) if style else content


def literal(text: str | None, style: str = "", one_line: bool = False) -> Text:
    return Text(neutralise(text or "", one_line=one_line), style=style)
