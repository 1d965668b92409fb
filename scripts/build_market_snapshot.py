"""Rebuild the market data that ships inside CoinPilot from the held-out data folder.

    .venv/bin/python scripts/build_market_snapshot.py [--data ../shared/data]

Writes, in ``assistant/market/data/``:

- ``daily/SYMBOL.csv.gz``: each of ``market/daily/SYMBOL.csv``, byte for byte, gzip-compressed.
  Prices are not rounded, reordered or repaired; decompressing gives the source file back.
- ``feeds/NAME.xml.gz``: each of ``feeds/NAME.xml`` cut down to what a headline list needs (the
  channel's title, link, lastBuildDate and copyright; each item's title, link, guid and pubDate),
  as RSS 2.0. Article descriptions, bodies, images and authors are left out: the content belongs
  to its publishers, and CoinPilot only shows headlines with a link back.

The output is deterministic (gzip without a timestamp or a file name): running it twice gives
byte-identical files, so a diff shows only real changes. ``assistant/market/data/README.md`` says
where the data comes from; update it by hand when the source changes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assistant" / "market" / "data"
CHANNEL_FIELDS = ("title", "link", "lastBuildDate", "copyright")
ITEM_FIELDS = ("title", "link", "guid", "pubDate")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def compact_feed(raw: bytes) -> bytes:
    """The feed as RSS 2.0 with only the fields above (text kept exactly as parsed)."""
    channel = ET.fromstring(raw).find("channel")
    if channel is None:
        raise SystemExit("not an RSS 2.0 feed: no <channel>")
    rss = ET.Element("rss", version="2.0")
    out = ET.SubElement(rss, "channel")
    for name in CHANNEL_FIELDS:
        node = channel.find(name)
        if node is not None and node.text:
            ET.SubElement(out, name).text = node.text.strip()
    for item in channel.iter("item"):
        kept = ET.SubElement(out, "item")
        for name in ITEM_FIELDS:
            node = item.find(name)
            if node is not None and node.text:
                child = ET.SubElement(kept, name)
                child.text = node.text.strip()
                if name == "guid" and node.get("isPermaLink"):
                    child.set("isPermaLink", node.get("isPermaLink", ""))
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    daily = sorted((args.data / "market" / "daily").glob("*.csv"))
    feeds = sorted((args.data / "feeds").glob("*.xml"))
    if not daily or not feeds:
        print(f"{args.data} holds no market/daily/*.csv or feeds/*.xml", file=sys.stderr)
        return 2
    for folder, pattern in (("daily", "*.csv.gz"), ("feeds", "*.xml.gz")):
        (OUT / folder).mkdir(parents=True, exist_ok=True)
        for old in (OUT / folder).glob(pattern):
            old.unlink()
    sizes = {"daily": 0, "feeds": 0}
    for path in daily:
        body = _gzip(path.read_bytes())
        (OUT / "daily" / f"{path.name}.gz").write_bytes(body)
        sizes["daily"] += len(body)
    for path in feeds:
        body = _gzip(compact_feed(path.read_bytes()))
        (OUT / "feeds" / f"{path.name}.gz").write_bytes(body)
        sizes["feeds"] += len(body)
    print(
        f"{len(daily)} daily files, {sizes['daily']:,} bytes; {len(feeds)} feeds, "
        f"{sizes['feeds']:,} bytes -> {OUT.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
