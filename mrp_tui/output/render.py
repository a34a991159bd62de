"""One entry point for every `--print` format. Each format's modules are imported only when
that format is asked for, so `--format json` or `csv` never loads rich, and nothing here
ever loads textual."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from mrp_tui.core.results import PlanResult

FORMATS = ("text", "markdown", "html", "json", "csv", "email", "docx")
#: Formats whose output is a file's bytes, not text (`render_binary`).
BINARY_FORMATS = ("docx",)


class AddressError(ValueError):
    """A --to or --from value that is not a usable email address."""


class PrintOptions(NamedTuple):
    format: str = "text"
    lang: str = "da"
    goal: str | None = None
    #: --width; None: the terminal's width on a terminal, else 80.
    width: int | None = None
    #: Text goes to stdout: its look follows the stream and NO_COLOR / FORCE_COLOR / COLUMNS.
    #: Otherwise (a file, an email) it is plain, --width or 80 columns.
    to_stdout: bool = False
    to: tuple[str, ...] = ()
    sender: str | None = None
    subject: str | None = None


def _text(results: Sequence[PlanResult], options: PrintOptions, to_stdout: bool) -> str:
    from mrp_tui.output.document import scorecard
    from mrp_tui.output.labels import Words
    from mrp_tui.output.text import Look, look_for_stdout, render_text

    look = look_for_stdout(options.width) if to_stdout else Look(options.width or 80)
    return render_text(scorecard(results, Words(options.lang), options.goal), look)


def _html(results: Sequence[PlanResult], options: PrintOptions, title: str) -> str:
    from mrp_tui.output.document import scorecard
    from mrp_tui.output.html import render_html
    from mrp_tui.output.labels import Words

    return render_html(scorecard(results, Words(options.lang), options.goal), title,
                       options.lang)


def render_binary(results: Sequence[PlanResult], options: PrintOptions) -> bytes:
    """The output of `--print` in a binary format: the årsrapport chapter as a Word file."""
    if options.format != "docx":
        raise ValueError(f"not a binary format: {options.format!r}")
    from mrp_tui.output.docx_out import render_docx
    from mrp_tui.output.labels import Words
    from mrp_tui.output.report import report, title

    words = Words(options.lang)
    return render_docx(report(results, words), title(results, words),
                       options.lang)


def render(results: Sequence[PlanResult], options: PrintOptions) -> str:
    """The whole output of `--print` in `options.format`, as one string."""
    fmt = options.format
    if fmt == "json":
        from mrp_tui.output.json_doc import render_json

        return render_json(results, options.goal)
    if fmt == "csv":
        from mrp_tui.output.csv_out import render_csv

        return render_csv(results, options.lang, options.goal)
    if fmt == "text":
        return _text(results, options, options.to_stdout)
    from mrp_tui.output.document import subject
    from mrp_tui.output.labels import Words

    title = options.subject or subject(results, Words(options.lang))
    if fmt == "markdown":
        from mrp_tui.output.document import scorecard
        from mrp_tui.output.markdown import render_markdown

        return render_markdown(scorecard(results, Words(options.lang), options.goal))
    if fmt == "html":
        return _html(results, options, title)
    if fmt == "email":
        from mrp_tui.output.email_out import render_email

        return render_email(_text(results, options, to_stdout=False),
                            _html(results, options, title), title, options.to, options.sender)
    raise ValueError(f"unknown format {fmt!r}")
