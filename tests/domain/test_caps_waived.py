"""A risk profile's cap that too few coins cannot satisfy is not applied, and the summary says so
(a conservative spec on BTC and ETH would otherwise show no cap with no reason)."""

from __future__ import annotations

from assistant.domain.caps import weight_cap


def test_a_profile_cap_two_coins_cannot_meet_is_waived_and_named() -> None:
    cap = weight_cap("conservative", 1.0, 0.0, 2)
    assert (cap.source, cap.value, cap.waived) == ("none", 1.0, 0.4)
    assert cap.waiver(2) == (
        "the conservative risk profile's 40% cap does not apply: 2 coins under it cannot hold "
        "everything invested"
    )


def test_a_feasible_profile_cap_binds_and_is_not_waived() -> None:
    cap = weight_cap("conservative", 1.0, 0.0, 3)
    assert (cap.source, cap.value, cap.waived) == ("profile", 0.4, None)


def test_one_coin_or_an_aggressive_profile_has_nothing_to_waive() -> None:
    assert weight_cap("moderate", 1.0, 0.0, 1).waived is None
    assert weight_cap("aggressive", 1.0, 0.0, 2).waived is None
    # the person's own cap below the profile's: the profile's is not the one that matters
    assert weight_cap("conservative", 0.3, 0.0, 2).waived is None
