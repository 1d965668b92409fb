"""One redaction for everything CoinPilot writes down: logs, the journal, prompts and reports.

Two kinds of text become ``[redacted]``:

1. *known* secrets: the values of the keys CoinPilot was given (the LLM key, each exchange
   account's key, secret and password, from the environment or the OS keyring), registered with
   :data:`SECRETS` where they are read;
2. anything that *looks like* a key, so a key pasted into the chat never reaches the journal or a
   model even if CoinPilot has never seen it: ``sk-...`` tokens, and long tokens (20+ characters)
   that mix upper case, lower case and digits with high entropy, as exchange keys and secrets do.
   Lowercase hex (plan hashes, decision ids), ordinary words and wallets' public addresses
   (0x... EVM, base58 Solana) are left alone.

This module only rewrites text; it never stores, logs or returns a secret it was handed.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter

from .addresses import b58decode

REDACTED = "[redacted]"

#: Shorter registered values are ignored: replacing a common short string protects nothing.
MIN_SECRET = 8

_OPENAI = re.compile(r"\bsk-[A-Za-z0-9_\-]{16,}")
_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-]{20,}")


def _entropy(token: str) -> float:
    counts = Counter(token)
    n = len(token)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_EVM_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


def is_public_address(token: str) -> bool:
    """A wallet's public address (0x and 40 hex digits, or base58 for Solana's 32 bytes): public
    by design, so never hidden, or "watch my wallet 0x5aAe..." would lose its address."""
    if _EVM_ADDRESS.fullmatch(token):
        return True
    if not 32 <= len(token) <= 44:
        return False
    try:
        return len(b58decode(token)) == 32
    except ValueError:
        return False


def looks_like_key(token: str) -> bool:
    """True for a token shaped like an API key or secret (see the module docstring)."""
    if len(token) < 20 or is_public_address(token):
        return False
    if "/" in token and all(len(part) < 20 for part in token.split("/")):
        return False  # a path or a pair list, not a base64 secret
    classes = sum(
        (
            any(c.isupper() for c in token),
            any(c.islower() for c in token),
            any(c.isdigit() for c in token),
        )
    )
    return classes == 3 and _entropy(token) >= 3.5


class SecretRegistry:
    """The known secret values of this process, and the one function that hides them."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, *values: object) -> None:
        """Register values to hide (strings of at least :data:`MIN_SECRET` characters)."""
        with self._lock:
            for value in values:
                if isinstance(value, str) and len(value) >= MIN_SECRET:
                    self._values.add(value)

    def __bool__(self) -> bool:
        return bool(self._values)

    def redact(self, text: str) -> str:
        """``text`` with every known secret and every key-looking token replaced."""
        with self._lock:
            known = sorted(self._values, key=len, reverse=True)
        for value in known:
            if value in text:
                text = text.replace(value, REDACTED)
        text = _OPENAI.sub(REDACTED, text)
        return _TOKEN.sub(lambda m: REDACTED if looks_like_key(m.group(0)) else m.group(0), text)


#: The process-wide registry: register where keys are read, redact wherever text is written.
SECRETS = SecretRegistry()


def redact(text: str) -> str:
    """``text`` safe to log, journal or send to a model (see :class:`SecretRegistry`)."""
    return SECRETS.redact(text)


def redact_typed(text: str) -> str:
    """What a person typed, safe to keep: :func:`redact`, and any private key or seed phrase
    (:mod:`.wallet_secrets`) replaced too. Only for typed text: digests elsewhere are 64 hex."""
    from .wallet_secrets import redact_wallet_secrets

    return redact(redact_wallet_secrets(text))
