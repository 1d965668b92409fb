"""Keeping API keys out of log records, including ccxt's own.

ccxt logs every request at DEBUG level, headers included (``ccxt.base.exchange``: "Request: ...
{'X-MBX-APIKEY': ...}"), whether or not the client is verbose. Anyone who turns on DEBUG logging
to chase a problem would write the key to a file. :func:`protect_client` registers a client's key,
secret and password with one filter on that logger, which replaces them with ``[redacted]`` in
every record before any handler sees it. Values shorter than 8 characters are not registered:
replacing a common short string would garble logs and protect nothing real.
"""

from __future__ import annotations

import logging
from typing import Any

#: The loggers ccxt writes requests and responses to.
CCXT_LOGGERS = ("ccxt.base.exchange", "ccxt")
REDACTED = "[redacted]"


class SecretFilter(logging.Filter):
    """Replaces registered secret values in a record's message and arguments."""

    def __init__(self) -> None:
        super().__init__("coinpilot-secrets")
        self._secrets: set[str] = set()

    def add(self, *values: object) -> None:
        for value in values:
            if isinstance(value, str) and len(value) >= 8:
                self._secrets.add(value)

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} {record.args}"
        clean = self.scrub(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        return True


SECRETS = SecretFilter()


def protect_client(client: Any) -> None:
    """Register ``client``'s credentials with the filter, installed once on ccxt's loggers."""
    SECRETS.add(
        getattr(client, "apiKey", None),
        getattr(client, "secret", None),
        getattr(client, "password", None),
    )
    for name in CCXT_LOGGERS:
        logger = logging.getLogger(name)
        if SECRETS not in logger.filters:
            logger.addFilter(SECRETS)


def scrub(text: str) -> str:
    """``text`` with every registered secret replaced (for messages built from ccxt's errors)."""
    return SECRETS.scrub(text)
