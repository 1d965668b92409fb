"""`coinpilot wallet ...`, `portfolio` with wallets, and "what's in my wallets?" to the agent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.cli import main
from assistant.cli.wallet_commands import CHAIN_CHOICES
from assistant.domain import CHAINS

from .fake_node import Node, serve

HOLDER = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
SOL = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_the_cli_offers_every_chain_a_wallet_accepts() -> None:
    assert CHAIN_CHOICES == CHAINS


def test_add_list_remove(capsys: pytest.CaptureFixture[str]) -> None:
    code, added = run(
        capsys, "wallet", "add", "cold", "--chain", "ethereum", "--address", HOLDER.lower()
    )
    assert code == 0 and added["added"]["address"] == HOLDER and "read-only" in added["note"]
    assert run(capsys, "wallet", "add", "phantom", "--chain", "solana", "--address", SOL)[0] == 0
    code, listed = run(capsys, "wallet", "list")
    assert [w["name"] for w in listed["wallets"]] == ["cold", "phantom"]
    assert run(capsys, "wallet", "remove", "cold")[0] == 0
    assert [w["name"] for w in run(capsys, "wallet", "list")[1]["wallets"]] == ["phantom"]


@pytest.mark.parametrize(
    "args",
    [
        ["wallet", "add", "w", "--chain", "ethereum", "--address", HOLDER[:-1] + "D"],
        ["wallet", "add", "w", "--chain", "solana", "--address", "0" * 44],
        ["wallet", "add", "bad name", "--chain", "solana", "--address", SOL],
        ["wallet", "remove", "nobody"],
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err.strip()
    assert run(capsys, "wallet", "list")[1]["wallets"] == []


def test_argparse_refuses_an_unknown_chain_with_status_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["wallet", "add", "w", "--chain", "dogechain", "--address", SOL])
    assert info.value.code == 2


def test_portfolio_shows_wallet_holdings_with_where_they_live(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    node = Node(chain_id=8453, wei={HOLDER.lower(): 10**18})
    with serve(node) as url:
        monkeypatch.setenv("COINPILOT_WALLET_SOURCE", "rpc")
        monkeypatch.setenv("COINPILOT_EVM_RPC_URLS", json.dumps({"base": url}))
        run(capsys, "wallet", "add", "onbase", "--chain", "base", "--address", HOLDER)
        code, status = run(capsys, "portfolio")
        assert code == 0
        assert main(["portfolio"]) == 0
        text = capsys.readouterr().out
    lines = status["everywhere"]["lines"]
    assert lines == [
        {
            "asset": "ETH",
            "where": "wallet:onbase (base 0x5aAe…eAed)",
            "quantity": "1",
            "price": lines[0]["price"],
            "value": lines[0]["value"],
            "tradable": False,
        }
    ]
    assert "holdings" in status  # the paper account's fields are all still there
    assert "wallet:onbase" in text and "no (read-only)" in text and "JSON-RPC" in text


def test_the_agent_answers_whats_in_my_wallets(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "wallet", "add", "phantom", "--chain", "solana", "--address", SOL)
    assert main(["ask", "what's in my wallets?"]) == 0
    out = capsys.readouterr().out
    assert "phantom" in out and "SOL" in out and "SIMULATED" in out and "read-only" in out


def test_balances_exit_1_when_no_wallet_could_be_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    node = Node(chain_id=1, wei={HOLDER.lower(): 10**18})
    with serve(node) as url:
        monkeypatch.setenv("COINPILOT_WALLET_SOURCE", "rpc")
        monkeypatch.setenv("COINPILOT_EVM_RPC_URLS", json.dumps({"arbitrum": url}))
        run(capsys, "wallet", "add", "arb", "--chain", "arbitrum", "--address", HOLDER)
        code, report = run(capsys, "wallet", "balances")
    assert code == 1 and "not arbitrum" in report["wallets"][0]["error"]
    assert report["wallets"][0]["holdings"] == []
