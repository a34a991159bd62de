"""The command palette's commands (ctrl+p), shown literally.

Textual's own provider of `App.get_system_commands` parses each command's title and help as
markup: a plan titled `Mål [/]` crashed the palette, and `[link=...]` or `[@click=app.quit]`
in a title was obeyed. This provider offers the same commands with titles and help built by
`safe.plain`, and marks the letters that match the query itself.
"""

from __future__ import annotations

from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from mrp_tui.tui.safe import as_line, plain


def _marked(matcher: Matcher, shown: str) -> Content:
    """`shown` as content, the letters matching the query highlighted (as Textual does)."""
    content = plain(shown)
    score, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    if score:
        for offset in offsets:
            if not shown[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _help(text: str) -> str:
    # Textual shows a hit's help through `Content.from_markup`, which hands content through
    # untouched: the help is content already, so no markup in it is parsed.
    return cast(str, plain(text, one_line=True))


class MrpCommands(Provider):
    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for command in commands:
            if command.discover:
                shown = as_line(command.title)
                yield DiscoveryHit(plain(shown), command.callback, text=shown,
                                   help=_help(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.app.get_system_commands(self.screen):
            shown = as_line(command.title)
            if (score := matcher.match(shown)) > 0:
                yield Hit(score, _marked(matcher, shown), command.callback, text=shown,
                          help=_help(command.help))
