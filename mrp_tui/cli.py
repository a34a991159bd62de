"""The `mrp-tui` command. Kept free of Textual: `--print` and `--check` must start fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from mrp_tui import __version__
from mrp_tui.core.errors import Problem
from mrp_tui.core.model import Period

EXIT_OK, EXIT_BELOW, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70
FORMATS = ("text", "markdown", "html", "json", "csv", "email")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mrp-tui",
        description="Scorecard for mål- og resultatplaner: an interactive app, or --print / "
                    "--check for scripts. With no PATH: ./plans/ if it exists, else the "
                    "bundled plans.",
        epilog="Exit codes: 0 done, 1 a plan earns less than --fail-under, 2 bad input, "
               "70 internal error.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="plan files or folders of plans")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--print", action="store_true", dest="print_",
                      help="print the scorecard instead of opening the app")
    mode.add_argument("--check", action="store_true",
                      help="validate plans and figures (files or folders) and report")
    mode.add_argument("--version", action="version", version=f"mrp-tui {__version__}")
    parser.add_argument("--figures", action="append", type=Path, default=[], metavar="FILE|DIR",
                        help="figures file, or folder laid out as <plan-id>/<period>.toml")
    parser.add_argument("--period", choices=[p.value for p in Period],
                        help="which figures to score (default: the latest there are)")
    parser.add_argument("--scenario", type=Path, metavar="FILE", help="apply a saved scenario")
    parser.add_argument("--format", choices=FORMATS, default="text", help="--print format")
    parser.add_argument("--strict", action="store_true", help="--check: warnings fail too")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    return parser


def report_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        print(str(problem), file=out)


def run_check(args: argparse.Namespace) -> int:
    from mrp_tui.core.check import check_paths
    from mrp_tui.core.workspace import default_plan_paths

    reports = check_paths(args.paths or default_plan_paths())
    errors = warnings = 0
    for report in reports:
        if report.summary:
            print(f"{report.path}: ok: {report.summary}")
        report_problems(report.problems)
        errors += sum(p.severity == "error" for p in report.problems)
        warnings += sum(p.severity == "warning" for p in report.problems)
    print(f"{len(reports)} files checked: {errors} errors, {warnings} warnings", file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_BAD_INPUT
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    from mrp_tui.core.scorecard import build

    period = Period(args.period) if args.period else None
    card = build(args.paths, args.figures, period, args.scenario)
    if card.problems:
        report_problems(card.problems)
        return EXIT_BAD_INPUT
    if args.format == "json":
        from mrp_tui.output.json_doc import render_json

        sys.stdout.write(render_json(card.results))
    else:
        print(f"mrp-tui: --format {args.format} is not available yet", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def run_app(args: argparse.Namespace) -> int:
    print("mrp-tui: the interactive app is not built yet; use --print or --check",
          file=sys.stderr)
    return EXIT_BAD_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.check:
            return run_check(args)
        if args.print_:
            return run_print(args)
        return run_app(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `mrp-tui --print | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as err:
        if args.debug:
            raise
        print(f"mrp-tui: internal error: {type(err).__name__}: {err} "
              "(run with --debug for details)", file=sys.stderr)
        return EXIT_INTERNAL
