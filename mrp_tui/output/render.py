"""One entry point for every `--print` format. Each format's modules are imported only when
that format is asked for, so `--format json` or `csv` never loads rich, and nothing here
ever loads textual."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from mrp_tui.core.results import PlanResult

if TYPE_CHECKING:
    from mrp_tui.core.history import History

#: Per plan id, the plan's history (`--history`); None: without it.
Histories = Mapping[str, "History"] | None

FORMATS = ("text", "markdown", "html", "json", "csv", "email", "docx", "xlsx")
#: Formats whose output is a file's bytes, not text (`render_binary`).
BINARY_FORMATS = ("docx", "xlsx")


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


def _text(results: Sequence[PlanResult], options: PrintOptions, to_stdout: bool,
          histories: Histories = None) -> str:
    from mrp_tui.output.document import scorecard
    from mrp_tui.output.labels import Words
    from mrp_tui.output.text import Look, look_for_stdout, render_text

    look = look_for_stdout(options.width) if to_stdout else Look(options.width or 80)
    return render_text(scorecard(results, Words(options.lang), options.goal, histories), look)


def _html(results: Sequence[PlanResult], options: PrintOptions, title: str,
          histories: Histories = None) -> str:
    from mrp_tui.output.document import scorecard
    from mrp_tui.output.html import render_html
    from mrp_tui.output.labels import Words

    return render_html(scorecard(results, Words(options.lang), options.goal, histories),
                       title, options.lang)


def render_binary(results: Sequence[PlanResult], options: PrintOptions,
                  histories: Histories = None) -> bytes:
    """The output of `--print` in a binary format: the årsrapport chapter as a Word file, or
    the scorecard as a workbook of the same blocks with every column (output/wide.py); with
    `histories` (`--history`), each plan's development too. The heavy libraries are loaded
    here, on these paths only."""
    from mrp_tui.output.labels import Words

    words = Words(options.lang)
    if options.format == "docx":
        from mrp_tui.output.docx_out import render_docx
        from mrp_tui.output.report import report, title

        blocks = report(results, words)
        if histories is not None:
            from mrp_tui.output.history_document import development_chapter

            blocks += development_chapter(results, histories, words)
        return render_docx(blocks, title(results, words), options.lang)
    if options.format == "xlsx":
        from mrp_tui.output.document import scorecard, subject
        from mrp_tui.output.xlsx import render_xlsx

        blocks = scorecard(results, words, options.goal, histories, wide=True)
        return render_xlsx(blocks, words, options.subject or subject(results, words))
    raise ValueError(f"not a binary format: {options.format!r}")


def render(results: Sequence[PlanResult], options: PrintOptions,
           histories: Histories = None) -> str:
    """The whole output of `--print` in `options.format`, as one string; with `histories`,
    each plan's periods and last year's result as well (`--history`)."""
    fmt = options.format
    if fmt == "json":
        from mrp_tui.output.json_doc import render_json

        return render_json(results, options.goal, histories)
    if fmt == "csv":
        from mrp_tui.output.csv_out import render_csv

        return render_csv(results, options.lang, options.goal, histories)
    if fmt == "text":
        return _text(results, options, options.to_stdout, histories)
    from mrp_tui.output.document import subject
    from mrp_tui.output.labels import Words

    title = options.subject or subject(results, Words(options.lang))
    if fmt == "markdown":
        from mrp_tui.output.document import scorecard
        from mrp_tui.output.markdown import render_markdown

        return render_markdown(scorecard(results, Words(options.lang), options.goal,
                                         histories))
    if fmt == "html":
        return _html(results, options, title, histories)
    if fmt == "email":
        from mrp_tui.output.email_out import render_email

        return render_email(_text(results, options, False, histories),
                            _html(results, options, title, histories), title, options.to,
                            options.sender)
    raise ValueError(f"unknown format {fmt!r}")
