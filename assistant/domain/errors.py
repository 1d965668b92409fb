"""The one exception tree of CoinPilot.

Every error we raise on purpose derives from :class:`CoinPilotError`, and every message says
what went wrong *and what to do about it*, because the reader is either a person at a terminal or
a model that must repair its own tool call. Nothing here may leak a secret into a message.

::

    CoinPilotError
    ├── UserInputError                 the person (or the model) asked for something invalid
    │   ├── SpecError                  a strategy spec fails shape or policy validation
    │   ├── UnknownSymbolError         a ticker the market does not list
    │   └── PlanError                  a plan hash unknown, expired, superseded or changed
    ├── ConfigError                    a settings file or environment variable is wrong
    ├── DataError                      market data is missing, malformed or inconsistent
    │   └── FeedUnavailableError       a news feed could not be reached now; later may work
    │                                  (assistant.market.news.fetch)
    ├── JournalError                   the journal database is locked, corrupt or unreachable
    ├── ExchangeError                  the exchange refused (mirrors ccxt.ExchangeError): no retry
    │   ├── InsufficientFundsError     an order would drive a balance below zero
    │   └── RetryableExchangeError     network trouble (mirrors ccxt.NetworkError): retry, backoff
    │       └── RateLimitedError       the exchange asked us to slow down; carries Retry-After
    │                                  (assistant.market.ccxt_errors)
    ├── NotAvailableError              a feature that is not built or not enabled (e.g. live mode)
    ├── AgentError                     the model failed to produce a valid proposal: abstain
    └── BacktestCancelledError         the caller cancelled a running backtest; nothing was kept
                                       (assistant.backtest.state)

The three subclasses defined outside this module live beside the code that raises them, because
``domain`` imports nothing of ours; ``tests/domain/test_error_tree.py`` fails when a subclass
anywhere in the package is missing from this drawing.
"""

from __future__ import annotations


class CoinPilotError(Exception):
    """Root of every error CoinPilot raises deliberately."""

    #: Short machine-readable category, used by ``--json`` outputs and tool results.
    kind: str = "error"

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


class DataError(CoinPilotError):
    kind = "data"


class JournalError(CoinPilotError):
    kind = "journal"


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
