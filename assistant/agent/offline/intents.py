"""The intent rules, kept where the offline model has always found them.

What a message asks for decides which tool the offline model calls and, for every model, whether a
turn may write a preview; the rules live in the agent's policy (:mod:`..policy.intents`) and are
re-exported here unchanged.
"""

from ..policy.intents import DECISION_ID, Intent, asks_for_change, classify, is_approval

__all__ = ["DECISION_ID", "Intent", "asks_for_change", "classify", "is_approval"]
