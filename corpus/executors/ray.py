"""The Ray executor: the same batches of files as the local engine, run by Ray Data actors.

The driver lists the inputs (as for the local engine) and groups them into the same batches
(:func:`corpus.executors.local.batches`: at most 32 files or 4 MiB). Each batch becomes one row of a
Ray Dataset; ``map_batches`` hands rows to a pool of actors, each of which builds the pipeline once
(OpenCC converter, compiled rules) and runs :func:`process_file` over its files. The results come back
to the driver as a stream, in input order (``preserve_order``), and go to the same writer the local
engine uses, so the output of a run does not depend on the engine.

Why actors rather than plain tasks: the pipeline costs a fraction of a second to build, and a task would
pay it again for every batch; an actor pays it once. Why a row per batch rather than per file: a row is
one scheduling unit, and batching bounds it by bytes as well as files, so one huge file does not sit in a
batch with thirty others.

Files are read by the workers from their paths, so on a cluster of several machines the input must be
visible at the same path on every node (a shared filesystem). On a cluster the output is written by the
driver; on a private local instance the tree layout's files are written by the workers, as with the local
engine (:class:`corpus.executors.tree_task.TreeTask`). JSONL records are encoded by the workers on either
(:class:`corpus.executors.record_task.RecordTask`).

Ray is imported inside methods only: ``import corpus`` must work without the ray extra.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import socket
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from corpus.config import CleanConfig
from corpus.document import Rejection
from corpus.errors import EngineError
from corpus.executors.base import MapResult, Task, TaskResult, process_file
from corpus.executors.local import batches, run_batch
from corpus.io.readers import InputFile

if TYPE_CHECKING:
    from types import ModuleType

logger = logging.getLogger(__name__)

MAX_BATCH_RETRIES = 2

RAY_MISSING = EngineError("the ray engine needs the ray extra", "pip install 'corpus-zh[ray]'")


def _import_ray() -> ModuleType:
    try:
        import ray
        import ray.data
    except ImportError:
        raise RAY_MISSING from None
    return ray


def _first_line(error: BaseException) -> str:
    """The first line of an error's message, without the terminal colour codes Ray puts in."""
    lines = str(error).splitlines()
    return re.sub(r"\x1b\[[0-9;]*m", "", lines[0] if lines else type(error).__name__)


CONNECT_TIMEOUT_SECONDS = 10.0
"""How long to wait for a cluster's port before giving up. Ray's own client retries for minutes, which
looks like a hang to someone who mistyped an address."""


