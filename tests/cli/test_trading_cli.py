"""The safeguard and accounting commands end to end on a paper account: halt refuses a confirm
(exit 1) until resume-trading; pnl and trades export read the fills; bad input exits 2."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_halt_export_and_pnl_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "account", "add", "my-paper", "--paper", "--capital", "5000")[0] == 0
    code, plan = run(capsys, "plan", str(EXAMPLES / "hrp_core.toml"), "--account", "my-paper")
    assert code == 0
    assert isinstance(plan, dict)

    code, halted = run(capsys, "halt", "--reason", "checking the switch")
    assert code == 0 and halted == {"scope": "*", "cancelled": [], "left": []}
    code, refused = run(capsys, "confirm", plan["plan_hash"][:16])
    assert code == 1 and isinstance(refused, dict)
    assert refused["error"] == "trading_halted" and "checking the switch" in refused["message"]
    code, resumed = run(capsys, "resume-trading")
    assert code == 0 and resumed == {"resumed": ["*"]}
    code, decision = run(capsys, "confirm", plan["plan_hash"][:16])
    assert code == 0 and isinstance(decision, dict)

    out = tmp_path / "trades.csv"
    assert (
        main(["trades", "export", "--format", "csv", "--account", "my-paper", "--out", str(out)])
        == 0
    )
    with out.open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    filled = [r for r in decision["results"] if r["status"] == "filled"]
    assert len(rows) == sum(len(r["fills"]) for r in filled) > 0
    assert list(rows[0]) == [
        "date", "account", "side", "asset", "quantity", "price", "quote", "quote_value",
        "fee", "fee_currency", "order_id", "client_order_id",
    ]  # fmt: skip
    assert {r["side"] for r in rows} == {"buy"} and {r["account"] for r in rows} == {"my-paper"}

    assert main(["trades", "export", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [r["client_order_id"] for r in exported] == [r["client_order_id"] for r in rows]

    code, reports = run(capsys, "pnl", "--account", "my-paper")
    assert code == 0 and isinstance(reports, list)
    report = reports[0]
    fees = sum(Decimal(r["fee"]) for r in rows)
    assert Decimal(report["fees"]) == fees.quantize(Decimal("0.01"))
    assert Decimal(report["realized"]) == 0  # only buys so far
    assert {a["asset"] for a in report["assets"]} == {r["asset"] for r in rows}


def test_bad_input_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "account", "add", "my-paper", "--paper", "--capital", "5000")[0] == 0
    code, said = run(capsys, "reconcile", "--account", "my-paper")
    assert code == 2 and "nothing to reconcile" in said["message"]  # type: ignore[index]
    code, said = run(capsys, "halt", "--account", "nope")
    assert code == 2 and "no account named 'nope'" in said["message"]  # type: ignore[index]
    taken = tmp_path / "taken.csv"
    taken.write_text("keep me\n")
    assert main(["trades", "export", "--out", str(taken)]) == 2
    assert taken.read_text() == "keep me\n"
    with pytest.raises(SystemExit) as info:
        main(["trades", "export", "--format", "xlsx"])
    assert info.value.code == 2
