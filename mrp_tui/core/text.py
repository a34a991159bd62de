"""Showing text that came from a file: literally, with nothing in it able to act on a terminal."""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline), DEL, and the bidi marks, embeddings, overrides and
# isolates that can make text read differently from what it is ("Trojan Source"). Also what no
# XML document may hold and UTF-8 cannot encode: the noncharacters U+FFFE, U+FFFF (TOML allows
# them; a Word document would be refused) and lone surrogates (from a file name).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# Unicode's line and paragraph separators end a line as a newline does.
_SEPARATOR = re.compile("[\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: str, one_line: bool = False) -> str:
    """Controls and escape sequences made visible (ESC shows as \\x1b) and so harmless."""
    text = _SEPARATOR.sub(" " if one_line else "\n", _CONTROL.sub(_visible, text))
    if one_line:
        text = text.replace("\t", " ").replace("\n", " ")
    return text
