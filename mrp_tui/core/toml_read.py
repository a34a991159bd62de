"""Reading a TOML file: size, kind and encoding first, then what tomllib is slow on, then
parsing (or the parse cache). Every refusal is a LoadError naming the file and, where there
is one, the line.

`tomllib` is pure Python and not linear in every input: a dotted key of k parts costs k²
(40,000 parts in 80 KB took 31 s), and any statement costs a few microseconds, so a 1 MiB file
of nothing but `a=1` lines takes most of a second. So before parsing, one pass over the text
with its strings and comments blanked out counts the TOML items (keys, values, tables) and
looks for over-long dotted keys, and refuses a file that would be slow. No real file comes
near either limit (see docs/limits.md).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from mrp_tui.core import parse_cache
from mrp_tui.core.errors import LoadError, Problem
from mrp_tui.core.i18n import language, os_error, t, whole

#: Larger files are refused before parsing: no real plan comes near this.
MAX_FILE_BYTES = 1024 * 1024
#: The most parts a dotted key or table name may have: `goal."1.a".subgoal."1".actual` has 5.
MAX_KEY_PARTS = 10
#: The most TOML items (each `=`, `,`, `.`, `[` and `{` outside strings) in one file: a plan
#: of 5,000 goals (0.9 MiB) has about 60,000. tomllib takes up to 3 µs for each.
MAX_ITEMS = 100_000

#: Strings and comments, which the pre-check blanks out. Each always matches once begun (an
#: unclosed string runs to the end of its line, or of the file), so the scan is linear.
_STRING_OR_COMMENT = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*+(?:"""(?:"{0,2})|\Z)'
    r"|'''[\s\S]*?(?:'''(?:'{0,2})|\Z)"
    r'|"(?:[^"\\\n]|\\.)*+"?'
    r"|'[^'\n]*+'?"
    r"|#[^\n]*+")
#: A run of more than MAX_KEY_PARTS parts: that many dots with no `=`, `,`, bracket or line
#: break between them (a number or date has one dot at most).
_LONG_DOTTED = re.compile(r"\.(?:[^=,{}\[\]\n.]*+\.){" + str(MAX_KEY_PARTS - 1) + "}")


def _blank(match: re.Match[str]) -> str:
    text = match.group()
    return "\n" * text.count("\n")  # keep the line breaks, so lines keep their numbers


