"""No key reaches the journal, a log, a prompt or a report: planted values, scanned for, 0 found.

Keys are planted where CoinPilot reads them (an exchange account's in the environment, another's
in the OS keyring, the LLM key in the environment), a key is pasted into the chat with two more
that CoinPilot has never seen, and a full flow runs: account add on the fake Binance, plan,
confirm, portfolio, an agent turn with a scripted model, `coinpilot journal` and `why`, with
every logger (ccxt's request logs included) writing DEBUG records to a file. Then the journal's
bytes, the log, every prompt the model was sent and every report printed are searched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import keyring
import pytest
from langchain_core.messages import AIMessage, BaseMessage

from assistant.agent.models.scripted import scripted_model
from assistant.agent.session import AgentSession, ModelInfo
from assistant.cli import main
from assistant.config import load_settings
from assistant.domain import Account, parse_spec
from assistant.engine import (
    Services,
    add_exchange_account,
    confirmation_phrase,
    execute_plan,
    plan_rebalance,
    portfolio_status,
)
from assistant.engine.brokers import register_known_secrets
from assistant.execution.ccxt_open import open_ccxt_broker
from assistant.execution.order_policy import OrderPolicy
from assistant.market.ccxt_market import CcxtMarket
from tests.execution.test_credentials import MemoryKeyring
from tests.execution_live.engine_setup import LIVE_SPEC
from tests.market_live.conftest import after_last_candle
from tests.market_live.fake_binance import FakeBinance, default_state

#: Lowercase, so only the registry of known keys can catch them, never the shape heuristic.
EXCHANGE_KEY = "planted-exchange-key-value-aaaa"
EXCHANGE_SECRET = "planted-exchange-secret-bbbb"
KEYRING_KEY = "planted-keyring-key-cccc-dddd"
KEYRING_SECRET = "planted-keyring-secret-eeee"
LLM_KEY = "planted-llm-key-ffff-gggg"
#: Never configured anywhere: pasted into the chat only, caught by their shape.
PASTED_UNKNOWN = "Zq8vN2xR4tK7mW1pL9sD3fG6hJ0aB5cE"
PASTED_OPENAI = "sk-proj-plantedPastedKey0123456789"
PLANTED = (
    EXCHANGE_KEY,
    EXCHANGE_SECRET,
    KEYRING_KEY,
    KEYRING_SECRET,
    LLM_KEY,
    PASTED_UNKNOWN,
    PASTED_OPENAI,
)


@pytest.fixture
def exchange() -> Iterator[FakeBinance]:
    server = FakeBinance(default_state(None)).start()
    server.open_account(EXCHANGE_KEY, EXCHANGE_SECRET, {"USDT": "10000", "BTC": "0.5"})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "coinpilot.log"
    handler = logging.FileHandler(path)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def test_planted_keys_are_found_nowhere_coinpilot_writes(
    exchange: FakeBinance,
    log_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COINPILOT_BINANCE_MAIN_API_KEY", EXCHANGE_KEY)
    monkeypatch.setenv("COINPILOT_BINANCE_MAIN_API_SECRET", EXCHANGE_SECRET)
    monkeypatch.setenv("COINPILOT_LLM_API_KEY", LLM_KEY)
    memory = MemoryKeyring()
    memory.set_password("coinpilot/kraken-vault", "api_key", KEYRING_KEY)
    memory.set_password("coinpilot/kraken-vault", "api_secret", KEYRING_SECRET)
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        prompts = run_the_flow(exchange, capsys)
    finally:
        keyring.set_keyring(previous)
    home = load_settings().home
    places = {
        "the journal": b"".join(p.read_bytes() for p in home.glob("journal.db*")),
        "the log": log_file.read_bytes(),
        "the prompts": prompts.encode(),
        "the reports": capsys.readouterr().out.encode() + REPORTS[0].encode(),
    }
    assert b"X-MBX-APIKEY" in places["the log"]  # ccxt's signed requests were logged, and scanned
    assert b"[redacted]" in places["the journal"]  # the pasted keys were there, redacted
    found = {
        (where, value)
        for where, content in places.items()
        for value in PLANTED
        if value.encode() in content
    }
    assert found == set()


REPORTS: list[str] = [""]


def run_the_flow(exchange: FakeBinance, capsys: pytest.CaptureFixture[str]) -> str:
    logging.getLogger("ccxt").setLevel(logging.DEBUG)
    settings = load_settings()
    with Services.open(settings) as services:  # an account whose keys are in the keyring
        services.journal.record_account(
            Account(
                name="kraken-vault",
                kind="exchange",
                exchange="kraken",
                created_at=services.clock.now(),
            )
        )
    with Services.open(settings) as services:
        register_known_secrets(services)
        at = after_last_candle(exchange)
        services.market = CcxtMarket("binance", client=exchange.client(), clock=lambda: at)
        services.settings = settings.model_copy(update={"mode": "live"})
        services.exchange_opener = lambda account: open_ccxt_broker(
            "binance",
            account=account.name,
            client=exchange.client(timeout_ms=2000),
            policy=OrderPolicy(recv_window_ms=1000, clock_margin=0.1),
        )
        add_exchange_account(services, "binance-main", exchange="binance")
        plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account="binance-main")
        execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
        REPORTS[0] = portfolio_status(services, account="binance-main").model_dump_json()

        sent: list[Sequence[BaseMessage]] = []

        def reply(messages: Sequence[BaseMessage]) -> AIMessage:
            sent.append(list(messages))
            return AIMessage(content="I never need your keys; please revoke that one.")

        session = AgentSession(
            services,
            scripted_model([reply]),  # type: ignore[list-item]
            ModelInfo("scripted", "scripted", "scripted test model"),
        )
        session.run_turn(
            f"my binance key is {EXCHANGE_KEY} and secret {EXCHANGE_SECRET}; also "
            f"{KEYRING_KEY} / {KEYRING_SECRET}, {LLM_KEY}, {PASTED_UNKNOWN} and {PASTED_OPENAI}"
        )
    for command in (["journal", "--json"], ["why", "--json"], ["account", "list", "--json"]):
        assert main(command) == 0
    return "\n".join(str(m.content) for messages in sent for m in messages)
