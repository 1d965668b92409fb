"""One yield pool as DefiLlama's yields API describes it, and the risks that come with it.

Field meanings (DefiLlama yields ``/pools``): ``apy`` is the total in percent a year,
``apyBase`` the part paid by the protocol's own activity (interest, fees), ``apyReward`` the part
paid in incentive tokens, ``tvlUsd`` the value deposited in US dollars, ``ilRisk`` "yes" for pools
whose tokens can drift apart (impermanent loss), ``exposure`` "single" or "multi". The risks are
named from those fields, never guessed from a pool's name alone; a pool always carries smart-
contract risk, because depositing means trusting code CoinPilot has not audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

#: Tokens meant to hold a peg; a pool holding one can lose value if it breaks.
PEGGED: Final = frozenset(
    {
        "USDC",
        "USDT",
        "DAI",
        "USDE",
        "FDUSD",
        "TUSD",
        "PYUSD",
        "USDS",
        "FRAX",
        "LUSD",
        "GHO",
        "USDC.E",
        "USDBC",
        "CRVUSD",
        "SUSD",
        "BUSD",
        "USD1",
        "RLUSD",
    }
)


@dataclass(frozen=True)
class Pool:
    pool: str  # DefiLlama's pool id
    chain: str
    project: str
    symbol: str  # e.g. "USDC" or "USDC-WETH" for an LP pool
    tvl_usd: float
    apy: float | None  # percent a year, total
    apy_base: float | None
    apy_reward: float | None
    apy_mean_30d: float | None = None
    reward_tokens: tuple[str, ...] = ()
    stablecoin: bool = False
    il_risk: str | None = None  # "yes" / "no" as DefiLlama says
    exposure: str | None = None  # "single" / "multi"
    outlier: bool = False
    pool_meta: str | None = None
    tokens: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.tokens:
            parts = tuple(t.strip().upper() for t in self.symbol.replace("/", "-").split("-"))
            object.__setattr__(self, "tokens", tuple(p for p in parts if p))

    def holds(self, asset: str) -> bool:
        """True when ``asset`` is one of the pool's tokens (USDC in USDC-WETH, not in USDCX)."""
        return asset.upper() in self.tokens

    def risks(self) -> list[str]:
        out = [
            f"smart-contract: deposits sit in {self.project}'s contracts; a bug or exploit can "
            "lose them, and CoinPilot has not audited them"
        ]
        pegged = [t for t in self.tokens if t in PEGGED]
        if pegged or self.stablecoin:
            named = ", ".join(pegged) or "its stablecoin"
            out.append(f"depeg: {named} can lose its peg, and the pool's value with it")
        if self.apy_reward:
            share = self.apy_reward / self.apy if self.apy else 1.0
            tokens = f" ({len(self.reward_tokens)} reward token(s))" if self.reward_tokens else ""
            out.append(
                f"reward token: {self.apy_reward:.2f} points of the APY ({share:.0%}) are paid in "
                f"incentive tokens{tokens} whose price can fall and whose emissions can stop"
            )
        if (self.il_risk or "").lower() == "yes" or (self.exposure or "").lower() == "multi":
            out.append(
                "impermanent loss: a liquidity-pool position; when its tokens' prices move apart "
                "you end up with more of the one that fell"
            )
        if self.outlier:
            out.append("outlier: DefiLlama flags this APY as an outlier; it may not last")
        return out
