"""The change log of a plan's reported figures: `figures/<plan-id>/changes.jsonl`.

JSON Lines, UTF-8, one object per changed input, override or comment, appended by every save
of reported figures and never rewritten (plan-format.md §2):

    {"at": "2024-10-12T09:30:00+02:00", "user": "<login>", "period": "Q3", "goal": "1.a",
     "subgoal": "1", "key": "actual", "old": 112, "new": 120, "reason": "..."}

Reading never fails: a damaged line is a warning with its line number and is skipped.
Entries are named tuples, not attrs classes: a log of 10,000 lines loads for the goal screen
in a few milliseconds (BENCHMARKS.md, "Record").
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from attrs import frozen

from mrp_tui.core.danish import PERIOD_DA, date, number, status_label
from mrp_tui.core.errors import Problem
from mrp_tui.core.model import Period, Status

LOG_NAME = "changes.jsonl"
#: A larger log is read from its end: the newest changes are what is looked for.
MAX_LOG_BYTES = 64 * 1024 * 1024
#: Damaged lines reported one by one; the rest are counted.
MAX_REPORTED = 100
KEYS = ("at", "user", "period", "goal", "subgoal", "key", "old", "new", "reason")
_PERIODS = {p.value: p for p in Period}
# json.dumps escapes C0 controls itself; these it would leave raw, and they can act on a
# terminal (C1, e.g. \x9b, a CSI) or split a line for readers that honour them (U+2028/9).
_RAW = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class LogEntry(NamedTuple):
    """One line of the log: a change to one input, override or comment of one goal."""

    at: dt.datetime
    user: str
    period: Period
    goal: str
    #: None for a goal-level key.
    subgoal: str | None
    #: An input name, "override" or "comment".
    key: str
    #: JSON values: None where there was none (old) or it was removed (new).
    old: Any
    new: Any
    reason: str | None
    #: The line in the file (1-based); 0 for an entry not read from a file.
    line: int = 0

    def to_json(self) -> dict[str, Any]:
        """The entry as the log holds it."""
        return {"at": self.at.isoformat(timespec="seconds"), "user": self.user,
                "period": self.period.value, "goal": self.goal, "subgoal": self.subgoal,
                "key": self.key, "old": self.old, "new": self.new, "reason": self.reason}


#: One encoder for every line (json.dumps with options builds a new one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _escape_raw(text: str) -> str:
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def encode_entry(entry: LogEntry) -> str:
    """One log line, newline included: UTF-8 text, with anything that could act on a terminal
    or split the line escaped."""
    return encode_entries([entry])


def encode_entries(entries: Iterable[LogEntry]) -> str:
    """Log lines, each with its newline, as `encode_entry` makes them."""
    text = "".join(_ENCODE(e.to_json()) + "\n" for e in entries)
    return _escape_raw(text) if _RAW.search(text) else text


@frozen
class ChangeLog:
    """A log as read: its entries in file order (oldest first) and what was wrong with it."""

    path: Path | None
    entries: tuple[LogEntry, ...] = ()
    problems: tuple[Problem, ...] = ()

    def newest_first(self) -> tuple[LogEntry, ...]:
        return self.entries[::-1]

    def filtered(self, period: Period | None = None, goal: str | None = None) -> ChangeLog:
        entries = tuple(e for e in self.entries if (period is None or e.period is period)
                        and (goal is None or e.goal == goal))
        return ChangeLog(self.path, entries, self.problems)


def log_path(plan_folder: Path) -> Path:
    """The log beside a plan's reported figures (`figures/<plan-id>/`)."""
    return plan_folder / LOG_NAME


