"""`coinpilot holdings add ASSET QTY --account NAME`: typed holdings recorded like an import; bad
input exits 2 and records nothing; the next plan on the account starts from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_typed_holdings_open_a_paper_account_that_the_next_plan_starts_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, rows = run(capsys, "holdings", "add", "btc", "0.5", "ETH", "2", "--account", "mine")
    assert code == 0
    assert rows == [{"asset": "BTC", "quantity": "0.5"}, {"asset": "ETH", "quantity": "2"}]
    code, check = run(capsys, "account", "check", "mine")
    assert check["balances"] == {"BTC": "0.5", "ETH": "2"}
    code, plan = run(capsys, "plan", str(EXAMPLES / "hrp_core.toml"), "--account", "mine")
    # never funded: the spec's capital is added to the holdings, once
    assert code == 0 and plan["account"] == "mine" and plan["funding"] == "5000"
    code, decision = run(capsys, "confirm", plan["plan_hash"][:16])
    assert code == 0 and decision["account"] == "mine"  # type: ignore[index]
    code, again = run(capsys, "plan", str(EXAMPLES / "hrp_core.toml"), "--account", "mine")
    assert code == 0 and again["funding"] == "0"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["BTC"], "ASSET QTY pairs"),
        (["BTC", "half"], "the quantity 'half' is not a number"),
        (["BTC", "-1"], "must be above zero"),
        (["BTC", "1", "btc", "2"], "BTC appears twice"),
        (["B-TC", "1"], "is not an asset symbol"),
    ],
)
def test_bad_typed_holdings_exit_2_and_record_nothing(
    capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code, err = run(capsys, "holdings", "add", *args, "--account", "mine")
    assert code == 2 and says in err["message"]
    code, listed = run(capsys, "account", "list")
    assert listed == []


def test_ask_says_how_to_record_holdings_and_records_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, answer = run(capsys, "ask", "I already hold 0.5 BTC and 2 ETH")
    assert code == 0
    reply = str(answer["reply"])  # type: ignore[index]
    assert "coinpilot holdings add BTC 0.5 ETH 2 --account paper-holdings" in reply
    assert "Nothing is recorded yet" in reply
    code, listed = run(capsys, "account", "list")
    assert listed == []
