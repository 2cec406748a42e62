"""Writers: put cleaned documents on disk. They decide *where*, never *what*.

Layouts:

* ``tree``: the input tree mirrored under the output directory, same relative paths, UTF-8, ``\\n`` line
  endings. Each file is written atomically.
* ``jsonl``: shards ``data/part-NNNNN.jsonl`` (optionally ``.gz``/``.zst``), one ``{"text", "meta"}``
  object per line.
* ``parquet``: shards ``data/part-NNNNN.parquet`` with columns ``text`` and ``meta`` (a struct).

Shards roll over when the next record would take them past the size bound, counted in uncompressed
record bytes, so shard boundaries depend only on the documents and the bound: a resumed run cuts its
shards exactly where an uninterrupted one would. A shard is written under a ``.partial`` name and renamed
when complete, so a crash never leaves a shard that looks finished. Compressed shards are byte-for-byte
reproducible (no timestamps in the gzip header).
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Protocol, TypeVar, cast

from corpus.config import Compression
from corpus.document import Document
from corpus.errors import EngineError, OutputError
from corpus.io.atomic import PARTIAL_SUFFIX, partial_path, write_text_atomic
from corpus.io.json_lines import json_line
from corpus.provenance import document_meta

T = TypeVar("T")

RUN_FILES = frozenset(
    {"report.json", "report.html", "rejects.jsonl", "provenance.jsonl", ".corpus-output", ".corpus-state"}
)
"""Names the run itself writes at the top of the output directory."""


class Writer(Protocol):
    """Receives documents in input order.

    ``write`` returns the output files that became complete during the call (a shard closed by
    rollover, or the document's own file in the tree layout); ``close`` finishes and returns the rest.
    """

    def write(self, document: Document) -> list[str]: ...

    def close(self) -> list[str]: ...


def safe_relative(relative: str) -> PurePosixPath:
    """Check that a document's relative name stays inside the output directory."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutputError(f"refusing to write {relative!r}: it would leave the output directory")
    return path


class TreeWriter:
    """Mirror the input tree: ``<out>/<relative path>`` holds the cleaned UTF-8 text.

    The chunks of a split file arrive in order and are appended to one ``.partial`` file, renamed when
    the last chunk is in (or when the next file begins, if the last chunk was rejected).
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.open_name: str | None = None
        self.handle: IO[bytes] | None = None
        self.ends_with_newline = True

    def output_name(self, relative: str) -> str:
        """The output path for an input; a top-level name that clashes with a run file gets ``.txt``."""
        path = safe_relative(relative)
        name = path.as_posix()
        if path.parts[0] in RUN_FILES:
            name = f"{path.parts[0]}.txt" + name[len(path.parts[0]) :]
        return name

    def write_whole(self, document: Document) -> str:
        """Write the output file of a document that is a whole input file; return its name.

        Needs no state of the writer, so a worker process can call it on its own copy (see
        :class:`corpus.executors.tree_task.TreeTask`) and the parent only records the name.
        """
        name = self.output_name(document.source.path)
        text = document.text if document.text.endswith("\n") else document.text + "\n"
        write_text_atomic(self.out_dir / name, text)
        return name

    def written(self, name: str) -> list[str]:
        """Record a whole file that a worker already wrote (with :meth:`write_whole`)."""
        return [*self.end_file(), name]

    def write(self, document: Document) -> list[str]:
        source = document.source
        if source.part is None:
            finished = self.end_file()
            return [*finished, self.write_whole(document)]
        name = self.output_name(source.path)
        finished = self.end_file() if self.open_name != name else []
        if self.handle is None:
            target = self.out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(partial_path(target), "wb")  # noqa: SIM115 (closed in end_file)
            self.open_name = name
        if document.text:
            self.handle.write(document.text.encode("utf-8", "backslashreplace"))
            self.ends_with_newline = document.text.endswith("\n")
        if source.part == source.parts - 1:
            finished += self.end_file()
        return finished

    def end_file(self) -> list[str]:
        """Finish the split file being assembled, if any, and return its name."""
        if self.handle is None or self.open_name is None:
            return []
        if not self.ends_with_newline:
            self.handle.write(b"\n")
        self.handle.close()
        name = self.open_name
        os.replace(partial_path(self.out_dir / name), self.out_dir / name)
        self.handle, self.open_name, self.ends_with_newline = None, None, True
        return [name]

    def close(self) -> list[str]:
        return self.end_file()


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_safe(value: T) -> T:
    """``value`` with every lone surrogate in its strings written out as a ``\\udcXX`` escape.

    Parquet strings must be valid UTF-8, and Python holds a file name that is not (a stray GBK byte)
    or a lone UTF-16 surrogate from the input as a surrogate code point. JSON can carry those as escapes;
    Parquet gets the same escape as plain text, so no record is lost to an encoding error.
    """
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        return cast(T, value.encode("utf-8", "backslashreplace").decode("utf-8"))
    if isinstance(value, dict):
        return cast(T, {key: utf8_safe(item) for key, item in value.items()})
    if isinstance(value, list):
        return cast(T, [utf8_safe(item) for item in value])
    return value


def record_json(document: Document, config_hash: str) -> bytes:
    """One JSONL line: ``{"text":...,"meta":{...}}`` (:func:`corpus.io.json_lines.json_line`: compact,
    UTF-8, a lone surrogate in a text or name kept as a ``\\udcXX`` escape)."""
    return json_line({"text": document.text, "meta": document_meta(document, config_hash)})


WRITE_BUFFER = 1 << 20
"""Bytes a JSONL shard buffers before a write(2)."""


class ShardWriter:
    """Size-bounded shards under ``<out>/data/``; subclasses say how a shard's bytes are stored."""

    extension = ".jsonl"

    def __init__(self, out_dir: Path, config_hash: str, shard_bytes: int, first_index: int = 0) -> None:
        if shard_bytes < 1:
            raise OutputError("shard size must be positive")
        self.out_dir = out_dir
        self.data_dir = out_dir / "data"
        self.config_hash = config_hash
        self.shard_bytes = shard_bytes
        self.index = first_index
        self.size = 0
        self.open_shard = False

    def shard_name(self, index: int) -> str:
        return f"data/part-{index:05d}{self.extension}"

    def partial_path(self, index: int) -> Path:
        return self.data_dir / f".part-{index:05d}{self.extension}{PARTIAL_SUFFIX}"

    def write(self, document: Document) -> list[str]:
        return self.write_record(record_json(document, self.config_hash), document)

    def write_record(self, line: bytes, document: Document) -> list[str]:
        """Add a document whose JSONL record is already encoded (by a worker: see
        :mod:`corpus.executors.record_task`); the JSONL layout stores ``line`` only."""
        finished = [self._finish()] if self._ends_before(len(line)) else []
        self._ensure_open()
        self._add(line, document)
        self.size += len(line)
        return finished

    def _ends_before(self, length: int) -> bool:
        """Whether the open shard ends before a record of ``length`` bytes: a shard holds at least
        one record and otherwise stays within :attr:`shard_bytes`."""
        return self.open_shard and self.size + length > self.shard_bytes

    def _ensure_open(self) -> None:
        if not self.open_shard:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._begin(self.partial_path(self.index))
            self.open_shard = True
            self.size = 0

    def _finish(self) -> str:
        self._end()
        name = self.shard_name(self.index)
        os.replace(self.partial_path(self.index), self.out_dir / name)
        self.open_shard = False
        self.index += 1
        return name

    def close(self) -> list[str]:
        return [self._finish()] if self.open_shard else []

    # storage hooks
    def _begin(self, path: Path) -> None:
        raise NotImplementedError

    def _add(self, line: bytes, document: Document) -> None:
        raise NotImplementedError

    def _end(self) -> None:
        raise NotImplementedError


class JsonlShardWriter(ShardWriter):
    """JSON Lines shards, plain or compressed (gzip, zstd)."""

    def __init__(
        self,
        out_dir: Path,
        config_hash: str,
        shard_bytes: int,
        compression: Compression = "none",
        first_index: int = 0,
    ) -> None:
        super().__init__(out_dir, config_hash, shard_bytes, first_index)
        self.compression = compression
        self.extension = {"none": ".jsonl", "gzip": ".jsonl.gz", "zstd": ".jsonl.zst"}[compression]
        if compression == "zstd":
            _require_zstandard()
        self.raw: IO[bytes] | None = None
        self.stream: IO[bytes] | None = None

    def _begin(self, path: Path) -> None:
        # A record is ~10 KB, more than the default 8 KB buffer, so each was its own write(2).
        self.raw = open(path, "wb", buffering=WRITE_BUFFER)  # noqa: SIM115 (closed in _end)
        if self.compression == "gzip":
            self.stream = cast(IO[bytes], gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0))
        elif self.compression == "zstd":
            import zstandard

            self.stream = zstandard.ZstdCompressor(level=10).stream_writer(self.raw, closefd=False)
        else:
            self.stream = self.raw

    def _add(self, line: bytes, document: Document) -> None:
        self._write(line)

    def write_records(self, records: bytes, lengths: Sequence[int]) -> list[tuple[int, list[str]]]:
        """Add documents whose records are already encoded, one after the other in ``records``
        (``lengths`` says where each ends: a :class:`corpus.executors.base.RecordRun`).

        The shards end where :meth:`write_record` would end them, record by record, but the records
        between two ends are written at once. Returns, for each shard finished on the way, the
        number of the run's records written before it ended and the names it finished.
        """
        finished: list[tuple[int, list[str]]] = []
        view = memoryview(records)
        written = offset = 0
        for position, length in enumerate(lengths):
            if self._ends_before(length):
                self._write(view[written:offset])
                finished.append((position, [self._finish()]))
                written = offset
            self._ensure_open()
            self.size += length
            offset += length
        self._write(view[written:offset])
        return finished

    def _write(self, piece: bytes | memoryview) -> None:
        if self.stream is None:
            raise OutputError("shard is not open")
        if piece:
            self.stream.write(piece)

    def _end(self) -> None:
        if self.stream is not None and self.stream is not self.raw:
            self.stream.close()
        if self.raw is not None:
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
        self.raw = self.stream = None


