"""The knowledge notes as shipped, and how notes are parsed, chunked and fingerprinted."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.agent.prompts import resource_dir
from assistant.agent.retrieval import corpus_hash, load_notes, note_documents, parse_note
from assistant.domain import DataError

REQUIRED = {
    "hrp",
    "min_variance",
    "risk_parity",
    "max_sharpe",
    "inverse_vol",
    "equal_weight",
    "drift_vs_calendar",
    "stop_loss_and_drawdown",
    "fees_and_slippage",
    "stablecoins",
    "reading_the_preview",
    "paper_vs_live",
    "api_key_safety",
    "glossary",
    "volatility_and_correlation",
    "backtesting_pitfalls",
    "sentiment",
    "how_coinpilot_works",
}


def test_shipped_notes_cover_the_required_topics_with_front_matter_and_a_title_line() -> None:
    notes = load_notes(resource_dir("knowledge"))
    assert len(notes) >= 15
    assert {n.note_id for n in notes} >= REQUIRED
    for note in notes:
        assert note.note_id == note.path.stem, note.path
        assert note.tags, note.path
        assert note.body.lstrip().startswith(f"# {note.title}\n"), note.path


def test_shipped_notes_stay_under_about_400_words() -> None:
    for note in load_notes(resource_dir("knowledge")):
        words = len(note.body.split())
        assert words <= 400, f"{note.path.name} has {words} words"


def test_preview_note_names_every_line_of_the_preview() -> None:
    text = (resource_dir("knowledge") / "reading_the_preview.md").read_text(encoding="utf-8")
    for term in ("clamp", "cannot execute", "Plan hash", "Expires", "slippage", "fee", "Confirm"):
        assert re.search(re.escape(term), text, re.IGNORECASE), term


def test_a_note_is_cut_into_one_document_per_heading(tmp_path: Path) -> None:
    path = tmp_path / "demo.md"
    path.write_text(
        "---\nid: demo\ntitle: Demo note\ntags: [a, b]\n---\n# Demo note\n\nIntro text.\n\n"
        "## First\n\nOne.\n\n## Second\n\nTwo.\n",
        encoding="utf-8",
    )
    docs = note_documents(load_notes(tmp_path))
    assert [(d.doc_id, d.heading, d.text) for d in docs] == [
        ("demo#0", "Demo note", "Intro text."),
        ("demo#1", "First", "One."),
        ("demo#2", "Second", "Two."),
    ]
    assert docs[0].tags == ("a", "b")
    assert docs[1].embedding_text() == "Demo note: First\nOne."


def test_a_note_without_front_matter_or_id_is_a_data_error_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"broken\.md has no front matter"):
        parse_note("# Just a title\n", tmp_path / "broken.md")
    with pytest.raises(DataError, match="lacks id"):
        parse_note("---\ntitle: T\n---\n# T\n", tmp_path / "noid.md")


def test_two_notes_with_one_id_are_refused(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("---\nid: same\ntitle: T\n---\n# T\n\nx\n", encoding="utf-8")
    with pytest.raises(DataError, match="share the id 'same'"):
        load_notes(tmp_path)


def test_an_empty_notes_folder_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="No knowledge notes"):
        load_notes(tmp_path)


def test_corpus_hash_changes_only_when_a_note_changes(tmp_path: Path) -> None:
    shutil.copytree(resource_dir("knowledge"), tmp_path / "k")
    before = corpus_hash(load_notes(tmp_path / "k"))
    assert corpus_hash(load_notes(tmp_path / "k")) == before
    note = tmp_path / "k" / "hrp.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert corpus_hash(load_notes(tmp_path / "k")) != before
