"""The refusal rules, kept where the parser has always found them.

The rules hold for every model, so they live in the agent's policy (:mod:`..policy.refusals`);
this module re-exports them for the parser's pipeline (:mod:`.parser`), unchanged.
"""

from ..policy.refusals import Refusal, find_refusal, find_unsupported

__all__ = ["Refusal", "find_refusal", "find_unsupported"]