def precheck(path: Path, text: str) -> None:
    """Refuse what tomllib would take too long over, before it is given the text."""
    skeleton = _STRING_OR_COMMENT.sub(_blank, text)
    found = _LONG_DOTTED.search(skeleton)
    if found:
        line = skeleton.count("\n", 0, found.start()) + 1
        raise LoadError([Problem(path, t(
            "en nøgle eller et tabelnavn har mere end {n} dele adskilt af punktum (grænsen er "
            '{n}; goal."1.a".subgoal."1".actual har 5)',
            'a key or table name has more than {n} parts separated by dots (the limit is {n}; '
            'goal."1.a".subgoal."1".actual has 5)', n=MAX_KEY_PARTS), line)])
    items = sum(map(skeleton.count, "=,.[{"))
    if items > MAX_ITEMS:
        raise LoadError([Problem(path, t(
            "filen har {items} nøgler, værdier og tabeller; grænsen er {limit} (en plan med "
            "5.000 mål har omkring 60.000)",
            "the file has {items} keys, values and tables; the limit is {limit} (a plan of "
            "5,000 goals has about 60,000)", items=whole(items), limit=whole(MAX_ITEMS)))])


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; size, encoding and syntax problems raise LoadError naming the line."""
    data = _read_bytes(path)
    try:
        # A byte order mark (Windows editors add one) is not content.
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line: int | None = data[: err.start].count(b"\n") + 1
        raise LoadError([Problem(path, t("ikke UTF-8-tekst (gem filen som UTF-8)",
                                         "not UTF-8 text (save the file as UTF-8)"),
                                 line)]) from None
    place = parse_cache.slot(path)
    cached = parse_cache.load(place, data)
    if cached is not None:  # these very bytes passed the pre-check when they were kept
        return cached, text
    precheck(path, text)
    parsed = parse_text(path, text)
    parse_cache.store(place, data, parsed)
    return parsed, text


def _read_bytes(path: Path) -> bytes:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a pipe or device would never end
            raise LoadError([Problem(path, t("ikke en almindelig fil", "not a regular file"))])
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise LoadError([Problem(path, t(
                "filen er {size} byte; grænsen er {limit} byte",
                "file is {size} bytes; the limit is {limit} bytes",
                size=whole(size), limit=whole(MAX_FILE_BYTES)))])
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # it may have grown since
    except OSError as err:
        raise LoadError([Problem(path, t("kan ikke læse filen: {reason}",
                                         "cannot read file: {reason}",
                                         reason=os_error(err)))]) from None
    if len(data) > MAX_FILE_BYTES:
        raise LoadError([Problem(path, t("filen er over grænsen på {limit} byte",
                                         "file is over the limit of {limit} bytes",
                                         limit=whole(MAX_FILE_BYTES)))])
    return data


def parse_text(path: Path, text: str) -> dict[str, Any]:
    """tomllib's parse of `text`, its errors as a LoadError in the user's language."""
    import tomllib  # not even imported when every file comes from the cache

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(found.group(1)) if found else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", message)
        raise LoadError([Problem(path, t("TOML-syntaksfejl: {message}",
                                         "TOML syntax error: {message}",
                                         message=toml_message(message)), line)]) from None
    except RecursionError:
        raise LoadError([Problem(path, t(
            "lister eller tabeller er indlejret for dybt (en plan- eller talfil behøver kun få "
            "niveauer)",
            "arrays or tables nested too deeply (a plan or figures file needs only a few "
            "levels)"))]) from None
    except ValueError:  # Python's limit on digits in an integer (tomllib lets it through)
        digits = re.search(r"[0-9_]{1000,}", text)
        line = text[: digits.start()].count("\n") + 1 if digits else None
        raise LoadError([Problem(path, t("et tal er for langt (mere end {n} cifre)",
                                         "a number is too long (more than {n} digits)",
                                         n=whole(4300)), line)]) from None


#: tomllib's messages in Danish (the rest, should a new Python add one, stay English).
_TOML_DA = (
    ("Invalid statement", "ugyldig linje"),
    ("Illegal character (.*)", r"ulovligt tegn \1"),
    ("Cannot overwrite a value", "en værdi kan ikke overskrives (nøglen står der allerede)"),
    ("Cannot declare (.*) twice", r"\1 kan ikke erklæres to gange"),
    ("Cannot mutate immutable namespace (.*)", r"\1 er allerede givet og kan ikke ændres"),
    ("Cannot redefine namespace (.*)", r"\1 kan ikke defineres igen"),
    ("Duplicate inline table key (.*)", r"nøglen \1 står to gange i tabellen"),
    ("Escaped character is not a Unicode scalar value",
     "escape-sekvensen er ikke et gyldigt Unicode-tegn"),
    ("Expected '=' after a key in a key/value pair", "forventede '=' efter nøglen"),
    ("Expected ']' at the end of a table declaration", "forventede ']' efter tabelnavnet"),
    ("Expected ']]' at the end of an array declaration", "forventede ']]' efter tabelnavnet"),
    ("Expected newline or end of document after a statement",
     "forventede linjeskift efter værdien"),
    ("Expected (.*)", r"forventede \1"),
    ("Found invalid character (.*)", r"ugyldigt tegn \1"),
    ("Invalid date or datetime", "ugyldig dato eller tidspunkt"),
    ("Invalid hex value", "ugyldig hex-værdi"),
    ("Invalid initial character for a key part", "ugyldigt første tegn i en nøgle"),
    ("Invalid value", "ugyldig værdi"),
    ("Unclosed array", "listen er ikke lukket"),
    ("Unclosed inline table", "tabellen er ikke lukket"),
    ("Unescaped '\\' in a string", "'\\\\' uden escape i en tekst"),
    ("Unterminated string", "teksten er ikke afsluttet"),
    ("An object other than list found behind this key", "nøglen er ikke en liste af tabeller"),
    ("There is no nest behind this key", "nøglen er ikke en tabel"),
)


def toml_message(message: str) -> str:
    """One of tomllib's messages, in the current language."""
    if language() == "en":
        return message
    for english, danish in _TOML_DA:
        found = re.fullmatch(re.escape(english).replace(re.escape("(.*)"), "(.*)"), message)
        if found:
            return found.expand(danish)
    return message
