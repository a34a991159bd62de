"""Offer back the edits that earlier sessions did not save: every autosave, newest first."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from mrp_tui.core import danish
from mrp_tui.core.autosave import Found
from mrp_tui.tui.host import MrpHost
from mrp_tui.tui.safe import plain


class RestoreAutosave(ModalScreen[None]):
    BINDINGS = [
        Binding("j,y", "restore", "Hent", tooltip="Hent de valgte ugemte ændringer",
                id="restore.yes"),
        Binding("n,delete", "discard", "Slet", tooltip="Slet de valgte ugemte ændringer",
                id="restore.no"),
        Binding("escape", "later", "Senere", tooltip="Luk; de ugemte ændringer bliver til "
                "næste gang", id="restore.later"),
    ]

    def __init__(self, found: list[Found]) -> None:
        super().__init__()
        self._found = list(found)

    @property
    def mrp(self) -> MrpHost:
        return cast(MrpHost, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Ugemte ændringer fra sidst", classes="dialog-title")
            yield Label("Forbindelsen blev afbrudt eller mrp-tui stoppet, før ændringerne blev "
                        "gemt. Nyeste først:")
            yield OptionList(*(Option(self._label(f)) for f in self._found), id="autosaves")
            yield Label("Enter/j henter de valgte, n sletter dem, Escape venter til senere.",
                        classes="dialog-hint")

    def _label(self, found: Found) -> Content:
        plan = self.mrp.bench.session(found.plan_id).plan
        if found.changes is None:
            what = "passer ikke til planen"
        else:
            what = "1 ændring" if found.changes == 1 else f"{found.changes} ændringer"
        return plain(f"{plan.agency} {plan.year} · {what} · {danish.moment(found.saved_at)}",
                     one_line=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _chosen(self) -> Found | None:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self._found[index]

    def _forget(self, found: Found) -> None:
        options = self.query_one(OptionList)
        index = self._found.index(found)
        self._found.pop(index)
        options.remove_option_at_index(index)
        if not self._found:
            self.dismiss()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        found = self._chosen()
        if found is not None and self.mrp.keeping.restore(found):
            self._forget(found)

    def action_discard(self) -> None:
        found = self._chosen()
        if found is not None:
            self.mrp.keeping.discard(found)
            self._forget(found)

    def action_later(self) -> None:
        self.dismiss()
