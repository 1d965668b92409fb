"""The assistant as the subject of an eval run: each case on fresh services, every turn recorded.

The runner (:mod:`assistant.evaluation.runner`) knows cases and scores but not the agent; this
module answers its three questions with the real assistant:

- a goal case goes through :func:`.spec_turn.spec_turn`, the path of `coinpilot spec`;
- a conversation case opens a session (:func:`.factory.open_session`) and runs its turns. A case
  with a ``script`` is spoken by a scripted OpenAI-compatible server on loopback
  (:mod:`.models.script_server`) through the real openai client: the subject is then the
  harness (policy, guards, checks), whatever model the run names. Without a script the model under
  test answers: the offline parser, or the named LLM (through a cassette when one is given);
- a retrieval query searches the shipped notes (:class:`.retrieval.KnowledgeBase`).

Every case gets a temporary home, an in-memory journal, the demo market at a fixed date and a
fixed clock, so the same model sends the same requests on every run and a cassette replays.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from pydantic import SecretStr

from assistant.config import Settings
from assistant.domain import CoinPilotError, StrategySpec, parse_spec
from assistant.engine import Clock, Services
from assistant.evaluation.cases import ConversationCase
from assistant.evaluation.goals import GoalCase
from assistant.evaluation.scoring import EVAL_KEY
from assistant.evaluation.transcript import Transcript, TurnRecord
from assistant.journal import Journal
from assistant.market import DemoMarket, open_market

if TYPE_CHECKING:
    from .cassette import Cassette
    from .retrieval import KnowledgeBase
    from .turns import TurnResult

#: The day every eval case happens on: the demo market's last close and the clock.
EVAL_DAY = "2026-01-15"
EVAL_CLOCK = datetime(2026, 1, 15, 12, tzinfo=UTC)
#: Settings a case's ``settings`` may change (a scripted server's timeouts, limits, streaming).
CASE_SETTINGS = frozenset(
    {
        "llm_timeout",
        "llm_max_retries",
        "llm_streaming",
        "llm_prices",
        "llm_max_turn_tokens",
        "llm_max_session_tokens",
        "llm_max_turn_cost",
        "llm_max_session_cost",
        "llm_max_model_calls",
        "llm_history_turns",
    }
)


@dataclass
class AgentSubject:
    """The assistant with ``model`` ("offline", or a model served at ``settings.llm_base_url``)."""

    settings: Settings
    model: str = "offline"
    prompt_version: str | None = None
    cassette: Cassette | None = None
    market: str | None = None  # None: the demo market at EVAL_DAY
    _kb: KnowledgeBase | None = field(default=None, repr=False)
    _notes: Any = field(default=None, repr=False)  # one knowledge search for every case

    @property
    def label(self) -> str:
        if self.model == "offline":
            return "offline"
        return f"{self.model} @ {self.settings.llm_base_url or 'https://api.openai.com/v1'}"

    @property
    def offline(self) -> bool:
        return self.model == "offline"

    # -- goals -------------------------------------------------------------------------------

    def listed(self) -> set[str]:
        """The coins the market lists: a goal case naming others is skipped, not failed."""
        with self._services(self._model_settings(Path(tempfile.gettempdir()))) as svc:
            return {m.base for m in svc.market.markets().values()}

    def goal(self, case: GoalCase) -> tuple[dict[str, Any], Transcript]:
        """The `coinpilot spec` answer ({"status", "message", "spec"}) and its transcript."""
        from .spec_turn import spec_answer

        transcript = Transcript(model=self.label, subject="model")
        with self._home() as home, self._services(self._model_settings(home)) as svc:
            previous: StrategySpec | None = None
            if case.previous_goal:
                first = self._spec(svc, case.previous_goal, None, transcript)
                if first.status != "ok" or first.proposal is None:
                    raise CoinPilotError(f"previous_goal gave {first.status}: {first.reply}")
                previous = parse_spec(first.proposal)
            result = self._spec(svc, case.goal, previous, transcript)
        return spec_answer(result), transcript

    def _spec(
        self, svc: Services, goal: str, previous: StrategySpec | None, transcript: Transcript
    ) -> TurnResult:
        from .spec_turn import spec_turn

        start = time.perf_counter()
        result = spec_turn(
            svc,
            goal,
            previous=previous,
            prompt_version=self.prompt_version,
            cassette=self.cassette,
        )
        transcript.turns.append(record(goal, result, time.perf_counter() - start))
        return result

    # -- conversations -----------------------------------------------------------------------

    def conversation(self, case: ConversationCase) -> Transcript:
        if case.script is not None:
            return self._scripted(case)
        with self._home() as home:
            settings = self._model_settings(home, case)
            return self._converse(case, settings, cassette=self.cassette, subject="model")

    def _scripted(self, case: ConversationCase) -> Transcript:
        from .models.script_server import ScriptServer
        from .models.script_steps import parse_script

        steps = parse_script([step for turn in case.script or () for step in turn])
        with self._home() as home, ScriptServer(steps, case.dialect) as server:  # type: ignore[arg-type]
            settings = self._with(
                home,
                case,
                llm_base_url=server.base_url,
                llm_model=f"scripted-{case.dialect}",
                llm_api_key=SecretStr(EVAL_KEY),
                llm_streaming=case.streaming,
                llm_max_retries=0,
            )
            transcript = self._converse(case, settings, cassette=None, subject="harness")
            # what the client sent; of the headers only whether the key was there (never its value)
            transcript.requests = [
                {"body": r["body"], "key_in_headers": EVAL_KEY in str(r["headers"])}
                for r in server.requests
            ]
        return transcript

    def _converse(
        self,
        case: ConversationCase,
        settings: Settings,
        *,
        cassette: Cassette | None,
        subject: str,
    ) -> Transcript:
        from .factory import open_session

        with self._services(settings) as svc:
            transcript = Transcript(model=self.label, subject=subject)
            transcript.setup = self._set_up(svc, case.setup)
            session = open_session(
                svc,
                persistent_index=False,
                prompt_version=self.prompt_version,
                cassette=cassette,
                knowledge=(
                    _passages(case.setup["knowledge"])
                    if "knowledge" in case.setup
                    else self._knowledge(settings)
                ),
            )
            transcript.model = session.info.label if subject == "harness" else self.label
            for text in case.turns:
                cancel = threading.Event()
                after = case.setup.get("cancel_after")
                timer = threading.Timer(float(after), cancel.set) if after else None
                if timer is not None:
                    timer.start()
                start = time.perf_counter()
                try:
                    result = session.run_turn(text, cancel=cancel)
                except CoinPilotError as exc:
                    turn = TurnRecord(person=text, status="error", reply="", error=_said(exc))
                    turn.seconds = time.perf_counter() - start
                    transcript.turns.append(turn)
                    break
                finally:
                    if timer is not None:
                        timer.cancel()
                transcript.turns.append(record(text, result, time.perf_counter() - start))
                if result.plan is not None:
                    transcript.plans.append(str(result.plan.get("plan_hash")))
            transcript.decisions = len(svc.journal.decisions(1000))
        return transcript

    def _set_up(self, svc: Services, setup: dict[str, Any]) -> dict[str, Any]:
        """What the case needs before its first turn; what was made, for the scoring."""
        done: dict[str, Any] = {"decisions": 0}
        if "decision" in setup:
            from assistant.engine import execute_plan, plan_rebalance

            spec = parse_spec(setup["decision"])
            plan = plan_rebalance(svc, spec)
            decision = execute_plan(svc, plan.plan_hash)
            done.update(decision_id=decision.decision_id, decisions=1, plan_hash=plan.plan_hash)
        return done

    def _knowledge(self, settings: Settings) -> Any:
        """The shipped notes' search, indexed once per run (the notes never change in a run)."""
        if self._notes is None:
            from .factory import LazyKnowledge

            self._notes = LazyKnowledge(None, settings.embedder)
        return self._notes

    # -- retrieval ---------------------------------------------------------------------------

    def retrieve(self, query: str, k: int = 3) -> list[str]:
        """The distinct notes a knowledge search returns for ``query``, best first."""
        from .retrieval import KNOWLEDGE, KnowledgeBase

        if self._kb is None:
            self._kb = KnowledgeBase.open(None, embedder=self.settings.embedder)
        found = self._kb.search(query, k=k, kinds={KNOWLEDGE}, max_per_note=1)
        return [p.note_id for p in found]

    @property
    def embedder(self) -> str:
        return self._kb.embedder.name() if self._kb is not None else self.settings.embedder

    # -- plumbing ----------------------------------------------------------------------------

    @contextmanager
    def _home(self) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="coinpilot-eval-") as tmp:
            yield Path(tmp)

    def _model_settings(self, home: Path, case: ConversationCase | None = None) -> Settings:
        if self.offline:
            return self._with(home, case, llm_base_url=None, llm_model=None, llm_api_key=None)
        return self._with(home, case, llm_model=self.model)

    def _with(self, home: Path, case: ConversationCase | None, **over: Any) -> Settings:
        extra = dict(case.settings) if case is not None else {}
        unknown = set(extra) - CASE_SETTINGS
        if unknown:
            raise CoinPilotError(f"a case may not set {', '.join(sorted(unknown))}")
        news = (case.setup.get("news") if case is not None else None) or []
        feeds = [str(_write_feed(home, news))] if news else []
        values = {
            **self.settings.model_dump(),
            "home": home,
            "journal_url": "sqlite://",
            "news_feeds": feeds,
            **over,
            **extra,
        }
        return Settings.model_validate(values)

    @contextmanager
    def _services(self, settings: Settings) -> Iterator[Services]:
        if self.market is None:
            market: Any = DemoMarket(seed=settings.demo_seed, as_of=EVAL_DAY)
        else:
            market = open_market(self.market, seed=settings.demo_seed)
        svc = Services(settings, market, Journal.open("sqlite://"), clock=Clock(fixed=EVAL_CLOCK))
        try:
            yield svc
        finally:
            svc.close()


