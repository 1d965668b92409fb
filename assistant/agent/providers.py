"""Which model answers: an OpenAI-compatible endpoint when configured, else the offline parser.

Any server that speaks the OpenAI chat API works by base URL and model name (OpenAI, Ollama, vLLM,
LM Studio, llama.cpp server). The key comes from ``COINPILOT_LLM_API_KEY`` or ``OPENAI_API_KEY``;
it is handed to the client and nowhere else: never logged, journaled or put in a prompt, and its
value is redacted from every error message (:func:`.provider_errors.redact`). Timeouts, retries,
streaming and prices come from the settings (``llm_*``). The HTTP client under the model is ours:
its transport stops a request when the person presses Escape (:mod:`.transport`) and can record or
replay answers (:mod:`.cassette`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.domain import ConfigError, StrategySpec
from assistant.engine import Services

from .budget import Budget
from .offline.brain import OfflineBrain, offline_model
from .offline.inputs import OFFLINE_INFO, last_spec, market_quotes, symbol_map, wants_llm
from .provider_errors import Endpoint
from .transport import CancelScope
from .turns import ModelInfo

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from .cassette import Cassette


@dataclass
class Provider:
    """A chat model and what the session must know about it: secrets, endpoint, cancel scope."""

    model: BaseChatModel
    info: ModelInfo
    secrets: tuple[str, ...] = ()
    endpoint: Endpoint | None = None
    cancel: CancelScope = field(default_factory=CancelScope)

    def budget(self, settings: Settings) -> Budget:
        """The limits from the settings, priced for this model."""
        price_in, price_out = settings.llm_price(self.info.model_id)
        return Budget(
            price_in=price_in,
            price_out=price_out,
            max_turn_tokens=settings.llm_max_turn_tokens,
            max_session_tokens=settings.llm_max_session_tokens,
            max_turn_cost=settings.llm_max_turn_cost,
            max_session_cost=settings.llm_max_session_cost,
            max_model_calls=settings.llm_max_model_calls,
        )


def make_model(
    settings: Settings, services: Services, *, previous: StrategySpec | None = None
) -> tuple[BaseChatModel, ModelInfo]:
    provider = open_provider(settings, services, previous=previous)
    return provider.model, provider.info


def open_provider(
    settings: Settings,
    services: Services,
    *,
    previous: StrategySpec | None = None,
    cassette: Cassette | None = None,
) -> Provider:
    """The configured LLM (through ``cassette`` when given), else the offline parser."""
    if wants_llm(settings):
        return _openai_compatible(settings, cassette)
    brain = OfflineBrain(
        symbol_map(services),
        previous_spec=lambda: previous or last_spec(services),
        quotes=market_quotes(services),
    )
    return Provider(offline_model(brain), OFFLINE_INFO)


def _openai_compatible(settings: Settings, cassette: Cassette | None) -> Provider:
    import httpx

    from .cassette import CassetteTransport
    from .models.openai_compat import CoinPilotChatOpenAI
    from .transport import CancellableTransport

    if not settings.llm_model:
        raise ConfigError(
            "COINPILOT_LLM_BASE_URL is set but COINPILOT_LLM_MODEL is not.",
            hint="Set the model name your server serves, e.g. COINPILOT_LLM_MODEL=llama3.1:8b.",
        )
    key = settings.llm_key()
    secret = key.get_secret_value() if key is not None else ""
    scope = CancelScope()
    inner: httpx.BaseTransport = httpx.HTTPTransport()
    if cassette is not None:
        inner = CassetteTransport(cassette, None if cassette.mode == "replay" else inner)
    client = httpx.Client(
        transport=CancellableTransport(inner, scope), timeout=settings.llm_timeout
    )
    model = CoinPilotChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=key if key is not None else "not-needed",  # local servers accept any key
        streaming=settings.llm_streaming,
        stream_usage=True,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=0,
        http_client=client,
    )
    where = settings.llm_base_url or "https://api.openai.com/v1"
    endpoint = Endpoint(where, settings.llm_model, settings.llm_timeout, settings.llm_max_retries)
    info = ModelInfo(settings.llm_model, "llm", f"{settings.llm_model} @ {where}")
    return Provider(model, info, (secret,) if secret else (), endpoint, scope)
