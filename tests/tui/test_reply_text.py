"""A reply loses the sentences that only repeat a card's figures, and nothing else."""

from __future__ import annotations

from assistant.tui.reply_text import CardFacts, condense

CARD = """'my-strategy' v2 on demo, trigger initial
asset  now  optimizer  target
BTC   0.0%      41.8%   41.8%
SHIB  0.0%      18.2%   18.2%
2 orders (market, paper; in USDT)
BUY BTC  0.01267  164,589.24  2,085.35
Fees 4.99 USDT · slippage 0.45 USDT · value 5,000.00 USDT
at most per coin: 50% → 40%
plan 1a21bc41ee67  expires 2026-12-06 02:38:07 UTC"""


def _facts() -> CardFacts:
    facts = CardFacts()
    facts.add(CARD, ["BTC", "SHIB", "USDT"])
    return facts


def test_sentences_that_restate_the_card_go_and_the_rest_stays_word_for_word() -> None:
    reply = (
        "Preview for 'my-strategy' v2 (hrp): targets BTC 41.8%, SHIB 18.2%. "
        "2 orders, estimated fees 4.99 USDT and slippage 0.45 USDT. "
        "Plan 1a21bc41ee67 expires at 02:38:07 UTC. "
        "Version 2: changed constraints.max_weight from 0.5 to 0.4. "
        "Review it and press Confirm; I cannot execute anything."
    )
    assert condense(reply, _facts()) == "Review it and press Confirm; I cannot execute anything."


def test_a_sentence_with_a_figure_the_card_lacks_is_kept() -> None:
    reply = "Invest 5,000 USDT. BTC fell 12.5% this month. You didn't say, so I used HRP."
    assert condense(reply, _facts()) == "BTC fell 12.5% this month. You didn't say, so I used HRP."


def test_without_cards_the_reply_is_untouched() -> None:
    reply = "HRP (López de Prado, 2016) spreads risk.\n\n- BTC 41.8%"
    assert condense(reply, CardFacts()) == reply


def test_code_blocks_and_paragraphs_survive() -> None:
    reply = "Targets BTC 41.8%.\n\n```toml\nmax_weight = 0.4\n```\n\nAsk me anything."
    assert condense(reply, _facts()) == "```toml\nmax_weight = 0.4\n```\n\nAsk me anything."
