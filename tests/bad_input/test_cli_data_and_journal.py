"""Bad price files and damaged journals through the real CLI: exit 2, the line or record named."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.cli import main

from .helpers import SPEC, cli_json, dump, tamper, write_prices


def test_a_missing_prices_folder_or_csv_market_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = cli_json(capsys, "optimize", "--prices", str(tmp_path / "nope"))
    assert code == 2 and err["error"] == "data" and "does not exist" in err["message"]
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC)
    code, err = cli_json(capsys, "plan", str(spec), "--market", f"csv:{tmp_path / 'nope'}")
    assert code == 2 and "is not a folder" in err["message"]
    code, err = cli_json(capsys, "plan", str(spec), "--market", "csv:")
    assert code == 2 and err["error"] == "config"


def test_a_broken_csv_cell_exits_2_naming_file_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = write_prices(tmp_path / "prices")
    btc = folder / "BTC.csv"
    lines = btc.read_text().splitlines()
    parts = lines[3].split(",")
    parts[1] = "abc"
    lines[3] = ",".join(parts)
    btc.write_text("\n".join(lines) + "\n")
    code, err = cli_json(capsys, "optimize", "--prices", str(folder))
    assert code == 2 and err["error"] == "data"
    assert "BTC.csv, line 4, column 'open': 'abc' is not a finite number" in err["message"]


def test_a_last_candle_of_1e_minus_300_is_refused_not_planned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, _isolated_home: Path
) -> None:
    folder = write_prices(tmp_path / "prices")
    btc = folder / "BTC.csv"
    lines = btc.read_text().splitlines()
    day = lines[-1].split(",")[0]
    lines[-1] = f"{day},1e-300,1e-300,1e-300,1e-300,1000"
    btc.write_text("\n".join(lines) + "\n")
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC.replace("lookback", "#"))
    code, err = cli_json(capsys, "plan", str(spec), "--market", f"csv:{folder}")
    assert code == 2 and err["error"] == "data"
    assert f"BTC.csv, line {len(lines)}, column 'open': price 1e-300 is outside" in err["message"]
    assert not (_isolated_home / "journal.db").exists() or not _plans(_isolated_home)


def _plans(home: Path) -> list[str]:
    return [line for line in dump(home / "journal.db") if 'INSERT INTO "plans"' in line]


@pytest.fixture(scope="module")
def confirmed_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A journal after one plan and its confirmation on the demo market (made once)."""
    home = tmp_path_factory.mktemp("template-home")
    spec = home / "spec.toml"
    spec.write_text(SPEC)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COINPILOT_HOME", str(home))
        mp.setenv("COINPILOT_EMBEDDER", "hashed")
        assert main(["plan", str(spec), "--json"]) == 0
        journal = home / "journal.db"
        plan_hash = json.loads(_last_plan(journal))["plan_hash"]
        assert main(["confirm", plan_hash, "--json"]) == 0
    yield journal


def _last_plan(journal: Path) -> str:
    import sqlite3

    with sqlite3.connect(journal) as conn:
        (payload, plan_hash), *_ = conn.execute(
            "select payload, plan_hash from plans order by id desc"
        ).fetchall()
    data = json.loads(payload)
    data["plan_hash"] = plan_hash
    return json.dumps(data)


@pytest.fixture
def damaged(confirmed_journal: Path, _isolated_home: Path) -> Path:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    target = _isolated_home / "journal.db"
    shutil.copy(confirmed_journal, target)
    return target


