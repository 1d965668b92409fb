"""Watched wallets: add, list and remove them, and read their balances priced with the market.

A wallet is a public address on one chain, read-only: nothing here (or anywhere in CoinPilot) can
sign for it, and no strategy trades from it. Balances come from the chain's JSON-RPC node
(``wallet_source = "rpc"``, the default on a live market) or from the SIMULATED twin (the default
on the demo and the other offline markets, which never reach the network). Prices are the
market's mid in the portfolio's quote currency; an asset the market does not list is shown
unpriced, with a note, and left out of totals, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from assistant.domain import (
    CHAINS,
    EVM_CHAINS,
    READ_ONLY_NOTE,
    CoinPilotError,
    ConfigError,
    DataError,
    UnknownSymbolError,
    UserInputError,
    Wallet,
    check_address,
    check_chain,
    check_wallet_name,
)
from assistant.market import is_live
from assistant.market.cache_io import cache_root
from assistant.market.http_json import check_base_url
from assistant.market.wallets import CHAIN_INFO, WalletRead, read_wallet, tokens_for

from .money_context import in_money_context
from .services import Services

CENT = Decimal("0.01")


@dataclass(frozen=True)
class WalletHolding:
    asset: str
    quantity: Decimal
    price: Decimal | None  # None: the market has no price for it
    value: Decimal | None
    token: str | None  # contract or mint; None for the native coin
    priced_as: str | None  # what the price is of, when not the asset itself (WETH -> ETH)


@dataclass(frozen=True)
class WalletBalances:
    name: str
    chain: str
    address: str
    where: str
    source: str
    label: str
    simulated: bool
    fetched_at: datetime | None
    holdings: list[WalletHolding]
    value: Decimal  # of the priced holdings
    stale: str | None
    error: str | None  # the wallet could not be read and nothing was cached
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WalletReport:
    quote: str
    market: str
    wallets: list[WalletBalances]
    value: Decimal
    notes: list[str] = field(default_factory=list)


def wallet_source(services: Services, source: str | None = None) -> str:
    chosen = source or services.settings.wallet_source
    if chosen == "auto":
        return "rpc" if is_live(services.market.name) else "simulated"
    return chosen


def check_new_wallet(services: Services, name: str, chain: str, address: str) -> Wallet:
    """The wallet ``add_wallet`` would store, or the UserInputError saying why not; writes nothing.

    The one rule for a new wallet, shared by the CLI, the app's form and the chat's proposal: a
    valid name, a chain CoinPilot reads, a well-formed address (EIP-55 spelling for EVM), and
    neither the name nor the address already watched.
    """
    name = check_wallet_name(name)
    chain = check_chain(chain)
    canonical = check_address(chain, address)
    for existing in services.journal.wallets():
        if existing.name == name:
            raise UserInputError(
                f"A wallet named '{name}' is already watched ({existing.where}).",
                hint=f"Choose another name, or remove it first: coinpilot wallet remove {name}.",
            )
        if existing.chain == chain and existing.address == canonical:
            raise UserInputError(
                f"{canonical} on {chain} is already watched as '{existing.name}'.",
                hint="One address is read once; use the existing wallet.",
            )
    return Wallet(name=name, chain=chain, address=canonical, added_at=services.clock.now())  # type: ignore[arg-type]


def add_wallet(services: Services, name: str, chain: str, address: str) -> Wallet:
    """Start watching ``address`` on ``chain`` as ``name``; bad input changes nothing."""
    wallet = check_new_wallet(services, name, chain, address)
    services.journal.record_wallet_added(wallet)
    return wallet


def suggested_wallet_name(services: Services, chain: str, address: str) -> str:
    """A free name for a wallet the person did not name: chain and the address's first digits."""
    body = address[2:] if address.lower().startswith("0x") else address
    stem = f"{chain.strip().lower()}-{body[:4].lower()}"
    taken = {w.name for w in services.journal.wallets()}
    candidates = [stem] + [f"{stem}-{n}" for n in range(2, 100)]
    return next((c for c in candidates if c not in taken), stem)


def remove_wallet(services: Services, name: str) -> Wallet:
    for wallet in services.journal.wallets():
        if wallet.name == name:
            services.journal.record_wallet_removed(wallet, services.clock.now())
            return wallet
    raise UserInputError(f"No wallet is named '{name}'.", hint=_names_hint(services))


def list_wallets(services: Services) -> list[Wallet]:
    return services.journal.wallets()


