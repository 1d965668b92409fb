"""The offline twin of the yields API: a small SIMULATED sample of pools, not real yields.

The demo must answer "where could my idle USDC earn?" with no network. Real pool data could not
be shipped with a date the way the news and on-chain snapshots are, so this is a fixed, made-up
sample in DefiLlama's shape: real protocol and chain names, invented APYs and TVLs. Every surface
labels it SIMULATED; never read these numbers as offers. ``--source defillama`` reads real ones.
"""

from __future__ import annotations

from typing import Final

from .pool import Pool

LABEL: Final = "SIMULATED sample pools (made-up APYs and TVLs, not real yields)"

_ROWS: Final = (
    # pool id, chain, project, symbol, tvl, base, reward, il, exposure, rewards
    ("sim-1", "Ethereum", "aave-v3", "USDC", 2.1e9, 3.9, None, "no", "single", 0),
    ("sim-2", "Ethereum", "compound-v3", "USDC", 6.4e8, 4.2, 0.6, "no", "single", 1),
    ("sim-3", "Base", "aave-v3", "USDC", 3.2e8, 4.8, None, "no", "single", 0),
    ("sim-4", "Arbitrum", "aave-v3", "USDC", 1.9e8, 4.5, 0.3, "no", "single", 1),
    ("sim-5", "Ethereum", "curve-dex", "USDC-USDT", 1.5e8, 1.1, 2.4, "no", "multi", 1),
    ("sim-6", "Base", "aerodrome-v2", "USDC-WETH", 9.0e7, 8.0, 14.0, "yes", "multi", 1),
    ("sim-7", "Solana", "kamino-lend", "USDC", 4.1e8, 5.6, 0.9, "no", "single", 1),
    ("sim-8", "Ethereum", "morpho-blue", "USDC", 5.5e7, 6.1, 1.5, "no", "single", 1),
    ("sim-9", "Ethereum", "lido", "STETH", 2.2e10, 2.7, None, "no", "single", 0),
    ("sim-10", "Ethereum", "aave-v3", "WETH", 1.4e9, 1.9, None, "no", "single", 0),
    ("sim-11", "Ethereum", "aave-v3", "USDT", 1.1e9, 4.4, None, "no", "single", 0),
    ("sim-12", "Solana", "marinade-liquid-staking", "MSOL", 9.5e8, 7.1, None, "no", "single", 0),
    ("sim-13", "Ethereum", "spark", "DAI", 8.0e8, 5.0, None, "no", "single", 0),
    ("sim-14", "Arbitrum", "tiny-farm", "USDC", 4.0e5, 19.0, 41.0, "no", "single", 2),
)


def sample_pools() -> list[Pool]:
    out = []
    for pid, chain, project, symbol, tvl, base, reward, il, exposure, n_rewards in _ROWS:
        total = (base or 0.0) + (reward or 0.0)
        out.append(
            Pool(
                pool=pid,
                chain=chain,
                project=project,
                symbol=symbol,
                tvl_usd=tvl,
                apy=total,
                apy_base=base,
                apy_reward=reward,
                reward_tokens=tuple(f"0xreward{i}" for i in range(n_rewards)),
                stablecoin=all(t in {"USDC", "USDT", "DAI"} for t in symbol.split("-")),
                il_risk=il,
                exposure=exposure,
            )
        )
    return out
