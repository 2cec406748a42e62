"""The executor seam: run the pipeline over input files, yielding results in input order.

An executor decides only *where* :func:`process_file` runs (in this process, in a process pool, on a Ray
cluster). It never touches text, and it must hand back exactly one :class:`TaskResult` per input, in the
order the inputs were given, so that the output of a run is the same for any executor and any ``--jobs``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from corpus.config import CleanConfig
from corpus.document import Document, Outcome, Rejection
from corpus.io.readers import InputFile, read_raw
from corpus.pipeline import pipeline_for


@dataclass(frozen=True, slots=True)
class TaskResult:
    """The outcome for one input, with the seconds each stage took (for the report, never the output)."""

    outcome: Outcome
    step_seconds: tuple[tuple[str, float], ...] = ()


def process_file(config: CleanConfig, item: InputFile) -> TaskResult:
    """Read, decode and clean one input file. Never raises: every failure is a Rejection."""
    started = time.perf_counter()
    raw = read_raw(item)
    if isinstance(raw, Rejection):
        return TaskResult(raw)
    try:
        pipeline = pipeline_for(config)
    except Exception as error:  # e.g. a broken engine: reported per file so the run still accounts for it
        return TaskResult(
            Rejection(raw.path, "internal-error", f"{type(error).__name__}: {error}", len(raw.data))
        )
    read_done = time.perf_counter()
    timings: list[tuple[str, float]] = [("read", read_done - started)]
    decoded = pipeline.decoder(raw)
    decode_done = time.perf_counter()
    timings.append(("decode", decode_done - read_done))
    if isinstance(decoded, Rejection):
        return TaskResult(decoded, tuple(timings))
    outcome: Outcome = pipeline.finish(raw, decoded, timings)
    return TaskResult(outcome, tuple(timings))


Task = Callable[[CleanConfig, InputFile], TaskResult]
"""The unit of work an executor runs; :func:`process_file` in production, a stand-in in tests. It must be
a module-level function so it can be sent to worker processes."""


class Executor(Protocol):
    """Runs :func:`process_file` over inputs and yields one result per input, in input order."""

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[TaskResult]: ...


def is_document(result: TaskResult) -> bool:
    return isinstance(result.outcome, Document)
