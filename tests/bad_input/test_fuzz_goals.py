"""Fuzz: goal text for the offline parser, heavy on numbers that cannot be meant."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.agent.goal_parser import parse_goal
from assistant.domain import parse_spec

from .fuzzing import fuzz

LISTED = ["BTC", "ETH", "SOL", "BNB", "XRP", "DOGE"]
PIECES = [
    "I have", "invest", "$", "$1e400", "1e400", "-$5000", "$-5000", "-5%", "−7%", "5e3", "1e-9",
    "99999999999999999999999", "dollars", "USDT", "EUR", "k", "m", "bn", "%", "percent", "-",
    "drift passes", "at most", "at least", "each", "in cash", "stop loss", "every", "days",
    "monthly", "BTC", "ETH", "sol", "top", "0", "0%", "100%", "150%", "1/0", "0/0", "nan%",
    "inf dollars", "\x1b[31m", "[bold]", "\u202e", "\ufeff", "\x00", ",", ".", "and", "no",
]  # fmt: skip


@fuzz(150)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=16), st.booleans())
def test_fuzz_goal_text_gives_a_spec_a_question_or_a_refusal(
    pieces: list[str], spaced: bool
) -> None:
    result = parse_goal((" " if spaced else "").join(pieces), known_symbols=LISTED)
    assert result.status in ("ok", "clarify", "refuse") and result.message
    if result.status == "ok":
        assert result.spec is not None
        spec = parse_spec(result.spec)
        assert spec.capital is None or 0 < spec.capital <= 10**12
    else:
        assert result.spec is None
