"""The built-in offline goal parser: plain-English goals to StrategySpec proposals.

Deterministic and offline, with no model and no LangChain: the agent layer wraps
:func:`parse_goal` as a chat model elsewhere. Vocabulary lives in ``data/*.json``.
"""

from .coins import build_symbol_map
from .edit_words import asks_preview, starts_over
from .facts import Rate
from .parser import parse_goal
from .rates import rate_of, rates_in
from .refusals import Refusal, find_refusal
from .result import GoalResult

__all__ = [
    "GoalResult",
    "Rate",
    "Refusal",
    "asks_preview",
    "build_symbol_map",
    "find_refusal",
    "parse_goal",
    "rate_of",
    "rates_in",
    "starts_over",
]
