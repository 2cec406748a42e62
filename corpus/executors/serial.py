"""The serial executor: every file in this process, one after another. The reference behaviour."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from corpus.config import CleanConfig
from corpus.executors.base import Task, TaskResult, process_file
from corpus.io.readers import InputFile
from corpus.warmup import warmed


class SerialExecutor:
    """Run the pipeline in-process; used for ``--jobs 1`` and as the reference in tests."""

    def __init__(self, task: Task = process_file) -> None:
        self.task = task

    def map(self, config: CleanConfig, items: Iterable[InputFile]) -> Iterator[TaskResult]:
        with warmed(config):  # the collector skips the pipeline's tables (see corpus.warmup)
            for item in items:
                yield self.task(config, item)
