"""The executor seam: run the pipeline over input files, yielding results in input order.

An executor decides only *where* :func:`process_file` runs (in this process, in a process pool, on a Ray
cluster). It never touches text, and it must hand back exactly one outcome per input (a
:class:`TaskResult`, or its place in a :class:`RecordRun`), in the order the inputs were given, so that the
output of a run is the same for any executor and any ``--jobs``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol

from corpus.config import CleanConfig
from corpus.document import (
    Document,
    EncodingInfo,
    Outcome,
    RawFile,
    Rejection,
    Source,
    pickled_by_fields,
)
from corpus.encoding.decode import decode_bytes, normalize_newlines
from corpus.encoding.detect import MAX_REPLACED_SHARE
from corpus.io.readers import InputFile, read_raw
from corpus.pipeline import pipeline_for
from corpus.provenance import JsonValue


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class TaskResult:
    """The outcome for one input, with the seconds each stage took (for the report, never the output)."""

    outcome: Outcome
    step_seconds: tuple[tuple[str, float], ...] = ()
    written: str | None = None
    """The output file the worker already wrote for this document (tree layout), relative to the
    output directory; ``None`` when the writer in the parent process is to write it."""
    report_state: dict[str, object] | None = None
    """This input's share of the run report (:meth:`corpus.report.RunReport.to_state`, timings apart),
    counted where the document was made. When it is set the outcome travels without its text, events
    and verdicts, which nothing in the parent needs any more (see :mod:`corpus.executors.slim`)."""
    meta: dict[str, JsonValue] | None = None
    """The document's provenance (:func:`corpus.provenance.document_meta`), made where its events
    still were; set together with ``report_state``."""
    record: bytes | None = None
    """The document's JSONL record (:func:`corpus.io.writers.record_json`), encoded by the worker;
    set together with ``report_state`` (see :mod:`corpus.executors.record_task`)."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RecordRun:
    """Consecutive documents of one batch, handed to the writing process packed instead of one
    :class:`TaskResult` each (JSONL layout, by local workers and Ray actors: :meth:`RecordTask.batch
    <corpus.executors.record_task.RecordTask.batch>`).

    The writing process is the one process a run cannot multiply, and per document it spent about
    36 µs on a result: unpickling it, adding its report share, its own bookkeeping. On the 200 MB
    bench corpus with ``--jobs 2`` that was 0.81 and 0.91 CPU-seconds in two runs against about 14 in
    the workers, which would cap any machine near 16 busy workers. A run of documents costs it one
    unpickling, one report state to add and one write: 0.49 and 0.50 CPU-seconds in the same runs,
    most of it now reading the records' bytes off the pipes.

    A shard boundary can fall inside a run, and a shard's journal entry must count exactly its own
    documents (a resumed run re-adds the entries it keeps), so each document's share travels too,
    pickled apart in :attr:`shares`; only a run that straddles a boundary has it read.
    """

    inputs: tuple[tuple[str, str], ...]
    """Each document's journal entry (:func:`input_key`), in input order."""
    lengths: tuple[int, ...]
    """Each document's record length in bytes, in input order."""
    records: bytes
    """The documents' JSONL records, one after the other."""
    state: dict[str, object]
    """The documents' report shares added up (:meth:`corpus.report.RunReport.to_state`)."""
    shares: bytes
    """Each document's report share alone: the pickled tuple of their states, in input order."""
    step_seconds: tuple[tuple[str, float], ...]
    """The seconds of each stage, summed over the documents."""


MapResult = TaskResult | RecordRun
"""What an executor yields: one result per input, or one packed run per several documents."""


def input_key(outcome: Outcome, item: InputFile | None) -> tuple[str, str]:
    """An input's entry in the journal: its key and the digest of the bytes it came from (a split
    file's whole hash for each of its chunks, since resuming checks files, not chunks)."""
    if isinstance(outcome, Document):
        key, digest = outcome.id, outcome.source.sha256
    else:
        key, digest = outcome.path, outcome.sha256
    if item is not None and item.chunk is not None:
        digest = item.file_sha256
    return key, digest


