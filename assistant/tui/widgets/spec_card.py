"""The strategy the assistant understood, as a readable card, with what changed since last time.

It shows the validated spec (coins, objective, risk, constraints, rebalance rule, capital) and the
diff the ``propose_strategy`` tool computed against the previous version. It shows; it never edits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from ..formatting import spec_lines
from ..spec_changes import change_line


class SpecCard(Widget):
    DEFAULT_CSS = """
    SpecCard {
        height: auto;
        margin: 0 0 1 1;
        padding: 0 1;
        border: round $accent;
        border-title-color: $accent;
    }
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        changes: tuple[Mapping[str, Any], ...] = (),
        notes: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.spec = dict(spec)
        self.changes = changes
        self.notes = notes
        self.border_title = f"Strategy '{spec.get('name')}' v{spec.get('version')}"

    def render(self) -> RenderResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim", no_wrap=True)
        table.add_column()
        for label, value in spec_lines(self.spec):
            table.add_row(label, value)
        parts: list[Any] = [table]
        if self.changes:
            diff = Table(box=box.SIMPLE, show_header=False, padding=(0, 1))
            diff.add_column()
            for change in self.changes:
                diff.add_row(Text(change_line(change), style="yellow"))
            parts.append(Text("Changes since the previous version:", style="bold"))
            parts.append(diff)
        elif int(self.spec.get("version", 1)) == 1:
            parts.append(Text("First version of this strategy.", style="dim"))
        else:
            parts.append(Text("Same as the recorded version.", style="dim"))
        for note in self.notes:
            parts.append(Text(f"note: {note}", style="dim"))
        return Group(*parts)