@pytest.mark.parametrize("command", [["portfolio"], ["plan", "SPEC"]])
def test_a_nan_deposit_is_a_journal_error_naming_the_deposit(
    capsys: pytest.CaptureFixture[str], damaged: Path, tmp_path: Path, command: list[str]
) -> None:
    tamper(damaged, "update deposits set amount = 'NaN'")
    before = dump(damaged)
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC)
    args = [str(spec) if a == "SPEC" else a for a in command]
    code, err = cli_json(capsys, *args)
    assert code == 2 and err["error"] == "journal"
    assert "deposit #1 " in err["message"] and "'NaN' is not a finite number" in err["message"]
    assert dump(damaged) == before


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ('{"x":', "Expecting value"),
        ('{"x": 1}', "no field 'unexecutable'"),
        ("[1]", "not a JSON object"),
    ],
)
def test_a_corrupt_plan_payload_is_a_journal_error_naming_the_plan(
    capsys: pytest.CaptureFixture[str], damaged: Path, payload: str, says: str
) -> None:
    plan_hash = json.loads(_last_plan(damaged))["plan_hash"]
    tamper(damaged, f"update plans set payload = '{payload}'")
    before = dump(damaged)
    code, err = cli_json(capsys, "journal")
    assert code == 2 and "plan #1" in err["message"] and says in err["message"]
    code, err = cli_json(capsys, "confirm", plan_hash[:16])
    assert code == 2 and f"plan {plan_hash[:12]}" in err["message"]
    assert dump(damaged) == before


def test_a_date_that_is_not_a_date_is_a_journal_error(
    capsys: pytest.CaptureFixture[str], damaged: Path
) -> None:
    tamper(damaged, "update deposits set at = 'garbage'")
    code, err = cli_json(capsys, "journal")
    assert code == 2 and err["error"] == "journal" and "garbage" in err["message"]


def test_a_journal_that_is_not_a_database_exits_2_and_is_left_alone(
    capsys: pytest.CaptureFixture[str], _isolated_home: Path
) -> None:
    _isolated_home.mkdir()
    (_isolated_home / "journal.db").write_bytes(b"not a database at all" * 100)
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and err["error"] == "journal" and "nothing was changed" in err["message"]
    assert (_isolated_home / "journal.db").read_bytes() == b"not a database at all" * 100


def test_a_journal_limit_past_sqlite_integers_lists_everything(
    capsys: pytest.CaptureFixture[str], damaged: Path
) -> None:
    code, entries = cli_json(capsys, "journal", "--limit", str(10**20))
    assert code == 0 and entries and entries[0]["kind"] == "confirmation"


@pytest.mark.parametrize(
    ("url", "says"),
    [("sqlite:////dev/null/journal.db", "is not a folder"), ("::::", "is not a database URL")],
)
def test_an_unusable_journal_url_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str, says: str
) -> None:
    monkeypatch.setenv("COINPILOT_JOURNAL_URL", url)
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and err["error"] == "journal" and says in err["message"]


def test_a_candle_time_outside_1970_to_2099_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = write_prices(tmp_path / "prices")
    btc = folder / "BTC.csv"
    lines = btc.read_text().splitlines()
    lines[1] = "-1" + lines[1][len("2025-01-01") :]
    btc.write_text("\n".join(lines) + "\n")
    code, err = cli_json(capsys, "optimize", "--prices", str(folder))
    assert code == 2 and "line 2, column 'timestamp': '-1' is not an ISO date" in err["message"]


def test_a_volume_past_1e24_and_a_too_long_folder_name_are_data_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = write_prices(tmp_path / "prices")
    btc = folder / "BTC.csv"
    lines = btc.read_text().splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0] + ",1e300"
    btc.write_text("\n".join(lines) + "\n")
    code, err = cli_json(capsys, "optimize", "--prices", str(folder))
    assert code == 2 and "line 3, column 'volume': volume 1e300 is beyond 1e+24" in err["message"]
    code, err = cli_json(capsys, "optimize", "--prices", str(tmp_path / ("x" * 300)))
    assert code == 2 and err["error"] == "data"


def test_a_deposit_asset_that_is_not_a_symbol_is_damage(
    capsys: pytest.CaptureFixture[str], damaged: Path
) -> None:
    tamper(damaged, "update deposits set asset = ?", b"\x00\x01")
    code, err = cli_json(capsys, "portfolio")
    assert code == 2 and "deposit #1" in err["message"] and "is not a symbol" in err["message"]
