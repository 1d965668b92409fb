"""A clock time in a reply is checked as a time against the records' timestamps: the expiry a
preview states ("expires at 10:12:19 UTC") matches ``expires_at`` whatever fraction of a second
the record carries, and a time no record states is flagged."""

from __future__ import annotations

from assistant.agent.policy import check_narration
from assistant.agent.policy.figures import times_in

TICKERS = {"BTC", "USDT"}


def _preview(expires_at: str) -> dict[str, object]:
    return {
        "tool": "preview_rebalance",
        "ok": True,
        "summary": "Preview: targets BTC 100.0%",
        "data": {"plan": {"expires_at": expires_at, "weights": {"BTC": 1.0}}},
    }


def _numbers(reply: str, expires_at: str) -> list[str]:
    check = check_narration(reply, [_preview(expires_at)], tickers=TICKERS, previewed=True)
    return [m.text for m in check.mismatches if m.kind == "number"]


def test_an_expiry_cut_to_the_second_matches_a_record_with_a_fraction_past_one_half() -> None:
    # Before: "19" was compared with the record's 19.734 seconds and flagged.
    reply = "BTC 100%. The plan expires at 10:12:19 UTC."
    assert _numbers(reply, "2026-12-06T10:12:19.734512+00:00") == []
    assert _numbers(reply, "2026-12-06T10:12:19.2+00:00") == []
    assert _numbers("BTC 100%. It expires at 10:12 UTC.", "2026-12-06T10:12:59.9+00:00") == []


def test_a_time_no_record_states_is_flagged_as_a_time() -> None:
    reply = "BTC 100%. The plan expires at 11:12:19 UTC."
    assert _numbers(reply, "2026-12-06T10:12:19.734+00:00") == ["11:12:19"]


def test_times_are_read_as_written() -> None:
    assert times_in("at 9:05, then 09:05:40 and 2026-12-06T23:59:01.5") == [
        "09:05",
        "09:05:40",
        "23:59:01",
    ]
    assert times_in("a 3:1 ratio, 24:00, version 1.10:30") == []
