"""One goal: its requirement text verbatim, its note, and each delmål with editable figures."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Select, Static

from mrp_tui.core import danish
from mrp_tui.core.whatif import InputError, Key, WhatIf, format_input
from mrp_tui.tui.messages import SessionChanged
from mrp_tui.tui.render import points_of, show, status
from mrp_tui.tui.safe import as_line, literal
from mrp_tui.tui.screens.base import MrpScreen
from mrp_tui.tui.widgets.figure_input import FigureInput, FigureRow, VerdictSelect, shown_value
from mrp_tui.tui.widgets.leaf_card import LeafCard
from mrp_tui.tui.widgets.leaf_history import LeafHistory
from mrp_tui.tui.widgets.top_bar import TopBar


class GoalScreen(MrpScreen):
    BINDINGS = [
        Binding("escape", "back", "Tilbage", tooltip="Tilbage til planens mål", id="goal.back"),
        Binding("ctrl+r", "revert_field", "Fortryd felt",
                tooltip="Sæt feltet tilbage til det indberettede tal", id="goal.revert_field"),
    ]

    def __init__(self, plan_id: str, goal_id: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.goal_id = goal_id
        self._errors: dict[Key, str] = {}

    @property
    def session(self) -> WhatIf:
        assert self.plan_id is not None
        return self.bench.session(self.plan_id)

    def place(self, short: bool = False) -> str:
        plan = self.session.plan
        return f"{(plan.short or plan.agency) if short else plan.agency} › {self.goal_id}"

    def compose(self) -> ComposeResult:
        session = self.session
        goal = session.plan.goal(self.goal_id)
        read_only = self.mrp.read_only
        yield TopBar()
        yield Static(id="goal-heading")
        with VerticalScroll(id="goal-body"):
            yield Static(literal(goal.text), classes="requirement")
            if goal.note:
                yield Static(literal(f"Note: {goal.note}"), classes="note")
            if goal.measure is not None:
                yield LeafCard(goal.id, None, Text("Opgørelse", style="bold"), None,
                               goal.measure, session, read_only)
            yield LeafHistory(goal, None)  # the goal in each period, and last year's
            for sub in goal.subgoals:
                heading = literal(f"Delmål {sub.id}", "bold", one_line=True)
                if sub.title:
                    heading.append(" · ")
                    heading.append(literal(sub.title, "bold", one_line=True))
                yield LeafCard(goal.id, sub.id, heading, sub.text, sub.measure, session,
                               read_only)
                yield LeafHistory(goal, sub.id)
                if sub.note:
                    yield Static(literal(f"Note: {sub.note}"), classes="note")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_view()
        self._show_history()
        fields = self.query(FigureInput)
        if fields and not self.mrp.read_only:
            fields.first().focus()
        else:
            self.query_one("#goal-body").focus()

    def refresh_view(self, message: SessionChanged | None = None) -> None:
        super().refresh_view(message)
        session = self.session
        result = session.result.goal(self.goal_id)
        heading = literal(f"Mål {result.goal.id} · ", "bold", one_line=True)
        heading.append(literal(result.goal.title, "bold", one_line=True))
        heading.append("\n")
        heading.append_text(status(result.status))
        heading.append(f"  Point: {points_of(result.earned, result.points)}")
        heading.append(f"  Prognose: {danish.number(result.forecast_earned)} (")
        heading.append_text(status(result.forecast_status))
        heading.append(")")
        if result.overridden:
            heading.append("\n⚑ Tilsidesat: ")
            heading.append(literal(result.override_reason, one_line=True))
        show(self.query_one("#goal-heading", Static), heading)
        for card in self.query(LeafCard):
            if card.subgoal_id is None:
                assert result.leaf is not None
                card.show_result(result.leaf, result.points, result.earned)
            else:
                sub = next(s for s in result.subgoals if s.subgoal.id == card.subgoal_id)
                card.show_result(sub.leaf, sub.points, sub.earned)
        external = message is None or message.external
        if message is not None and external:
            self._show_history()  # another period may be on screen now
        for row in self.query(FigureRow):
            if external:
                self._errors.pop(row.key, None)
                self._show_value(row)
            self._show_state(row)

    def _show_state(self, row: FigureRow) -> None:
        session = self.session
        row.show_state(session.reported_value(row.key), row.key in session.changes,
                       self._errors.get(row.key))
        for field in row.query(FigureInput):
            field.show_counted(session.value(row.key))

    def _show_history(self) -> None:
        assert self.plan_id is not None
        history = self.bench.history(self.plan_id)
        for panel in self.query(LeafHistory):
            panel.show_history(history, self.session.base.period)

    def _show_value(self, row: FigureRow) -> None:
        """Make the field show the session's value (after undo, redo, revert)."""
        value = self.session.value(row.key)
        shown = as_line(format_input(value))  # as the field shows it (see OrderedInput)
        for field in row.query(FigureInput):
            try:
                same = field.value == shown or self.session.parse(row.key, field.value) == value
            except InputError:
                same = False
            if not same:
                with field.prevent(Input.Changed):
                    field.value = format_input(value)
        for select in row.query(VerdictSelect):
            wanted = value.value if value is not None and hasattr(value, "value") else Select.NULL
            if select.value != wanted:
                with select.prevent(Select.Changed):
                    select.value = wanted

    # ------------------------------------------------------------------ editing

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.select, VerdictSelect):
            event.stop()
            value = "" if event.value is Select.NULL else str(event.value)
            self.edit_figure(event.select.key, value)

    def _row(self, key: Key) -> FigureRow:
        return next(r for r in self.query(FigureRow) if r.key == key)

    def edit_figure(self, key: Key, text: str) -> None:
        """A field's text changed: re-score with it, or mark the field with the reason."""
        if self.mrp.read_only:
            return
        counted = self.session.value(key)
        if text == as_line(format_input(counted)):
            # The entry reads as what counts again (say '500x' and a Backspace): no error.
            if self._errors.pop(key, None) is not None:
                self._show_state(self._row(key))
            return
        try:
            value = self.session.parse(key, text)
        except InputError as err:
            self._errors[key] = str(err)
            if not text.strip() and counted is not None:
                # An emptied field shows the value that still counts (as its placeholder),
                # and gets it back when left: empty means what it shows.
                self._errors[key] = f"tomt felt – {shown_value(counted)} tæller stadig"
            self._show_state(self._row(key))
            return
        self._errors.pop(key, None)
        self.mrp.apply(self.session.set(key, value), external=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        field = event.widget
        if isinstance(field, FigureInput) and not field.value.strip():
            counted = self.session.value(field.key)
            if counted is not None:
                with field.prevent(Input.Changed):
                    field.value = format_input(counted)
                self._errors.pop(field.key, None)
                self._show_state(self._row(field.key))

    def action_revert_field(self) -> None:
        focused = self.focused
        key = getattr(focused, "key", None)
        if key is not None:
            self._errors.pop(key, None)
            self.mrp.apply(self.session.revert(key))

    def action_back(self) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "revert_field":
            return not self.mrp.read_only and bool(self.session.changes)
        return True
