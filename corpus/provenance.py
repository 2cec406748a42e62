"""The ``meta`` object written next to each document's text: where it came from and what was done.

The schema is versioned (:data:`SCHEMA_VERSION`) and documented in the README. Offsets of removed spans
are in the text the strip step received (after script conversion), so a reader can check each one against
the converted text; the raw bytes' hash lets anyone match a record to its source file.

Shard layouts carry ``meta`` inside each record. The tree layout has only text files, so its ``meta``
objects go to one run file, ``provenance.jsonl``: a line ``{"path", "meta"}`` per document (per part of
a split file), ``path`` being the output file, in input order (:class:`ProvenanceWriter`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, cast

from corpus.document import Document
from corpus.io.atomic import partial_path
from corpus.io.json_lines import json_line
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


Meta = dict[str, JsonValue]


class ProvenanceWriter:
    """The tree layout's ``provenance.jsonl``, written line by line as units of output finish.

    A fresh run finishes its units in input order, so its lines are written in that order as they come,
    and nothing accumulates. A resumed run also has the units an earlier run finished (``kept``: each
    unit's input position and its documents' meta, from the journal): they are merged in by position,
    so the file is the same as an uninterrupted run's. ``name_of`` gives the output file of a document's
    relative path (the tree writer's ``output_name``). The file is written under a ``.partial`` name and
    renamed when complete. Names that are not valid UTF-8 are written as ``\\udcXX`` escapes, as in
    the JSONL shards.
    """

    def __init__(
        self, out_dir: Path, kept: list[tuple[int, Sequence[Meta]]], name_of: Callable[[str], str]
    ) -> None:
        self.name_of = name_of
        self.target = out_dir / PROVENANCE_NAME
        self.partial = partial_path(self.target)
        self.kept = sorted(kept, key=lambda item: item[0])
        self.next_kept = 0
        self.handle: IO[bytes] = open(self.partial, "wb")  # noqa: SIM115 (closed in close)

    def add(self, position: int, metas: Sequence[Meta]) -> None:
        """The documents' meta of a unit whose first input is at ``position``."""
        while self.next_kept < len(self.kept) and self.kept[self.next_kept][0] < position:
            self._write(self.kept[self.next_kept][1])
            self.next_kept += 1
        self._write(metas)

    def _write(self, metas: Sequence[Meta]) -> None:
        for meta in metas:
            path = self.name_of(str(cast(Meta, meta["source"])["path"]))
            self.handle.write(json_line({"path": path, "meta": meta}))

    def close(self) -> Path:
        """Write what is left of the kept units and put the file in place."""
        self.add(sys.maxsize, [])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.partial, self.target)
        return self.target

    def abandon(self) -> None:
        """Close without putting the file in place (the run failed; the next one writes it again)."""
        self.handle.close()
        self.partial.unlink(missing_ok=True)
