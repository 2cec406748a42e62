"""The local executor: a process pool over files, results in input order, every result consumed.

Work is submitted through a bounded window (a few tasks per worker), so memory does not grow with the
number of inputs and results stream to the writer as soon as the oldest task is done. If a worker process
dies (a crash in a native library, the OOM killer), the pool is rebuilt and each task that was in flight
is retried once on its own; a task that kills its worker twice becomes an ``internal-error`` rejection,
so one poisonous file never stops the run or loses the others.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from corpus.config import CleanConfig
from corpus.document import Rejection
from corpus.executors.base import Task, TaskResult, process_file
from corpus.io.readers import InputFile

logger = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 4
"""Tasks queued per worker: enough to hide scheduling gaps between small files, small enough to bound
memory when files are large."""


def _context() -> multiprocessing.context.BaseContext:
    # forkserver where available: workers start from a clean interpreter, so no lock or thread state of
    # the parent (a Ray client, a logging handler) leaks into them; elsewhere the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else None)


class LocalExecutor:
    """Run the pipeline in ``jobs`` worker processes."""

    def __init__(self, jobs: int, task: Task = process_file) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.task = task

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context())

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[TaskResult]:
        window = self.jobs * IN_FLIGHT_PER_WORKER
        pending: deque[tuple[InputFile, Future[TaskResult]]] = deque()
        source = iter(items)
        pool = self._pool()
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < window:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    pending.append((item, pool.submit(self.task, config, item)))
                if not pending:
                    return
                item, future = pending.popleft()
                try:
                    yield future.result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    retry = [item] + [queued for queued, _ in pending]
                    pending.clear()
                    pool = self._pool()
                    for queued in retry:
                        yield self._retry_alone(config, queued)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _retry_alone(self, config: CleanConfig, item: InputFile) -> TaskResult:
        """Run one task in a fresh single-worker pool, so a crash is pinned on the file that caused it."""
        logger.warning("a worker died; retrying %s on its own", item.relative)
        with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as solo:
            try:
                return solo.submit(self.task, config, item).result()
            except BrokenProcessPool:
                return TaskResult(
                    Rejection(item.relative, "internal-error", "the worker process died on this file")
                )
