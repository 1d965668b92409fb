"""API keys from the environment or the OS keyring, never shown: names in errors, not values."""

from __future__ import annotations

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

from assistant.domain import ConfigError
from assistant.execution.credentials import env_prefix, keyring_service, load_credentials

KEY, SECRET = "PLANTED-api-key-4c1f9e", "PLANTED-secret-8a2d7b"


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring (tests never touch the OS's)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, locked: bool = False) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}
        self.locked = locked

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked("locked")
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def test_account_names_normalise_to_one_variable_prefix_and_one_keyring_service() -> None:
    assert env_prefix("binance-main") == "COINPILOT_BINANCE_MAIN_"
    assert env_prefix(" Binance  Main! ") == "COINPILOT_BINANCE_MAIN_"
    assert keyring_service("Binance Main") == "coinpilot/binance-main"
    with pytest.raises(ConfigError):
        env_prefix("--")


def test_keys_come_from_the_environment_first() -> None:
    env = {"COINPILOT_BINANCE_MAIN_API_KEY": KEY, "COINPILOT_BINANCE_MAIN_API_SECRET": SECRET}
    store = MemoryKeyring()
    store.set_password("coinpilot/binance-main", "api_key", "other")
    creds = load_credentials("binance-main", env=env, keyring_backend=store)
    assert creds.source == "environment"
    assert creds.ccxt_config() == {"apiKey": KEY, "secret": SECRET}


def test_keys_come_from_the_keyring_when_the_environment_has_none() -> None:
    store = MemoryKeyring()
    for part, value in (("api_key", KEY), ("api_secret", SECRET), ("api_password", "pass-1234")):
        store.set_password("coinpilot/okx", part, value)
    creds = load_credentials("okx", env={}, keyring_backend=store)
    assert creds.source == "keyring"
    assert creds.ccxt_config() == {"apiKey": KEY, "secret": SECRET, "password": "pass-1234"}


def test_half_a_key_is_refused_naming_the_missing_variable_not_the_value() -> None:
    with pytest.raises(ConfigError) as err:
        load_credentials("binance", env={"COINPILOT_BINANCE_API_KEY": KEY})
    assert "COINPILOT_BINANCE_API_SECRET is missing" in err.value.message
    assert KEY not in str(err.value)


def test_no_key_anywhere_says_where_it_looked_and_how_to_store_one() -> None:
    with pytest.raises(ConfigError) as err:
        load_credentials("binance", env={}, keyring_backend=MemoryKeyring())
    assert "COINPILOT_BINANCE_API_KEY" in err.value.message
    assert err.value.hint and "keyring set coinpilot/binance api_key" in err.value.hint


def test_a_locked_keyring_is_reported_not_crashed_on() -> None:
    with pytest.raises(ConfigError, match="keyring could not be read: KeyringLocked"):
        load_credentials("binance", env={}, keyring_backend=MemoryKeyring(locked=True))


def test_credentials_never_show_their_values() -> None:
    env = {"COINPILOT_X_API_KEY": KEY, "COINPILOT_X_API_SECRET": SECRET}
    creds = load_credentials("x", env=env, keyring_backend=MemoryKeyring())
    for text in (repr(creds), str(creds), f"{creds}", creds.model_dump_json()):
        assert KEY not in text and SECRET not in text
