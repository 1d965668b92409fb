"""Settings: env vars ``COINPILOT_*`` over ``$COINPILOT_HOME/config.toml`` over defaults.

Secrets (LLM and exchange keys) are ``SecretStr``: they print as ``**********``, are never written
to the journal and never reach a prompt. A broken config file, a malformed ``COINPILOT_*`` value or
an unusable ``COINPILOT_HOME`` stops the program with a :class:`ConfigError` that names the file,
the variable or the folder, because a silently ignored setting is worse than no setting: an empty
``COINPILOT_HOME`` is an error, never a quiet fall-back to the real per-user folder.
"""

from __future__ import annotations

import errno
import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from assistant.domain import ConfigError, UserInputError, read_file_text

CONFIG_FILENAME = "config.toml"
HOME_ENV = "COINPILOT_HOME"
#: A config file is a few lines; anything past this is not one (and is not read).
CONFIG_MAX_BYTES = 1 << 20


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("coinpilot", appauthor=False))


class AccountLimits(BaseModel):
    """One account's live trading limits (see ``Settings``); None: the default applies."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_order_notional: Decimal | None = Field(default=None, gt=0)
    max_daily_notional: Decimal | None = Field(default=None, gt=0)
    max_slippage: float | None = Field(default=None, gt=0, le=0.5)
    reconcile_tolerance: Decimal | None = Field(default=None, ge=0)


@dataclass(frozen=True)
class TradingLimits:
    """One account's limits as they apply (its own where set, else the defaults)."""

    max_order_notional: Decimal | None
    max_daily_notional: Decimal | None
    max_slippage: float
    reconcile_tolerance: Decimal


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COINPILOT_", extra="forbid", frozen=True)

    home: Path = Field(default_factory=default_home, description="data directory")
    journal_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default sqlite:///<home>/journal.db"
    )
    market: str = Field(
        default="demo", description="demo | history | csv:<folder> | ccxt:<exchange>"
    )
    demo_seed: int = Field(default=7, ge=0)
    plan_ttl_seconds: int = Field(default=300, ge=10, le=86_400)
    max_price_move: float = Field(
        default=0.02, gt=0, le=0.5, description="refuse a confirm if prices moved more than this"
    )
    mode: Literal["paper", "live"] = Field(
        default="paper",
        description="live enables orders on exchange accounts (each confirm also needs its "
        "typed phrase); paper accounts execute on paper either way",
    )
    resume_grace_seconds: int = Field(
        default=120,
        ge=0,
        le=3600,
        description="how long after a plan expired an interrupted execution of it may still "
        "be completed; later it is recorded as partially executed",
    )
    # Live trading limits (assistant/engine/limits.py), the defaults of every account; an
    # account's own values go in account_limits (``[account_limits.binance-main]``).
    max_order_notional: Decimal | None = Field(
        default=None,
        gt=0,
        description="refuse a plan with an order worth more (quote); none: no cap",
    )
    max_daily_notional: Decimal | None = Field(
        default=None,
        gt=0,
        description="refuse a plan that would take the account's traded notional this UTC day "
        "above this (quote); none: no cap",
    )
    max_slippage: float = Field(
        default=0.01,
        gt=0,
        le=0.5,
        description="refuse a plan with an order whose estimated slippage is a larger fraction "
        "of its notional",
    )
    reconcile_tolerance: Decimal = Field(
        default=Decimal("1.00"),
        ge=0,
        description="journal vs exchange differences worth at most this (quote, per asset) are "
        "resolved and journaled; larger ones refuse trading",
    )
    account_limits: dict[str, AccountLimits] = Field(
        default_factory=dict, description="per-account overrides of the four limits above"
    )
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(
        default=60.0, gt=0, le=3600, description="seconds one model request may wait for data"
    )
    llm_max_retries: int = Field(
        default=1, ge=0, le=10, description="retries of a failed model request (429, 5xx, timeout)"
    )
    llm_streaming: bool = Field(default=True, description="stream the model's replies")
    llm_prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description="per model name: [input, output] price in your currency per million tokens",
    )
    llm_max_turn_tokens: int = Field(default=60_000, ge=1_000, description="tokens one answer")
    llm_max_session_tokens: int = Field(default=400_000, ge=1_000, description="tokens a session")
    llm_max_turn_cost: float | None = Field(default=None, ge=0, description="cost one answer")
    llm_max_session_cost: float | None = Field(default=None, ge=0, description="cost a session")
    llm_max_model_calls: int = Field(default=8, ge=1, le=50, description="model calls one answer")
    llm_history_turns: int = Field(
        default=6,
        ge=0,
        le=200,
        description="earlier turns sent to the model, tool results summarised",
    )
    news_feeds: list[str] = Field(default_factory=list)
    sentiment_model: Literal["auto", "linear", "minilm", "transformers"] = Field(
        default="auto",
        description="auto: the local transformers model if a path is set, else linear",
    )
    sentiment_model_path: Path | None = Field(
        default=None, description="a local transformers sequence-classification model folder"
    )
    embedder: Literal["auto", "hybrid", "minilm", "hashed"] = Field(
        default="auto", description="knowledge search embedding; auto picks MiniLM when installed"
    )
    # Public read-only data sources (assistant/market/onchain, yields, wallets). "auto" reads the
    # live source when the market is a live exchange and the shipped offline twin otherwise.
    onchain_source: Literal["auto", "snapshot", "coinmetrics"] = Field(
        default="auto", description="on-chain metrics: the shipped snapshot or Coin Metrics"
    )
    coinmetrics_url: str = Field(
        default="https://community-api.coinmetrics.io/v4", description="Coin Metrics API v4 root"
    )
    yields_source: Literal["auto", "simulated", "defillama"] = Field(
        default="auto", description="DeFi yields: a SIMULATED sample or DefiLlama's yields API"
    )
    defillama_yields_url: str = Field(
        default="https://yields.llama.fi", description="DefiLlama yields API root"
    )
    wallet_source: Literal["auto", "simulated", "rpc"] = Field(
        default="auto", description="wallet balances: SIMULATED ones or the chains' JSON-RPC"
    )
    evm_rpc_urls: dict[str, str] = Field(
        default_factory=dict, description="chain name -> JSON-RPC URL, over the built-in ones"
    )
    solana_rpc_url: str = Field(
        default="https://api.mainnet-beta.solana.com", description="Solana JSON-RPC URL"
    )
    wallet_tokens: dict[str, list[str]] = Field(
        default_factory=dict,
        description='chain -> ["SYMBOL:ADDRESS", ...]: tokens read beside the built-in ones',
    )

    @field_validator(
        "demo_seed",
        "plan_ttl_seconds",
        "max_price_move",
        "llm_timeout",
        "llm_max_retries",
        "llm_max_turn_tokens",
        "llm_max_session_tokens",
        "llm_max_turn_cost",
        "llm_max_session_cost",
        "llm_max_model_calls",
        "llm_history_turns",
        mode="before",
    )
    @classmethod
    def _no_bool_as_number(cls, value: Any) -> Any:
        """TOML's ``true`` is not the number 1 (pydantic's lax mode would take it as one)."""
        if isinstance(value, bool):
            raise ValueError("must be a number, not true or false")
        return value

    def limits_for(self, account: str) -> TradingLimits:
        """``account``'s limits: its own values where set, the defaults above elsewhere."""
        own = self.account_limits.get(account, AccountLimits())
        return TradingLimits(
            max_order_notional=own.max_order_notional or self.max_order_notional,
            max_daily_notional=own.max_daily_notional or self.max_daily_notional,
            max_slippage=own.max_slippage or self.max_slippage,
            reconcile_tolerance=(
                self.reconcile_tolerance
                if own.reconcile_tolerance is None
                else own.reconcile_tolerance
            ),
        )

    @property
    def resolved_journal_url(self) -> str:
        return self.journal_url or f"sqlite:///{self.home / 'journal.db'}"

    def llm_key(self) -> SecretStr | None:
        """The LLM key from ``COINPILOT_LLM_API_KEY``, else ``OPENAI_API_KEY``."""
        if self.llm_api_key is not None:
            return self.llm_api_key
        env = os.environ.get("OPENAI_API_KEY")
        return SecretStr(env) if env else None

    def llm_price(self, model: str | None) -> tuple[float, float]:
        """(input, output) price per million tokens of ``model``: ``llm_prices``, else free."""
        return self.llm_prices.get(model or "", (0.0, 0.0))


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment and the home's config file, with clear errors."""
    home = check_home(overrides["home"]) if overrides.get("home") else home_from_env()
    path = home / CONFIG_FILENAME
    file_values = _read_config(path)
    env_keys = {
        k.removeprefix("COINPILOT_").lower() for k in os.environ if k.startswith("COINPILOT_")
    }
    values = {k: v for k, v in file_values.items() if k not in env_keys}
    values.update(overrides)
    values["home"] = home
    try:
        return Settings(**values)
    except SettingsError as exc:  # a COINPILOT_* value pydantic-settings cannot even decode
        field = str(exc).partition('field "')[2].partition('"')[0] or "?"
        raise ConfigError(
            f"The environment variable COINPILOT_{field.upper()} is not valid JSON, "
            "which this setting needs.",
            hint="Write a list as JSON, e.g. '[\"https://decrypt.co/feed\"]', or unset it.",
        ) from None
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in err["loc"]) or "?"
        origin = (
            path if field in file_values else "the environment (COINPILOT_" + field.upper() + ")"
        )
        raise ConfigError(
            f"Setting '{field}' in {origin} is invalid: {err['msg']}.",
            hint=f"Correct it in {path} or unset it.",
        ) from None


