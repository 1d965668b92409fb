"""An exchange account's API key and secret, from the environment or the OS keyring.

Where they are looked for, for an account named e.g. ``binance-main``:

1. environment variables ``COINPILOT_BINANCE_MAIN_API_KEY`` and
   ``COINPILOT_BINANCE_MAIN_API_SECRET`` (and ``..._API_PASSWORD`` for exchanges with a
   passphrase). The account name is upper-cased and every run of characters other than letters
   and digits becomes one ``_``;
2. the OS keyring (the ``keyring`` package: macOS Keychain, Windows Credential Locker, Secret
   Service), service ``coinpilot/binance-main``, usernames ``api_key``, ``api_secret`` and
   ``api_password``. Store them with ``keyring set coinpilot/binance-main api_key``.

Both halves must come from the same place. The values live in :class:`~pydantic.SecretStr`, so
reprs, logs and tracebacks show ``**********``; they are revealed in exactly one place, the ccxt
client's constructor (:meth:`ApiCredentials.ccxt_config`). Errors name variables, never values.
Nothing here writes a key anywhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, SecretStr

from assistant.domain import ConfigError

KEYRING_SERVICE = "coinpilot/{account}"
_PARTS = ("api_key", "api_secret", "api_password")


def env_prefix(account: str) -> str:
    """``binance-main`` -> ``COINPILOT_BINANCE_MAIN_``."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", account.strip()).strip("_").upper()
    if not name:
        raise ConfigError(f"'{account}' is not an account name.", hint="Use e.g. binance-main.")
    return f"COINPILOT_{name}_"


def keyring_service(account: str) -> str:
    """``Binance Main`` -> ``coinpilot/binance-main``."""
    env_prefix(account)  # the same check of the name
    slug = re.sub(r"[^a-z0-9]+", "-", account.strip().lower()).strip("-")
    return KEYRING_SERVICE.format(account=slug)


class ApiCredentials(BaseModel):
    """One account's keys; ``source`` says where they came from (shown, unlike the values)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    account: str
    source: Literal["environment", "keyring"]
    api_key: SecretStr
    secret: SecretStr
    password: SecretStr | None = None

    def ccxt_config(self) -> dict[str, str]:
        """The keys as a ccxt client's constructor wants them: pass this straight into it."""
        config = {
            "apiKey": self.api_key.get_secret_value(),
            "secret": self.secret.get_secret_value(),
        }
        if self.password is not None:
            config["password"] = self.password.get_secret_value()
        return config


def load_credentials(
    account: str,
    *,
    env: Mapping[str, str] | None = None,
    keyring_backend: Any | None = None,
) -> ApiCredentials:
    """``account``'s keys from the environment, else the keyring (see the module docstring).

    ``keyring_backend`` replaces the OS keyring (tests pass an in-memory one).
    """
    env = os.environ if env is None else env
    prefix = env_prefix(account)
    found = {part: env.get(prefix + part.upper()) or None for part in _PARTS}
    if found["api_key"] or found["api_secret"]:
        return _complete(account, "environment", found, prefix)
    service = keyring_service(account)
    stored, trouble = _from_keyring(service, keyring_backend)
    if stored["api_key"] or stored["api_secret"]:
        return _complete(account, "keyring", stored, f"keyring {service} ")
    raise ConfigError(
        f"No API key for account '{account}': neither {prefix}API_KEY and {prefix}API_SECRET "
        f"are set, nor does the keyring hold {service} api_key and api_secret{trouble}.",
        hint=f"Set both variables, or run `keyring set {service} api_key` and "
        f"`keyring set {service} api_secret`. Use a key that can trade but not withdraw.",
    )


def _complete(
    account: str,
    source: Literal["environment", "keyring"],
    found: dict[str, str | None],
    where: str,
) -> ApiCredentials:
    missing = [p for p in ("api_key", "api_secret") if not found[p]]
    if missing:
        names = " and ".join(
            f"{where}{p.upper() if source == 'environment' else p}" for p in missing
        )
        raise ConfigError(
            f"Account '{account}' has half a key in the {source}: {names} is missing.",
            hint="Set the key and the secret together, in the same place.",
        )
    password = found["api_password"]
    return ApiCredentials(
        account=account,
        source=source,
        api_key=SecretStr(str(found["api_key"])),
        secret=SecretStr(str(found["api_secret"])),
        password=None if password is None else SecretStr(password),
    )


def _from_keyring(service: str, backend: Any | None) -> tuple[dict[str, str | None], str]:
    """The stored parts, and a clause explaining why the keyring could not be read (or "")."""
    empty: dict[str, str | None] = dict.fromkeys(_PARTS)
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - keyring is a dependency; a broken install
        return empty, " (the keyring package is not installed)"
    store = backend if backend is not None else keyring.get_keyring()
    try:
        return {part: store.get_password(service, part) or None for part in _PARTS}, ""
    except KeyringError as exc:
        return empty, f" (the keyring could not be read: {type(exc).__name__})"
