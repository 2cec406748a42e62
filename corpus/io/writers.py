"""Writers: put cleaned documents on disk. They decide *where*, never *what*.

Two layouts:

* ``tree``: the input tree mirrored under the output directory, same relative paths, UTF-8, ``\\n`` line
  endings. Each file is written atomically.
* ``jsonl``: shards ``data/part-NNNNN.jsonl``, one ``{"text": ..., "meta": {...}}`` object per line, rolled
  over when a shard reaches its size bound. A shard is written under a ``.partial`` name and renamed when
  it is complete, so a crash never leaves a shard that looks finished.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from corpus.document import Document
from corpus.errors import OutputError
from corpus.io.atomic import PARTIAL_SUFFIX, write_text_atomic
from corpus.provenance import document_meta

RUN_FILES = frozenset({"report.json", "report.html", "rejects.jsonl", ".corpus-output"})
"""Names the run itself writes at the top of the output directory."""

DEFAULT_SHARD_BYTES = 256 * 1024 * 1024


class Writer(Protocol):
    """Receives documents in input order; ``close`` finishes the last file and lists what was written."""

    def write(self, document: Document) -> str: ...

    def close(self) -> list[str]: ...


def safe_relative(relative: str) -> PurePosixPath:
    """Check that a document's relative name stays inside the output directory."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(f"refusing to write {relative!r}: it would leave the output directory")
    return path


class TreeWriter:
    """Mirror the input tree: ``<out>/<relative path>`` holds the cleaned UTF-8 text."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.written: list[str] = []

    def output_name(self, relative: str) -> str:
        """The output path for an input; a top-level name that clashes with a run file gets ``.txt``."""
        path = safe_relative(relative)
        name = path.as_posix()
        if len(path.parts) == 1 and name in RUN_FILES:
            name = f"{name}.txt"
        return name

    def write(self, document: Document) -> str:
        name = self.output_name(document.source.path)
        text = document.text if document.text.endswith("\n") else document.text + "\n"
        write_text_atomic(self.out_dir / name, text)
        self.written.append(name)
        return name

    def close(self) -> list[str]:
        return list(self.written)


class JsonlShardWriter:
    """Write ``{"text", "meta"}`` lines into size-bounded shards under ``<out>/data/``."""

    def __init__(self, out_dir: Path, config_hash: str, shard_bytes: int = DEFAULT_SHARD_BYTES) -> None:
        if shard_bytes < 1:
            raise OutputError("shard size must be positive")
        self.data_dir = out_dir / "data"
        self.config_hash = config_hash
        self.shard_bytes = shard_bytes
        self.index = 0
        self.size = 0
        self.handle: IO[bytes] | None = None
        self.written: list[str] = []

    def _shard_name(self, index: int) -> str:
        return f"data/part-{index:05d}.jsonl"

    def _partial(self, index: int) -> Path:
        return self.data_dir / f".part-{index:05d}.jsonl{PARTIAL_SUFFIX}"

    def write(self, document: Document) -> str:
        line = (
            json.dumps(
                {"text": document.text, "meta": document_meta(document, self.config_hash)},
                ensure_ascii=False,
            ).encode("utf-8", "surrogatepass")
            + b"\n"
        )
        if self.handle is not None and self.size + len(line) > self.shard_bytes and self.size > 0:
            self._finish()
            self.index += 1
        if self.handle is None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.handle = open(self._partial(self.index), "wb")  # noqa: SIM115 (closed in _finish)
            self.size = 0
        self.handle.write(line)
        self.size += len(line)
        return self._shard_name(self.index)

    def _finish(self) -> None:
        if self.handle is None:
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        self.handle = None
        os.replace(self._partial(self.index), self.data_dir.parent / self._shard_name(self.index))
        self.written.append(self._shard_name(self.index))

    def close(self) -> list[str]:
        self._finish()
        return list(self.written)