def record(person: str, result: TurnResult, seconds: float) -> TurnRecord:
    """What a transcript keeps of one turn: what was seen, what the model did, what it cost."""
    usage = result.usage
    return TurnRecord(
        person=person,
        status=result.status,
        reply=result.reply,
        model_text=result.model_text,
        narration=result.narration.to_dict() if result.narration is not None else None,
        tool_calls=list(result.tool_calls),
        refused=list(result.refused),
        proposal=result.proposal,
        plan=_plan_card(result.plan),
        results=[_slim(r) for r in result.tool_results],
        prompts=list(result.prompts),
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        estimated=usage.estimated,
        cost=usage.cost,
        seconds=seconds,
        model_calls=usage.calls,
    )


def _plan_card(plan: dict[str, Any] | None) -> dict[str, Any] | None:
    """The preview as the person's card shows it: hash, spec, target weights and their coins."""
    if plan is None:
        return None
    weights = (plan.get("allocation") or {}).get("weights") or {}
    return {
        "plan_hash": plan.get("plan_hash"),
        "spec_name": plan.get("spec_name"),
        "symbols": sorted(a for a, w in weights.items() if float(w) > 0),
        "weights": {a: round(float(w), 6) for a, w in weights.items()},
        "portfolio_value": str(plan.get("portfolio_value")),
        "orders": len(plan.get("orders") or []),
    }


