"""The local executor: a process pool over files, results in input order, every result consumed.

Small files are sent to workers in batches (up to :data:`BATCH_FILES` files or :data:`BATCH_BYTES` bytes),
so a corpus of millions of tiny files does not pay one round trip per file. Work is submitted through a
bounded window of batches, so memory does not grow with the number of inputs, and results stream to the
writer as soon as the oldest batch is done.

If a worker process dies (a crash in a native library, the OOM killer), every file that was in flight is
retried one at a time in a single-worker pool; the file that kills that worker is the culprit and becomes
an ``internal-error`` rejection. One poisonous file never stops the run or loses the others.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext

from corpus.config import CleanConfig
from corpus.document import Rejection
from corpus.executors.base import Task, TaskResult, process_file
from corpus.io.readers import InputFile
from corpus.warmup import warmed

logger = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 3
"""Batches queued per worker: enough to hide scheduling gaps, small enough to bound memory."""

IN_FLIGHT_BYTES_PER_WORKER = 8 * 1024 * 1024
"""Input bytes queued per worker. Results wait in this process until every batch before them is
written, so batches of large chunks (a split file) are held to two per worker: a finished chunk's
document is several times its size in memory, and on the 16-core device machine a 2 GB file with three
16 MB chunks per worker in flight peaked at 428 MB in this process alone."""

BATCH_FILES = 32
BATCH_BYTES = 4 * 1024 * 1024
"""A batch closes at 32 files or 4 MiB, whichever comes first: at the pipeline's ~20 MB/s per core a
batch is a fraction of a second of work, so the pool stays balanced while IPC stays negligible."""


def _context() -> multiprocessing.context.BaseContext:
    """How worker processes start.

    ``fork`` when this process runs a single thread: the workers then inherit the pipeline that
    :func:`corpus.run.clean_paths` built (and validated) before the pool starts, instead of each importing
    the package, loading OpenCC and compiling the rule pack again (about a second of CPU per worker,
    measured with cProfile on the 20 MB bench corpus: most of it ``regex`` compiling the combined
    patterns). Forking a process that runs other threads can copy a lock held by one of them into the
    child, so then (a Ray client, a caller's thread pool) ``forkserver`` starts workers from a clean
    interpreter instead. Only on Linux: macOS system libraries are not safe to use after a fork, which
    is why Python starts processes there with ``spawn``; elsewhere the platform default.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else None)


def run_batch(task: Task, config: CleanConfig, items: list[InputFile]) -> list[TaskResult]:
    """Worker side: run the task over a batch, in order."""
    return [task(config, item) for item in items]


def batch_bytes(batch: list[InputFile]) -> int:
    """Bytes a batch reads (its chunks' ranges, its whole files)."""
    return sum(item.task_bytes for item in batch)


def batches(items: Iterable[InputFile]) -> Iterator[list[InputFile]]:
    """Group consecutive inputs into batches bounded by file count and bytes."""
    batch: list[InputFile] = []
    size = 0
    for item in items:
        if batch and (len(batch) >= BATCH_FILES or size + item.task_bytes > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item.task_bytes
    if batch:
        yield batch


class LocalExecutor:
    """Run the pipeline in ``jobs`` worker processes."""

    def __init__(self, jobs: int, task: Task = process_file) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.task = task

    def _pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=_context())

    def has_room(self, batches_in_flight: int, bytes_in_flight: int) -> bool:
        """Whether to submit another batch: up to :data:`IN_FLIGHT_PER_WORKER` batches and
        :data:`IN_FLIGHT_BYTES_PER_WORKER` bytes per worker, but never fewer batches than workers, so a
        run of large chunks still keeps every worker busy."""
        if batches_in_flight >= self.jobs * IN_FLIGHT_PER_WORKER:
            return False
        return batches_in_flight < self.jobs or bytes_in_flight < self.jobs * IN_FLIGHT_BYTES_PER_WORKER

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[TaskResult]:
        source = batches(items)
        # Forked workers inherit the warmed-up pipeline; others build their own.
        forking = _context().get_start_method() == "fork"
        with warmed(config) if forking else nullcontext():
            yield from self._map(config, source)

    def _map(self, config: CleanConfig, source: Iterator[list[InputFile]]) -> Iterator[TaskResult]:
        pending: deque[tuple[list[InputFile], Future[list[TaskResult]]]] = deque()
        in_flight = 0
        pool = self._pool(self.jobs)
        try:
            exhausted = False
            while True:
                while not exhausted and self.has_room(len(pending), in_flight):
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                        break
                    in_flight += batch_bytes(batch)
                    pending.append((batch, pool.submit(run_batch, self.task, config, batch)))
                if not pending:
                    return
                batch, future = pending.popleft()
                in_flight -= batch_bytes(batch)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    retry = batch + [item for queued, _ in pending for item in queued]
                    pending.clear()
                    in_flight = 0
                    yield from self._recover(config, retry)
                    pool = self._pool(self.jobs)
                    continue
                yield from results
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _recover(self, config: CleanConfig, items: list[InputFile]) -> Iterator[TaskResult]:
        """Rerun in-flight files one at a time, so a crash is pinned on the file that caused it."""
        logger.warning("a worker process died; retrying %d files one at a time", len(items))
        solo = self._pool(1)
        try:
            for item in items:
                try:
                    yield solo.submit(self.task, config, item).result()
                except BrokenProcessPool:
                    solo.shutdown(wait=False, cancel_futures=True)
                    solo = self._pool(1)
                    yield TaskResult(
                        Rejection(item.relative, "internal-error", "the worker process died on this file")
                    )
        finally:
            solo.shutdown(wait=True, cancel_futures=True)
