"""The sentiment and exchange-flow inputs of a preview, read from what this home has stored.

A preview hands the one policy the same kind of input a backtest gets: a table of daily scores
per asset, of which :func:`assistant.policy.inputs.known_reading` picks the row the decision may
use (the same rule the backtester applies), so the tilt is the same formula on the same
numbers in every mode.

- **Sentiment**: the headlines ``coinpilot news`` stored in the journal database (the news
  store), scored by the configured model and averaged per asset and UTC day
  (:func:`assistant.signals.sentiment.daily_sentiment`). Headlines published after the clock's
  now are not used.
- **Exchange flow**: the on-chain history on this machine, never fetched here: the Coin Metrics
  cache ``coinpilot onchain --source coinmetrics`` fills, or the shipped snapshot where the
  on-chain source is the snapshot (the demo and the offline markets). Scored with
  :func:`assistant.signals.flow_score`, as the backtest's flows are.

A missing or stale input gives no tilt, and the preview's notes say which, with the input's day
and age; a fresh one is named with its day and source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from assistant.domain import CoinPilotError, StrategySpec
from assistant.market.cache_io import cache_root
from assistant.market.news import NewsStore
from assistant.market.onchain import CoinMetricsSource, OnchainHistory, read_snapshot
from assistant.market.onchain.store import OnchainStore
from assistant.policy.dates import day_label
from assistant.policy.inputs import FLOW, SENTIMENT, InputRule, Reading, known_reading
from assistant.signals import flow_score
from assistant.signals.sentiment import daily_sentiment

from .services import Services

__all__ = ["SignalInputs", "flow_table", "preview_inputs", "sentiment_table"]

#: The most stored headlines a preview scores.
_MAX_HEADLINES = 5000


@dataclass(frozen=True)
class SignalInputs:
    """What the tilts get (None: no input, no tilt) and one note per input that says why."""

    sentiment: dict[str, float] | None = None
    exchange_flow: dict[str, float] | None = None
    notes: list[str] = field(default_factory=list)


def preview_inputs(
    services: Services, spec: StrategySpec, assets: Sequence[str], decided_on: pd.Timestamp
) -> SignalInputs:
    """The inputs for a decision on the close of ``decided_on`` over ``assets``."""
    decided_on = _close_day(decided_on)
    tilts = spec.signals
    sentiment = flow = None
    notes: list[str] = []
    if tilts.sentiment > 0.0:
        sentiment, note = _sentiment(services, assets, decided_on)
        notes.append(note)
    if tilts.exchange_flow > 0.0:
        flow, note = _flow(services, assets, decided_on)
        notes.append(note)
    return SignalInputs(sentiment, flow, notes)


def sentiment_table(
    services: Services, assets: Sequence[str], since: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Daily mean headline scores (days x assets) from the news store, up to the clock's now."""
    from .news import sentiment_model  # the model loads only when the tilt is on

    store = NewsStore(services.settings.resolved_journal_url)
    start = None if since is None else since.to_pydatetime()
    now = services.clock.now()
    items = [
        i
        for i in store.recent(limit=_MAX_HEADLINES, since=start)
        if i.published is not None and i.published <= now
    ]
    if not items:
        return pd.DataFrame(dtype=float)
    return daily_sentiment(items, sentiment_model(services), assets)