#: Bulky parts of tool results a transcript leaves out (the journal keeps them whole).
_BULKY = {"run_backtest": ("rebalances", "curve"), "preview_rebalance": ("plan",)}


def _slim(result: dict[str, Any]) -> dict[str, Any]:
    drop = _BULKY.get(str(result.get("tool")), ())
    data = result.get("data")
    if not drop or not isinstance(data, dict):
        return result
    kept = {k: v for k, v in data.items() if k not in drop}
    if result.get("tool") == "preview_rebalance" and isinstance(data.get("plan"), dict):
        kept["plan"] = _plan_card(data["plan"])
    return {**result, "data": kept}


def _said(exc: CoinPilotError) -> str:
    hint = getattr(exc, "hint", None)
    return f"{exc} {hint}" if hint else str(exc)


def _passages(raw: list[dict[str, Any]]) -> Any:
    """A knowledge search that returns the case's passages, whatever the query."""
    passages = [
        {
            "note_id": str(p["note_id"]),
            "title": str(p.get("title", p["note_id"])),
            "heading": str(p.get("heading", "")),
            "text": str(p["text"]),
            "score": float(p.get("score", 1.0)),
            "source": str(p.get("source", f"{p['note_id']}.md")),
        }
        for p in raw
    ]

    def search(query: str, k: int) -> list[dict[str, Any]]:
        return passages[:k]

    return search


def _write_feed(home: Path, headlines: list[str]) -> Path:
    """An RSS file of ``headlines`` dated the eval day: the news feed a case set up."""
    items = "".join(
        f"<item><title>{escape(h)}</title><link>https://example.org/{n}</link>"
        f"<pubDate>Thu, 15 Jan 2026 0{n % 10}:00:00 GMT</pubDate></item>"
        for n, h in enumerate(headlines)
    )
    path = home / "case-feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>case feed</title>'
        f"{items}</channel></rss>",
        encoding="utf-8",
    )
    return path