def _check_reachable(address: str) -> None:
    """Fail fast with one line when ``host:port`` (or ``ray://host:port``) does not answer."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", "local" or another form Ray resolves itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_SECONDS).close()
    except OSError as error:
        raise EngineError(
            f"cannot reach the Ray cluster at {address}: {error.strerror or error}",
            "start one with 'ray start --head', or check --address",
        ) from None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class BatchWorker:
    """A Ray Data actor: builds the pipeline once, then runs the task over each batch it is given.

    Input rows are ``{"index": int, "items": pickled list of InputFile}``; output rows are
    ``{"index": int, "results": pickled list of TaskResult or RecordRun}``. Pickle is the transport because
    inputs (with their chunk ranges) and results (documents, events, rejections) are frozen
    dataclasses with no Arrow schema; the local engine's process pool sends the same objects the
    same way, so a field added to either travels without change here.
    """

    def __init__(self, config: CleanConfig, task: Task) -> None:
        self.config = config
        self.task = task
        from corpus.pipeline import pipeline_for

        try:
            pipeline_for(config)  # every task runs the pipeline: build it once, here
        except Exception:  # process_file turns the same failure into a rejection per file
            logger.exception("building the pipeline failed on a ray worker")

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy

        results = [
            pickle.dumps(self.run_items(pickle.loads(bytes(encoded))), protocol=pickle.HIGHEST_PROTOCOL)
            for encoded in batch["items"]
        ]
        return {"index": batch["index"], "results": numpy.array(results, dtype=object)}

    def run_items(self, items: list[InputFile]) -> list[MapResult]:
        """The batch's results as the local engine's workers make them (:func:`run_batch`: packed
        runs of JSONL records, else one per file). A task that raises (it never should) is run again
        one file at a time, so the failure is pinned on its file and the others still come back."""
        try:
            return run_batch(self.task, self.config, items)
        except Exception:
            logger.exception("internal error in a batch on a ray worker; retrying its files one by one")
        out: list[MapResult] = []
        for item in items:
            try:
                out.append(self.task(self.config, item))
            except Exception as error:  # the task should never raise; if it does, the file is still counted
                logger.exception("internal error processing %s on a ray worker", item.relative)
                out.append(
                    TaskResult(Rejection(item.relative, "internal-error", f"{type(error).__name__}: {error}"))
                )
        return out


class RayExecutor:
    """Run the pipeline on Ray: a local Ray instance when ``address`` is None, else that cluster.

    ``jobs`` is the number of worker actors; ``None`` means one per CPU (this machine's for a local
    instance, the cluster's otherwise). If Ray is already initialized in this process (a notebook, a
    test, a Ray job), that connection is used and left running; otherwise the executor starts or
    joins Ray for the run and disconnects afterwards.
    """

    def __init__(
        self, address: str | None = None, jobs: int | None = None, task: Task = process_file
    ) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1")
        _import_ray()
        self.address = address
        self.jobs = jobs
        self.task = task

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[MapResult]:
        ray = _import_ray()
        rows = [
            {"index": index, "items": pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)}
            for index, batch in enumerate(batches(items))
        ]
        if not rows:
            return
        owned = self._connect(ray)
        context = ray.data.DataContext.get_current()
        saved = (context.execution_options.preserve_order, context.enable_progress_bars)
        data_logger = logging.getLogger("ray.data")
        saved_level = data_logger.level
        try:
            context.execution_options.preserve_order = True
            # our own progress display runs on the driver; Ray's bars and INFO lines would interleave
            context.enable_progress_bars = False
            data_logger.setLevel(logging.ERROR)
            workers = self._workers(ray, len(rows))
            with warnings.catch_warnings():
                # Ray >= 2.51 marks extra remote arguments as deprecated but offers no named
                # parameter for max_task_retries yet; the warning is about Ray's API, not ours.
                warnings.filterwarnings("ignore", message=".*ray_remote_args.*deprecated")
                dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                    BatchWorker,
                    fn_constructor_args=(config, self.task),
                    batch_size=1,
                    batch_format="numpy",
                    compute=ray.data.ActorPoolStrategy(size=workers),
                    num_cpus=1,
                    # Ray Data retries a batch forever by default, so a file that kills its worker
                    # would stall the run; two retries cover a lost node, then the run stops.
                    max_task_retries=MAX_BATCH_RETRIES,
                )
            expected = 0
            try:
                for row in dataset.iter_rows():
                    if int(row["index"]) != expected:
                        raise EngineError(
                            f"ray returned batch {int(row['index'])} where batch {expected} was due",
                            "this is a bug in corpus; rerun with --engine local",
                        )
                    expected += 1
                    yield from pickle.loads(row["results"])
            except EngineError:
                raise
            except Exception as error:  # a lost node, a dead actor: one line, and --resume picks up
                raise EngineError(
                    f"the ray run failed: {type(error).__name__}: {_first_line(error)}",
                    "finished files are kept; rerun the same command to resume",
                ) from error
            if expected != len(rows):
                raise EngineError(f"ray returned {expected} of {len(rows)} batches")
        finally:
            context.execution_options.preserve_order, context.enable_progress_bars = saved
            data_logger.setLevel(saved_level)
            if owned:
                ray.shutdown()

    def _connect(self, ray: ModuleType) -> bool:
        """Start or join Ray unless this process already has; True when we must shut it down."""
        if ray.is_initialized():
            return False
        if self.address is not None:
            _check_reachable(self.address)
        options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING}
        if self.address is None:
            options["num_cpus"] = self.jobs or _cores()
        try:
            # "local" starts a fresh instance even when a cluster runs on this machine: joining one
            # is what --address auto is for, and a surprise join would use someone else's cluster.
            ray.init(address=self.address or "local", **options)
        except Exception as error:
            where = self.address or "a local Ray instance"
            raise EngineError(
                f"cannot start or join {where}: {_first_line(error)}",
                "check --address (e.g. auto, or ray://HOST:10001) and that the cluster is up",
            ) from None
        return True

    def _workers(self, ray: ModuleType, batch_count: int) -> int:
        """Actors to start: ``jobs``, else one per CPU Ray reports, never more than there are batches."""
        if self.jobs is not None:
            return max(1, min(self.jobs, batch_count))
        wanted = max(1, int(ray.cluster_resources().get("CPU", 1)))
        return max(1, min(wanted, batch_count))
