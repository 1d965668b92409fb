"""coinpilot sentiment and coinpilot news on local files (no network)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from assistant.cli import main


def test_sentiment_of_a_file_is_one_json_document_with_an_entry_per_headline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "h.txt"
    file.write_text("SEC sues exchange over fraud\n\nBitcoin ETF approved, inflows surge\n")
    assert main(["sentiment", "--file", str(file), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)  # the whole output parses as one document
    assert set(document) == {"model", "headlines"} and document["model"]
    lines = document["headlines"]
    assert [set(x) for x in lines] == [{"text", "label", "score"}] * 2
    assert lines[0]["label"] == "negative" and lines[1]["label"] == "positive"
    assert -1 <= lines[0]["score"] < 0 < lines[1]["score"] <= 1


def test_sentiment_without_input_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sentiment", "--json"]) == 2
    assert "headline" in json.loads(capsys.readouterr().out)["message"]


@pytest.mark.shared_data
def test_news_reads_real_feed_snapshots(
    capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path
) -> None:
    feeds = sorted((shared_data / "feeds").glob("*.xml"))
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"<rss><channel><item><title>cut off")
    args = ["news", "--json"]
    for f in [*feeds, bad]:
        args += ["--feed", str(f)]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    statuses = {Path(f["source"]).name: f["status"] for f in out["feeds"]}
    assert statuses["broken.xml"] == "error"
    assert sum(s == "ok" for s in statuses.values()) == 4
    assert len(out["headlines"]) > 100 and "BTC" in out["assets"]


def test_news_on_the_demo_shows_the_shipped_snapshot_labelled_on_every_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the demo's news must not reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    assert main(["news", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["label"] == "snapshot of 2025-12-13" and out["snapshot"] == "2025-12-13"
    assert {h["snapshot"] for h in out["headlines"]} == {"2025-12-13"}
    assert [f["status"] for f in out["feeds"]] == ["ok"] * 4
    assert main(["news", "--limit", "3"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "News: snapshot of 2025-12-13, shipped with CoinPilot, not live" in text
    assert "Headlines, snapshot of 2025-12-13" in text and "Per asset, snapshot of" in text