def rpc_url(services: Services, chain: str) -> str:
    """The node URL for ``chain``: the setting if given, else the built-in public one."""
    settings = services.settings
    unknown = sorted(set(settings.evm_rpc_urls) - set(EVM_CHAINS))
    if unknown:
        raise ConfigError(
            f"The setting evm_rpc_urls names {', '.join(unknown)}, not an EVM chain CoinPilot "
            "reads.",
            hint="Use one of: " + ", ".join(EVM_CHAINS) + " (Solana has solana_rpc_url).",
        )
    if chain == "solana":
        return check_base_url(settings.solana_rpc_url, "solana_rpc_url")
    url = settings.evm_rpc_urls.get(chain, CHAIN_INFO[chain].default_rpc)
    return check_base_url(url, f"evm_rpc_urls.{chain}")


@in_money_context
def wallet_balances(
    services: Services,
    name: str | None = None,
    *,
    quote: str = "USDT",
    source: str | None = None,
) -> WalletReport:
    """Every watched wallet (or the one named), read and priced in ``quote``."""
    wallets = list_wallets(services)
    if name is not None:
        wallets = [w for w in wallets if w.name == name]
        if not wallets:
            raise UserInputError(f"No wallet is named '{name}'.", hint=_names_hint(services))
    chosen = wallet_source(services, source)
    prices = _Prices(services, quote)
    results = [_one(services, wallet, chosen, prices) for wallet in wallets]
    notes = [READ_ONLY_NOTE]
    if not wallets:
        notes.append(
            "no wallets are watched: add one with coinpilot wallet add NAME --chain CHAIN "
            "--address ADDRESS (chains: " + ", ".join(CHAINS) + ")"
        )
    if services.market.simulated:
        notes.append(f"prices are the SIMULATED market's ({services.market.name}), not real ones")
    return WalletReport(
        quote=quote,
        market=services.market.name,
        wallets=results,
        value=sum((w.value for w in results), Decimal(0)).quantize(CENT),
        notes=notes,
    )


def _one(services: Services, wallet: Wallet, source: str, prices: _Prices) -> WalletBalances:
    settings = services.settings
    try:
        read = read_wallet(
            wallet.chain,
            wallet.address,
            source=source,
            cache_root=cache_root(settings.home),
            rpc_url=rpc_url(services, wallet.chain),
            tokens=tokens_for(wallet.chain, settings.wallet_tokens),
            now=services.clock.now,
        )
    except ConfigError:
        raise
    except CoinPilotError as exc:  # one unreadable wallet must not hide the others
        return WalletBalances(
            wallet.name,
            wallet.chain,
            wallet.address,
            wallet.where,
            source,
            "not read",
            False,
            None,
            [],
            Decimal(0),
            None,
            exc.message,
            [exc.hint] if exc.hint else [],
        )
    return _priced(wallet, read, prices)


def _priced(wallet: Wallet, read: WalletRead, prices: _Prices) -> WalletBalances:
    holdings, notes = [], list(read.notes)
    for balance in read.balances:
        if balance.amount == 0 and balance.token is not None:
            continue
        of = balance.prices_as or balance.asset
        price = prices.get(of)
        value = None if price is None else (balance.amount * price).quantize(CENT)
        if price is None and balance.amount > 0:
            notes.append(prices.missing(of))
        holdings.append(
            WalletHolding(
                balance.asset, balance.amount, price, value, balance.token, balance.prices_as
            )
        )
    total = sum((h.value for h in holdings if h.value is not None), Decimal(0))
    return WalletBalances(
        wallet.name,
        wallet.chain,
        wallet.address,
        wallet.where,
        read.source,
        read.label,
        read.simulated,
        read.fetched_at,
        holdings,
        total.quantize(CENT),
        read.stale,
        None,
        notes,
    )


class _Prices:
    """Market mids in ``quote``, asked once per asset; ``None`` where the market has none."""

    def __init__(self, services: Services, quote: str) -> None:
        self.market, self.quote = services.market, quote
        self.cache: dict[str, Decimal | None] = {quote: Decimal(1)}
        self.reasons: dict[str, str] = {}

    def get(self, asset: str) -> Decimal | None:
        if asset not in self.cache:
            self.cache[asset] = None
            if not asset.isalnum():  # an unnamed SPL mint: no market lists it
                self.reasons[asset] = "an unnamed token"
                return None
            try:
                self.cache[asset] = self.market.ticker(f"{asset}/{self.quote}").mid
            except UnknownSymbolError:
                self.reasons[asset] = f"{self.market.name} does not list {asset}/{self.quote}"
            except DataError as exc:
                self.reasons[asset] = exc.message
        return self.cache[asset]

    def missing(self, asset: str) -> str:
        why = self.reasons.get(asset, "no price")
        return f"{asset} is not priced ({why}); it is left out of the totals"


def _names_hint(services: Services) -> str:
    names = [w.name for w in services.journal.wallets()]
    return ("Watched: " + ", ".join(names) + ".") if names else "No wallets are watched yet."
