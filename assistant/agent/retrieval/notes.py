"""Read ``knowledge/`` notes and cut them into sections, one Document per heading.

A note is markdown with a short front matter (``id``, ``title``, ``tags``) and a ``# Title`` line;
``##`` headings start sections. Sections are what gets embedded: small enough to be specific,
each carrying its note's title for context. This module must never rewrite a note and never
skip a malformed one silently: a note without an id or title is a DataError naming the file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.domain import DataError

from .documents import KNOWLEDGE, Document

__all__ = ["Note", "corpus_hash", "load_notes", "note_documents", "parse_note"]

#: Bump when the chunking changes, so existing indexes are rebuilt.
CHUNKER_VERSION = "1"

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Note:
    note_id: str
    title: str
    tags: tuple[str, ...]
    body: str
    path: Path


def load_notes(folder: Path) -> list[Note]:
    """Every ``*.md`` note in ``folder`` (sorted by file name); DataError if none or duplicates."""
    paths = sorted(folder.glob("*.md"))
    if not paths:
        raise DataError(
            f"No knowledge notes (*.md) were found in {folder}.",
            hint="Point CoinPilot at the knowledge/ folder that ships with it.",
        )
    notes = [parse_note(p.read_text(encoding="utf-8"), p) for p in paths]
    seen: dict[str, Path] = {}
    for note in notes:
        if note.note_id in seen:
            raise DataError(
                f"Notes {seen[note.note_id]} and {note.path} share the id '{note.note_id}'.",
                hint="Give every note a unique id in its front matter.",
            )
        seen[note.note_id] = note.path
    return notes


def parse_note(text: str, path: Path) -> Note:
    """Front matter and body of one note."""
    match = _FRONT.match(text.replace("\r\n", "\n"))
    if match is None:
        raise DataError(
            f"{path} has no front matter.",
            hint="Start the note with ---, then id:, title: and tags: lines, then ---.",
        )
    fields = _front_matter(match.group(1))
    missing = [k for k in ("id", "title") if not fields.get(k)]
    if missing:
        raise DataError(
            f"{path} front matter lacks {', '.join(missing)}.",
            hint="Add the missing key: value lines.",
        )
    tags = tuple(t.strip() for t in fields.get("tags", "").strip("[]").split(",") if t.strip())
    body = text.replace("\r\n", "\n")[match.end() :]
    return Note(note_id=fields["id"], title=fields["title"], tags=tags, body=body, path=path)


def note_documents(notes: Iterable[Note], *, root: Path | None = None) -> list[Document]:
    """One Document per section of every note; the text before the first ``##`` is the intro."""
    docs: list[Document] = []
    for note in notes:
        source = str(note.path.relative_to(root)) if root else note.path.name
        for index, (heading, text) in enumerate(_sections(note)):
            docs.append(
                Document(
                    doc_id=f"{note.note_id}#{index}",
                    note_id=note.note_id,
                    title=note.title,
                    heading=heading,
                    text=text,
                    source_path=source,
                    kind=KNOWLEDGE,
                    tags=note.tags,
                )
            )
    return docs


def corpus_hash(notes: Sequence[Note]) -> str:
    """SHA-256 of the notes' ids, front matter and bodies, and the chunker version."""
    digest = hashlib.sha256(f"chunker {CHUNKER_VERSION}\n".encode())
    for note in sorted(notes, key=lambda n: n.note_id):
        digest.update(f"{note.note_id}\n{note.title}\n{','.join(note.tags)}\n".encode())
        digest.update(note.body.encode("utf-8"))
    return digest.hexdigest()


def _front_matter(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields


def _sections(note: Note) -> list[tuple[str, str]]:
    """(heading, text) pairs; the ``# Title`` line itself is not repeated in the text."""
    sections: list[tuple[str, str]] = []
    heading, start = note.title, 0
    for match in _HEADING.finditer(note.body):
        level, name = match.group(1), match.group(2)
        _append(sections, heading, note.body[start : match.start()])
        heading = note.title if level == "#" else name
        start = match.end()
    _append(sections, heading, note.body[start:])
    return sections


def _append(sections: list[tuple[str, str]], heading: str, text: str) -> None:
    cleaned = text.strip()
    if cleaned:
        sections.append((heading, cleaned))