def _require_zstandard() -> None:
    try:
        import zstandard  # noqa: F401
    except ImportError:
        raise EngineError(
            "zstd compression needs the zstandard package", "pip install 'corpus-zh[zstd]'"
        ) from None


class ParquetShardWriter(ShardWriter):
    """Parquet shards with a fixed schema (see :mod:`corpus.io.parquet_schema`), zstd inside."""

    extension = ".parquet"

    def __init__(self, out_dir: Path, config_hash: str, shard_bytes: int, first_index: int = 0) -> None:
        super().__init__(out_dir, config_hash, shard_bytes, first_index)
        from corpus.io.parquet_schema import require_pyarrow

        require_pyarrow()
        self.rows: list[dict[str, object]] = []
        self.path: Path | None = None

    def _begin(self, path: Path) -> None:
        self.path = path
        self.rows = []

    def _add(self, line: bytes, document: Document) -> None:
        meta = document_meta(document, self.config_hash)
        self.rows.append({"text": utf8_safe(document.text), "meta": utf8_safe(meta)})

    def _end(self) -> None:
        from corpus.io.parquet_schema import write_parquet

        if self.path is None:
            raise OutputError("shard is not open")
        buffer = io.BytesIO()
        write_parquet(self.rows, buffer)
        with open(self.path, "wb") as handle:
            handle.write(buffer.getvalue())
            handle.flush()
            os.fsync(handle.fileno())
        self.rows = []
        self.path = None
