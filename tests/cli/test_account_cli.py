"""The account commands end to end: add, list, check, import holdings, plan and confirm on an
account, portfolio of an account, resume; bad input exits 2 with what to fix and changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.cli.core_commands import _ask_phrase
from assistant.domain import UserInputError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_named_paper_account_with_imported_holdings_runs_a_strategy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, added = run(capsys, "account", "add", "my-paper", "--paper", "--capital", "5000")
    assert code == 0 and added["badge"] == "PAPER" and added["balances"] == {"USDT": "5000"}
    holdings = tmp_path / "holdings.csv"
    holdings.write_text("asset,quantity\nBTC,0.01\nETH,0.5\n")
    code, rows = run(capsys, "holdings", "import", str(holdings), "--account", "my-paper")
    assert code == 0 and [r["asset"] for r in rows] == ["BTC", "ETH"]

    spec = str(EXAMPLES / "hrp_core.toml")
    code, plan = run(capsys, "plan", spec, "--account", "my-paper")
    assert code == 0 and plan["account"] == "my-paper" and plan["funding"] == "0"
    code, decision = run(capsys, "confirm", plan["plan_hash"][:16])
    assert code == 0 and decision["account"] == "my-paper"
    code, status = run(capsys, "portfolio", "--account", "my-paper")
    assert code == 0 and status["account"] == "my-paper" and status["badge"] == "PAPER"
    code, listed = run(capsys, "account", "list")
    assert listed == [{**listed[0], "name": "my-paper", "strategies": ["hrp-core"]}]
    code, resumed = run(capsys, "resume")
    assert code == 0 and resumed == []


def test_plan_without_an_account_gives_the_strategy_its_own_paper_account(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, plan = run(capsys, "plan", str(EXAMPLES / "hrp_core.toml"))
    assert code == 0 and plan["account"] == "paper-hrp-core" and plan["funding"] == "5000"
    main(["plan", str(EXAMPLES / "hrp_core.toml")])
    out = capsys.readouterr().out
    assert "account paper-hrp-core" in out and "coinpilot confirm" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["account", "add", "Bad Name", "--paper"], "is not an account name"),
        (["account", "add", "p", "--paper", "--sandbox"], "--sandbox is for exchange accounts"),
        (["account", "add", "x", "--exchange", "binance", "--capital", "5"], "--capital is for"),
        (["account", "check", "nope"], "no account named 'nope'"),
        (["holdings", "import", "--account", "nope"], "either a CSV file or --from"),
        (["plan", str(EXAMPLES / "hrp_core.toml"), "--account", "nope"], "no account named"),
    ],
)
def test_bad_account_input_exits_2_with_what_to_fix(
    capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code, err = run(capsys, *args)
    assert code == 2 and says in err["message"]


def test_a_bad_capital_is_refused_by_the_parser_with_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["account", "add", "p", "--paper", "--capital", "-5"])
    assert info.value.code == 2
    assert "must be a positive amount" in capsys.readouterr().err


def test_a_bad_holdings_file_names_the_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "account", "add", "my-paper", "--paper")
    bad = tmp_path / "h.csv"
    bad.write_text("asset,quantity\nBTC,0.5\nETH,two\n")
    code, err = run(capsys, "holdings", "import", str(bad), "--account", "my-paper")
    assert code == 2 and "line 3: the quantity 'two' is not a number" in err["message"]
    code, check = run(capsys, "account", "check", "my-paper")
    assert check["balances"] == {}


def test_an_exchange_account_without_keys_names_where_to_put_them_and_records_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run(capsys, "account", "add", "binance-main", "--exchange", "binance")
    assert code != 0 and "COINPILOT_BINANCE_MAIN_API_KEY" in err["message"]
    code, listed = run(capsys, "account", "list")
    assert listed == []


def test_the_typed_phrase_is_read_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("LIVE 2 orders 10.00 USDT\n"))
    assert _ask_phrase("LIVE 2 orders 10.00 USDT", as_json=True) == "LIVE 2 orders 10.00 USDT"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(UserInputError, match="No confirmation was typed; nothing was sent"):
        _ask_phrase("LIVE 2 orders 10.00 USDT", as_json=True)
