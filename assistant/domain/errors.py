"""The one exception tree of CoinPilot.

Every error we raise on purpose derives from :class:`CoinPilotError`, and every message says
what went wrong *and what to do about it*, because the reader is either a person at a terminal or
a model that must repair its own tool call. Nothing here may leak a secret into a message.

Each error is also either *bad input* (``bad_input = True``: what the person gave, a spec, a
file, a setting, an argument or their journal, must change before the same request can work) or
an *operational failure* (the network, an exchange, a lock held by another process, a feature
that is not there: the same request may work later or elsewhere). The number after each name is
the CLI's exit status: 2 for bad input, 1 for an operational failure.

::

    CoinPilotError
    ├── UserInputError               2  the person (or the model) asked for something invalid
    │   ├── SpecError                2  a strategy spec fails shape or policy validation
    │   ├── UnknownSymbolError       2  a ticker the market does not list
    │   └── PlanError                2  a plan hash unknown, expired, superseded or changed
    │       └── PlanBusyError        1  another process is executing on the plan's account now
    ├── ConfigError                  2  a settings file or environment variable is wrong
    │   └── UnsafeKeyError           2  an exchange key that can withdraw, or cannot trade: refused
    │                                   (assistant.execution.key_permissions)
    ├── DataError                    2  market data is missing, malformed or inconsistent
    │   └── DataUnavailableError     1  a source could not be read this time (feed, exchange data)
    │       ├── FeedUnavailableError 1  a news feed could not be reached now; later may work
    │       │                           (assistant.market.news.fetch)
    │       └── SourceRateLimitedError 1  a public data source answered 429; carries Retry-After
    │                                   (assistant.market.http_json)
    ├── JournalError                 2  the journal is damaged, unreadable or refuses a record
    │   └── JournalUnavailableError  1  the journal is locked by another process or unreachable
    ├── ExchangeError                1  the exchange refused (mirrors ccxt.ExchangeError): no retry
    │   ├── InsufficientFundsError   1  an order would drive a balance below zero
    │   ├── OrderRejectedError       1  an order refused by the exchange or by its rules before
    │   │                               sending (below the minimum, dust): it is not on the exchange
    │   ├── OrderStateError          1  an order event its state forbids: answers that contradict
    │   │                               each other (assistant.execution.order_state)
    │   └── RetryableExchangeError   1  network trouble (mirrors ccxt.NetworkError): retry, backoff
    │       └── RateLimitedError     1  the exchange asked us to slow down; carries Retry-After
    │                                   (assistant.market.ccxt_errors)
    ├── OrderUnresolvedError         1  an order may have reached the exchange and what became of it
    │                                   is not known yet: never resent, reconciled later
    ├── ExecutionInterruptedError    1  an execution stopped part-way (a journal write failed, an
    │                                   order is unresolved); it is resumed or recorded later
    ├── TradingRefusedError          1  a live-trading safeguard refused; journaled with its reason
    │   ├── ReconciliationError      1  the journal and the exchange differ beyond the tolerance
    │   ├── TradingHaltedError       1  the kill switch is on for the account (``coinpilot halt``)
    │   └── LimitExceededError       1  an order or the day's notional above its cap, or slippage
    ├── NotAvailableError            1  a feature that is not built or not enabled (e.g. live mode)
    ├── AgentError                   1  the model failed to produce a valid proposal: abstain
    │   └── ProviderError            1  the model server failed: unreachable, too slow, key
    │       │                           refused, rate-limited (assistant.agent.provider_errors)
    │       └── CassetteMissError    1  a replayed eval asked what its cassette never recorded
    │                                   (assistant.agent.cassette)
    └── BacktestCancelledError       1  the caller cancelled a running backtest; nothing was kept
                                        (assistant.backtest.state)

The subclasses defined outside this module live beside the code that raises them, because
``domain`` imports nothing of ours; ``tests/domain/test_error_tree.py`` fails when a subclass
anywhere in the package is missing from this drawing.
"""

from __future__ import annotations

from typing import ClassVar


