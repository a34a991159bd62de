"""Pulling typed values out of parsed TOML, recording a Problem for each misfit.

Every problem of a file is collected before anything is raised, so that a person fixing a
file by hand sees them all at once; but at most MAX_PROBLEMS are listed, with a count of the
rest, and past that nothing is spent on finding their lines or suggestions, so that a file of
60,000 mistakes is answered as fast as one of six.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import decimal, t, whole
from mrp_tui.core.toml_lines import LineIndex

FORMAT = 1
#: Numbers beyond this are refused: no count, weight or target comes near it, and bigger ones
#: (or 1e308) would overflow when scored or printed.
MAX_NUMBER = 10**15
#: Numbers nearer 0 than this (but 0) are refused: no count, share or duration needs them, and
#: a baseline or total of 5e-324 makes a percentage that no float can hold.
MIN_NUMBER = 1e-6
MAX_PROBLEMS = 100
#: Near-miss suggestions are a courtesy: at most this many comparisons per file.
SUGGESTION_BUDGET = 20_000

T = TypeVar("T")
MISSING: Any = object()


def number_problem(key: str, value: float, low: float | None = 0, high: float | None = None,
                   above_low: bool = False) -> str | None:
    """What is wrong with a number for `key`, or None: the one rule for every number, in a
    file or typed in the app."""
    if value != value or value in (float("inf"), float("-inf")):
        return t('"{key}" skal være et endeligt tal', '"{key}" must be a finite number', key=key)
    if abs(value) > MAX_NUMBER:
        return t('"{key}" er for stort: højst {max}', '"{key}" is too large: at most {max}',
                 key=key, max=decimal(MAX_NUMBER))
    if 0 < abs(value) < MIN_NUMBER:
        return t('"{key}" er for lille: et tal skal være 0 eller mindst 0,000001, ikke {value}',
                 '"{key}" is too small: a number must be 0 or at least 0.000001, not {value}',
                 key=key, value=decimal(value))
    if low is not None and (value < low or (above_low and value == low)):
        if above_low:
            return t('"{key}" skal være større end {low}, ikke {value}',
                     '"{key}" must be greater than {low}, got {value}',
                     key=key, low=decimal(low), value=decimal(value))
        return t('"{key}" skal være mindst {low}, ikke {value}',
                 '"{key}" must be at least {low}, got {value}',
                 key=key, low=decimal(low), value=decimal(value))
    if high is not None and value > high:
        return t('"{key}" skal være højst {high}, ikke {value}',
                 '"{key}" must be at most {high}, got {value}',
                 key=key, high=decimal(high), value=decimal(value))
    return None


class Reader:
    """Reads one file's parsed TOML; `index` tells where in its text things stand."""

    def __init__(self, path: Path | None, text: str | LineIndex) -> None:
        self.path = path
        self.index = text if isinstance(text, LineIndex) else LineIndex(text)
        self.problems: list[Problem] = []
        self.omitted = 0
        self._budget = SUGGESTION_BUDGET
        self._suggested: dict[tuple[str, int], tuple[object, str]] = {}

    @property
    def full(self) -> bool:
        """As many problems listed as will be: the rest are only counted."""
        return len(self.problems) >= MAX_PROBLEMS

    def error(self, where: str | None, message: str, line: int | None = None) -> None:
        if self.full:
            self.omitted += 1
        else:
            self.problems.append(Problem(self.path, message, line, where))

    def skip(self) -> bool:
        """Count a problem without working out its message, once the list is full."""
        if self.full:
            self.omitted += 1
            return True
        return False

    def key_line(self, key: str, line: int | None) -> int | None:
        return self.index.key_line(key, line)

    def suggest(self, word: str, choices: Collection[str]) -> str:
        """' (mente du "x"?)' for a near miss, else '' (and '' past the budget)."""
        if self.full:
            return ""
        key = (word, id(choices))
        cached = self._suggested.get(key)
        if cached is not None and cached[0] is choices:
            return cached[1]
        hint = ""
        if len(choices) <= self._budget:
            self._budget -= len(choices)
            hint = suggest(word, choices)
        self._suggested[key] = (choices, hint)  # keeping `choices` keeps its id unique
        return hint

    def table(self, value: Any, where: str, line: int | None = None) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        self.error(where, t("skal være en tabel, ikke {kind}", "expected a table, got {kind}",
                            kind=kind_of(value)), line)
        return {}

    def unknown(self, table: Mapping[str, Any], allowed: Iterable[str], where: str,
                line: int | None = None) -> None:
        allowed = tuple(allowed)
        if table.keys() <= set(allowed):  # the usual case, checked at C speed
            return
        for key in table:
            if key in allowed or self.skip():
                continue
            at = self.key_line(key, line)
            if at is None or at == line:  # a table: [key], [[key]] or [key.sub]
                at = self.index.table_line(key, line or 1) or at
            self.error(where, t('ukendt nøgle "{key}"{hint}', 'unknown key "{key}"{hint}',
                                key=clip(key), hint=self.suggest(key, allowed)), at)

    def get(self, table: Mapping[str, Any], key: str, kind: type[T] | tuple[type, ...],
            where: str, line: int | None = None, required: bool = False) -> T | None:
        value = table.get(key, MISSING)
        if value is MISSING:
            if required:
                self.error(where, t('mangler den påkrævede nøgle "{key}"',
                                    'missing required key "{key}"', key=key), line)
            return None
        if not is_kind(value, kind):
            if not self.skip():
                self.error(where, t('"{key}" skal være {kind}, ikke {got}',
                                    '"{key}" must be {kind}, got {got}', key=key,
                                    kind=describe(kind), got=kind_of(value)),
                           self.key_line(key, line))
            return None
        return value  # type: ignore[no-any-return]

    def number(self, table: Mapping[str, Any], key: str, where: str, line: int | None = None,
               required: bool = False, low: float | None = 0, high: float | None = None,
               above_low: bool = False) -> float | None:
        value = self.get(table, key, (int, float), where, line, required)
        if value is None:
            return None
        problem = number_problem(key, value, low, high, above_low)
        if problem is not None:
            self.error(where, problem, self.key_line(key, line))
            return None
        return value

    def choice(self, table: Mapping[str, Any], key: str, choices: Iterable[str], where: str,
               line: int | None = None, required: bool = False) -> str | None:
        value = self.get(table, key, str, where, line, required)
        choices = tuple(choices)
        if value is not None and value not in choices:
            if not self.skip():
                listed = ", ".join(f'"{c}"' for c in choices)
                self.error(where, t('"{key}" skal være en af {listed}, ikke "{value}"{hint}',
                                    '"{key}" must be one of {listed}, got "{value}"{hint}',
                                    key=key, listed=listed, value=clip(value),
                                    hint=self.suggest(value, choices)),
                           self.key_line(key, line))
            return None
        return value

    def check_format(self, data: Mapping[str, Any]) -> None:
        value = data.get("format", MISSING)
        if value is MISSING:
            empty = t(" (filen er tom)", " (the file is empty)") if not data else ""
            self.error(None, t("mangler `format = {f}` øverst i filen{empty}",
                               "missing `format = {f}` at the top of the file{empty}",
                               f=FORMAT, empty=empty), 1)
        elif value != FORMAT or isinstance(value, bool):
            shown = decimal(value) if is_kind(value, (int, float)) else kind_of(value)
            self.error(None, t("ukendt format {shown}; denne version af mrp-tui læser format {f}",
                               "unsupported format {shown}; this version of mrp-tui reads "
                               "format {f}", shown=shown, f=FORMAT),
                       self.key_line("format", None))

    def listed(self) -> list[Problem]:
        """The problems, the unlisted ones counted on a line of their own."""
        if not self.omitted:
            return list(self.problems)
        return [*self.problems, Problem(self.path, t(
            "… og {n} problemer mere", "… and {n} more problems", n=whole(self.omitted)),
            omitted=self.omitted)]

    def done(self) -> None:
        """Raise what was found, if anything."""
        if self.problems:
            raise LoadError(self.listed())


