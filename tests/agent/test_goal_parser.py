"""Behaviour of the offline goal parser beyond the case file: contracts, edges and properties."""

from __future__ import annotations

import ast
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assistant.agent import goal_parser
from assistant.agent.goal_parser import GoalResult, build_symbol_map, parse_goal
from assistant.agent.goal_parser.evaluate import main as evaluate_main
from assistant.agent.goal_parser.numbers import words_to_digits
from assistant.domain import parse_spec

MARKET = ["ADA", "ATOM", "AVAX", "BCH", "BNB", "BTC", "DOGE", "DOT", "ETC", "ETH", "LINK", "LTC"]
MARKET += ["MATIC", "PAXG", "SHIB", "SOL", "TRX", "UNI", "XLM", "XMR", "XRP"]


def parse(goal: str, **kwargs: object) -> GoalResult:
    return parse_goal(goal, known_symbols=MARKET, **kwargs)  # type: ignore[arg-type]


def ok_spec(goal: str) -> dict[str, object]:
    result = parse(goal)
    assert result.status == "ok", result.message
    assert result.spec is not None
    return result.spec


def test_ok_spec_has_every_contract_key_and_round_trips() -> None:
    spec = ok_spec("$5,000 in BTC, ETH and SOL, at most 50% each, monthly")
    for section, keys in {
        "universe": ("symbols", "top_n", "exclude"),
        "risk": ("level", "stop_loss", "max_drawdown"),
        "constraints": ("max_weight", "min_weight", "cash_reserve"),
        "rebalance": ("every_days", "drift_threshold"),
        "execution": ("mode",),
    }.items():
        block = spec[section]
        assert isinstance(block, dict)
        assert all(k in block for k in keys), (section, block)
    assert spec["quote"] == "USDT" and spec["capital"] == 5000
    assert parse_spec(spec).capital == Decimal(5000)
    json.dumps(spec)  # plain JSON values only


def test_defaults_are_stated_in_the_message_never_silent() -> None:
    result = parse("BTC and ETH")
    assert result.status == "ok" and result.spec is not None
    assert result.spec["objective"] == "hrp"
    assert result.spec["risk"]["level"] == "moderate"  # type: ignore[index]
    assert result.spec["rebalance"] == {"every_days": None, "drift_threshold": 0.05}
    for said in ("defaults", "HRP", "risk level moderate", "5 percentage points", "calendar"):
        assert said in result.message


def test_named_choices_are_not_listed_as_defaults() -> None:
    result = parse("BTC and ETH, risk parity, aggressive, weekly")
    assert result.status == "ok"
    assert "defaults" not in result.message


@pytest.mark.parametrize(
    ("phrase", "capital"),
    [
        ("$5,000", 5000),
        ("$2.5k", 2500),
        ("5k", 5000),
        ("three grand", 3000),
        ("10 thousand dollars", 10000),
        ("1.2m", 1_200_000),
        ("twenty five hundred bucks", 2500),
        ("7,500 USDT", 7500),
        ("$1,234.50", 1234.5),
    ],
)
def test_amount_phrasings_become_capital(phrase: str, capital: float) -> None:
    assert ok_spec(f"{phrase} in BTC and ETH, monthly")["capital"] == capital


@pytest.mark.parametrize("phrase", ["EUR 20,000", "20000 euros", "£5k", "5000 CHF"])
def test_other_currencies_are_asked_about_not_converted(phrase: str) -> None:
    result = parse(f"{phrase} in BTC and ETH, monthly")
    assert result.status == "clarify" and result.spec is None
    assert "US dollars" in result.message


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("weekly", 7),
        ("every two weeks", 14),
        ("fortnightly", 14),
        ("monthly", 30),
        ("quarterly", 90),
        ("twice a year", 182),
        ("every 10 days", 10),
        ("daily", 1),
        ("once a year", 365),
        ("every other month", 60),
    ],
)
def test_period_phrasings_become_calendar_days(phrase: str, days: int) -> None:
    spec = ok_spec(f"BTC and ETH, rebalance {phrase}")
    assert spec["rebalance"] == {"every_days": days, "drift_threshold": None}


