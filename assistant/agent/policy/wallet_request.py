"""'Watch my wallet 0x... on base': the address, chain and name a message gives, read by rules.

Used by the intent rules (a message with an address and words such as watch/track/add/follow is
a request to watch a wallet, for every model) and by the offline model, which turns what is read
here into ``propose_wallet``'s arguments. Nothing here checks the address: the engine's rule for
a new wallet does, so a mistyped checksum gets the same message as in the CLI. A 64-hex private
key or a seed phrase never gets here: the session redacts and refuses it first.
"""

from __future__ import annotations

import re
from typing import Any

#: Something typed as an address: 0x and hex digits (checked later, whatever the length), or a
#: base58 run of Solana's 32-44 characters.
ADDRESS = re.compile(
    r"(?<![0-9A-Za-z])(?:0x[0-9a-fA-F]{20,63}|[1-9A-HJ-NP-Za-km-z]{32,44})(?![0-9A-Za-z])"
)
_VERB = re.compile(r"\b(?:watch|track|add|follow|monitor|import|keep an eye on)\b", re.I)
_WALLET_WORD = re.compile(r"\b(?:wallets?|address(?:es)?)\b", re.I)
_CHAINS = {
    "ethereum": "ethereum",
    "eth": "ethereum",
    "mainnet": "ethereum",
    "base": "base",
    "arbitrum": "arbitrum",
    "arb": "arbitrum",
    "polygon": "polygon",
    "matic": "polygon",
    "solana": "solana",
    "sol": "solana",
}
_CHAIN = re.compile(r"\b(" + "|".join(_CHAINS) + r")\b", re.I)
_NAME = re.compile(
    r"\b(?:as|named|called|name it)\s+['\"]?([A-Za-z0-9][A-Za-z0-9_.-]{0,39})['\"]?", re.I
)


def asks_to_watch_wallet(text: str) -> bool:
    """True for a message that gives an address and asks to watch, track or add a wallet."""
    found = ADDRESS.search(text)
    if found is None:
        return False
    rest = text[: found.start()] + " " + text[found.end() :]
    return bool(_VERB.search(rest) or _WALLET_WORD.search(rest))


def wallet_request(text: str) -> dict[str, Any] | None:
    """``propose_wallet``'s arguments for the message: address, and chain and name if given."""
    found = ADDRESS.search(text)
    if found is None:
        return None
    rest = text[: found.start()] + " " + text[found.end() :]
    args: dict[str, Any] = {"address": found.group(0)}
    chain = _CHAIN.search(rest)
    if chain is not None:
        args["chain"] = _CHAINS[chain.group(1).lower()]
    name = _NAME.search(rest)
    if name is not None and name.group(1).lower() not in _CHAINS:
        args["name"] = name.group(1)
    return args


#: The one question ``propose_wallet`` asks (its summary, said as the reply).
CHAIN_QUESTION = re.compile(r"^Which chain is (0x[0-9a-fA-F]{40}) on\b")


def chain_answer(text: str, last_reply: str) -> dict[str, Any] | None:
    """``propose_wallet``'s arguments when ``text`` names a chain right after the assistant asked
    (``last_reply``) which chain an address is on; None otherwise."""
    asked = CHAIN_QUESTION.match(last_reply)
    chain = _CHAIN.search(text)
    if asked is None or chain is None or len(text.split()) > 6:
        return None
    args: dict[str, Any] = {"address": asked.group(1), "chain": _CHAINS[chain.group(1).lower()]}
    name = _NAME.search(text)
    if name is not None and name.group(1).lower() not in _CHAINS:
        args["name"] = name.group(1)
    return args
