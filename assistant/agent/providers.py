"""Which model answers: an OpenAI-compatible endpoint when configured, else the offline parser.

Any server that speaks the OpenAI chat API works by base URL and model name (OpenAI, Ollama, vLLM,
LM Studio, llama.cpp server). The key comes from ``COINPILOT_LLM_API_KEY`` or ``OPENAI_API_KEY``;
it is handed to the client and nowhere else: never logged, journaled or put in a prompt.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.config import Settings
from assistant.domain import ConfigError, StrategySpec
from assistant.engine import Services

from .offline.brain import OfflineBrain, offline_model
from .offline.inputs import OFFLINE_INFO, last_spec, symbol_map, wants_llm
from .turns import ModelInfo


def make_model(
    settings: Settings, services: Services, *, previous: StrategySpec | None = None
) -> tuple[BaseChatModel, ModelInfo]:
    if wants_llm(settings):
        return _openai_compatible(settings)
    brain = OfflineBrain(
        symbol_map(services), previous_spec=lambda: previous or last_spec(services)
    )
    return offline_model(brain), OFFLINE_INFO


def _openai_compatible(settings: Settings) -> tuple[BaseChatModel, ModelInfo]:
    from langchain_openai import ChatOpenAI

    if not settings.llm_model:
        raise ConfigError(
            "COINPILOT_LLM_BASE_URL is set but COINPILOT_LLM_MODEL is not.",
            hint="Set the model name your server serves, e.g. COINPILOT_LLM_MODEL=llama3.1:8b.",
        )
    key = settings.llm_key()
    model = ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=key if key is not None else "not-needed",  # local servers accept any key
        streaming=True,
        stream_usage=True,
        timeout=60,
        max_retries=2,
        temperature=0,
    )
    where = settings.llm_base_url or "api.openai.com"
    return model, ModelInfo(settings.llm_model, "llm", f"{settings.llm_model} @ {where}")
