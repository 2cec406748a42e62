"""Progress on stderr: a live line on a terminal, periodic log lines otherwise, nothing when quiet.

It only counts what the run already hands it (each task's result and the task); it never touches the
output, so a progress display can never change what a run writes. A large file split into chunks counts
as one file, done when its last chunk is, and each chunk adds its own bytes, so the totals match the
input.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TextIO

from corpus.document import Document
from corpus.executors.base import TaskResult
from corpus.io.readers import InputFile

LOG_INTERVAL_SECONDS = 10.0
"""How often a non-terminal run logs a progress line: often enough for a CI log, rare enough to read."""

REDRAW_INTERVAL_SECONDS = 0.2


def _size_of(result: TaskResult, item: InputFile | None) -> int:
    if item is not None:
        return item.task_bytes
    outcome = result.outcome
    return outcome.source.size if isinstance(outcome, Document) else outcome.size


def ends_file(item: InputFile | None) -> bool:
    """Whether a task finishes its input file: a whole file, or the last chunk of a split one."""
    return item is None or item.chunk is None or item.chunk.part == item.chunk.parts - 1


def totals(todo: list[InputFile]) -> tuple[int, int]:
    """The files and bytes a run has to do, counted the way :class:`Progress` counts them done."""
    return sum(1 for item in todo if ends_file(item)), sum(item.task_bytes for item in todo)


class Progress:
    """Counts results as they stream by and shows files, MB, MB/s, rejects and an ETA."""

    def __init__(
        self,
        total_files: int,
        total_bytes: int,
        *,
        stream: TextIO | None = None,
        live: bool | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.total_files = total_files
        self.total_bytes = total_bytes
        self.files = 0
        self.bytes = 0
        self.rejected = 0
        self.started = time.monotonic()
        self.last_shown = self.started if not self.live else 0.0

    def __call__(self, result: TaskResult, item: InputFile | None = None) -> None:
        """Count one task's result (``item``: the task, when the caller has it)."""
        self.files += ends_file(item)
        self.bytes += _size_of(result, item)
        if not isinstance(result.outcome, Document):
            self.rejected += 1
        self._counted()

    def documents(self, items: Sequence[InputFile]) -> None:
        """Count the tasks of a run of documents (:class:`corpus.executors.base.RecordRun`)."""
        self.files += sum(map(ends_file, items))
        self.bytes += sum(item.task_bytes for item in items)
        self._counted()

    def _counted(self) -> None:
        now = time.monotonic()
        interval = REDRAW_INTERVAL_SECONDS if self.live else LOG_INTERVAL_SECONDS
        if now - self.last_shown >= interval or self.files == self.total_files:
            self.last_shown = now
            self.show(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.bytes / elapsed
        remaining = max(self.total_bytes - self.bytes, 0)
        eta = remaining / (self.bytes / elapsed) if self.bytes else None
        eta_text = "?" if eta is None else _duration(eta)
        return (
            f"{self.files}/{self.total_files} files, "
            f"{_size(self.bytes)}/{_size(self.total_bytes)}, "
            f"{_size(rate)}/s, {self.rejected} rejected, ETA {eta_text}"
        )

    def show(self, now: float) -> None:
        text = self.line(now)
        if self.live:
            self.stream.write("\r\033[K" + text)
            if self.files == self.total_files:
                self.stream.write("\n")
            self.stream.flush()
        else:
            self.stream.write(f"corpus: {text}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.live and self.files != self.total_files:
            self.stream.write("\n")
            self.stream.flush()


def _size(count: float) -> str:
    """Bytes in the unit that keeps one decimal meaningful: 950 B, 15.8 kB, 3.2 MB, 1.1 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:,.1f} {unit}"
    return f"{count:.0f} B"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
