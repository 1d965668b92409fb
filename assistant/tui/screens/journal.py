"""The journal screen: decisions on the left, the selected one's explanation on the right, and the
recent timeline of everything recorded below.

Every line shown here is read from the journal (``explain_decision`` builds the explanation from the
decision record), so it is the same "why" the assistant narrates. This screen only reads. In a
narrow terminal the decisions sit above the explanation instead of beside it.

However long the journal, opening the screen reads the same amount: a screenful of decision rows
(a few columns each, ``Journal.decision_rows``; the next page when the cursor reaches the last
row), the newest timeline entries, and one whole decision, the one explained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant.presentation import ids

from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.engine import Explanation
    from assistant.journal import DecisionRow, JournalEntry

    from ..backend import Backend


class JournalScreen(Screen[None]):
    DEFAULT_CSS = """
    JournalScreen #top { height: 3fr; }
    JournalScreen #decisions-box { width: 60; }
    JournalScreen.-narrow #top { layout: vertical; }
    JournalScreen.-narrow #decisions-box { width: 1fr; height: auto; }
    JournalScreen.-narrow #decisions { height: auto; max-height: 5; }
    JournalScreen.-narrow #why-box { width: 1fr; height: 1fr; }
    JournalScreen #why-box { width: 1fr; border: round $primary; padding: 0 1; }
    JournalScreen #why-box { border-title-color: $primary; }
    JournalScreen .title { text-style: bold; padding: 0 1; }
    JournalScreen #decisions { height: 1fr; }
    JournalScreen #entries { height: 2fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="journal-back", tooltip="Back to the chat"),
        Binding("r", "reload", "Reload", id="journal-reload", tooltip="Read the journal again"),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self._asked: str | None = None  # the decision whose explanation is shown or on its way
        self._page = MIN_PAGE  # decisions read at a time: at least a screenful
        self._shown: list[DecisionRow] = []  # the decisions listed, newest first
        self._more = False  # whether the last page read was full, so older ones may exist
        self._reading_more = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            with Vertical(id="decisions-box"):
                yield Static("Decisions (newest first)", classes="title")
                yield DataTable(id="decisions", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="why-box"):
                yield Static("Reading the journal…", id="why")
        yield Static("Recent journal entries", classes="title")
        yield DataTable(id="entries", cursor_type="row")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#why-box").border_title = "Why"
        self.action_reload()

    def action_reload(self) -> None:
        self._asked = None
        # The list never shows more rows than the terminal is tall: read that many (or
        # MIN_PAGE) now, and the next page only when the cursor reaches the last row.
        self._page = max(MIN_PAGE, self.app.size.height)
        self._load(self._page)

    @work(thread=True, exclusive=True, group="journal")
    def _load(self, page: int) -> None:
        from assistant.domain import CoinPilotError

        try:
            decisions, entries = self.backend.decision_rows(page), self.backend.entries()
        except CoinPilotError as exc:
            self.app.call_from_thread(self._problem, exc.message)
        else:
            self.app.call_from_thread(self._fill, decisions, entries)

    def _fill(self, decisions: list[DecisionRow], entries: list[JournalEntry]) -> None:
        table = self.query_one("#decisions", DataTable)
        self._shown, self._more = list(decisions), len(decisions) >= self._page
        _fill_table(table, DECISION_COLUMNS, _decision_cells(decisions), keys=_keys(decisions))
        _fill_table(
            self.query_one("#entries", DataTable),
            ("when (UTC)", "kind", "summary"),
            [(f"{e.at:%Y-%m-%d %H:%M:%S}", e.kind, ids.show_ids(e.summary)) for e in entries],
        )
        if decisions:
            table.focus()
            self._explain(decisions[0].decision_id)
        else:
            self.query_one("#why", Static).update(
                "No decision is recorded yet, so there is nothing to explain. Confirm a preview "
                "in the chat to make one."
            )

    @on(DataTable.RowHighlighted, "#decisions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._explain(event.row_key.value)
        if self._more and not self._reading_more and event.cursor_row >= len(self._shown) - 1:
            self._reading_more = True
            self._load_older(self._shown[-1].decision_id, self._page)

    @work(thread=True, exclusive=True, group="older")
    def _load_older(self, older_than: str, page: int) -> None:
        from assistant.domain import CoinPilotError

        try:
            older = self.backend.decision_rows(page, older_than=older_than)
        except CoinPilotError as exc:
            self.app.call_from_thread(self._problem, exc.message)
            older = []
        self.app.call_from_thread(self._append, older_than, older)

    def _append(self, after: str, older: list[DecisionRow]) -> None:
        """Add the next page below the list, unless the list was read again meanwhile."""
        self._reading_more = False
        if not self._shown or self._shown[-1].decision_id != after:
            return
        self._more = len(older) >= self._page
        if not older:
            return
        table = self.query_one("#decisions", DataTable)
        cells = _decision_cells(older)
        columns = table.ordered_columns
        if all(cell_len(row[i]) <= c.width for row in cells for i, c in enumerate(columns)):
            for row, key in zip(cells, _keys(older), strict=True):
                table.add_row(*row, key=key)
            self._shown += older
            return
        # A wider cell: rebuild the table at the new widths and put the cursor back.
        at = table.cursor_row
        self._shown += older
        _fill_table(table, DECISION_COLUMNS, _decision_cells(self._shown), keys=_keys(self._shown))
        table.move_cursor(row=at, animate=False)

    def _explain(self, decision_id: str) -> None:
        if decision_id != self._asked:
            self._asked = decision_id
            self._read_explanation(decision_id)

    @work(thread=True, exclusive=True, group="explain")
    def _read_explanation(self, decision_id: str) -> None:
        from assistant.domain import CoinPilotError

        try:
            explanation = self.backend.explain(decision_id)
        except CoinPilotError as exc:
            self.app.call_from_thread(self._problem, exc.message)
        else:
            self.app.call_from_thread(self._show, explanation)

    def _show(self, explanation: Explanation) -> None:
        if self._asked is not None and explanation.decision_id not in (None, self._asked):
            return  # the cursor moved on while this one was read
        shown = explanation.decision_id and ids.show_id(explanation.decision_id, "decision")
        self.query_one("#why-box").border_title = f"Why: {shown or 'nothing'}"
        self.query_one("#why", Static).update(Text(ids.show_ids("\n".join(explanation.lines))))

    def _problem(self, message: str) -> None:
        self.query_one("#why", Static).update(Text(ids.show_ids(message), style="red"))
        self.notify(message, title="Journal", severity="error")


#: The fewest decisions read at a time, whatever the terminal's height.
MIN_PAGE = 20

DECISION_COLUMNS = ("decision", "when (UTC)", "strategy", "trigger")


def _decision_cells(decisions: list[DecisionRow]) -> list[tuple[str, ...]]:
    return [
        (
            ids.show_id(d.decision_id, "decision"),
            f"{d.created_at:%Y-%m-%d %H:%M}",
            f"{d.spec_name} v{d.spec_version}",
            d.trigger,
        )
        for d in decisions
    ]


def _keys(decisions: list[DecisionRow]) -> list[str]:
    return [d.decision_id for d in decisions]


def _fill_table(
    table: DataTable[str],
    columns: tuple[str, ...],
    rows: list[tuple[str, ...]],
    keys: list[str] | None = None,
) -> None:
    """Replace ``table``'s columns and rows, each column as wide as its widest cell.

    Widths are given, not left to DataTable: it measures auto-width columns on its next idle, and
    a frame drawn before that was kept at the headers' widths ("fill bu", "deci") in a busy app.
    """
    table.clear(columns=True)
    for i, label in enumerate(columns):
        table.add_column(label, width=max([cell_len(label), *(cell_len(r[i]) for r in rows)]))
    for n, row in enumerate(rows):
        table.add_row(*row, key=keys[n] if keys else None)
