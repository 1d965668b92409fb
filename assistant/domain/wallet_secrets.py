"""Private keys and seed phrases typed where a wallet address belongs: found, refused, redacted.

Watching a wallet needs its public address only. A person who pastes a private key (64 hex
digits, with or without 0x) or a recovery phrase (12 to 24 words of the BIP-39 list) has handed
over the wallet itself, so such text is replaced before it is stored or shown to a model, and the
turn is refused with a warning. The general redaction (:mod:`.secrets`) leaves lowercase hex alone
because plan hashes and digests are lowercase hex; this one applies to what a person typed only.
The BIP-39 English list (``bip39_english.txt``, 2048 words, sha256 2f5eed53...dbda) is the
standard one from bitcoin/bips.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

PRIVATE_KEY_TEXT = "[redacted private key]"
SEED_PHRASE_TEXT = "[redacted seed phrase]"
#: Fewer words than the shortest BIP-39 phrase is not a phrase.
MIN_PHRASE_WORDS = 12

_PRIVATE_KEY = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_WORD = re.compile(r"[A-Za-z]+")
#: Between two words of a phrase: spaces, commas, or a numbered list's "2." / "3)".
_GAP = re.compile(r"^[\s,;.)(\d-]*$")


@cache
def _bip39() -> frozenset[str]:
    text = resources.files(__package__).joinpath("bip39_english.txt").read_text("ascii")
    return frozenset(text.split())


def _phrases(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of at least 12 consecutive BIP-39 words."""
    words, runs = _bip39(), []
    start = end = -1
    count = 0
    for match in _WORD.finditer(text):
        joined = count and _GAP.match(text[end : match.start()]) is not None
        if match.group(0).lower() in words:
            if not joined:
                if count >= MIN_PHRASE_WORDS:
                    runs.append((start, end))
                start, count = match.start(), 0
            count += 1
            end = match.end()
            continue
        if count >= MIN_PHRASE_WORDS:
            runs.append((start, end))
        count = 0
    if count >= MIN_PHRASE_WORDS:
        runs.append((start, end))
    return runs


def find_wallet_secret(text: str) -> str | None:
    """ "private key" or "seed phrase" if ``text`` holds one (or its redacted mark), else None."""
    if PRIVATE_KEY_TEXT in text.lower() or _PRIVATE_KEY.search(text):
        return "private key"
    if SEED_PHRASE_TEXT in text.lower() or _phrases(text):
        return "seed phrase"
    return None


def redact_wallet_secrets(text: str) -> str:
    """``text`` with each private key and seed phrase replaced by a mark saying which it was."""
    for start, end in reversed(_phrases(text)):
        text = text[:start] + SEED_PHRASE_TEXT + text[end:]
    return _PRIVATE_KEY.sub(PRIVATE_KEY_TEXT, text)
