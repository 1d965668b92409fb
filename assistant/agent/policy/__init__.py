"""The rules every model is held to, whichever model answers: CoinPilot's agent policy.

The offline parser, an LLM and the scripted test models all run through the same gates:

- refusals (:mod:`.refusals`): leverage, shorting, borrowing, promised returns, trading without
  confirmation, manipulation are refused before any model reads the message;
- the intent gate (:mod:`.intents`): a turn may write a preview only when the person's own words
  ask for a strategy or a change, and approving ("looks good, go ahead") is not a change;
- the request check (:mod:`.request`): a proposal holds to the coins, amount and shares the person
  gave;
- the preview gate (:mod:`.preview`): a preview is of the spec validated in the same turn;
- the narration check (:mod:`.narration`): every number, ticker, id and claim of action in the
  model's text matches the turn's records, or the text is flagged or withheld.

Only these names are public; the offline model keeps its own routing and replies.
"""

from .intents import DECISION_ID, Intent, asks_for_change, classify, is_approval
from .narration import Mismatch, NarrationCheck, check_narration
from .preview import preview_problems
from .refusals import Refusal, find_refusal, find_unsupported
from .request import named_coins, request_problems

__all__ = [
    "DECISION_ID",
    "Intent",
    "Mismatch",
    "NarrationCheck",
    "Refusal",
    "asks_for_change",
    "check_narration",
    "classify",
    "find_refusal",
    "find_unsupported",
    "is_approval",
    "named_coins",
    "preview_problems",
    "request_problems",
]
