"""Market data and news commands: market fetch, news, sentiment."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # each command imports what it uses, so that --help stays light
    from assistant.engine import Services
    from assistant.market.news import NewsReport


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    market = sub.add_parser("market", help="market data: fill the local candle cache")
    msub = market.add_subparsers(dest="market_command", metavar="ACTION", required=True)
    p = msub.add_parser("fetch", parents=[common], help="download candles into the cache")
    p.add_argument("exchange", help="a ccxt exchange id, e.g. binance")
    p.add_argument(
        "symbols",
        nargs="*",
        help="pairs such as BTC/USDT (binance 1d without pairs: every coin of the shipped history)",
    )
    p.add_argument("--timeframe", default="1d")
    p.add_argument("--since", default=None, help="first day, e.g. 2020-01-01")
    p.set_defaults(func=cmd_market_fetch)

    p = sub.add_parser(
        "news",
        parents=[common],
        help="read the news feeds, score sentiment",
        description="Headlines with sentiment. Offline markets (demo, history, csv) read the "
        "shipped snapshot of December 2025, labelled as such; live feeds are read when you "
        "name them (--feed, or news_feeds in the config file) or choose --market ccxt:<exchange>.",
    )
    p.add_argument("--feed", action="append", default=None, help="a feed URL or file (repeatable)")
    p.add_argument("--limit", type=int, default=20, help="headlines to show")
    p.set_defaults(func=cmd_news)

    p = sub.add_parser("sentiment", parents=[common], help="score headlines")
    p.add_argument("headline", nargs="?", default=None)
    p.add_argument("--file", default=None, help="one headline per line ('-' for stdin)")
    p.set_defaults(func=cmd_sentiment)


def cmd_market_fetch(args: argparse.Namespace, services: Services) -> int:
    from rich.progress import Progress, TaskID

    from assistant.domain import NotAvailableError, UserInputError
    from assistant.market import open_market
    from assistant.market.cache_fill import FetchProgress, fetch_history
    from assistant.market.cache_market import CachedMarket
    from assistant.market.history import HistoryMarket, continues

    from .history_view import history_reach, show_history_reach
    from .output import print_json
    from .terminal import console, err_console

    since = datetime.fromisoformat(args.since).replace(tzinfo=UTC) if args.since else None
    history = HistoryMarket(services.settings.home)
    extends = continues(args.exchange, args.timeframe)
    symbols = args.symbols or (history.listed_pairs() if extends else [])
    if not symbols:
        raise UserInputError(
            "name the pairs to fetch, e.g. BTC/USDT ETH/USDT.",
            hint="Only `market fetch binance` (daily candles) has a default: the shipped coins.",
        )
    starts = history.starts(args.exchange, args.timeframe, symbols)
    market = open_market(f"ccxt:{args.exchange}", home=services.settings.home)
    if not isinstance(market, CachedMarket):
        raise NotAvailableError(f"{args.exchange} has no local cache")
    with Progress(console=err_console, transient=True, disable=args.json) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(p: FetchProgress) -> None:
            if p.symbol not in tasks:
                tasks[p.symbol] = bar.add_task(p.symbol, total=p.expected or None)
            bar.update(tasks[p.symbol], completed=p.candles, total=p.expected or None)

        results = fetch_history(
            market, symbols, args.timeframe, since, progress=progress, starts=starts
        )
    rows = [
        {
            "symbol": r.symbol,
            "ok": r.ok,
            "added": r.report.added if r.report else 0,
            "cached": r.report.cached if r.report else 0,
            "first": r.report.first if r.report else None,
            "last": r.report.last if r.report else None,
            "error": r.error,
        }
        for r in results
    ]
    reach = history_reach(HistoryMarket(services.settings.home)) if extends else None
    if args.json:
        print_json({"symbols": rows, "history": reach})
    else:
        for row in rows:
            if row["ok"]:
                console.print(
                    f"{row['symbol']}: {row['added']} new candles, {row['cached']} cached, "
                    f"{row['first']} .. {row['last']}",
                    markup=False,
                )
            else:
                from .output import markup_safe

                console.print(f"[red]{markup_safe(row['symbol'])}[/]: {markup_safe(row['error'])}")
        if reach is not None:
            show_history_reach(reach)
    return 0 if all(r["ok"] for r in rows) else 1


def cmd_news(args: argparse.Namespace, services: Services) -> int:
    from rich.table import Table

    from assistant.engine.news import news_sentiment

    from .output import print_json
    from .terminal import console

    result = news_sentiment(services, args.feed)
    report = result.report
    if args.json:
        snapshot = report.snapshot.isoformat() if report.snapshot else None
        print_json(
            {
                "model": result.model,
                "label": report.label,
                "snapshot": snapshot,
                "feeds": [f.__dict__ for f in report.feeds],
                "headlines": [
                    {
                        "snapshot": snapshot,
                        "title": i.title,
                        "source": i.source,
                        "link": i.link,
                        "published": i.published,
                        "assets": list(i.assets),
                        "label": s.label,
                        "score": round(s.score, 4),
                    }
                    for i, s in zip(report.items, result.scores, strict=True)
                ],
                "assets": {
                    a: {"score": round(v.score, 4), "n": v.n} for a, v in result.by_asset.items()
                },
            }
        )
        return _news_status(report)
    from .output import markup_safe, plain

    label = report.label
    if report.snapshot is not None:
        console.print(
            f"[bold yellow]News: {markup_safe(label)}[/], shipped with CoinPilot, not live. "
            "Name feeds with --feed or use --market ccxt:<exchange> for today's headlines."
        )
    for f in report.feeds:
        mark = "[green]ok[/]" if f.status != "error" else "[red]error[/]"
        source, detail = (
            (Path(f.source).name, label) if report.snapshot else (f.source, f"{f.new} new")
        )
        console.print(
            f"{mark} {markup_safe(source)}: {f.items} headlines ({markup_safe(detail)}) "
            f"{markup_safe(f.error or '')}"
        )
    table = Table(
        title=f"Headlines, {markup_safe(label)} (sentiment: {result.model}; "
        "headlines are data, not advice)"
    )
    for col in ("published (UTC)", "sentiment", "assets", "headline"):
        table.add_column(col)
    stamp = "%Y-%m-%d %H:%M" if report.snapshot else "%m-%d %H:%M"
    for item, score in list(zip(report.items, result.scores, strict=True))[: args.limit]:
        when = f"{item.published:{stamp}}" if item.published else ""
        table.add_row(
            when, f"{score.label} {score.score:+.2f}", " ".join(item.assets), plain(item.title)
        )
    console.print(table)
    per_asset = Table(title=f"Per asset, {label}")
    for col in ("asset", "score", "headlines"):
        per_asset.add_column(col)
    for asset, s in sorted(result.by_asset.items(), key=lambda kv: -kv[1].n):
        per_asset.add_row(asset, f"{s.score:+.2f}", str(s.n))
    console.print(per_asset)
    return _news_status(report)


def _news_status(report: NewsReport) -> int:
    """0 unless every feed failed: then 2 if each failure was bad input, else 1 (see the CLI)."""
    if not report.all_failed:
        return 0
    return 2 if all(f.bad_input for f in report.errors) else 1


def cmd_sentiment(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import UserInputError
    from assistant.engine.news import score_texts

    from .output import print_json
    from .terminal import console

    texts: list[str] = []
    if args.headline is not None:
        texts.append(args.headline)
    if args.file:
        texts.extend(line.strip() for line in _headlines(args.file) if line.strip())
    if not texts:
        raise UserInputError("Give a headline, or --file with one headline per line.")
    scored = score_texts(services, texts)
    pairs = list(zip(texts, scored.scores, strict=True))
    if args.json:
        print_json({"model": scored.model, "headlines": [s.to_dict(t) for t, s in pairs]})
        return 0
    from .output import safe

    for text, score in pairs:
        console.print(f"{score.label:>8} {score.score:+.2f}  {safe(text)}", markup=False)
    return 0


#: Headlines are short; a file of them past this size is not what the person meant.
HEADLINES_MAX_BYTES = 16 << 20


def _headlines(file: str) -> list[str]:
    """The lines of ``file`` ('-' for stdin), through the bounded reader; bad bytes replaced."""
    from assistant.domain import UserInputError, read_file_bytes

    if file == "-":
        data = sys.stdin.buffer.read(HEADLINES_MAX_BYTES + 1)
        if len(data) > HEADLINES_MAX_BYTES:
            raise UserInputError(f"stdin holds more than {HEADLINES_MAX_BYTES:,} bytes.")
    else:
        data = read_file_bytes(file, limit=HEADLINES_MAX_BYTES, what="the headlines file")
    return data.decode("utf-8-sig", errors="replace").splitlines()