def _read_config(path: Path) -> dict[str, Any]:
    """The config file's values; none when it does not exist, a ConfigError when it is unusable."""
    try:
        if not path.exists():
            return {}
    except OSError:  # a name too long: the home was checked, so only the file's own name
        return {}
    try:
        text = read_file_text(path, limit=CONFIG_MAX_BYTES, what="The config file")
    except UserInputError as exc:
        raise ConfigError(
            exc.message, hint="Replace it with a TOML file, or move it away to use defaults."
        ) from None
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The config file {path} is not valid TOML ({exc}).",
            hint="Fix the line it names, or move the file away to use defaults.",
        ) from None
    except RecursionError:
        raise ConfigError(
            f"The config file {path} nests arrays or tables too deeply.",
            hint="Fix it, or move the file away to use defaults.",
        ) from None
    if "home" in values:
        raise ConfigError(
            f"The config file {path} sets 'home', but it is read from inside the home.",
            hint=f"Remove 'home' from it and set {HOME_ENV} instead.",
        )
    return values


def home_from_env() -> Path:
    """``COINPILOT_HOME`` checked, or the per-user default when it is not set at all."""
    raw = os.environ.get(HOME_ENV)
    if raw is None:
        return check_home(default_home(), explicit=False)
    if not raw.strip():
        raise ConfigError(
            f"{HOME_ENV} is set but empty.",
            hint=f"Unset it to use the default ({default_home()}), or give a folder.",
        )
    return check_home(Path(raw))


