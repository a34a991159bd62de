"""The language of messages: Danish by default, English with `--lang en`.

One setting for the whole process, made by the CLI from `--lang` before anything is loaded,
so that a problem is worded once, when it is found, in the language the user asked for. Each
message is written in place as a Danish and English pair (`t("da …", "en …")`): the two
versions stay side by side, and nothing needs looking up. Keys and ids from files are never
translated (`"at_least"` stays `"at_least"`).
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from typing import Literal

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

_language: Language = "da"


def language() -> Language:
    return _language


def set_language(lang: str) -> None:
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _language = lang


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """The language set for the duration of a `with` block (the CLI's run, a test)."""
    before = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def t(da: str, en: str, /, **values: object) -> str:
    """The message in the current language; `{name}` fields are filled from `values`.
    (Values are inserted as they are, never read as templates themselves.)"""
    template = da if _language == "da" else en
    return template.format(**values) if values else template


def count(n: int, da: tuple[str, str], en: tuple[str, str]) -> str:
    """'1 fil', '5 filer' / '1 file', '5 files': a number and its noun, singular or plural."""
    one, many = da if _language == "da" else en
    return f"{whole(n)} {one if n == 1 else many}"


def whole(n: int) -> str:
    """A whole number with thousands separators: 5.900 in Danish, 5,900 in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if _language == "da" else text


def decimal(value: float) -> str:
    """A number from a file as briefly as it is exact enough to recognise (`:g`), with a
    decimal comma in Danish: 2,5 / 2.5; 1e+15 stays 1e+15."""
    try:
        text = f"{value:g}"
    except OverflowError:  # an integer beyond any float
        return t("et tal for stort til at vise", "a number too large to show")
    return text.replace(".", ",") if _language == "da" else text


#: What the operating system says, for the errors a user meets when naming a file.
_OS_ERRORS_DA = {
    errno.ENOENT: "filen eller mappen findes ikke",
    errno.EACCES: "ingen adgang",
    errno.EPERM: "handlingen er ikke tilladt",
    errno.EISDIR: "er en mappe",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.ENAMETOOLONG: "filnavnet er for langt",
    errno.ELOOP: "for mange symbolske links",
    errno.ENOSPC: "ikke mere plads på disken",
    errno.EROFS: "filsystemet er skrivebeskyttet",
    errno.EEXIST: "findes allerede",
    errno.EIO: "ind/ud-fejl",
}


def os_error(err: OSError) -> str:
    """An OSError's reason, in Danish where it is one of the usual ones."""
    if _language == "da" and err.errno in _OS_ERRORS_DA:
        return _OS_ERRORS_DA[err.errno]
    return str(err.strerror or err)
