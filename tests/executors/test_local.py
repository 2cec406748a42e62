"""The process-pool executor: same results as serial, in input order, and no input lost to a crash."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.document import Document, Rejection, Source
from corpus.executors.base import TaskResult
from corpus.executors.local import LocalExecutor, batches
from corpus.executors.serial import SerialExecutor
from corpus.io.readers import InputFile


def upper_task(config: CleanConfig, item: InputFile) -> TaskResult:
    """A stand-in pipeline: the document is the file name upper-cased, tagged with the worker's pid."""
    text = item.relative.upper()
    return TaskResult(Document(item.relative, text, Source.of(item.relative, b""), chars_in=len(text)))


def crash_on_poison(config: CleanConfig, item: InputFile) -> TaskResult:
    """Kill the worker process outright (as a native crash would) when it meets the poisoned file."""
    if "poison" in item.relative:
        os._exit(3)
    return upper_task(config, item)


def fail_on_broken(config: CleanConfig, item: InputFile) -> TaskResult:
    """A task with a bug: it raises instead of returning a rejection."""
    if "broken" in item.relative:
        raise LookupError(f"no rule for {item.relative}")
    return upper_task(config, item)


def huge_task(config: CleanConfig, item: InputFile) -> TaskResult:
    """A stand-in whose documents named ``huge*`` are 3 MB of text: a batch's results larger than the
    1 MiB receive buffer."""
    text = "長" * 1_000_000 if "huge" in item.relative else item.relative
    return TaskResult(Document(item.relative, text, Source.of(item.relative, b""), chars_in=len(text)))


def items(names: list[str], root: Path) -> list[InputFile]:
    return [InputFile(str(root / name), name, str(root), 100_000) for name in names]


def test_results_come_back_in_input_order_and_equal_the_serial_executor(tmp_path: Path) -> None:
    names = [f"file-{index:03d}.txt" for index in range(40)]
    config = CleanConfig()
    parallel = list(LocalExecutor(2, task=upper_task).map(config, items(names, tmp_path)))
    serial = list(SerialExecutor(task=upper_task).map(config, items(names, tmp_path)))
    assert parallel == serial
    assert [result.outcome.id for result in parallel if isinstance(result.outcome, Document)] == names


def test_a_file_that_kills_its_worker_is_rejected_and_every_other_file_still_comes_back(
    tmp_path: Path,
) -> None:
    names = [f"file-{index:02d}.txt" for index in range(12)]
    names.insert(5, "poison.txt")
    results = list(LocalExecutor(2, task=crash_on_poison).map(CleanConfig(), items(names, tmp_path)))
    assert len(results) == len(names)
    by_name = {
        result.outcome.id if isinstance(result.outcome, Document) else result.outcome.path: result.outcome
        for result in results
    }
    poisoned = by_name["poison.txt"]
    assert isinstance(poisoned, Rejection) and poisoned.reason == "internal-error"
    assert all(isinstance(by_name[name], Document) for name in names if name != "poison.txt")
    order = [
        result.outcome.id if isinstance(result.outcome, Document) else result.outcome.path
        for result in results
    ]
    assert order == names


def test_a_batch_larger_than_the_receive_buffer_comes_back_whole(tmp_path: Path) -> None:
    names = [f"file-{index:03d}.txt" for index in range(40)]
    names[3] = names[36] = "huge.txt"
    parallel = list(LocalExecutor(2, task=huge_task).map(CleanConfig(), items(names, tmp_path)))
    assert parallel == list(SerialExecutor(task=huge_task).map(CleanConfig(), items(names, tmp_path)))
    huge = parallel[3].outcome
    assert isinstance(huge, Document) and len(huge.text) == 1_000_000


def test_an_exception_in_the_task_is_raised_here_after_the_results_before_it(tmp_path: Path) -> None:
    names = [f"file-{index:03d}.txt" for index in range(40)]
    names[35] = "broken.txt"  # in the second batch of 32
    results = LocalExecutor(2, task=fail_on_broken).map(CleanConfig(), items(names, tmp_path))
    first = [next(results) for _ in range(32)]
    assert [result.outcome.id for result in first if isinstance(result.outcome, Document)] == names[:32]
    with pytest.raises(LookupError, match=r"no rule for broken\.txt"):
        next(results)


def test_no_worker_process_outlives_the_run(tmp_path: Path) -> None:
    names = [f"file-{index:03d}.txt" for index in range(70)]
    list(LocalExecutor(3, task=upper_task).map(CleanConfig(), items(names, tmp_path)))
    assert multiprocessing.active_children() == []


def test_small_files_are_batched_by_count_and_bytes_in_input_order(tmp_path: Path) -> None:
    tiny = [InputFile(str(tmp_path / f"{i}"), f"{i}", str(tmp_path), 10) for i in range(70)]
    assert [len(batch) for batch in batches(tiny)] == [32, 32, 6]
    big = [InputFile(str(tmp_path / f"{i}"), f"{i}", str(tmp_path), 3 * 1024 * 1024) for i in range(3)]
    assert [len(batch) for batch in batches(big)] == [1, 1, 1]
    assert [item for batch in batches(tiny) for item in batch] == tiny


def test_batches_of_small_files_queue_three_per_worker() -> None:
    executor = LocalExecutor(4)
    assert executor.has_room(11, 11 * 100_000)
    assert not executor.has_room(12, 12 * 100_000)


def test_large_chunks_queue_only_until_every_worker_has_one_and_the_byte_budget_is_spent() -> None:
    executor = LocalExecutor(4)
    chunk = 16 * 1024 * 1024
    assert executor.has_room(3, 3 * chunk)  # a worker is still idle
    assert not executor.has_room(4, 4 * chunk)  # 64 MiB in flight: over 4 x 8 MiB
    four_mib = 4 * 1024 * 1024
    assert executor.has_room(7, 7 * four_mib)
    assert not executor.has_room(8, 8 * four_mib)


class _GoneParent:
    """A worker's end of the pipe after the main process died with data unread: reading it fails
    with a reset (seen on CI after kill -9), not with an end of file."""

    def recv(self) -> object:
        raise ConnectionResetError(104, "Connection reset by peer")

    def send(self, message: object) -> None:
        raise AssertionError("nothing was received, so nothing may be sent")


def test_a_worker_whose_main_process_is_gone_ends_quietly_on_a_reset_pipe() -> None:
    """It returned only on an end of file; a reset escaped and printed a traceback to stderr."""
    from corpus.executors import local

    local._serve(_GoneParent(), lambda config, item: None, CleanConfig())  # type: ignore[arg-type]
