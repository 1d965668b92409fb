"""Translating ccxt's exceptions into CoinPilot's, with messages a person can act on.

ccxt splits failures in two families: ``NetworkError`` (timeouts, rate limits, maintenance: the
same request may work later) and ``ExchangeError`` (the exchange understood and refused: asking
again cannot help). We mirror that split as :class:`RetryableExchangeError` and
:class:`ExchangeError`, and report unreadable payloads as :class:`DataUnavailableError` (the
exchange's answer was broken this time; it is not the person's input to fix). This module must
never put a request's headers, an API key or a signature into a message: only the exchange id,
the operation and ccxt's own reason, trimmed.
"""

from __future__ import annotations

import ccxt

from assistant.domain import (
    CoinPilotError,
    DataUnavailableError,
    ExchangeError,
    NotAvailableError,
    RetryableExchangeError,
    UnknownSymbolError,
)

#: Longest piece of an exchange's own error text we quote (bodies can be whole HTML pages).
_MAX_REASON = 200


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."


class RateLimitedError(RetryableExchangeError):
    """The exchange asked us to slow down; ``retry_after`` is its Retry-After, in seconds."""

    def __init__(self, message: str, *, hint: str | None = None, retry_after: float | None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


def translate(
    exc: BaseException,
    *,
    exchange: str,
    operation: str,
    retry_after: float | None = None,
) -> CoinPilotError:
    """The CoinPilot error for ``exc`` raised by ccxt during ``operation`` on ``exchange``.

    Order matters: ccxt's subclasses are tested before their parents.
    """
    where = f"{exchange} {operation}"
    reason = _reason(exc)
    if isinstance(exc, ccxt.RequestTimeout):
        return RetryableExchangeError(
            f"{exchange} did not answer in time ({operation}).",
            hint="Check your connection and try again; the exchange may be overloaded.",
        )
    if isinstance(exc, ccxt.DDoSProtection | ccxt.RateLimitExceeded):
        wait = f" It asked to wait {retry_after:g} s." if retry_after is not None else ""
        return RateLimitedError(
            f"{exchange} is rate limiting CoinPilot ({operation}).{wait}",
            hint="Wait a minute before retrying, or fetch fewer symbols at once.",
            retry_after=retry_after,
        )
    if isinstance(exc, ccxt.OnMaintenance | ccxt.ExchangeNotAvailable):
        return RetryableExchangeError(
            f"{exchange} is unavailable or under maintenance ({operation}): {reason}",
            hint="Try again later; cached data is used where there is some.",
        )
    if isinstance(exc, ccxt.NetworkError):
        return RetryableExchangeError(
            f"cannot reach {exchange} ({operation}): {reason}",
            hint="Check your internet connection, proxy or firewall, then try again.",
        )
    if isinstance(exc, ccxt.BadSymbol):
        return UnknownSymbolError(
            f"{exchange} does not recognise the symbol in {operation}: {reason}",
            hint=f"The pair may have been delisted or renamed; check what {exchange} lists now.",
        )
    if isinstance(exc, ccxt.NotSupported):
        return NotAvailableError(
            f"{exchange} does not support {operation} through ccxt.",
            hint="Choose another exchange for this data.",
        )
    if isinstance(exc, ccxt.AuthenticationError):
        return ExchangeError(
            f"{exchange} refused {operation} without valid credentials: {reason}",
            hint="Public market data needs no key; if you configured one, check it.",
        )
    if isinstance(exc, ccxt.ExchangeError):
        return ExchangeError(f"{where} was refused: {reason}", hint="Asking again will not help.")
    if isinstance(exc, ccxt.BadResponse | ccxt.OperationFailed):
        return DataUnavailableError(
            f"{exchange} sent an answer to {operation} that cannot be read: {reason}",
            hint="This is usually temporary; try again later.",
        )
    return DataUnavailableError(
        f"{exchange} sent malformed data for {operation} ({type(exc).__name__}: {reason}).",
        hint="Try again later; if it persists, the exchange changed its API.",
    )


def retry_after_seconds(headers: object) -> float | None:
    """The Retry-After header as seconds (only the delta-seconds form exchanges use), else None."""
    if not hasattr(headers, "get"):
        return None
    raw = headers.get("Retry-After") or headers.get("retry-after")
    if raw is None:
        return None
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    return value if value >= 0 else None
