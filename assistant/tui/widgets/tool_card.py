"""A compact card in the chat for one tool call: its name, an argument summary, ok or the problem.

Tool results arrive before the arguments (the session reports calls once the turn is done), so the
card is created from the result and its arguments filled in later.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from assistant.presentation import ids

#: A card stays compact: the full result is in the reply and the journal.
MAX_SUMMARY = 160


class ToolCard(Widget):
    DEFAULT_CSS = """
    ToolCard {
        height: auto;
        margin: 0 0 0 1;
        padding: 0 1;
        border-left: outer $secondary;
        color: $text-muted;
    }
    ToolCard.-problem {
        border-left: outer $error;
    }
    """

    args: reactive[str] = reactive("", layout=True)
    """One-line summary of the arguments; empty until the session reports the call."""

    def __init__(self, tool: str, ok: bool, summary: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(classes="" if ok else "-problem")
        self.tool = tool
        self.ok = ok
        summary = ids.show_ids(summary)  # "read decision d-…": ids shown the one way
        self.summary = summary if len(summary) <= MAX_SUMMARY else summary[: MAX_SUMMARY - 1] + "…"
        self.problems = tuple(ids.show_ids(p) for p in problems)

    def render(self) -> RenderResult:
        text = Text.assemble(("⚙ ", "dim"), (self.tool, "bold"))
        if self.args:
            text.append(f"({self.args})", style="dim")
        text.append("  ")
        if self.ok:
            text.append("ok ", style="bold green")
            text.append(self.summary)
        else:
            text.append("problem ", style="bold red")
            text.append(self.summary)
            for problem in self.problems[:4]:
                text.append(f"\n  • {problem}")
        return text
