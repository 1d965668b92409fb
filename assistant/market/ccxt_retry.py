"""Retrying ccxt calls: exponential backoff for network trouble, never for refusals.

Only ccxt's ``NetworkError`` family is retried (timeouts, 429/418 rate limits, maintenance, dropped
connections); an ``ExchangeError`` means the exchange understood and said no, so asking again only
burns rate limit. A rate limit's Retry-After is honoured when present; if it asks for longer than
the policy allows, we give up at once and say how long to wait, rather than hang the user's
terminal for minutes. The sleep function and the random jitter are injectable so tests never wait.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import ccxt

from assistant.domain import RetryableExchangeError

from .ccxt_errors import RateLimitedError, retry_after_seconds, translate

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: ``attempts`` in all, delays doubling from ``base_delay`` to ``max_delay``.

    ``max_retry_after`` is the longest Retry-After we are willing to sleep through in one go.
    ``jitter`` spreads each delay by up to that fraction so parallel fetches do not retry in step.
    """

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry policy needs at least one attempt")
        if self.base_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ValueError("retry delays cannot be negative")

    def backoff(self, failures: int) -> float:
        """The delay after the ``failures``-th consecutive failure (1-based)."""
        delay = min(self.base_delay * 2 ** (failures - 1), self.max_delay)
        return float(delay * (1 + self.jitter * self.rng.random()))


def call_with_retry(
    call: Callable[[], T],
    *,
    exchange: str,
    operation: str,
    policy: RetryPolicy,
    headers: Callable[[], object] = lambda: None,
) -> T:
    """Run ``call``; retry ccxt network errors per ``policy``; translate every ccxt error.

    ``headers`` returns the last HTTP response's headers (ccxt keeps them on the client) so a
    Retry-After can be read after a 429 or 418.
    """
    failures = 0
    while True:
        try:
            return call()
        except ccxt.NetworkError as exc:
            failures += 1
            wait_hint = None
            if isinstance(exc, ccxt.DDoSProtection | ccxt.RateLimitExceeded):
                wait_hint = retry_after_seconds(headers())
            error = translate(exc, exchange=exchange, operation=operation, retry_after=wait_hint)
            assert isinstance(error, RetryableExchangeError)  # the NetworkError family maps here
            if failures >= policy.attempts:
                raise _gave_up(error, failures) from exc
            if wait_hint is not None and wait_hint > policy.max_retry_after:
                raise error from exc
            delay = max(wait_hint or 0.0, policy.backoff(failures))
            log.warning(
                "%s (attempt %d of %d); retrying in %.1f s",
                error.message,
                failures,
                policy.attempts,
                delay,
            )
            policy.sleep(delay)
        except ccxt.BaseError as exc:
            raise translate(exc, exchange=exchange, operation=operation) from exc
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            # ccxt parses untrusted payloads: a malformed body surfaces as one of these.
            raise translate(exc, exchange=exchange, operation=operation) from exc


def _gave_up(error: RetryableExchangeError, failures: int) -> RetryableExchangeError:
    message = f"{error.message} Gave up after {failures} attempts."
    if isinstance(error, RateLimitedError):
        return RateLimitedError(message, hint=error.hint, retry_after=error.retry_after)
    return RetryableExchangeError(message, hint=error.hint)