def _damaged(path: Path, line: int, why: str) -> Problem:
    return Problem(path, f"ødelagt linje i ændringsloggen, springes over: {why}", line,
                   severity="warning")


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def parse_entry(data: Any, line: int = 0) -> LogEntry | str:
    """An entry from one decoded JSON line, or (Danish) what is wrong with it."""
    if not isinstance(data, dict):
        return "ikke et JSON-objekt"
    missing = [k for k in ("at", "user", "period", "goal", "key") if k not in data]
    if missing:
        return "mangler " + ", ".join(f'"{k}"' for k in missing)
    at, user, period, goal, key = (data[k] for k in ("at", "user", "period", "goal", "key"))
    try:
        when = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        when = None
    if when is None or when.utcoffset() is None:
        return '"at" skal være et tidspunkt med UTC-forskydning, fx 2024-10-12T09:30:00+02:00'
    if not isinstance(period, str) or period not in _PERIODS:
        return '"period" skal være "Q1", "Q2", "Q3" eller "year"'
    for name, value in (("user", user), ("goal", goal), ("key", key)):
        if not isinstance(value, str) or not value:
            return f'"{name}" skal være en ikke-tom tekst'
    subgoal, reason = data.get("subgoal"), data.get("reason")
    if not _text_or_none(subgoal) or not _text_or_none(reason):
        return '"subgoal" og "reason" skal være tekst eller null'
    return LogEntry(when, user, _PERIODS[period], goal, subgoal, key, data.get("old"),
                    data.get("new"), reason, line)


def _read_bytes(path: Path) -> tuple[bytes, int, list[Problem]]:
    """The log's bytes (its last MAX_LOG_BYTES), the number of lines skipped before them, and
    why it could not be read in full."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            return b"", 0, [Problem(path, "ændringsloggen er ikke en almindelig fil; den "
                                          "læses ikke", severity="warning")]
        if status.st_size <= MAX_LOG_BYTES:
            return handle.read(), 0, []
        skipped, last = 0, b"\n"
        while handle.tell() < status.st_size - MAX_LOG_BYTES:
            chunk = handle.read(min(1 << 20, status.st_size - MAX_LOG_BYTES - handle.tell()))
            if not chunk:
                break
            skipped, last = skipped + chunk.count(b"\n"), chunk[-1:]
        data = handle.read()
        if last != b"\n":  # the rest of a line that began in the skipped part
            data = data[data.find(b"\n") + 1:]
            skipped += 1
        note = Problem(path, f"ændringsloggen er over {MAX_LOG_BYTES // 2**20} MiB; kun de "
                             f"nyeste ændringer fra linje {skipped + 1} er læst",
                       severity="warning")
        return data, skipped, [note]


def read_log(path: Path, period: Period | None = None, goal: str | None = None) -> ChangeLog:
    """The log at `path` (none there: an empty log), optionally only one period's or one
    goal's entries. Damaged lines are warnings, skipped. With `goal`, only lines that can be
    that goal's are decoded (the fast path of the goal screen), so a damaged line elsewhere is
    not reported: `--check` reads the whole log."""
    try:
        data, offset, problems = _read_bytes(path)
    except FileNotFoundError:
        return ChangeLog(path)
    except OSError as err:
        return ChangeLog(path, (), (Problem(path, "ændringsloggen kan ikke læses: "
                                                  f"{err.strerror or err}", severity="warning"),))
    entries: list[LogEntry] = []
    damaged = 0
    decode = json.JSONDecoder().decode
    for number_, raw in enumerate(data.split(b"\n"), offset + 1):
        if not raw.strip():
            continue
        # A line without the goal's id and without escapes cannot decode to that goal.
        if goal is not None and goal.encode() not in raw and b"\\" not in raw:
            continue
        try:
            parsed = parse_entry(decode(raw.decode("utf-8")), number_)
        except UnicodeDecodeError:
            parsed = "ikke UTF-8"
        except (ValueError, RecursionError):  # RecursionError: nested thousands deep
            parsed = "ikke gyldig JSON"
        if isinstance(parsed, str):
            damaged += 1
            if damaged <= MAX_REPORTED:
                problems.append(_damaged(path, number_, parsed))
        elif (period is None or parsed.period is period) and (goal is None or parsed.goal == goal):
            entries.append(parsed)
    if damaged > MAX_REPORTED:
        problems.append(Problem(path, f"i alt {damaged} ødelagte linjer i ændringsloggen; de "
                                      f"første {MAX_REPORTED} er vist", severity="warning"))
    return ChangeLog(path, tuple(entries), tuple(problems))


def check_log(path: Path) -> tuple[str, tuple[Problem, ...]]:
    """`--check` of a log: a summary, and a warning per damaged line (never an error)."""
    log = read_log(path)
    count = len(log.entries)
    return f"ændringslog: {count} {'ændring' if count == 1 else 'ændringer'}", log.problems


def change_logs(paths: Iterable[Path], figures: Iterable[Path] = ()
                ) -> tuple[list[tuple[str, str, Path]], list[Problem]]:
    """The logs to list for PATHs as `--print --changes` takes them: `changes.jsonl` files
    named, and for the plans named or found (none named: the default plans), the log beside
    their reported figures (in `--figures` folders where given). Each as (plan id, a title,
    path); a plan with no log yet is listed with the path its log will have."""
    from mrp_tui.core.workspace import default_plan_paths, discover, expand, figures_roots_for

    paths = list(paths)
    direct = [p for p in paths if p.suffix == ".jsonl"]
    found: list[tuple[str, str, Path]] = []
    problems: list[Problem] = []
    for path in direct:
        if path.exists():
            found.append((path.parent.name, path.parent.name, path))
        else:
            problems.append(Problem(path, "ingen sådan fil"))
    plans = [p for p in paths if p.suffix != ".jsonl"]
    if plans or not direct:
        files, missing = expand(plans or default_plan_paths())
        problems.extend(missing)
        folders = [f for f in figures if f.is_dir()]
        for entry in discover(files):
            problems.extend(entry.problems)
            if entry.plan is None:
                continue
            plan = entry.plan
            logs = [log_path(root / plan.id) for root in folders or figures_roots_for(entry.path)]
            title = f"{plan.agency} {plan.year}"
            found.extend((plan.id, title, log) for log in logs if log.exists())
            if not any(log.exists() for log in logs):
                found.append((plan.id, title, logs[0]))
    unique = {path.resolve(): (plan_id, title, path) for plan_id, title, path in found}
    return list(unique.values()), problems


# --------------------------------------------------------------------------- showing values


#: The log's keys as a Danish reader knows them (the app's field labels).
KEY_DA = {"actual": "Faktisk", "baseline": "Udgangspunkt", "met": "Opfyldt (antal)",
          "total": "I alt", "average": "Gennemsnit", "values": "Sagstider",
          "done_on": "Udført den", "verdict": "Vurdering", "reason": "Begrundelse",
          "forecast": "Prognose", "override": "Tilsidesættelse", "comment": "Bemærkning"}


def describe_key(key: str, lang: str = "da") -> str:
    """'Faktisk' for "actual" in Danish; English keeps the file's key."""
    return KEY_DA.get(key, key) if lang == "da" else key