class CoinPilotError(Exception):
    """Root of every error CoinPilot raises deliberately."""

    #: Short machine-readable category, used by ``--json`` outputs and tool results.
    kind: str = "error"
    #: Whether the fix is in what the person gave (see the tree above); the CLI exits 2 if so.
    bad_input: ClassVar[bool] = False

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message} {hint}")

    def to_dict(self) -> dict[str, str]:
        """A JSON-safe description for scripts and tool results."""
        data = {"error": self.kind, "message": self.message}
        if self.hint:
            data["hint"] = self.hint
        return data


class UserInputError(CoinPilotError):
    kind = "invalid_input"
    bad_input = True


class SpecError(UserInputError):
    """A strategy spec that fails validation; ``problems`` lists one sentence per problem."""

    kind = "invalid_spec"

    def __init__(self, problems: list[str], *, source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f" in {source}" if source else ""
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"The strategy spec{where} is not valid:\n{lines}")

    def to_dict(self) -> dict[str, str]:
        data = super().to_dict()
        data["problems"] = "; ".join(self.problems)
        return data


class UnknownSymbolError(UserInputError):
    kind = "unknown_symbol"


class PlanError(UserInputError):
    kind = "plan_refused"


class ConfigError(CoinPilotError):
    kind = "config"
    bad_input = True


class DataError(CoinPilotError):
    kind = "data"
    bad_input = True


class DataUnavailableError(DataError):
    """A source that answered badly or not at all this time; reading it again later may work."""

    kind = "data_unavailable"
    bad_input = False


class JournalError(CoinPilotError):
    kind = "journal"
    bad_input = True


class JournalUnavailableError(JournalError):
    """Another process holds the journal's lock, or its server cannot be reached: retry."""

    kind = "journal_unavailable"
    bad_input = False


class ExchangeError(CoinPilotError):
    kind = "exchange"


class InsufficientFundsError(ExchangeError):
    kind = "insufficient_funds"


class RetryableExchangeError(ExchangeError):
    kind = "exchange_retryable"


class OrderRejectedError(ExchangeError):
    """Refused by the exchange, or by its rules before sending: provably not on the exchange."""

    kind = "order_rejected"


class OrderUnresolvedError(CoinPilotError):
    """An order may be on the exchange and its fate could not be established; it was not resent.

    Deliberately *not* an :class:`ExchangeError`: code that records an exchange error as a failed
    order would then mark an order that may have filled as failed, and never look at it again.
    Left uncaught it stops the execution, so the intent stays without a result and is reconciled.
    """

    kind = "order_unresolved"

    def __init__(self, message: str, *, client_order_id: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.client_order_id = client_order_id


class PlanBusyError(PlanError):
    """The plan's account is executing a plan in another process right now; nothing was done.

    Not bad input: the same confirm works once the other process has finished.
    """

    kind = "plan_busy"
    bad_input = False


class ExecutionInterruptedError(CoinPilotError):
    """An execution stopped after it started; the message says exactly what was sent and kept.

    Not a :class:`JournalError`: its "nothing was saved" would be false here. The next confirm of
    the same plan (or ``coinpilot resume``) resolves every order against the broker first, then
    completes the plan or records it as partially executed.
    """

    kind = "execution_interrupted"


class TradingRefusedError(CoinPilotError):
    """A safeguard of live trading refused, before anything was sent; the journal keeps why.

    Not bad input: the plan may be fine; the account's state (a difference with the exchange, a
    halt, a cap) must change first, and the message says what.
    """

    kind = "trading_refused"


class ReconciliationError(TradingRefusedError):
    """The journal and the exchange differ beyond the tolerance; ``differences``: one line each."""

    kind = "reconciliation_mismatch"

    def __init__(self, message: str, differences: list[str], *, hint: str | None = None) -> None:
        self.differences = list(differences)
        lines = "\n".join(f"  - {d}" for d in self.differences)
        super().__init__(f"{message}\n{lines}" if lines else message, hint=hint)

    def to_dict(self) -> dict[str, str]:
        data = super().to_dict()
        data["differences"] = "; ".join(self.differences)
        return data


class TradingHaltedError(TradingRefusedError):
    kind = "trading_halted"


class LimitExceededError(TradingRefusedError):
    kind = "limit_exceeded"


class NotAvailableError(CoinPilotError):
    kind = "not_available"


class AgentError(CoinPilotError):
    kind = "agent"
