"""The local executor: worker processes over batches of files, results in input order, every result consumed.

Small files are sent to workers in batches (up to :data:`BATCH_FILES` files or :data:`BATCH_BYTES` bytes),
so a corpus of millions of tiny files does not pay one round trip per file. Work is sent through a
bounded window of batches, so memory does not grow with the number of inputs, and results stream to the
writer as soon as the oldest batch is done.

Each worker has its own pipe, and this process talks to all of them from its one thread: it sends a
worker its next batch while the worker runs the one before, and waits on every pipe at once for the
results. ``concurrent.futures.ProcessPoolExecutor`` did the same through a shared queue served by two
threads of this process (one pickling calls into the queue, one reading results), and those threads
were the cost of the process a run cannot multiply: on the 200 MB bench corpus with two workers this
process spent 2.2 CPU-seconds, 0.9 of them in the pool's threads, where reading and unpickling the same
results in one thread takes about 0.3 (``/proc/<pid>/task`` times, sampled; see
``scripts/bench_pipeline.py`` for the end-to-end effect).

If a worker process dies (a crash in a native library, the OOM killer), every file that was in flight is
retried one at a time by a single fresh worker; the file that kills that worker is the culprit and becomes
an ``internal-error`` rejection. One poisonous file never stops the run or loses the others.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext, suppress
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from corpus.config import CleanConfig
from corpus.document import Rejection
from corpus.executors.base import MapResult, Task, TaskResult, process_file
from corpus.io.readers import InputFile
from corpus.warmup import warmed

logger = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 3
"""Batches out per worker (sent, running or waiting to be written): enough to hide scheduling gaps,
small enough to bound memory."""

QUEUED_PER_WORKER = 2
"""Batches a worker holds at once: the one it runs and the next, so it never waits for this process,
and a slow batch never holds up more than one other behind it while another worker is idle."""

IN_FLIGHT_BYTES_PER_WORKER = 8 * 1024 * 1024
"""Input bytes queued per worker. Results wait in this process until every batch before them is
written, so batches of large chunks (a split file) are held to two per worker: a finished chunk's
document is several times its size in memory, and on the 16-core device machine a 2 GB file with three
16 MB chunks per worker in flight peaked at 428 MB in this process alone."""

BATCH_FILES = 32
BATCH_BYTES = 4 * 1024 * 1024
"""A batch closes at 32 files or 4 MiB, whichever comes first: at the pipeline's ~20 MB/s per core a
batch is a fraction of a second of work, so the workers stay balanced while IPC stays negligible."""


def _context() -> multiprocessing.context.BaseContext:
    """How worker processes start.

    ``fork`` when this process runs a single thread: the workers then inherit the pipeline that
    :func:`corpus.run.clean_paths` built (and validated) before the workers start, instead of each
    importing the package, loading OpenCC and compiling the rule pack again (about a second of CPU per
    worker, measured with cProfile on the 20 MB bench corpus: most of it ``regex`` compiling the combined
    patterns). Forking a process that runs other threads can copy a lock held by one of them into the
    child, so then (a Ray client, a caller's thread pool) ``forkserver`` starts workers from a clean
    interpreter instead. Only on Linux: macOS system libraries are not safe to use after a fork, which
    is why Python starts processes there with ``spawn``; elsewhere the platform default.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else None)


def run_batch(task: Task, config: CleanConfig, items: list[InputFile]) -> list[MapResult]:
    """Worker side: run the task over a batch, in order; a task that packs its results
    (:meth:`corpus.executors.record_task.RecordTask.batch`) packs them."""
    packed: Callable[[CleanConfig, list[InputFile]], list[MapResult]] | None = getattr(task, "batch", None)
    if packed is not None:
        return packed(config, items)
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


class _Failed:
    """A batch whose task raised (a bug: :func:`process_file` turns every failure into a rejection);
    the exception travels back to be raised in this process, as a pool's future would raise it."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _serve(
    connection: Connection, task: Task, config: CleanConfig, parent_end: Connection | None = None
) -> None:
    """A worker's life: receive ``(index, batch)``, send back ``(index, results)``, until ``None``.

    Ctrl-C reaches every process of the terminal's group; the worker leaves it to this process, which
    stops the workers itself, so an interrupted run prints one message rather than one per worker.
    A forked worker closes its copy of this process's end of the pipe (``parent_end``): else, when
    this process is killed (``kill -9``) before it can stop them, no worker ever reads an end of
    file, and they wait for work forever. Then the batch being run has nobody to go to.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_end is not None:
        parent_end.close()
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):  # this process is gone (a reset when it died with data unread)
            return
        if message is None:
            return
        index, batch = message
        try:
            outcome: list[MapResult] | _Failed = run_batch(task, config, batch)
        except Exception as error:
            outcome = _Failed(error)
        try:
            connection.send((index, outcome))
        except OSError:  # this process is gone
            return


DIED_DETAIL = "the worker process died on this file"
"""The rejection detail of a file that a worker died on, alone."""


class _WorkerDied(Exception):
    """A worker process ended (crashed, was killed) with batches still out."""


RECEIVE_BUFFER = 1 << 20
"""Results are read into one 1 MiB buffer per worker rather than into a new bytes object per batch: a
batch's results are about 400 KB on the bench corpus, and receiving 286 MB that way cost 0.32
CPU-seconds against 0.09 into a reused buffer (``Connection.recv_bytes`` against ``recv_bytes_into``,
400 KB messages). A larger result (a batch of big chunks) is read on its own, so the buffers never
hold more than 1 MiB per worker."""


