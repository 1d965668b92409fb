"""A wallet's private key or seed phrase typed into the chat is found and redacted; a public
address, which is what watching a wallet needs, is never hidden by either redaction."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.domain.secrets import redact, redact_typed
from assistant.domain.wallet_secrets import (
    PRIVATE_KEY_TEXT,
    SEED_PHRASE_TEXT,
    find_wallet_secret,
    redact_wallet_secrets,
)
from assistant.journal import Journal

KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
WORDS = ["abandon"] * 11 + ["about"]
EVM = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
SOL = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"


def test_keys_and_phrases_are_found_and_replaced() -> None:
    assert find_wallet_secret(f"my key is 0x{KEY}") == "private key"
    assert redact_wallet_secrets(f"key: 0x{KEY}.") == f"key: {PRIVATE_KEY_TEXT}."
    numbered = " ".join(f"{i}. {w}" for i, w in enumerate(WORDS, 1))
    assert find_wallet_secret(numbered) == "seed phrase"
    assert redact_wallet_secrets(f"phrase: {' '.join(WORDS)} thanks") == (
        f"phrase: {SEED_PHRASE_TEXT} thanks"
    )
    assert find_wallet_secret(PRIVATE_KEY_TEXT) == "private key"  # the mark still refuses


def test_ordinary_messages_and_addresses_are_not_secrets() -> None:
    goal = "keep btc eth sol balanced with moderate risk and rebalance monthly please"
    assert find_wallet_secret(goal) is None
    assert find_wallet_secret(" ".join(WORDS[:11])) is None  # eleven words are no phrase
    assert find_wallet_secret(f"watch {EVM} and {SOL}") is None
    said = f"watch {EVM} and {SOL}"
    assert redact(said) == said == redact_typed(said)
    assert redact("key Ab3dEf9hIj2kLm5nOp8qRs1tUv4wXy7z") != "key Ab3dEf9hIj2kLm5nOp8qRs1tUv4wXy7z"


def test_the_journal_never_keeps_a_typed_key_but_keeps_digests_elsewhere() -> None:
    journal = Journal.open("sqlite://")
    at = datetime(2026, 1, 15, tzinfo=UTC)
    journal.record_message("c-1", "user", f"watch {KEY}", at)
    journal.record_message("c-1", "assistant", f"plan {KEY}", at)  # e.g. a sha256 digest
    user, assistant = journal.messages("c-1")
    assert KEY not in user.content and PRIVATE_KEY_TEXT in user.content
    assert KEY in assistant.content
