"""Where the CLI's output goes: problems to stderr, a document to stdout or to --output
(written atomically), and the exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from mrp_tui.core import i18n
from mrp_tui.core.errors import Problem
from mrp_tui.core.i18n import t
from mrp_tui.core.text import neutralise

EXIT_OK, EXIT_BELOW, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 70


def report_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        print(str(problem), file=out)


def emit(output: str | bytes, path: Path | None) -> bool:
    """`output` (text, or a binary format's bytes) to --output PATH, else to stdout, text as
    UTF-8 whatever the locale says; False where it cannot be written."""
    if path is not None:
        return write_output(path, output)
    sys.stdout.flush()
    sys.stdout.buffer.write(output if isinstance(output, bytes) else output.encode("utf-8"))
    sys.stdout.buffer.flush()
    return True


def write_output(path: Path, text: str | bytes) -> bool:
    """--output: written atomically, only to a regular file or a new name; False (and why, on
    stderr) where that cannot be."""
    from mrp_tui.core.writer import WriteRefused, atomic_write

    try:
        atomic_write(path, text)
    except WriteRefused as err:
        print(f"mrp-tui: --output: {neutralise(str(err), one_line=True)}", file=sys.stderr)
        return False
    except OSError as err:
        print(t("mrp-tui: --output {path}: kan ikke skrive: {reason}",
                "mrp-tui: --output {path}: cannot write: {reason}",
                path=neutralise(str(path), one_line=True), reason=i18n.os_error(err)),
              file=sys.stderr)
        return False
    return True
