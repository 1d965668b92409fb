"""Named choices: the optimizer objective, the risk level, paper or live execution, the exchange.

Phrases live in ``data/choices.json``; the longest phrase wins where two overlap ("hierarchical
risk parity" is HRP, "lowest risk" an objective rather than the level "low risk"). Objectives are
read before risk levels for that reason. This module must never pick a default: an unnamed choice
stays absent here and :mod:`assemble` states the default it uses.
"""

from __future__ import annotations

from . import vocab
from .facts import Facts
from .text import Text, best_matches


def extract_choices(text: Text, facts: Facts) -> None:
    """Objectives, then risk steps and levels, then the execution mode; each consumed."""
    for start, end, label in best_matches(text.masked, vocab.table("choices", "objectives")):
        facts.objectives.append((label, text.consume(start, end)))
    for start, end, label in best_matches(text.masked, vocab.table("choices", "risk_steps")):
        facts.risk_step = 1 if label == "up" else -1
        text.consume(start, end)
    for start, end, label in best_matches(text.masked, vocab.table("choices", "risk_levels")):
        facts.risk_levels.append((label, text.consume(start, end)))
    for start, end, label in best_matches(text.masked, vocab.table("choices", "modes")):
        facts.modes.append((label, text.consume(start, end)))
    for start, end, label in best_matches(text.masked, vocab.table("choices", "exchanges")):
        facts.exchanges.append((label, text.consume(start, end)))
