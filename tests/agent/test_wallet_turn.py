"""'Watch my wallet 0x... on ethereum' in the chat: a read-only proposal checked with the engine's
own rule for a new wallet (the CLI's and the app form's), one question when the chain is missing,
the engine's message for a bad checksum, and a private key or seed phrase refused and never kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assistant.agent.factory import open_session
from assistant.agent.turns import TurnResult
from assistant.domain import UserInputError
from assistant.engine import Services, add_wallet, check_new_wallet, list_wallets
from tests.wallets.test_wallet_engine import HOLDER, SOL, make_services
from tools import ALL_TOOLS, ToolContext, tool_named

#: A valid private key's shape (64 hex digits); never a real one.
KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
#: Twelve BIP-39 words (the test vector "abandon ... about"), never a real wallet's.
PHRASE = " ".join(["abandon"] * 11 + ["about"])


@pytest.fixture
def services() -> Iterator[Services]:
    svc = make_services()
    yield svc
    svc.close()


def _tools(result: TurnResult) -> dict[str, dict[str, Any]]:
    return {str(r["tool"]): r for r in result.tool_results}


def _stored(services: Services, conversation: str) -> str:
    said = services.journal.messages(conversation)
    return "\n".join(f"{m.content} {m.meta}" for m in said)


def test_the_tool_checks_with_the_engines_rule_and_writes_nothing(services: Services) -> None:
    tool = tool_named("propose_wallet")
    assert not tool.changes_state and tool in ALL_TOOLS
    ctx = ToolContext(services)
    ok = tool.run(ctx, {"address": HOLDER.lower(), "chain": "Ethereum", "name": "cold"})
    assert ok.ok and ok.data["address"] == HOLDER and ok.data["chain"] == "ethereum"
    assert ok.data["command"] == f"coinpilot wallet add cold --chain ethereum --address {HOLDER}"
    assert list_wallets(services) == []
    unnamed = tool.run(ctx, {"address": SOL, "chain": "solana"})
    assert unnamed.ok and unnamed.data["name"] == "solana-9wzd"
    assert tool.run(ctx, {"address": SOL}).data["chain"] == "solana"  # base58: only Solana

    bad = tool.run(ctx, {"address": HOLDER[:-1] + "D", "chain": "ethereum"})
    with pytest.raises(UserInputError) as engine:
        check_new_wallet(services, "x", "ethereum", HOLDER[:-1] + "D")
    assert not bad.ok and bad.summary == engine.value.message and "EIP-55" in bad.summary

    add_wallet(services, "cold", "ethereum", HOLDER)
    again = tool.run(ctx, {"address": HOLDER, "chain": "ethereum"})
    assert not again.ok and "already watched as 'cold'" in again.summary
    question = tool.run(ctx, {"address": HOLDER})
    assert not question.ok and question.data["question"] == "chain"


def test_an_address_and_a_chain_propose_and_add_nothing(services: Services) -> None:
    session = open_session(services, persistent_index=False)
    result = session.run_turn(f"watch my wallet {HOLDER} on ethereum")
    proposed = _tools(result)["propose_wallet"]
    assert proposed["ok"] and proposed["data"]["address"] == HOLDER
    assert "Nothing is added yet" in result.reply and "coinpilot wallet add" in result.reply
    assert result.reply.count("read-only") == 1
    assert list_wallets(services) == []


def test_an_evm_address_without_a_chain_gets_one_question_then_the_answer_proposes(
    services: Services,
) -> None:
    session = open_session(services, persistent_index=False)
    asked = session.run_turn(f"track {HOLDER} as savings")
    assert asked.reply == f"Which chain is {HOLDER} on: ethereum, base, arbitrum or polygon?"
    assert asked.status == "clarify"
    answered = session.run_turn("base")
    proposed = _tools(answered)["propose_wallet"]
    assert proposed["ok"] and proposed["data"]["chain"] == "base"
    assert list_wallets(services) == []


def test_a_bad_checksum_gets_the_engines_message(services: Services) -> None:
    session = open_session(services, persistent_index=False)
    typo = HOLDER[:-1] + "D"
    result = session.run_turn(f"add my wallet {typo} on arbitrum")
    assert "fails its EIP-55 checksum" in result.reply and HOLDER in result.reply
    assert result.reply.count("fails its EIP-55") == 1 and list_wallets(services) == []


@pytest.mark.parametrize(
    "message",
    [f"watch my wallet {KEY} on ethereum", f"watch my wallet 0x{KEY}", f"add wallet {PHRASE}"],
)
def test_a_private_key_or_seed_phrase_is_refused_and_never_stored(
    services: Services, message: str
) -> None:
    session = open_session(services, persistent_index=False)
    result = session.run_turn(message)
    assert result.status == "refuse" and not result.tool_results
    assert "never type a private key or seed phrase" in result.reply.lower()
    stored = _stored(services, session.conversation_id)
    assert KEY not in stored and "abandon abandon" not in stored
    assert "[redacted" in stored and list_wallets(services) == []
    assert all(KEY not in str(m.content) for m in session.history)


def test_sending_to_an_address_is_still_refused(services: Services) -> None:
    session = open_session(services, persistent_index=False)
    result = session.run_turn(f"send 1 ETH to my wallet {HOLDER}")
    assert result.status == "refuse" and "withdraw" in result.reply
