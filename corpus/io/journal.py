"""The run journal: which units of work are finished, so an interrupted run can resume.

A *unit* is the smallest piece of output that is either wholly there or not: one output file in the
``tree`` layout, one shard in the ``jsonl``/``parquet`` layouts. When a unit's output has been renamed into
place, one line is appended to ``.corpus-state/journal.jsonl`` naming its inputs with their content hashes,
the configuration hash, its output files and its share of the run report. A line is written only after
its output is complete, and a torn last line (a crash mid-write) is ignored, so the journal never claims
more than is on disk.

On the next run, a unit is reused only if its configuration hash and every input's current sha256 still
match; everything else is redone. That is what makes "run the same command again" finish the work after a
Ctrl-C, a ``kill -9`` or a power loss, and redo exactly what a changed file or setting affects.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from corpus.io.atomic import RAW_NAMES, write_bytes_atomic
from corpus.io.json_lines import json_line
from corpus.provenance import JsonValue

STATE_DIR = ".corpus-state"
JOURNAL_NAME = "journal.jsonl"


@dataclass(frozen=True, slots=True)
class UnitRecord:
    """One finished unit of output."""

    unit: str
    inputs: tuple[tuple[str, str], ...]
    """(relative path, sha256 of the raw bytes) of every input whose outcome is in this unit."""
    config_hash: str
    outputs: tuple[str, ...]
    report: dict[str, object]
    meta: tuple[dict[str, JsonValue], ...] = ()
    """Tree layout: the provenance (:func:`corpus.provenance.document_meta`) of each document the unit's
    output file holds (one, or one per part of a split file); shard records carry their own."""

    def to_line(self) -> bytes:
        """The record as a journal line (compact JSON; a name that is not valid UTF-8 as its raw
        bytes, :data:`corpus.io.atomic.RAW_NAMES`)."""
        data: dict[str, object] = {
            "unit": self.unit,
            "inputs": self.inputs,  # JSON writes a tuple as an array; no list per pair
            "config": self.config_hash,
            "outputs": self.outputs,
            "report": self.report,
        }
        if self.meta:
            data["meta"] = list(self.meta)
        return json_line(data, RAW_NAMES)

    @classmethod
    def from_json(cls, line: str) -> UnitRecord | None:
        try:
            data = json.loads(line)
            return cls(
                unit=str(data["unit"]),
                inputs=tuple((str(path), str(digest)) for path, digest in data["inputs"]),
                config_hash=str(data["config"]),
                outputs=tuple(str(name) for name in data["outputs"]),
                report=dict(data["report"]),
                meta=tuple(dict(item) for item in data.get("meta", ())),
            )
        except (ValueError, KeyError, TypeError):
            return None


class Journal:
    """Append-only record of finished units in ``<out>/.corpus-state/journal.jsonl``."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_DIR / JOURNAL_NAME
        self.handle: IO[bytes] | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> list[UnitRecord]:
        """Every complete record, in the order written; a torn or garbled line ends the list."""
        try:
            text = self.path.read_text(encoding="utf-8", errors=RAW_NAMES)
        except FileNotFoundError:
            return []
        records: list[UnitRecord] = []
        for line in text.split("\n"):
            if not line:
                continue
            record = UnitRecord.from_json(line)
            if record is None:
                break
            records.append(record)
        return records

    def rewrite(self, records: Iterable[UnitRecord]) -> None:
        """Replace the journal with exactly these records (atomically)."""
        write_bytes_atomic(self.path, b"".join(record.to_line() for record in records), durable=True)

    def append(self, record: UnitRecord) -> None:
        """Add a record once its unit's output is in place. Flushed at once: a killed process loses
        at most the line being written, and a torn line is ignored on load."""
        if self.handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "ab")  # noqa: SIM115
        self.handle.write(record.to_line())
        self.handle.flush()

    def close(self) -> None:
        """Flush the journal to the disk and close it; closed even when the flush fails (a full
        disk), so that a second call after the error does nothing."""
        handle, self.handle = self.handle, None
        if handle is None:
            return
        try:
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            handle.close()
