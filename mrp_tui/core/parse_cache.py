"""A cache of parsed TOML, so that starting the app does not parse unchanged files again.

`tomllib` is pure Python: parsing the five bundled plans and their figures is a third of
the app's own start-up time. Each file's parsed data is kept in
`$XDG_CACHE_HOME/mrp-tui/toml/` (default `~/.cache/mrp-tui/toml/`), one entry per file path,
and used only when the file's bytes are exactly those parsed (the entry keeps a copy to
compare), so an edited file is always read afresh, whatever its size or time stamp say.

The cache can never change a result or stop the program: a missing, unreadable or damaged
entry is parsed again and rewritten, and a cache folder that is not the user's own (or that
others may write to) is not used at all. Entries are pickles read by an unpickler that
builds nothing but the plain values TOML has (strings, numbers, lists, tables and dates),
so a planted entry cannot run code. `MRP_TUI_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import pickle
import stat
import sys
import zlib
from pathlib import Path
from typing import Any, NamedTuple

#: Part of every entry: a new format, another Python (its tomllib), or new rules for what is
#: parsed at all (2: the pre-check of `toml_read`, which a cached file is not put through
#: again), misses.
VERSION = f"2/{sys.version_info[0]}.{sys.version_info[1]}"
#: The only classes an entry may contain besides the built-in containers and numbers.
_ALLOWED = {("datetime", name): getattr(dt, name)
            for name in ("date", "datetime", "time", "timedelta", "timezone")}


class _TomlUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not TOML data") from None


def cache_dir() -> Path | None:
    """The cache folder, created private (0700) if need be; None when it cannot be used."""
    if os.environ.get("MRP_TUI_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "mrp-tui" / "toml"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError:
        return None
    # A folder someone else owns or may write to (or a link to one) could hold planted entries.
    owner = os.getuid() if hasattr(os, "getuid") else status.st_uid
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != owner or status.st_mode & 0o022:
        return None
    return folder


class Slot(NamedTuple):
    """Where the entry for one plan file is kept, and the path the entry must name (two paths
    may share a file name; the entry then only ever matches one of them)."""

    file: Path
    name: str


def slot(path: Path) -> Slot | None:
    """The cache's place for `path`; None when the cache is off or cannot be used."""
    folder = cache_dir()
    if folder is None:
        return None
    name = str(path.resolve())
    return Slot(folder / f"{zlib.crc32(os.fsencode(name)):08x}.pickle", name)


def load(place: Slot | None, data: bytes) -> dict[str, Any] | None:
    """The parsed TOML of `data` (the bytes just read from the file), if the cache has it."""
    if place is None:
        return None
    try:
        with open(place.file, "rb") as handle:
            version, named, parsed_from, parsed = _TomlUnpickler(handle).load()
    except Exception:  # noqa: BLE001 - absent, unreadable or damaged: parse the file instead
        return None
    if (version, named, parsed_from) != (VERSION, place.name, data) \
            or not _is_toml_data(parsed, len(data)):
        return None
    return parsed  # type: ignore[no-any-return]


#: What tomllib builds: the exact types, no subclasses.
_SCALARS = (str, int, float, bool, dt.date, dt.datetime, dt.time)


def _is_toml_data(parsed: object, size: int) -> bool:
    """Whether an entry holds what tomllib could have made of `size` bytes: tables with text
    keys, lists and plain values, no cycle, no more values than bytes. An entry someone
    planted with the right bytes but other data in it (an integer key, a set, a list that
    holds itself) is then parsed again rather than trusted."""
    if type(parsed) is not dict:
        return False
    pending: list[object] = [parsed]
    budget = size + 1  # every value takes at least one byte of the file
    while pending:
        value = pending.pop()
        budget -= 1
        if budget < 0:  # a cycle, or more than the file could hold
            return False
        kind = type(value)
        if kind is dict:
            assert isinstance(value, dict)
            if not all(type(k) is str for k in value):
                return False
            pending.extend(value.values())
        elif kind is list:
            assert isinstance(value, list)
            pending.extend(value)
        elif kind not in _SCALARS:
            return False
    return True


def store(place: Slot | None, data: bytes, parsed: dict[str, Any]) -> None:
    """Keep `parsed` as the TOML of `data`. Failing to is not an error."""
    if place is None:
        return
    temporary = place.file.with_name(f"{place.file.name}.{os.getpid()}.tmp")
    try:
        blob = pickle.dumps((VERSION, place.name, data, parsed), protocol=5)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(temporary, flags, 0o600), "wb") as handle:
            handle.write(blob)
        os.replace(temporary, place.file)  # readers see the old entry or the new, never half
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
