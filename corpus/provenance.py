"""The ``meta`` object written next to each document's text: where it came from and what was done.

The schema is versioned (:data:`SCHEMA_VERSION`) and documented in the README. Offsets of removed spans
are in the text the strip step received (after script conversion), so a reader can check each one against
the converted text; the raw bytes' hash lets anyone match a record to its source file.

Shard layouts carry ``meta`` inside each record. The tree layout has only text files, so its ``meta``
objects go to one run file, ``provenance.jsonl``: a line ``{"path", "meta"}`` per document (per part of
a split file), ``path`` being the output file, in input order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from corpus.document import Document
from corpus.io.atomic import write_text_atomic
from corpus.versions import corpus_version, opencc_version

SCHEMA_VERSION = 1

PROVENANCE_NAME = "provenance.jsonl"
"""The tree layout's provenance file, at the top of the output directory."""

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def document_meta(document: Document, config_hash: str) -> dict[str, JsonValue]:
    """The provenance record of one cleaned document, as JSON-ready data."""
    encoding = document.encoding
    script = document.script
    removed: list[JsonValue] = [
        {
            "start": event.start,
            "end": event.end,
            "rule": event.rule,
            "category": event.category,
            "text": event.excerpt,
        }
        for event in document.events
        if event.action == "removed"
    ]
    return {
        "schema": SCHEMA_VERSION,
        "id": document.id,
        "source": {
            "path": document.source.path,
            "size": document.source.size,
            "sha256": document.source.sha256,
            "part": document.source.part,
            "parts": document.source.parts,
            "offset": document.source.offset,
        },
        "encoding": None
        if encoding is None
        else {
            "name": encoding.encoding,
            "confidence": round(encoding.confidence, 4),
            "reason": encoding.reason,
            "repair": encoding.repair,
            "replaced": encoding.replaced,
        },
        "script": None
        if script is None
        else {
            "verdict": script.verdict,
            "region": script.region,
            "configs": list(script.configs),
            "changed_chars": script.changed_chars,
            "target": script.target,
        },
        "removed": removed,
        "chars": {"in": document.chars_in, "out": len(document.text)},
        "versions": {"corpus": corpus_version(), "opencc": opencc_version()},
        "config_hash": config_hash,
    }


def write_provenance(out_dir: Path, entries: Iterable[tuple[str, JsonValue]]) -> Path:
    """Write the tree layout's provenance file from ``(output file, meta)`` pairs, atomically.

    Written whole at the end of every run (like the rejects list), from the journal, so that a resumed
    run's file is the same as an uninterrupted run's. Names that are not valid UTF-8 are written as
    ``\\udcXX`` escapes, as in the JSONL shards.
    """
    target = out_dir / PROVENANCE_NAME
    text = "".join(
        json.dumps({"path": path, "meta": meta}, ensure_ascii=False) + "\n" for path, meta in entries
    )
    write_text_atomic(target, text, durable=True, errors="backslashreplace")
    return target
