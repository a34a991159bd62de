"""The agencies' plans and a plan's goals as tables in which Enter opens the marked row.

DataTable's own Enter binding is hidden from the footer. A screen binding for Enter would only
show there as a priority binding, and a priority binding runs before the keys typed just
ahead of it: Down, Down, Enter typed quickly over SSH opened the first row. The tables' own
Enter keeps every key in order and says "⏎ Åbn" in the footer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class PlanTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Åbn", tooltip="Åbn den valgte plan",
                id="overview.open"),
    ]


class GoalTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Åbn", tooltip="Åbn det valgte mål", id="plan.open"),
    ]
