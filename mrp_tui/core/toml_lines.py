"""Where things stand in a TOML file's text, found in one pass, so that a message can name
the line of a goal, a table or a key at the cost of a dictionary lookup.

(Looking each one up by scanning the text made a file with 60,000 unknown keys take minutes:
one scan per key.)
"""

from __future__ import annotations

import bisect
import re

from mrp_tui.core.names import normal_id

#: One line: a table header, or a `key =` (bare or quoted), with the value if it is a string.
_LINE = re.compile(r'\s*(?:(\[\[?)|(?:"((?:[^"\\\n]|\\.)*)"|([A-Za-z0-9_-]+))\s*=\s*'
                   r'(?:"((?:[^"\\\n]|\\.)*)")?)')
#: The dotted parts of a table header: "quoted" or bare.
_HEADER_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_-]+)')


class LineIndex:
    """Line numbers (1-based) of ids, table headers and keys in one file's text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._built = False
        #: `id = "x"`: every line that says so, in order.
        self._ids: dict[str, list[int]] = {}
        #: A header's parts: its first line.
        self._headers: dict[tuple[str, ...], int] = {}
        #: Every leading part of a header's parts: the first header under it.
        self._prefixes: dict[tuple[str, ...], int] = {}
        #: A header's first part: every line of a header that starts with it.
        self._by_first: dict[str, list[int]] = {}
        #: `[[x]]` headers: their lines, by parts.
        self._arrays: dict[tuple[str, ...], list[int]] = {}
        #: The line of every table header (0: the top of the file), in order.
        self._starts: list[int] = [0]
        #: (line of the table's header, key): the first line of `key = ...` in that table.
        self._keys: dict[tuple[int, str], int] = {}

    def _build(self) -> None:
        self._built = True
        start = 0
        #: A header's text: its parts (`[[goal]]` stands many times in a plan).
        seen: dict[str, tuple[str, ...]] = {}
        for number, text in enumerate(self.lines, 1):
            found = _LINE.match(text)
            if found is None:
                continue
            bracket, quoted, bare, value = found.groups()
            if bracket:
                start = number
                self._starts.append(number)
                parts = seen.get(text)
                if parts is None:
                    head = text.split("]")[0]
                    parts = seen[text] = tuple(normal_id(a or b)
                                               for a, b in _HEADER_PART.findall(head))
                    self._headers.setdefault(parts, number)
                    for n in range(1, len(parts) + 1):
                        self._prefixes.setdefault(parts[:n], number)
                if parts:
                    self._by_first.setdefault(parts[0], []).append(number)
                if bracket == "[[":
                    self._arrays.setdefault(parts, []).append(number)
                continue
            key = quoted if quoted is not None else bare
            self._keys.setdefault((start, key), number)
            if key == "id" and value is not None:
                self._ids.setdefault(normal_id(value), []).append(number)

    def _ready(self) -> LineIndex:
        if not self._built:
            self._build()
        return self

    def id_line(self, value: str, after: int = 0) -> int | None:
        """The first line after `after` that says `id = "<value>"`."""
        lines = self._ready()._ids.get(normal_id(value), [])
        at = bisect.bisect_right(lines, after)
        return lines[at] if at < len(lines) else None

    def header_line(self, *parts: str) -> int | None:
        """The line of the table header `[part."part"...]`, keys quoted or bare."""
        return self._ready()._headers.get(parts)

    def first_header_line(self, *prefix: str) -> int | None:
        """The first header inside `[prefix...]`, e.g. [goal."1.a".subgoal."1"] for goal 1.a."""
        return self._ready()._prefixes.get(prefix)

    def table_line(self, first: str, after: int = 0) -> int | None:
        """The first header from line `after` on whose first part is `first`."""
        lines = self._ready()._by_first.get(first, [])
        at = bisect.bisect_left(lines, after)
        return lines[at] if at < len(lines) else None

    def array_lines(self, *parts: str) -> list[int]:
        """The lines of every `[[parts]]` header, e.g. each [[goal]]."""
        return self._ready()._arrays.get(parts, [])

    def key_line(self, key: str, line: int | None) -> int | None:
        """The line of `key = ...` in the table around `line` (from its [header] to the next;
        the top of the file for None), else `line`: to point at the very value at fault."""
        starts = self._ready()._starts
        start = starts[bisect.bisect_right(starts, line) - 1] if line is not None else 0
        return self._keys.get((start, key), line)

    def line_of(self, pattern: str, start: int = 0) -> int | None:
        """First line (1-based) from `start` matching a regex (for a few single lookups)."""
        rx = re.compile(pattern)
        for number, text in enumerate(self.lines[start:], start + 1):
            if rx.search(text):
                return number
        return None