def check_home(home: str | Path, *, explicit: bool = True) -> Path:
    """The data folder, refused with a hint when it cannot be one; nothing is created here.

    An explicitly chosen folder may not exist yet, but its parent must: a typo must not grow a
    new tree of folders. The default folder's parents are created when it is first used.
    """
    path = Path(home).expanduser()
    name = f"{HOME_ENV} {path}" if explicit else f"The default data folder {path}"
    fix = f"Point {HOME_ENV} at a folder you can write to."
    try:
        if path.exists():
            if not path.is_dir():
                raise ConfigError(f"{name} is not a folder.", hint=fix)
            if not os.access(path, os.W_OK | os.X_OK):
                raise ConfigError(f"{name} is not writable by you.", hint=fix)
        elif explicit and not path.absolute().parent.is_dir():
            parent = path.absolute().parent
            raise ConfigError(
                f"{name} cannot be created: its parent folder {parent} does not exist.",
                hint=f"Create {parent} first, or fix the path.",
            )
    except OSError as exc:
        reason = "the name is too long" if exc.errno == errno.ENAMETOOLONG else exc.strerror
        raise ConfigError(f"{name} cannot be used: {reason}.", hint=fix) from None
    except ValueError:  # a NUL character
        raise ConfigError(f"{HOME_ENV} {str(path)!r} is not a valid path.", hint=fix) from None
    return path


def prepare_home(home: Path) -> Path:
    """Create the data folder (and, for the default one, its parents); a ConfigError if not.

    It holds balances and trades, so it is private: created 0700, and group and other
    permissions are taken away if it already had them.
    """
    try:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        mode = home.stat().st_mode & 0o777
        if mode & 0o077:
            home.chmod(mode & 0o700)
    except OSError as exc:
        raise ConfigError(
            f"The data folder {home} cannot be created ({exc.strerror}).",
            hint=f"Set {HOME_ENV} to a folder you can write to.",
        ) from None
    return home