class _Worker:
    """One worker process, its end of the pipe, and the batches it holds (indexes, oldest first)."""

    def __init__(self, context: multiprocessing.context.BaseContext, task: Task, config: CleanConfig) -> None:
        mine, theirs = context.Pipe()
        self.connection = mine
        forked = context.get_start_method() == "fork"
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(theirs, task, config, mine if forked else None), daemon=True
        )
        self.process.start()
        theirs.close()
        self.holding: list[int] = []
        self.buffer = bytearray(RECEIVE_BUFFER)

    def send(self, index: int, batch: list[InputFile]) -> None:
        """Hand the worker a batch; it counts as held even when the pipe is broken, so that the
        recovery reruns it."""
        self.holding.append(index)
        try:
            self.connection.send((index, batch))
        except OSError:  # the pipe broke: the worker is gone
            raise _WorkerDied from None

    def receive(self) -> tuple[int, list[MapResult] | _Failed]:
        try:
            size = self.connection.recv_bytes_into(self.buffer)
            index, outcome = pickle.loads(memoryview(self.buffer)[:size])
        except multiprocessing.BufferTooShort as short:  # the whole message, read on its own
            index, outcome = pickle.loads(short.args[0])
        except (EOFError, OSError):
            raise _WorkerDied from None
        self.holding.remove(index)
        return index, outcome

    def stop(self) -> None:
        """Let an idle worker finish; kill one that still holds batches (the run was interrupted or
        failed), whose results nobody will read."""
        if self.holding:
            self.kill()
            return
        with suppress(OSError):  # the worker is already gone
            self.connection.send(None)
        self.process.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class LocalExecutor:
    """Run the pipeline in ``jobs`` worker processes."""

    def __init__(self, jobs: int, task: Task = process_file) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.task = task

    def has_room(self, batches_in_flight: int, bytes_in_flight: int) -> bool:
        """Whether to send another batch: up to :data:`IN_FLIGHT_PER_WORKER` batches and
        :data:`IN_FLIGHT_BYTES_PER_WORKER` bytes per worker, but never fewer batches than workers, so a
        run of large chunks still keeps every worker busy."""
        if batches_in_flight >= self.jobs * IN_FLIGHT_PER_WORKER:
            return False
        return batches_in_flight < self.jobs or bytes_in_flight < self.jobs * IN_FLIGHT_BYTES_PER_WORKER

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[MapResult]:
        source = batches(items)
        context = _context()
        # Forked workers inherit the warmed-up pipeline; others build their own.
        with warmed(config) if context.get_start_method() == "fork" else nullcontext():
            yield from self._map(context, config, source)

    def _map(
        self,
        context: multiprocessing.context.BaseContext,
        config: CleanConfig,
        source: Iterator[list[InputFile]],
    ) -> Iterator[MapResult]:
        workers = [_Worker(context, self.task, config) for _ in range(self.jobs)]
        out: dict[int, list[InputFile]] = {}
        """Batches sent and not yet yielded, by index (in flight for :meth:`has_room`)."""
        done: dict[int, list[MapResult] | _Failed] = {}
        in_flight = 0
        sent = yielded = 0
        exhausted = False
        try:
            while True:
                while not exhausted and self.has_room(len(out), in_flight):
                    worker = min(workers, key=lambda each: len(each.holding))
                    if len(worker.holding) >= QUEUED_PER_WORKER:
                        break
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                        break
                    out[sent] = batch
                    in_flight += batch_bytes(batch)
                    index, sent = sent, sent + 1
                    try:
                        worker.send(index, batch)
                    except _WorkerDied:
                        workers = self._recover(context, config, workers, out, done)
                if yielded in done:
                    results = done.pop(yielded)
                    if isinstance(results, _Failed):  # raised in turn, as a pool's future would be
                        raise results.error
                    in_flight -= batch_bytes(out.pop(yielded))
                    yielded += 1
                    yield from results
                    continue
                if not out:
                    return
                ready = wait([worker.connection for worker in workers if worker.holding])
                for worker in workers:
                    if worker.connection in ready:
                        try:
                            index, results = worker.receive()
                        except _WorkerDied:
                            workers = self._recover(context, config, workers, out, done)
                            break
                        done[index] = results
        finally:
            for worker in workers:
                worker.stop()

    def _recover(
        self,
        context: multiprocessing.context.BaseContext,
        config: CleanConfig,
        workers: list[_Worker],
        out: dict[int, list[InputFile]],
        done: dict[int, list[MapResult] | _Failed],
    ) -> list[_Worker]:
        """After a worker died: rerun every batch still held by a worker one file at a time, so a crash
        is pinned on the file that caused it, then start a fresh set of workers."""
        held = sorted(index for worker in workers for index in worker.holding)
        for worker in workers:
            worker.kill()
        logger.warning(
            "a worker process died; retrying %d files one at a time", sum(len(out[i]) for i in held)
        )
        solo = _Worker(context, self.task, config)
        try:
            for index in held:
                done[index] = results = []
                for item in out[index]:
                    try:
                        solo.send(0, [item])
                        outcome = solo.receive()[1]
                    except _WorkerDied:
                        solo.kill()
                        solo = _Worker(context, self.task, config)
                        outcome = [TaskResult(Rejection(item.relative, "internal-error", DIED_DETAIL))]
                    if isinstance(outcome, _Failed):
                        done[index] = outcome
                        break
                    results.extend(outcome)
        finally:
            solo.stop()
        return [_Worker(context, self.task, config) for _ in range(self.jobs)]
