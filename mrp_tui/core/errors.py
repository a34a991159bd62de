"""Problems found in input files, and the one exception type the core raises for them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from attrs import frozen

from mrp_tui.core.i18n import t
from mrp_tui.core.text import neutralise

Severity = Literal["error", "warning"]


@frozen
class Problem:
    """One thing wrong with a file: where it is and what was expected."""

    path: Path | None
    message: str
    line: int | None = None
    where: str | None = None
    severity: Severity = "error"
    #: This line stands for so many further problems, not listed (a file lists 100 at most).
    omitted: int = 0

    @property
    def count(self) -> int:
        """How many problems this line is: itself, or the ones it stands for."""
        return self.omitted or 1

    def __str__(self) -> str:
        place = str(self.path) if self.path is not None else t("<inddata>", "<input>")
        if self.line is not None:
            place += f":{self.line}"
        label = t("advarsel: ", "warning: ") if self.severity == "warning" else ""
        where = f"{self.where}: " if self.where else ""
        return neutralise(f"{place}: {label}{where}{self.message}", one_line=True)


class LoadError(Exception):
    """A file could not be loaded; `problems` lists everything wrong with it at once."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