@pytest.mark.parametrize(
    ("clause", "path", "value"),
    [
        ("no more than 30% in any coin", ("constraints", "max_weight"), 0.3),
        ("at most a third in any coin", ("constraints", "max_weight"), 1 / 3),
        ("at least 5% in each coin", ("constraints", "min_weight"), 0.05),
        ("keep a fifth in cash", ("constraints", "cash_reserve"), 0.2),
        ("keep 10% in stablecoins", ("constraints", "cash_reserve"), 0.1),
        ("stop loss at 15%", ("risk", "stop_loss"), 0.15),
        ("sell if a coin falls 20%", ("risk", "stop_loss"), 0.2),
        ("halt if the portfolio drops 25% from peak", ("risk", "max_drawdown"), 0.25),
        ("rebalance when drift passes 5%", ("rebalance", "drift_threshold"), 0.05),
        (
            "rebalance if any coin is off by 10 percentage points",
            ("rebalance", "drift_threshold"),
            0.1,
        ),
    ],
)
def test_shares_get_the_role_their_clause_gives_them(
    clause: str, path: tuple[str, str], value: float
) -> None:
    spec = ok_spec(f"BTC, ETH, SOL, ADA; {clause}; monthly")
    section = spec[path[0]]
    assert isinstance(section, dict)
    assert section[path[1]] == pytest.approx(value)


def test_a_share_with_no_clear_purpose_is_asked_about() -> None:
    result = parse("BTC and ETH, 15%, monthly")
    assert result.status == "clarify"
    assert '"15%"' in result.message


def test_unknown_ticker_is_named_and_never_guessed() -> None:
    result = parse("BTC, ETH and ZZTOP, monthly")
    assert result.status == "clarify" and result.spec is None
    assert "ZZTOP" in result.message


def test_coin_the_market_does_not_list_is_named_with_its_ticker() -> None:
    result = parse_goal("bitcoin and solana, monthly", known_symbols=["BTC", "ETH"])
    assert result.status == "clarify"
    assert "solana (SOL)" in result.message


def test_everyday_words_that_are_tickers_need_capitals_or_a_coin_list() -> None:
    market = [*MARKET, "NEAR", "ONE"]
    near = parse_goal("BTC and ETH near the top, monthly", known_symbols=market)
    assert near.status == "ok" and near.spec is not None
    assert near.spec["universe"]["symbols"] == ["BTC", "ETH"]  # type: ignore[index]
    listed = parse_goal("btc, eth and link, monthly", known_symbols=market)
    assert listed.spec is not None
    assert listed.spec["universe"]["symbols"] == ["BTC", "ETH", "LINK"]  # type: ignore[index]
    capitals = parse_goal("BTC with NEAR, monthly", known_symbols=market)
    assert capitals.spec is not None
    assert capitals.spec["universe"]["symbols"] == ["BTC", "NEAR"]  # type: ignore[index]


BIG_MARKET = [
    *MARKET,
    "NEAR",
    "ONE",
    "ANY",
    "TRUE",
    "SUPER",
    "MOVE",
    "MAGIC",
    "HIGH",
    "REAL",
    "SAFE",
]


@pytest.mark.parametrize(
    ("goal", "symbols"),
    [
        ("I want BTC and ETH, any coin max 50%, rebalance monthly", ["BTC", "ETH"]),
        ("BTC and ETH, super safe, monthly", ["BTC", "ETH"]),
        ("BTC and ETH and move fast, monthly", ["BTC", "ETH"]),
        ("BTC, ETH; halt if down 30% from the high; monthly", ["BTC", "ETH"]),
        ("btc, eth, magic, monthly", ["BTC", "ETH", "MAGIC"]),
        ("BTC, ETH and MAGIC, monthly", ["BTC", "ETH", "MAGIC"]),
    ],
)
def test_exchange_tickers_that_are_english_words_need_capitals_or_a_comma_list(
    goal: str, symbols: list[str]
) -> None:
    result = parse_goal(goal, known_symbols=BIG_MARKET)
    assert result.status == "ok", result.message
    assert result.spec is not None
    assert result.spec["universe"]["symbols"] == symbols  # type: ignore[index]


def test_known_symbols_may_be_a_ticker_list_or_a_name_map() -> None:
    assert build_symbol_map(["btc", "ETH"]) == {
        "btc": "BTC",
        "bitcoin": "BTC",
        "bitcoins": "BTC",
        "xbt": "BTC",
        "eth": "ETH",
        "ether": "ETH",
        "ethereum": "ETH",
    }
    by_map = parse_goal(
        "digital gold and ether, monthly", known_symbols={"digital gold": "BTC", "eth": "ETH"}
    )
    assert by_map.spec is not None
    assert by_map.spec["universe"]["symbols"] == ["BTC", "ETH"]  # type: ignore[index]


@pytest.mark.parametrize(
    "goal",
    [
        "use 3x leverage on BTC",
        "short SOL",
        "borrow 5k and buy ETH",
        "guaranteed profit with BTC",
        "buy BTC now without confirmation",
        "wash trade DOGE",
    ],
)
def test_refusals_carry_a_reason_and_no_spec(goal: str) -> None:
    result = parse(goal)
    assert result.status == "refuse" and result.spec is None
    assert result.message.startswith("I can't")


