"""Keeping API keys out of log records, ccxt's included, with the one shared redaction.

ccxt logs every request at DEBUG level, headers included (``ccxt.base.exchange``: "Request: ...
{'X-MBX-APIKEY': ...}"), whether or not the client is verbose. Anyone who turns on DEBUG logging
to chase a problem would write the key to a file. :func:`protect_client` registers a client's key,
secret and password with :data:`~assistant.domain.secrets.SECRETS` (the registry the journal and
the agent redact with too) and installs :func:`install_log_redaction`: every log record, from any
logger, is passed through :func:`~assistant.domain.secrets.redact` when it is created, before any
handler or filter sees it. Values shorter than 8 characters are not registered: replacing a
common short string would garble logs and protect nothing real.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from assistant.domain.secrets import REDACTED, SECRETS, redact

__all__ = ["REDACTED", "SECRETS", "install_log_redaction", "protect_client", "scrub"]

_installed = threading.Lock()
_factory_installed = False


def install_log_redaction() -> None:
    """Make every log record of this process pass through the shared redaction (once)."""
    global _factory_installed
    with _installed:
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except (TypeError, ValueError):
                message = f"{record.msg} {record.args}"
            clean = redact(message)
            if clean != message or record.args:
                record.msg, record.args = clean, None
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True


def protect_client(client: Any) -> None:
    """Register ``client``'s credentials with the shared redaction, installed on every log."""
    SECRETS.add(
        getattr(client, "apiKey", None),
        getattr(client, "secret", None),
        getattr(client, "password", None),
    )
    install_log_redaction()


def scrub(text: str) -> str:
    """``text`` with every registered secret replaced (for messages built from ccxt's errors)."""
    return redact(text)
