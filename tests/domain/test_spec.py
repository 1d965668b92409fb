from __future__ import annotations

import pytest

from assistant.domain import SpecError, diff_specs, parse_spec, parse_spec_toml, spec_to_toml

BASE = {"universe": {"symbols": ["btc", "eth", "sol"]}, "rebalance": {"drift_threshold": 0.05}}


def test_spec_normalizes_symbols_to_upper_case_without_duplicates() -> None:
    spec = parse_spec({**BASE, "universe": {"symbols": ["btc", "BTC", "eth"]}})
    assert spec.universe.symbols == ["BTC", "ETH"]


def test_unknown_field_is_named_in_a_readable_sentence() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec({**BASE, "leverage": 3})
    assert any("'leverage' is not a field" in p for p in info.value.problems)


def test_negative_cash_reserve_is_refused() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec({**BASE, "constraints": {"cash_reserve": -0.1}})
    assert "constraints.cash_reserve" in str(info.value)


def test_min_weights_that_cannot_sum_are_refused() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec({**BASE, "constraints": {"min_weight": 0.4}})
    assert "min_weight 0.4 x 3 assets" in str(info.value)


def test_min_weight_feasibility_accounts_for_cash_reserve() -> None:
    with pytest.raises(SpecError):
        parse_spec({**BASE, "constraints": {"min_weight": 0.3, "cash_reserve": 0.2}})
    parse_spec({**BASE, "constraints": {"min_weight": 0.3, "cash_reserve": 0.1}})


def test_a_rebalance_rule_is_required() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec({"universe": {"symbols": ["BTC"]}, "rebalance": {}})
    assert "every_days" in str(info.value)


def test_universe_needs_exactly_one_rule() -> None:
    with pytest.raises(SpecError):
        parse_spec({**BASE, "universe": {"symbols": ["BTC"], "top_n": 5}})


def test_toml_round_trip_keeps_the_spec_and_its_hash() -> None:
    spec = parse_spec({**BASE, "capital": "5000", "constraints": {"max_weight": 0.5}})
    again = parse_spec_toml(spec_to_toml(spec))
    assert again == spec
    assert again.content_hash() == spec.content_hash()


def test_capital_is_written_as_a_toml_number_and_keeps_its_hash() -> None:
    for given, shown in (("5000", "5000"), ("5000.50", "5000.5"), ("1E+3", "1000")):
        spec = parse_spec({**BASE, "capital": given})
        text = spec_to_toml(spec)
        assert f"capital = {shown}\n" in text
        assert parse_spec_toml(text).content_hash() == spec.content_hash()


def test_broken_toml_names_the_source() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec_toml("universe = [", source="mine.toml")
    assert "mine.toml" in str(info.value)


def test_diff_lists_changed_fields_only() -> None:
    old = parse_spec(BASE)
    new = parse_spec({**BASE, "version": 2, "constraints": {"max_weight": 0.5}})
    changes = diff_specs(old, new)
    assert [c.path for c in changes] == ["constraints.max_weight"]
    assert changes[0].old == 1.0 and changes[0].new == 0.5
