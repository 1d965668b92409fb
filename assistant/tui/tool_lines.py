"""What the person reads about one tool call: a short line written for them, from the result's data.

A tool's ``summary`` is written for the model ("The person must confirm it in the app; you
cannot.") and repeats the figures the cards show; it never reaches the chat. These lines name what
was done and leave the figures to the cards. A failure shows the tool's problems, which are
sentences written for both (DESIGN.md: errors a person can read and the model can repair from).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Data = Mapping[str, Any]

#: Tools whose result the chat shows as a card: their arguments are the card, not the line.
CARD_TOOLS = frozenset(
    {"propose_strategy", "preview_rebalance", "run_backtest", "propose_holdings", "propose_wallet"}
)


def _strategy(data: Data) -> str:
    spec = data.get("spec") or {}
    return f"strategy '{spec.get('name')}' v{spec.get('version')} is valid (card below)"


def _preview(data: Data) -> str:
    return "order preview below; nothing is traded until you confirm it"


def _knowledge(data: Data) -> str:
    passages = data.get("passages") or []
    return f"found the note '{passages[0].get('title')}'" if passages else "searched the notes"


def _decision(data: Data) -> str:
    found = data.get("decision_id")
    return f"read decision {found} in the journal" if found else "read the journal"


def _snapshot(data: Data) -> str:
    assets = [str(a.get("symbol")) for a in data.get("assets") or []]
    return f"read the market for {', '.join(assets)}" if assets else "read the market"


def _rate(data: Data) -> str:
    pairs = " and ".join(str(p) for p in data.get("pairs") or [])
    return f"read the {data.get('currency')} rate from {pairs or 'the market'}"


_LINES: dict[str, Callable[[Data], str]] = {
    "propose_strategy": _strategy,
    "preview_rebalance": _preview,
    "search_knowledge": _knowledge,
    "explain_decision": _decision,
    "portfolio": lambda data: "read the paper portfolio",
    "market_snapshot": _snapshot,
    "conversion_rate": _rate,
    "market_sentiment": lambda data: "read the headlines' sentiment",
    "run_backtest": lambda data: "replayed the strategy over past prices (card below)",
    "propose_holdings": lambda data: "holdings to record (card below); nothing recorded yet",
    "propose_wallet": lambda data: "wallet to watch (card below); nothing added yet",
}


def tool_line(tool: str, ok: bool, summary: str, data: Data) -> str:
    """The line for one result; ``summary`` is used only to say what failed."""
    if not ok:
        return summary or "it did not work"
    line = _LINES.get(tool)
    try:
        return line(data) if line is not None else "done"
    except (AttributeError, TypeError):  # a result shaped unlike the others: say only that it ran
        return "done"