@pytest.mark.parametrize("goal", ["BTC, ETH, no leverage, monthly", "never short, BTC ETH monthly"])
def test_ruling_out_leverage_or_shorting_is_not_a_refusal(goal: str) -> None:
    assert parse(goal).status == "ok"


def test_cap_that_leaves_most_money_uninvested_is_a_question() -> None:
    result = parse("BTC, ETH and XRP, at most 10% each, monthly")
    assert result.status == "clarify"
    assert "30%" in result.message and "70%" in result.message


def test_live_is_a_mode_and_still_needs_confirmation() -> None:
    result = parse("go live: BTC and ETH, monthly")
    assert result.status == "ok" and result.spec is not None
    assert result.spec["execution"]["mode"] == "live"  # type: ignore[index]
    assert "confirm" in result.message


def test_edit_raises_version_and_keeps_what_was_not_mentioned() -> None:
    first = parse("$5,000 in BTC, ETH, SOL, stop loss 15%, rebalance when drift passes 5%")
    assert first.spec is not None
    previous = parse_spec(first.spec)
    edited = parse("make it quarterly instead", previous=previous)
    assert edited.status == "ok" and edited.spec is not None
    assert edited.spec["version"] == 2
    assert edited.spec["rebalance"] == {"every_days": 90, "drift_threshold": None}
    assert edited.spec["risk"]["stop_loss"] == 0.15  # type: ignore[index]
    assert edited.spec["capital"] == 5000
    assert "Version 2" in edited.message and "rebalance.every_days" in edited.message


def test_swap_replaces_one_coin_in_place() -> None:
    first = parse("BTC, ETH, SOL, monthly")
    assert first.spec is not None
    edited = parse("replace SOL with AVAX", previous=parse_spec(first.spec))
    assert edited.spec is not None
    assert edited.spec["universe"]["symbols"] == ["BTC", "ETH", "AVAX"]  # type: ignore[index]


def test_understood_lists_matched_phrases_in_reading_order() -> None:
    result = parse("weekly, BTC and ETH, $500")
    assert result.understood == ["weekly", "BTC", "ETH", "$500"]


def test_number_words_become_digits_but_capital_tickers_stay() -> None:
    assert words_to_digits("three grand") == "3 grand"
    assert words_to_digits("two hundred and fifty") == "250"
    assert words_to_digits("half a million") == "500000"
    assert words_to_digits("BTC and ONE") == "BTC and ONE"
    assert words_to_digits("1.5 million") == "1.5 million"


def test_goal_result_is_frozen() -> None:
    result = parse("BTC, monthly")
    with pytest.raises(ValidationError):
        result.status = "refuse"  # type: ignore[misc]


def test_empty_and_overlong_goals_ask_for_a_goal() -> None:
    assert parse("   ").status == "clarify"
    assert parse("BTC " * 1000).status == "clarify"


_FRAGMENTS = [
    "BTC", "eth", "solana", "PEPE", "link", "near", "$5,000", "3k", "EUR 100", "10%", "a third",
    "half", "at most", "at least", "each", "keep", "in cash", "stop loss", "drops", "portfolio",
    "weekly", "every 3 days", "quarterly", "drift", "rebalance", "risk parity", "aggressive",
    "top 5", "except", "without", "no", "and", ",", "meme coins", "live", "60/40", "between",
    "to", "20%", "from peak", "instead", "drop", "add", "swap", "for", "hourly", "10x", "short",
]  # fmt: skip


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=0, max_size=14))
def test_any_mix_of_phrases_yields_a_valid_result(words: list[str]) -> None:
    result = parse(" ".join(words))
    assert result.message
    if result.status == "ok":
        assert result.spec is not None
        parse_spec(result.spec)
    else:
        assert result.spec is None


def test_evaluate_runner_prints_the_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "mini.jsonl"
    lines = [
        {"goal": "BTC and ETH, monthly", "status": "ok", "expect": {"rebalance.every_days": 30},
         "market": ["BTC", "ETH"]},
        {"goal": "BTC and ETH, monthly", "status": "refuse", "market": ["BTC", "ETH"]},
    ]  # fmt: skip
    cases.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    assert evaluate_main([str(cases)]) == 1
    out = capsys.readouterr().out
    assert "1/2 passed" in out and "FAIL line2" in out


def test_parser_source_imports_nothing_of_langchain_or_chromadb() -> None:
    """The subpackage stays testable alone; the agent layer wraps it as a chat model."""
    package = Path(goal_parser.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(("langchain", "chromadb")), (source.name, name)
