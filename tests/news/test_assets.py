"""Asset tagging: names and tickers on word boundaries, no hits inside other words."""

from __future__ import annotations

import pytest

from assistant.market.news import assets_in


@pytest.mark.parametrize(
    ("headline", "assets"),
    [
        ("Bitcoin and Ether rally as BTC tops $100K", ("BTC", "ETH")),
        ("Ethereum's Pectra upgrade goes live", ("ETH",)),
        ("$SOL and $DOGE lead gains", ("DOGE", "SOL")),
        ("BTC/USDT breaks out", ("BTC", "USDT")),
        ("Bitcoin Cash forks again", ("BCH",)),
        ("Ethereum Classic suffers 51% attack", ("ETC",)),
        ("Stellar partners with MoneyGram", ("XLM",)),
        ("Ripple wins partial victory against SEC", ("XRP",)),
        ("ETH-based tokens surge", ("ETH",)),
    ],
)
def test_headlines_are_tagged_with_the_assets_they_name(
    headline: str, assets: tuple[str, ...]
) -> None:
    assert assets_in(headline) == assets


@pytest.mark.parametrize(
    "headline",
    [
        "A new method for scaling",  # ETH inside a word
        "Teth and Bethany launch a startup",
        "Users link wallets to apps",  # the verb, not Chainlink's LINK
        "A stellar quarter for fintech",  # the adjective, not Stellar
        "Near-term outlook remains cloudy",
        "renBTC and wBTC supply shrink",  # wrapped tokens are not BTC
        "Solar panel maker raises funds",
        "An avalanche of filings hits the SEC",
    ],
)
def test_words_that_merely_contain_or_resemble_a_ticker_are_not_tagged(headline: str) -> None:
    assert assets_in(headline) == ()
