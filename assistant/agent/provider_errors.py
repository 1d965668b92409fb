"""A model server's failures as sentences a person can act on, with the key never in them.

The openai client raises one exception per kind of failure; the person should read what happened
(unreachable, too slow, key refused, no such model, rate-limited, server error) and what to change,
not a class name. Redaction is by the configured key's *value*: a key that does not look like
``sk-...`` (a proxy's token, an Ollama key) is still hidden wherever a message echoes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.domain import AgentError
from assistant.domain.secrets import redact as redact_registered

_BEARER = re.compile(r"(Bearer\s+)\S+", re.I)
#: Keys of the usual shape are hidden too, whoever's they are: an error may echo another key.
_KEY_SHAPE = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")
OFFLINE_HINT = "or unset COINPILOT_LLM_BASE_URL and COINPILOT_LLM_MODEL to use the offline parser"


class ProviderError(AgentError):
    """The model server failed to answer: unreachable, too slow, refused, or broken."""

    kind = "provider"


@dataclass(frozen=True)
class Endpoint:
    """What a message about the server may name: never the key itself."""

    base_url: str
    model: str
    timeout: float
    retries: int


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret's value, any bearer token and any ``sk-...`` key as ``***``.

    Then through the process-wide registry (:mod:`assistant.domain.secrets`), so an exchange key
    echoed by a provider error is hidden as well as the model's own.
    """
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return redact_registered(_KEY_SHAPE.sub("***", _BEARER.sub(r"\1***", text)))


def friendly(exc: BaseException, where: Endpoint, secrets: Iterable[str]) -> ProviderError:
    """The :class:`ProviderError` for an exception raised while calling the model server."""
    import openai  # the client's exception classes; loaded with it

    tries = where.retries + 1
    detail = redact(_detail(exc), secrets)
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError(
            f"The model server at {where.base_url} did not answer within {where.timeout:g} s "
            f"({tries} {'try' if tries == 1 else 'tries'}).",
            hint=f"Raise COINPILOT_LLM_TIMEOUT or check the server, {OFFLINE_HINT}.",
        )
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError(
            f"Could not reach the model server at {where.base_url}.",
            hint=f"Is it running, and is COINPILOT_LLM_BASE_URL right? Or {OFFLINE_HINT[3:]}.",
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ProviderError(
            f"The model server refused the API key ({_status(exc)}).",
            hint="Check COINPILOT_LLM_API_KEY (or OPENAI_API_KEY).",
        )
    if isinstance(exc, openai.NotFoundError):
        return ProviderError(
            f"The server at {where.base_url} does not serve a model named '{where.model}' (404).",
            hint="Set COINPILOT_LLM_MODEL to a model it lists (for Ollama: ollama list).",
        )
    if isinstance(exc, openai.RateLimitError):
        return ProviderError(
            f"The model server is limiting requests (429) and still was after {tries} "
            f"{'try' if tries == 1 else 'tries'}.",
            hint="Wait a minute and ask again, or raise COINPILOT_LLM_MAX_RETRIES.",
        )
    if isinstance(exc, openai.BadRequestError):
        return ProviderError(
            f"The model server rejected the request (400): {detail}",
            hint="A smaller COINPILOT_LLM_HISTORY_TURNS helps when the context is too long.",
        )
    if isinstance(exc, openai.APIStatusError):
        return ProviderError(
            f"The model server failed ({_status(exc)}) after {tries} "
            f"{'try' if tries == 1 else 'tries'}: {detail}",
            hint=f"Try again later, {OFFLINE_HINT}.",
        )
    return ProviderError(
        f"The model failed: {type(exc).__name__}: {detail}",
        hint=f"Check COINPILOT_LLM_BASE_URL and COINPILOT_LLM_MODEL, {OFFLINE_HINT}.",
    )


def _status(exc: BaseException) -> str:
    code = getattr(exc, "status_code", None)
    return f"HTTP {code}" if code else "no status"


def _detail(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"
