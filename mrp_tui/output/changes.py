"""`mrp-tui --print --changes`: the change logs of reported figures.

Text, markdown and html render one document model (blocks), as the scorecard does: per plan a
heading, the log's file and a table, oldest change first (an audit trail reads forward). JSON
holds the log's own objects with the plan id added; CSV is for Danish Excel like the
scorecard's (`;`, decimal comma, a byte-order mark, formula-like text defused).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from mrp_tui.core.changelog import (
    ChangeLog,
    LogEntry,
    describe_key,
    describe_time,
    describe_value,
)
from mrp_tui.output.blocks import Block, Column, Fields, Heading, Row, Table
from mrp_tui.output.document import clean
from mrp_tui.output.labels import Words

FORMATS = ("text", "markdown", "html", "json", "csv")
_WORDS = {
    "da": {"title": "Ændringslog", "file": "Fil", "at": "Tidspunkt", "user": "Bruger",
           "period": "Periode", "goal": "Mål", "subgoal": "delmål",
           "change": "Ændring: før → efter", "reason": "Begrundelse", "count": "Ændringer"},
    "en": {"title": "Change log", "file": "File", "at": "Time", "user": "User",
           "period": "Period", "goal": "Goal", "subgoal": "subgoal",
           "change": "Change: before → after", "reason": "Reason", "count": "Changes"},
}
#: Short, for a narrow column.
_PERIOD = {"da": {"Q1": "1. kvt.", "Q2": "2. kvt.", "Q3": "3. kvt.", "year": "året"},
           "en": {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "year": "year"}}
_RAW = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class LogSource(NamedTuple):
    """One plan's log, with what to call it."""

    plan_id: str
    #: "Hjemrejsestyrelsen 2024", or the plan id where the plan is not known.
    title: str
    log: ChangeLog


def _row(entry: LogEntry, w: Words, words: dict[str, str]) -> Row:
    goal = entry.goal + (f" {words['subgoal']} {entry.subgoal}" if entry.subgoal else "")
    change = (f"{describe_key(entry.key, w.lang)}: "
              f"{describe_value(entry.key, entry.old, w.lang)} → "
              f"{describe_value(entry.key, entry.new, w.lang)}")
    return Row((describe_time(entry.at), clean(entry.user), _PERIOD[w.lang][entry.period.value],
                clean(goal), clean(change), clean(entry.reason)))


def change_blocks(sources: Sequence[LogSource], lang: str = "da") -> list[Block]:
    w = Words(lang)
    words = _WORDS[w.lang]
    columns = (Column(words["at"], nowrap=True), Column(words["user"], nowrap=True),
               Column(words["period"], nowrap=True), Column(words["goal"], nowrap=True),
               Column(words["change"], role="main"),
               Column(words["reason"], role="side"))
    blocks: list[Block] = []
    for source in sources:
        blocks.append(Heading(f"{words['title']}: {clean(source.title)}", 1))
        path = str(source.log.path) if source.log.path is not None else ""
        blocks.append(Fields(((words["file"], clean(path)),
                              (words["count"], str(len(source.log.entries))))))
        if source.log.entries:
            rows = tuple(_row(e, w, words) for e in source.log.entries)
            blocks.append(Table(columns, rows, source.plan_id))
    return blocks


def _json(sources: Sequence[LogSource]) -> str:
    changes = [{"plan": s.plan_id, **e.to_json(), "line": e.line}
               for s in sources for e in s.log.entries]
    text = json.dumps({"format": 1, "changes": changes}, ensure_ascii=False, indent=2)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value).removesuffix(".0").replace(".", ",")
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = clean(str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv(sources: Sequence[LogSource]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    columns = ("plan_id", "at", "user", "period", "goal", "subgoal", "key", "old", "new",
               "reason", "line")
    writer.writerow(columns)
    for source in sources:
        for entry in source.log.entries:
            row = {"plan_id": source.plan_id, **entry.to_json(), "line": entry.line}
            writer.writerow([_csv_value(row[c]) for c in columns])
    return "\ufeff" + buffer.getvalue()


def render_changes(sources: Sequence[LogSource], fmt: str = "text", lang: str = "da",
                   width: int | None = None, to_stdout: bool = False) -> str:
    """The logs in `fmt` (one of FORMATS), as one string."""
    if fmt == "json":
        return _json(sources)
    if fmt == "csv":
        return _csv(sources)
    blocks = change_blocks(sources, lang)
    if fmt == "markdown":
        from mrp_tui.output.markdown import render_markdown

        return render_markdown(blocks)
    if fmt == "html":
        from mrp_tui.output.html import render_html

        return render_html(blocks, _WORDS[Words(lang).lang]["title"], lang)
    if fmt == "text":
        from mrp_tui.output.text import Look, look_for_stdout, render_text

        look = look_for_stdout(width) if to_stdout else Look(width or 80)
        return render_text(blocks, look)
    raise ValueError(f"unknown format {fmt!r}")