def flow_table(services: Services, assets: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """Daily exchange-flow scores (days x assets) from the on-chain history stored here, and
    the sources' labels; assets with no stored history are left out."""
    columns: dict[str, pd.Series] = {}
    labels: list[str] = []
    for asset in assets:
        history = _stored_history(services, asset)
        if history is None:
            continue
        score = flow_score(history.frame["FlowInExNtv"], history.frame["FlowOutExNtv"]).dropna()
        if score.empty:
            continue
        columns[asset.upper()] = score
        labels.append(f"{asset.upper()}: {history.label}")
    if not columns:
        return pd.DataFrame(dtype=float), labels
    return pd.DataFrame(columns).sort_index(), labels


def _stored_history(services: Services, asset: str) -> OnchainHistory | None:
    from .onchain import onchain_source

    if onchain_source(services) == "snapshot":
        return read_snapshot(asset)
    store = OnchainStore(cache_root(services.settings.home), CoinMetricsSource.name)
    cached = store.load(asset)
    if cached is None or cached.frame.empty:
        return None
    return OnchainHistory(
        asset=asset.upper(),
        frame=cached.frame,
        source=CoinMetricsSource.name,
        label=f"Coin Metrics cache fetched {cached.fetched_at:%Y-%m-%d %H:%M} UTC",
        fetched_at=cached.fetched_at,
        missing=cached.missing,
    )


def _sentiment(
    services: Services, assets: Sequence[str], decided_on: pd.Timestamp
) -> tuple[dict[str, float] | None, str]:
    window = pd.Timestamp(decided_on) - pd.Timedelta(days=SENTIMENT.max_age_days + 7)
    try:
        table = sentiment_table(services, assets, since=window)
    except CoinPilotError as exc:
        return None, f"sentiment tilt: no tilt, the news store cannot be read ({exc.message})"
    reading = known_reading(table, decided_on, SENTIMENT)
    if reading.fresh:
        scored = ", ".join(sorted(reading.scores or {})) or "none of the assets"
        return reading.scores, (
            f"sentiment tilt input: headlines of {reading.day} from the news store "
            f"({_age(reading)} before the close this plan decides on), scores for {scored}"
        )
    newest = reading.day or _newest_headline_day(services, assets, decided_on)
    return None, _stale("sentiment", SENTIMENT, decided_on, newest, _NEWS_HINT)


_NEWS_HINT = "read the feeds with `coinpilot news` (stored headlines are what a preview scores)"
_FLOW_HINT = "refresh the cache with `coinpilot onchain ASSET --source coinmetrics`"
_SNAPSHOT_HINT = (
    'the on-chain source here is the shipped snapshot; set onchain_source = "coinmetrics" '
    "in the config and fill the cache with `coinpilot onchain ASSET --source coinmetrics`"
)


def _flow(
    services: Services, assets: Sequence[str], decided_on: pd.Timestamp
) -> tuple[dict[str, float] | None, str]:
    try:
        table, labels = flow_table(services, assets)
    except CoinPilotError as exc:
        return None, f"exchange-flow tilt: no tilt, the on-chain history cannot be read ({exc})"
    reading = known_reading(table, decided_on, FLOW)
    if reading.fresh:
        scored = sorted(reading.scores or {})
        unscored = sorted({a.upper() for a in assets} - set(scored))
        rest = f"; no score for {', '.join(unscored)}" if unscored else ""
        return reading.scores, (
            f"exchange-flow tilt input: on-chain scores of {reading.day} "
            f"({_age(reading)} before the close this plan decides on) for "
            f"{', '.join(scored) or 'none of the assets'} ({'; '.join(labels)}){rest}"
        )
    from .onchain import onchain_source

    hint = _SNAPSHOT_HINT if onchain_source(services) == "snapshot" else _FLOW_HINT
    return None, _stale("exchange-flow", FLOW, decided_on, reading.day, hint)


def _newest_headline_day(
    services: Services, assets: Sequence[str], decided_on: pd.Timestamp
) -> object:
    """The day of the newest stored headline about ``assets`` up to the decision's close."""
    last = decided_on.date()
    try:
        store = NewsStore(services.settings.resolved_journal_url)
        days = [
            i.published.date()
            for a in assets
            for i in store.recent(limit=50, asset=a)
            if i.published is not None and i.published.date() <= last
        ]
    except CoinPilotError:
        return None
    return max(days) if days else None


def _age(reading: Reading) -> str:
    days = reading.age_days or 0
    return "1 day" if days == 1 else f"{days} days"


def _stale(label: str, rule: InputRule, decided_on: pd.Timestamp, newest: object, hint: str) -> str:
    close = day_label(decided_on)
    limit = rule.lag_days + rule.max_age_days
    if newest is None:
        what = "news headline" if label == "sentiment" else "on-chain score"
        return (
            f"{label} tilt: no tilt, there is no stored {what} for these assets up to the "
            f"close this plan decides on ({close}); {hint}"
        )
    age = (decided_on - pd.Timestamp(str(newest))).days
    return (
        f"{label} tilt: no tilt, the newest input is of {newest}, {age} days before the close "
        f"this plan decides on ({close}), older than the {limit} days allowed; {hint}"
    )


def _close_day(decided_on: object) -> pd.Timestamp:
    """The decision's close day as a tz-naive UTC midnight."""
    day = pd.Timestamp(decided_on)  # type: ignore[arg-type]
    if day.tzinfo is not None:
        day = day.tz_convert("UTC").tz_localize(None)
    return day.normalize()
