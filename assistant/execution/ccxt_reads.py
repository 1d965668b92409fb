"""Reading from a ccxt exchange inside one order's deadline: retried, checked, translated.

Reads (balances, an order, open orders, trades) can be repeated safely, so network trouble, rate
limits and unreadable bodies are retried with backoff until the order's deadline; refusals are
not. An unreadable body matters more here than for market data: ccxt hands a body that is not JSON
to its parsers as a string, and a list of orders parsed from a string can come back *empty*,
which the lookup ladder would otherwise read as "the order is not there". So every answer must
have been JSON, or the read counts as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ccxt

from assistant.domain import CoinPilotError, RetryableExchangeError
from assistant.market.ccxt_errors import RateLimitedError, retry_after_seconds, translate

from .order_policy import Deadline

T = TypeVar("T")

log = logging.getLogger(__name__)

#: What ccxt raises when a payload is malformed in a way its parsers did not foresee.
PARSE_ERRORS = (TypeError, ValueError, KeyError, IndexError, AttributeError, ArithmeticError)


class UnreadableAnswer(ccxt.BadResponse):  # type: ignore[misc]
    """The exchange answered with something that is not JSON (raised by :func:`checked`)."""


def checked(client: Any, call: Callable[[], T]) -> T:
    """Run ``call``; raise :class:`UnreadableAnswer` if the body it got back was not JSON."""
    client.last_json_response = None
    client.last_http_response = None  # a call served from ccxt's cache makes no request
    result = call()
    body = getattr(client, "last_http_response", None)
    if isinstance(body, str) and client.last_json_response is None:  # blank counts too
        raise UnreadableAnswer(f"{client.id} sent an answer that is not JSON")
    return result


def read(client: Any, deadline: Deadline, operation: str, call: Callable[[], T]) -> T:
    """``call`` (a ccxt read), retried on network trouble and unreadable answers until the
    deadline; ccxt refusals raise at once as CoinPilot errors."""
    exchange = str(client.id)
    failures = 0
    while True:
        try:
            return checked(client, call)
        except ccxt.ExchangeError as exc:
            raise translate(exc, exchange=exchange, operation=operation) from exc
        except (ccxt.OperationFailed, *PARSE_ERRORS) as exc:
            failures += 1
            error = _retryable(client, exc, operation)
            wait = deadline.policy.backoff(failures)
            if isinstance(error, RateLimitedError) and error.retry_after is not None:
                wait = max(wait, error.retry_after)
            if not deadline.sleep(wait):
                raise RetryableExchangeError(
                    f"{error.message} Gave up after {failures} tries within the order's deadline.",
                    hint=error.hint,
                ) from exc
            log.warning("%s; retrying in %.1f s", error.message, wait)
        except ccxt.BaseError as exc:
            raise translate(exc, exchange=exchange, operation=operation) from exc


def _retryable(client: Any, exc: BaseException, operation: str) -> CoinPilotError:
    exchange = str(client.id)
    if isinstance(exc, ccxt.NetworkError):
        headers = getattr(client, "last_response_headers", None)
        limited = isinstance(exc, ccxt.DDoSProtection | ccxt.RateLimitExceeded)
        wait = retry_after_seconds(headers) if limited else None
        return translate(exc, exchange=exchange, operation=operation, retry_after=wait)
    return RetryableExchangeError(
        f"{exchange} sent an answer to {operation} that cannot be read ({type(exc).__name__}).",
        hint="This is usually temporary; try again later.",
    )
