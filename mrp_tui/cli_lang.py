"""The command line in the user's language: `--lang` found before the parser is built (its
help texts are in that language), and argparse's own words ("usage:", "options", its error
messages) in Danish, by a small stand-in for the gettext it asks."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence

from mrp_tui.core.i18n import LANGUAGES

#: argparse's messages (Python 3.11-3.13), in Danish; any other stays as argparse says it.
ARGPARSE_DA = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "optional arguments": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "%r: tilvalget tager ingen værdi",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "one of the arguments %s is required": "et af argumenterne %s skal gives",
    "expected one argument": "skal have én værdi",
    "expected at most one argument": "må højst have én værdi",
    "expected at least one argument": "skal have mindst én værdi",
    "expected %s argument": "skal have %s værdi",
    "expected %s arguments": "skal have %s værdier",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "unexpected option string: %s": "uventet tilvalg: %s",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
}


def language_asked(argv: Sequence[str]) -> str:
    """The `--lang` of the command line, read before parsing it (default Danish)."""
    chosen = "da"
    words = list(argv)
    for n, word in enumerate(words):
        if word == "--":
            break
        name, equals, value = word.partition("=")
        # argparse takes any unambiguous prefix of an option: --lang, --lan, --la
        if len(name) >= 4 and "--lang".startswith(name):
            if not equals:
                value = words[n + 1] if n + 1 < len(words) else ""
            if value in LANGUAGES:
                chosen = value
    return chosen


def _danish(message: str) -> str:
    return ARGPARSE_DA.get(message, message)


def _danish_plural(singular: str, plural: str, n: int) -> str:
    return _danish(singular if n == 1 else plural)


@contextlib.contextmanager
def argparse_speaks(lang: str) -> Iterator[None]:
    """argparse's own words in `lang` for the duration (restored after: tests run in one
    process, and other code may use argparse too)."""
    if lang != "da":
        yield
        return
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    setattr(argparse, "_", _danish)  # noqa: B010 - the module's own gettext name
    setattr(argparse, "ngettext", _danish_plural)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010
