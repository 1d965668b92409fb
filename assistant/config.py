"""Settings: env vars ``COINPILOT_*`` over ``$COINPILOT_HOME/config.toml`` over defaults.

Secrets (LLM and exchange keys) are ``SecretStr``: they print as ``**********``, are never written
to the journal and never reach a prompt. A broken config file stops the program with a message that
names the file and the field, because a silently ignored setting is worse than no setting.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.domain import ConfigError

CONFIG_FILENAME = "config.toml"


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("coinpilot", appauthor=False))


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
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
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

    @property
    def resolved_journal_url(self) -> str:
        return self.journal_url or f"sqlite:///{self.home / 'journal.db'}"

    def llm_key(self) -> SecretStr | None:
        """The LLM key from ``COINPILOT_LLM_API_KEY``, else ``OPENAI_API_KEY``."""
        if self.llm_api_key is not None:
            return self.llm_api_key
        env = os.environ.get("OPENAI_API_KEY")
        return SecretStr(env) if env else None


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment and the home's config file, with clear errors."""
    home_env = overrides.get("home") or os.environ.get("COINPILOT_HOME")
    home = Path(home_env).expanduser() if home_env else default_home()
    path = home / CONFIG_FILENAME
    file_values: dict[str, Any] = {}
    if path.exists():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"The config file {path} is not valid TOML ({exc}).",
                hint="Fix the line it names, or move the file away to use defaults.",
            ) from None
    env_keys = {
        k.removeprefix("COINPILOT_").lower() for k in os.environ if k.startswith("COINPILOT_")
    }
    values = {k: v for k, v in file_values.items() if k not in env_keys}
    values.update(overrides)
    values.setdefault("home", home)
    try:
        return Settings(**values)
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
