"""The chains wallets are read on: native coin, default public RPC URL, and known tokens.

The built-in token lists are the few most held tokens per chain (their contract addresses or
mints, EIP-55-checked by a test); the setting ``wallet_tokens`` adds more, as ``SYMBOL:ADDRESS``
per chain. A wrapped token is priced as what it wraps (``prices_as``), and says so. Decimals of an
ERC-20 are read from the contract (``decimals()``), never assumed; an SPL token account carries
its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain import CHAINS, ConfigError, UserInputError, check_address


@dataclass(frozen=True)
class Token:
    symbol: str
    address: str  # an ERC-20 contract (EIP-55) or an SPL mint (base58)
    prices_as: str | None = None  # e.g. WETH is priced as ETH


@dataclass(frozen=True)
class ChainInfo:
    name: str
    kind: str  # "evm" or "solana"
    native: str
    native_decimals: int
    chain_id: int | None  # EVM chains: what eth_chainId must answer
    default_rpc: str
    tokens: tuple[Token, ...]


_ETH = "ETH"

CHAIN_INFO: dict[str, ChainInfo] = {
    "ethereum": ChainInfo(
        "ethereum",
        "evm",
        _ETH,
        18,
        1,
        "https://ethereum-rpc.publicnode.com",
        (
            Token("USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
            Token("USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7"),
            Token("DAI", "0x6B175474E89094C44Da98b954EedeAC495271d0F"),
            Token("WETH", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", _ETH),
            Token("WBTC", "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", "BTC"),
        ),
    ),
    "base": ChainInfo(
        "base",
        "evm",
        _ETH,
        18,
        8453,
        "https://mainnet.base.org",
        (
            Token("USDC", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
            Token("USDT", "0xfde4C96c8593536E31F229EA8f37b2ADa2699bb2"),
            Token("DAI", "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb"),
            Token("WETH", "0x4200000000000000000000000000000000000006", _ETH),
        ),
    ),
    "arbitrum": ChainInfo(
        "arbitrum",
        "evm",
        _ETH,
        18,
        42161,
        "https://arb1.arbitrum.io/rpc",
        (
            Token("USDC", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831"),
            Token("USDT", "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9"),
            Token("WETH", "0x82aF49447D8a07e3bd95BD0d56f35241523fBab1", _ETH),
        ),
    ),
    "polygon": ChainInfo(
        "polygon",
        "evm",
        "POL",
        18,
        137,
        "https://polygon-rpc.com",
        (
            Token("USDC", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"),
            Token("USDT", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F"),
            Token("WETH", "0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619", _ETH),
        ),
    ),
    "solana": ChainInfo(
        "solana",
        "solana",
        "SOL",
        9,
        None,
        "https://api.mainnet-beta.solana.com",
        (
            Token("USDC", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
            Token("USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB"),
            Token("WSOL", "So11111111111111111111111111111111111111112", "SOL"),
        ),
    ),
}
assert tuple(CHAIN_INFO) == CHAINS, "every chain a Wallet accepts has its ChainInfo"


def tokens_for(chain: str, configured: dict[str, list[str]]) -> tuple[Token, ...]:
    """The built-in tokens of ``chain`` plus those the setting ``wallet_tokens`` names for it."""
    extra: list[Token] = []
    for chain_name in configured:
        if chain_name not in CHAIN_INFO:
            raise ConfigError(
                f"The setting wallet_tokens names the chain '{chain_name}', which CoinPilot "
                "does not read.",
                hint="Use one of: " + ", ".join(CHAIN_INFO) + ".",
            )
    for entry in configured.get(chain, []):
        extra.append(_parse_token(chain, entry))
    known = {t.address for t in CHAIN_INFO[chain].tokens}
    return CHAIN_INFO[chain].tokens + tuple(t for t in extra if t.address not in known)


def _parse_token(chain: str, entry: str) -> Token:
    symbol, sep, address = entry.partition(":")
    symbol = symbol.strip().upper()
    if not sep or not symbol.isalnum() or not 1 <= len(symbol) <= 12:
        raise ConfigError(
            f"The setting wallet_tokens.{chain} has the entry '{entry}', not SYMBOL:ADDRESS.",
            hint='Write e.g. "LINK:0x514910771AF9Ca656af840dff83E8264EcF986CA".',
        )
    try:
        canonical = check_address(chain, address)
    except UserInputError as exc:
        raise ConfigError(
            f"The setting wallet_tokens.{chain} entry '{entry}': {exc.message}", hint=exc.hint
        ) from None
    return Token(symbol, canonical)