def process_file(config: CleanConfig, item: InputFile) -> TaskResult:
    """Read, decode and clean one input file (or one chunk of a large one). Never raises: every
    failure is a Rejection that carries the input's size and hash."""
    started = time.perf_counter()
    raw = read_raw(item)
    timings: list[tuple[str, float]] = [("read", time.perf_counter() - started)]
    if isinstance(raw, Rejection):
        return TaskResult(raw, tuple(timings))
    try:
        pipeline = pipeline_for(config)  # built once per process; its cost is not a step's
    except Exception as error:  # e.g. a broken engine: reported per file so the run still accounts for it
        return TaskResult(
            Rejection(raw.path, "internal-error", f"{type(error).__name__}: {error}", len(raw.data))
        )
    read_done = time.perf_counter()
    decoded = pipeline.decoder(raw) if item.chunk is None else decode_chunk(raw, item)
    decode_done = time.perf_counter()
    timings.append(("decode", decode_done - read_done))
    if isinstance(decoded, Rejection):
        return TaskResult(_with_hash(decoded, raw.data), tuple(timings))
    outcome = pipeline.finish(raw, decoded, timings, allow_empty=item.chunk is not None)
    if isinstance(outcome, Rejection):
        outcome = _with_hash(outcome, raw.data)
    return TaskResult(outcome, tuple(timings))


def _with_hash(rejection: Rejection, data: bytes) -> Rejection:
    if rejection.sha256:
        return rejection
    return replace(rejection, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def decode_chunk(raw: RawFile, item: InputFile) -> Document | Rejection:
    """Decode one chunk of a split file with the codec detected on the file's head.

    Undecodable bytes become U+FFFD and are counted, exactly as for whole files
    (:func:`corpus.encoding.decode.decode_bytes`); newlines are normalized. The head is only a sample,
    so each chunk also confirms it: a chunk of which more than a quarter cannot be read with that codec
    (the threshold a whole file is quarantined at) is rejected as ``undecidable-encoding`` instead of
    being written as replacement characters. The document's source is the whole file (its size and
    hash) plus the chunk's part number and offset.
    """
    chunk = item.chunk
    if chunk is None:
        raise ValueError("decode_chunk needs a chunk")
    text, replaced = decode_bytes(raw.data, chunk.codec)
    if replaced > len(text) * MAX_REPLACED_SHARE:
        return Rejection(
            raw.path,
            "undecidable-encoding",
            f"part {chunk.part + 1} of {chunk.parts}: {replaced} of {len(text)} characters are not "
            f"{chunk.codec}, the encoding detected on the file's first bytes",
        )
    if chunk.part == 0:
        text = text.removeprefix("\ufeff")
    text = normalize_newlines(text)
    source = Source(
        path=item.relative,
        size=item.size,
        sha256=item.file_sha256,
        part=chunk.part,
        parts=chunk.parts,
        offset=chunk.start,
    )
    encoding = EncodingInfo(
        encoding=chunk.codec,
        confidence=1.0 if chunk.part else 0.99,
        reason=f"part {chunk.part + 1} of {chunk.parts}; encoding detected on the file's first bytes",
        replaced=replaced,
    )
    return Document(id=item.key, text=text, source=source, encoding=encoding, chars_in=len(text))


Task = Callable[[CleanConfig, InputFile], TaskResult]
"""The unit of work an executor runs; :func:`process_file` in production, a stand-in in tests. It must be
a module-level function so it can be sent to worker processes."""


class Executor(Protocol):
    """Runs :func:`process_file` over inputs and yields their results in input order: one
    :class:`TaskResult` per input, or a :class:`RecordRun` for several documents in a row."""

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[MapResult]: ...


def is_document(result: TaskResult) -> bool:
    return isinstance(result.outcome, Document)
