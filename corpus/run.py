"""Clean a set of input paths into an output directory: discover, execute, write, report.

This is the whole of ``corpus clean`` minus argument parsing. It owns the order of things: validate
inputs and output before any work, stream results in input order to one writer, account for every input
(written or rejected), and write the rejects list, the report and the output marker last.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.config import CleanConfig
from corpus.document import Document, Rejection
from corpus.errors import InputError, OutputError
from corpus.executors.base import Executor, TaskResult
from corpus.executors.local import LocalExecutor
from corpus.executors.serial import SerialExecutor
from corpus.io import output
from corpus.io.readers import discover
from corpus.io.rejects import write_rejects
from corpus.io.writers import JsonlShardWriter, TreeWriter, Writer
from corpus.report import RunReport, write_report

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a finished run produced: its report, where it wrote, and how long it took."""

    report: RunReport
    out_dir: Path
    seconds: float


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_executor(config: CleanConfig, file_count: int) -> Executor:
    """Serial for one job or one file (no pool start-up to pay); a process pool otherwise."""
    jobs = config.jobs or available_cores()
    jobs = max(1, min(jobs, file_count))
    if jobs == 1:
        return SerialExecutor()
    return LocalExecutor(jobs)


def make_writer(config: CleanConfig, out_dir: Path) -> Writer:
    if config.output_format == "jsonl":
        return JsonlShardWriter(out_dir, config.content_hash())
    return TreeWriter(out_dir)


def clean_paths(
    inputs: Sequence[str],
    out_dir: Path | None,
    config: CleanConfig,
    *,
    force: bool = False,
    executor: Executor | None = None,
) -> RunResult:
    """Clean every file under ``inputs`` into ``out_dir`` (default: ``<input>.clean`` beside it)."""
    started = time.perf_counter()
    files, skipped = discover(inputs)
    if not files and not skipped:
        raise InputError(f"no files found in {', '.join(inputs)}", "nothing to clean")
    target = out_dir if out_dir is not None else output.default_output(inputs)
    output.check_output(target, inputs, force=force)
    output.prepare_output(target)
    output.clear_previous(target)

    report = RunReport()
    rejections: list[Rejection] = []
    writer = make_writer(config, target)
    runner = executor if executor is not None else choose_executor(config, len(files))
    try:
        for result in runner.map(config, files):
            report.add(result)
            if isinstance(result.outcome, Document):
                writer.write(result.outcome)
            else:
                rejections.append(result.outcome)
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror or error}") from None
    finally:
        written = writer.close()
    for link in skipped:
        rejection = link.rejection()
        rejections.append(rejection)
        report.add(TaskResult(rejection))

    seconds = time.perf_counter() - started
    write_rejects(target, rejections)
    write_report(target, report, seconds, config.as_dict())
    output.write_marker(target, written)
    return RunResult(report=report, out_dir=target, seconds=seconds)
