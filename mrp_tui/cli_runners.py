"""The CLI's runs beside the scorecard and the app: `--print --changes` (the change logs) and
the Excel sheet (`--template`, `--import`). Each loads what it needs when it runs."""

from __future__ import annotations

import argparse
import sys

from mrp_tui.cli_output import EXIT_BAD_INPUT, EXIT_OK, emit, report_problems
from mrp_tui.core.i18n import t
from mrp_tui.core.model import Period


def run_changes(args: argparse.Namespace) -> int:
    """`--print --changes`: the change logs of the plans given (or found), or of the
    changes.jsonl files named. A damaged line is a warning on stderr, never fatal."""
    from mrp_tui.core.changelog import change_logs, read_log
    from mrp_tui.output.changes import FORMATS as CHANGE_FORMATS
    from mrp_tui.output.changes import LogSource, render_changes

    if args.format not in CHANGE_FORMATS:
        print(t("mrp-tui: --changes skrives som {formats}, ikke {format}",
                "mrp-tui: --changes is written as {formats}, not {format}",
                formats=", ".join(CHANGE_FORMATS), format=args.format), file=sys.stderr)
        return EXIT_BAD_INPUT
    found, problems = change_logs(args.paths, args.figures)
    if problems:
        report_problems(problems)
        return EXIT_BAD_INPUT
    period = Period(args.period) if args.period else None
    sources = [LogSource(plan_id, title, read_log(path, period, args.goal))
               for plan_id, title, path in found]
    for source in sources:
        report_problems(source.log.problems)
    output = render_changes(sources, args.format, args.lang, args.width,
                            to_stdout=args.output is None)
    return EXIT_OK if emit(output, args.output) else EXIT_BAD_INPUT


def run_sheet(args: argparse.Namespace) -> int:
    """--template and --import (docs/excel.md); openpyxl is loaded only on these paths."""
    from mrp_tui.excel.commands import run_import, run_template

    period = Period(args.period) if args.period else None
    if args.template is not None:
        return run_template(args.template, period, args.output, args.paths)
    return run_import(args.import_, args.plan, period, args.dry_run, args.paths)
