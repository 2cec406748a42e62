"""The ``meta`` object written next to each document's text: where it came from and what was done.

The schema is versioned (:data:`SCHEMA_VERSION`) and documented in the README. Offsets of removed spans
are in the text the strip step received (after script conversion), so a reader can check each one against
the converted text; the raw bytes' hash lets anyone match a record to its source file.
"""

from __future__ import annotations

from corpus.document import Document
from corpus.versions import corpus_version, opencc_version

SCHEMA_VERSION = 1

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