def _number(value: float, lang: str) -> str:
    return number(value, 6, lang)


def describe_value(key: str, value: Any, lang: str = "da") -> str:
    """A logged value as a reader wants it: '1.250', '12; 30; 45', 'delvist opfyldt, 5 point:
    <reason>', '30/9/2024'. Not neutralised: the caller shows it through its one door."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return _number(value, lang)
    if isinstance(value, list):
        return "; ".join(describe_value(key, v, lang) for v in value)
    if isinstance(value, Mapping):
        return _describe_override(value, lang)
    if isinstance(value, str):
        if key == "verdict" and value in {s.value for s in Status}:
            return status_label(Status(value), lang)
        if key == "done_on":
            try:
                return date(dt.date.fromisoformat(value))
            except ValueError:
                return value
    return str(value)


def _describe_override(value: Mapping[str, Any], lang: str) -> str:
    status = value.get("status")
    parts = [status_label(Status(status), lang) if status in {s.value for s in Status}
             else str(status)]
    earned = value.get("earned")
    if isinstance(earned, int | float) and not isinstance(earned, bool):
        parts.append(f"{_number(earned, lang)} {'point' if lang == 'da' else 'points'}")
    text = ", ".join(parts)
    reason = value.get("reason")
    return f"{text}: {reason}" if isinstance(reason, str) and reason else text


def describe_time(at: dt.datetime) -> str:
    """'12/10/2024 09:30' in the time zone it was written in."""
    return f"{date(at.date())} {at:%H:%M}"


def describe_period(period: Period, lang: str = "da") -> str:
    return PERIOD_DA[period.value] if lang == "da" else period.value
