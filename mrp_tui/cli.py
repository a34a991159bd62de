"""The `mrp-tui` command. Kept free of Textual: `--print` and `--check` must start fast."""

from __future__ import annotations

import argparse
import gc
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mrp_tui import __version__
from mrp_tui.cli_lang import argparse_speaks, language_asked
from mrp_tui.cli_output import (
    EXIT_BAD_INPUT,
    EXIT_BELOW,
    EXIT_INTERNAL,
    EXIT_OK,
    emit,
    report_problems,
)
from mrp_tui.cli_runners import run_changes, run_sheet
from mrp_tui.core import i18n
from mrp_tui.core.i18n import t
from mrp_tui.core.model import Period
from mrp_tui.core.text import neutralise

if TYPE_CHECKING:
    from mrp_tui.core.results import PlanResult

FORMATS = ("text", "markdown", "html", "json", "csv", "email", "docx", "xlsx")


def _width(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 20:
        raise argparse.ArgumentTypeError(t("skal være et helt tal på mindst 20, ikke {text}",
                                           "must be a whole number of at least 20, not {text}",
                                           text=text))
    return value


def _points(text: str) -> float:
    """'50', '50.5' or the Danish '50,5'."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(t("ikke et antal point: {text!r}",
                                           "not a number of points: {text!r}", text=text))
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser, its help in the current language (`i18n.language()`)."""
    parser = argparse.ArgumentParser(
        prog="mrp-tui",
        description=t("Resultatkort for mål- og resultatplaner: en interaktiv app, eller "
                      "--print / --check til scripts. Uden STI: ./plans/ hvis den findes, "
                      "ellers de medfølgende planer.",
                      "Scorecard for mål- og resultatplaner: an interactive app, or --print / "
                      "--check for scripts. With no PATH: ./plans/ if it exists, else the "
                      "bundled plans."),
        epilog=t("Slutkoder: 0 udført, 1 en plan opnår færre point end --fail-under, 2 fejl i "
                 "inddata, 70 intern fejl.",
                 "Exit codes: 0 done, 1 a plan earns less than --fail-under, 2 bad input, "
                 "70 internal error."),
    )
    file_, files = t("FIL", "FILE"), t("FIL|MAPPE", "FILE|DIR")
    parser.add_argument("paths", nargs="*", type=Path, metavar=t("STI", "PATH"),
                        help=t("planfiler eller mapper med planer",
                               "plan files or folders of plans"))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--print", action="store_true", dest="print_",
                      help=t("udskriv resultatkortet i stedet for at åbne appen",
                             "print the scorecard instead of opening the app"))
    mode.add_argument("--check", action="store_true",
                      help=t("kontrollér planer og tal (filer eller mapper) og rapportér",
                             "validate plans and figures (files or folders) and report"))
    mode.add_argument("--template", metavar="PLAN",
                      help=t("skriv udfyldningsarket (xlsx) for PLAN (et id eller en planfil) "
                             "for --period til --output",
                             "write the fill-in workbook (xlsx) of PLAN (an id or a plan file) "
                             "for --period to --output"))
    mode.add_argument("--import", dest="import_", type=Path, metavar=file_,
                      help=t("læs et returneret udfyldningsark (.xlsx eller .csv) ind i "
                             "periodens indberettede tal",
                             "read a returned fill-in sheet (.xlsx or .csv) into the period's "
                             "reported figures"))
    mode.add_argument("--version", action="version", version=f"mrp-tui {__version__}",
                      help=t("vis programmets version og afslut",
                             "show program's version number and exit"))
    parser.add_argument("--figures", action="append", type=Path, default=[], metavar=files,
                        help=t("talfil, eller mappe ordnet som <plan-id>/<periode>.toml",
                               "figures file, or folder laid out as <plan-id>/<period>.toml"))
    parser.add_argument("--period", choices=[p.value for p in Period],
                        help=t("hvilke tal der opgøres (standard: de seneste der findes)",
                               "which figures to score (default: the latest there are)"))
    parser.add_argument("--scenario", type=Path, metavar=file_,
                        help=t("anvend et gemt scenarie", "apply a saved scenario"))
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help=t("format for --print (docx: årsrapportens kapitel om målene, for "
                               "året medmindre --period siger andet)",
                               "--print format (docx: the årsrapport's chapter on the goals, "
                               "for the year unless --period says otherwise)"))
    parser.add_argument("--goal", metavar="ID",
                        help=t("ét mål i fuld detalje, med dets delmål",
                               "one goal in full detail, with its delmål"))
    parser.add_argument("--history", action="store_true",
                        help=t("--print: hver plan i hver periode med tal (op til den viste), "
                               "og hvert mål mod sidste års plan",
                               "--print: each plan in every period with figures (up to the one "
                               "shown), and each goal against last year's plan"))
    parser.add_argument("--width", type=_width, metavar="N",
                        help=t("tekstbredde for --print (standard: terminalens, ellers 80)",
                               "--print text width (default: the terminal's, else 80)"))
    parser.add_argument("--output", type=Path, metavar=file_,
                        help=t("--print til FIL (skrevet atomart) i stedet for stdout",
                               "--print into FILE (written atomically) instead of stdout"))
    parser.add_argument("--lang", choices=("da", "en"), default="da",
                        help=t("sprog for tekster og meddelelser (standard da); planernes "
                               "tekster forbliver danske",
                               "language of labels and messages (default da); plan texts "
                               "stay Danish"))
    parser.add_argument("--fail-under", type=_points, metavar="POINT",
                        help=t("slutkode 1 når en plan opnår færre point end dette",
                               "exit 1 when any plan earns fewer points than this"))
    parser.add_argument("--to", action="append", default=[], metavar=t("ADRESSE", "ADDRESS"),
                        help=t("--format email: modtager (kan gentages)",
                               "--format email: recipient (repeatable)"))
    parser.add_argument("--from", dest="sender", metavar=t("ADRESSE", "ADDRESS"),
                        help=t("--format email: afsender", "--format email: sender"))
    parser.add_argument("--subject", metavar=t("EMNE", "SUBJECT"),
                        help=t("--format email: emne (standard nævner styrelserne og perioden)",
                               "--format email: subject (default names the agencies and the "
                               "period)"))
    parser.add_argument("--changes", action="store_true",
                        help=t("--print ændringsloggen for de indberettede tal i stedet for "
                               "resultatkortet (STI: planer eller changes.jsonl-filer; --period "
                               "og --goal afgrænser den)",
                               "--print the change log of the reported figures instead of the "
                               "scorecard (PATH: plans, or changes.jsonl files; --period and "
                               "--goal filter it)"))
    parser.add_argument("--plan", metavar=t("ID|FIL", "ID|FILE"),
                        help=t("--import: planen (standard: arkets Om; kræves for .csv)",
                               "--import: the plan (default: the sheet's Om; required for .csv)"))
    parser.add_argument("--dry-run", action="store_true",
                        help=t("--import: vis hvad der ville ændres, skriv intet",
                               "--import: show what would change, write nothing"))
    parser.add_argument("--read-only", action="store_true",
                        help=t("appen: skriv aldrig scenarier eller tal",
                               "the app: never write scenarios or figures"))
    parser.add_argument("--strict", action="store_true",
                        help=t("--check: advarsler giver også fejl",
                               "--check: warnings fail too"))
    parser.add_argument("--debug", action="store_true",
                        help=t("vis tracebacks ved fejl", "show tracebacks on errors"))
    return parser


