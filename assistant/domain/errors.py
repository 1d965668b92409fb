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
    ├── ConfigError                  2  a settings file or environment variable is wrong
    ├── DataError                    2  market data is missing, malformed or inconsistent
    │   └── DataUnavailableError     1  a source could not be read this time (feed, exchange data)
    │       └── FeedUnavailableError 1  a news feed could not be reached now; later may work
    │                                   (assistant.market.news.fetch)
    ├── JournalError                 2  the journal is damaged, unreadable or refuses a record
    │   └── JournalUnavailableError  1  the journal is locked by another process or unreachable
    ├── ExchangeError                1  the exchange refused (mirrors ccxt.ExchangeError): no retry
    │   ├── InsufficientFundsError   1  an order would drive a balance below zero
    │   └── RetryableExchangeError   1  network trouble (mirrors ccxt.NetworkError): retry, backoff
    │       └── RateLimitedError     1  the exchange asked us to slow down; carries Retry-After
    │                                   (assistant.market.ccxt_errors)
    ├── NotAvailableError            1  a feature that is not built or not enabled (e.g. live mode)
    ├── AgentError                   1  the model failed to produce a valid proposal: abstain
    └── BacktestCancelledError       1  the caller cancelled a running backtest; nothing was kept
                                        (assistant.backtest.state)

The three subclasses defined outside this module live beside the code that raises them, because
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


class NotAvailableError(CoinPilotError):
    kind = "not_available"


class AgentError(CoinPilotError):
    kind = "agent"
