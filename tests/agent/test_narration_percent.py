"""A percentage in a reply matches a fraction in the records or a percentage in their text,
never a bare number of another unit ("30%" is not the 30 of "every 30 days")."""

from __future__ import annotations

from assistant.agent.policy import check_narration

PREVIEW = {
    "tool": "preview_rebalance",
    "ok": True,
    "summary": "Preview abc: targets BTC 60.0%, ETH 26.1%, SOL 13.9%",
    "data": {"weights": {"BTC": 0.6, "ETH": 0.261, "SOL": 0.139}, "every_days": 30},
}
TICKERS = {"BTC", "ETH", "SOL", "USDT"}


def kinds(reply: str) -> list[str]:
    check = check_narration(reply, [PREVIEW], tickers=TICKERS, previewed=True)
    return [m.text for m in check.mismatches if m.kind == "number"]


def test_percentages_from_fractions_and_from_the_summary_are_verified() -> None:
    assert kinds("BTC 60%, ETH 26.1% and SOL 13.9%, rebalanced every 30 days.") == []


def test_a_percentage_matching_only_a_number_of_days_is_flagged() -> None:
    assert kinds("SOL gets 30% of the money.") == ["30%"]