def run_check(args: argparse.Namespace) -> int:
    from mrp_tui.core.check import check_paths
    from mrp_tui.core.workspace import default_check_paths

    reports = check_paths(args.paths or default_check_paths())
    errors = warnings = 0
    for report in reports:
        if report.summary:
            # A file name may hold an escape sequence (`\e]0;...\a`): never print one raw.
            print(neutralise(f"{report.path}: ok: {report.summary}", one_line=True))
        report_problems(report.problems)
        errors += sum(p.count for p in report.problems if p.severity == "error")
        warnings += sum(p.count for p in report.problems if p.severity == "warning")
    print(t("{files} kontrolleret: {errors}, {warnings}", "{files} checked: {errors}, {warnings}",
            files=i18n.count(len(reports), ("fil", "filer"), ("file", "files")),
            errors=i18n.count(errors, ("fejl", "fejl"), ("error", "errors")),
            warnings=i18n.count(warnings, ("advarsel", "advarsler"), ("warning", "warnings"))),
          file=sys.stderr)
    if errors or (args.strict and warnings):
        return EXIT_BAD_INPUT
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    if args.changes:
        return run_changes(args)
    from mrp_tui.core.scorecard import build
    from mrp_tui.output.errors import AddressError
    from mrp_tui.output.render import BINARY_FORMATS, PrintOptions, render, render_binary

    binary = args.format in BINARY_FORMATS
    if args.format == "docx" and args.goal is not None:
        print(t("mrp-tui: --goal kan ikke bruges med --format {format}: kapitlet omfatter "
                "alle mål", "mrp-tui: --goal does not go with --format {format}: the chapter "
                "covers every goal", format=args.format), file=sys.stderr)
        return EXIT_BAD_INPUT
    if binary and args.output is None and sys.stdout.isatty():
        print(t("mrp-tui: --format {format} er binære data og skrives ikke til en terminal; "
                "angiv --output FIL", "mrp-tui: --format {format} is binary data and is not "
                "written to a terminal; give --output FILE", format=args.format),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    period = Period(args.period) if args.period else None
    if args.format == "docx" and period is None:
        period = Period.YEAR  # the årsrapport is about the year
    card = build(args.paths, args.figures, period, args.scenario)
    if card.problems:
        report_problems(card.problems)
        return EXIT_BAD_INPUT
    for note in card.notes:
        print(t("mrp-tui: bemærk: {note}", "mrp-tui: note: {note}",
                note=neutralise(note, one_line=True)), file=sys.stderr)
    results = card.results
    if args.goal is not None:
        results = tuple(r for r in results if any(g.goal.id == args.goal for g in r.goals))
        if not results:
            print(t("mrp-tui: --goal {goal}: ingen af de angivne planer har det mål",
                    "mrp-tui: --goal {goal}: no plan given has that goal",
                    goal=neutralise(args.goal, one_line=True)), file=sys.stderr)
            return EXIT_BAD_INPUT
    histories = None
    if args.history:
        from mrp_tui.core.history import build_histories

        histories = build_histories(card.entries, results)
        bad = [p for h in histories.values() for p in h.problems]
        if bad:
            report_problems(bad)
            return EXIT_BAD_INPUT
        for history in histories.values():
            for problem in history.unlinked:
                print(t("mrp-tui: bemærk: {problem}; udskrevet uden sidste års resultater",
                        "mrp-tui: note: {problem}; printed without last year's results",
                        problem=problem), file=sys.stderr)
    options = PrintOptions(
        format=args.format, lang=args.lang, goal=args.goal, width=args.width,
        to_stdout=args.output is None, to=tuple(args.to),
        sender=args.sender, subject=args.subject)
    try:
        output = (render_binary(results, options, histories) if binary
                  else render(results, options, histories))
    except AddressError as err:
        print(f"mrp-tui: {neutralise(str(err), one_line=True)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "email" and not args.to:
        print(t("mrp-tui: bemærk: ingen --to, så beskeden har ingen modtagere til sendmail -t",
                "mrp-tui: note: no --to, so the message has no recipients for sendmail -t"),
              file=sys.stderr)
    if not emit(output, args.output):
        return EXIT_BAD_INPUT
    return _below(results, args.fail_under)


def _below(results: Sequence[PlanResult], fail_under: float | None) -> int:
    """EXIT_BELOW, naming each plan, when any plan earns less than --fail-under."""
    if fail_under is None:
        return EXIT_OK
    from mrp_tui.core.danish import number

    lang = i18n.language()
    low = [r for r in results if r.earned < fail_under]
    for r in low:
        print(t("mrp-tui: {id} opnår {earned} point, under --fail-under {limit}",
                "mrp-tui: {id} earns {earned} points, under --fail-under {limit}",
                id=neutralise(r.plan.id, one_line=True), earned=number(r.earned, 2, lang),
                limit=number(fail_under, 2, lang)), file=sys.stderr)
    return EXIT_BELOW if low else EXIT_OK


def run_app(args: argparse.Namespace) -> int:
    from mrp_tui.tui.app import create_app

    app = create_app(args.paths, args.figures, Period(args.period) if args.period else None,
                     args.scenario, args.goal, args.read_only)
    if not app.bench.entries:
        report_problems(app.bench.problems)
        return EXIT_BAD_INPUT
    app.own_process = True
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    lang = language_asked(words)
    # Messages are worded when a problem is found: the language is set before anything loads.
    with i18n.using(lang), argparse_speaks(lang):
        parser = build_parser()
        args = parser.parse_args(words)
        i18n.set_language(args.lang)
        if args.changes and not args.print_:
            parser.error(t("--changes hører til --print: mrp-tui --print --changes",
                           "--changes goes with --print: mrp-tui --print --changes"))
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.check:
            return run_check(args)
        if args.template is not None or args.import_ is not None:
            return run_sheet(args)
        # Loading makes a few hundred thousand objects that live until the end (of a print,
        # or of the app), and the cyclic collector would scan them over and over: about 30 ms
        # of the app's start-up. It is off until then; the app switches it back on after its
        # first frame, with those objects frozen out of its sight (`MrpApp.own_process`).
        gc.disable()
        try:
            return run_print(args) if args.print_ else run_app(args)
        finally:
            gc.enable()
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `mrp-tui --print | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as err:
        if args.debug:
            raise
        print(neutralise(t("mrp-tui: intern fejl: {kind}: {err} (kør med --debug for at se "
                           "detaljerne)",
                           "mrp-tui: internal error: {kind}: {err} (run with --debug for "
                           "details)", kind=type(err).__name__, err=err), one_line=True),
              file=sys.stderr)
        return EXIT_INTERNAL