def suggest(word: str, choices: Collection[str]) -> str:
    """' (mente du "x"?)' for a near miss among `choices`, else ''."""
    import difflib  # only a file with a problem gets here

    pool = {c.replace("_", ""): c for c in choices}
    match = difflib.get_close_matches(word.replace("_", "").lower(), list(pool), n=1,
                                      cutoff=0.7)
    return t(' (mente du "{x}"?)', ' (did you mean "{x}"?)', x=pool[match[0]]) if match else ""


def is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return kind is bool or (isinstance(kind, tuple) and bool in kind)
    if isinstance(value, dt.datetime):
        return False
    return isinstance(value, kind)


def describe(kind: type | tuple[type, ...]) -> str:
    """What a key must be: 'et heltal', 'a date (YYYY-MM-DD)'."""
    names = {str: t("tekst", "text"), int: t("et heltal", "a whole number"),
             float: t("et tal", "a number"), bool: t("true eller false", "true or false"),
             dt.date: t("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
             list: t("en liste", "a list"), dict: t("en tabel", "a table")}
    if kind == (int, float):
        return t("et tal", "a number")
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return t(" eller ", " or ").join(names.get(k, k.__name__) for k in kinds)


def kind_of(value: Any) -> str:
    """What a value from a file is: 'teksten "2024"', 'a whole number'."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return t("en dato med klokkeslæt", "a date-time")
    if isinstance(value, str):
        if len(value) < 40:
            return t('teksten "{v}"', 'text "{v}"', v=value)
        return t("tekst", "text")
    for typ, da, en in ((int, "et heltal", "a whole number"), (float, "et tal", "a number"),
                        (dt.date, "en dato", "a date"), (dt.time, "et klokkeslæt", "a time"),
                        (list, "en liste", "a list"), (dict, "en tabel", "a table")):
        if isinstance(value, typ):
            return t(da, en)
    return type(value).__name__


def clip(text: str, width: int = 60) -> str:
    """A name from the file, cut short for a one-line message."""
    return text if len(text) <= width else text[: width - 1] + "…"
