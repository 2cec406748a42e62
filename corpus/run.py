"""Clean a set of input paths into an output directory: discover, execute, write, journal, report.

This is the whole of ``corpus clean`` minus argument parsing. It owns the order of things: validate inputs
and output before any work; reuse the finished units of an earlier, interrupted run (see
:mod:`corpus.io.journal`); stream results in input order to one writer; account for every input (written
or rejected); and write the rejects list and the report last.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.errors import InputError, OutputError, UsageError
from corpus.executors.base import Executor, TaskResult
from corpus.executors.local import LocalExecutor
from corpus.executors.serial import SerialExecutor
from corpus.io import output
from corpus.io.journal import Journal, UnitRecord
from corpus.io.readers import InputFile, discover
from corpus.io.rejects import write_rejects
from corpus.io.writers import JsonlShardWriter, ParquetShardWriter, TreeWriter, Writer
from corpus.report import RunReport, write_report

logger = logging.getLogger(__name__)

ResumeMode = Literal["auto", "resume", "restart"]
"""``auto``: reuse whatever finished work still matches; ``resume``: the same, but there must be some;
``restart``: discard earlier output and redo everything."""

ProgressCallback = Callable[[TaskResult], None]
ProgressFactory = Callable[[int, int], ProgressCallback]
"""Given the number of inputs still to do and their total bytes, make the per-result callback."""


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a finished run produced: its report, where it wrote, how long it took, what it reused."""

    report: RunReport
    out_dir: Path
    seconds: float
    reused: int = 0


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_executor(config: CleanConfig, file_count: int) -> Executor:
    """Ray when asked; serial for one job or one file (no pool start-up to pay); else a process pool."""
    if config.engine == "ray":
        from corpus.executors.ray import RayExecutor

        return RayExecutor(address=config.address, jobs=config.jobs)
    jobs = config.jobs or available_cores()
    jobs = max(1, min(jobs, file_count))
    if jobs == 1:
        return SerialExecutor()
    return LocalExecutor(jobs)


def make_writer(config: CleanConfig, out_dir: Path, first_index: int = 0) -> Writer:
    if config.output_format == "jsonl":
        return JsonlShardWriter(
            out_dir, config.content_hash(), config.shard_size, config.compression, first_index
        )
    if config.output_format == "parquet":
        return ParquetShardWriter(out_dir, config.content_hash(), config.shard_size, first_index)
    return TreeWriter(out_dir)


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


@dataclass(slots=True)
class _Unit:
    """The unit of output being filled: the inputs whose outcomes it holds, and their report."""

    inputs: list[tuple[str, str]] = field(default_factory=list)
    report: RunReport = field(default_factory=RunReport)

    def add(self, result: TaskResult) -> None:
        outcome = result.outcome
        if isinstance(outcome, Document):
            self.inputs.append((outcome.source.path, outcome.source.sha256))
        else:
            self.inputs.append((outcome.path, outcome.sha256))
        self.report.add(result)


def _plan_resume(
    config: CleanConfig, files: list[InputFile], records: list[UnitRecord], out_dir: Path
) -> tuple[list[UnitRecord], int]:
    """Which earlier units can be kept, and from which input (index) work must start again.

    Tree layout: each unit is one input; it is kept when its input still exists with the same hash and
    configuration and its output file is there. Shard layouts: units are kept as a prefix, in input order,
    for as long as each one's inputs are exactly the next inputs of this run, unchanged; the first
    mismatch ends the prefix, because every later shard's boundaries depend on it.
    """
    config_hash = config.content_hash()
    if config.output_format == "tree":
        by_path = {item.relative: item for item in files}
        kept = []
        for record in records:
            if record.config_hash != config_hash or len(record.inputs) != 1:
                continue
            path, digest = record.inputs[0]
            item = by_path.get(path)
            if item is None or not digest or sha256_of(item.path) != digest:
                continue
            if not all((out_dir / name).is_file() for name in record.outputs):
                continue
            kept.append(record)
        return kept, 0
    kept = []
    position = 0
    for record in records:
        if record.config_hash != config_hash:
            break
        expected = files[position : position + len(record.inputs)]
        if [item.relative for item in expected] != [path for path, _ in record.inputs]:
            break
        if any(
            not digest or sha256_of(item.path) != digest
            for item, (_, digest) in zip(expected, record.inputs, strict=True)
        ):
            break
        if not all((out_dir / name).is_file() for name in record.outputs):
            break
        kept.append(record)
        position += len(record.inputs)
    return kept, position


def _size(item: InputFile) -> int:
    try:
        return Path(item.path).stat().st_size
    except OSError:
        return 0


def _delete_outputs(out_dir: Path, names: set[str]) -> None:
    base = out_dir.resolve()
    for name in sorted(names):
        target = (out_dir / name).resolve()
        if target != base and target.is_relative_to(base):
            target.unlink(missing_ok=True)


def _copy_to_quarantine(item: InputFile, quarantine_dir: Path) -> None:
    target = quarantine_dir / item.relative
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(item.path, target, follow_symlinks=True)
    except OSError as error:
        logger.warning("could not copy %s to the quarantine: %s", item.relative, error)


def clean_paths(
    inputs: Sequence[str],
    out_dir: Path | None,
    config: CleanConfig,
    *,
    force: bool = False,
    resume: ResumeMode = "auto",
    quarantine_dir: Path | None = None,
    executor: Executor | None = None,
    progress: ProgressFactory | None = None,
) -> RunResult:
    """Clean every file under ``inputs`` into ``out_dir`` (default: ``<input>.clean`` beside it)."""
    started = time.perf_counter()
    files, skipped = discover(inputs)
    if not files and not skipped:
        raise InputError(f"no files found in {', '.join(inputs)}", "nothing to clean")
    target = out_dir if out_dir is not None else output.default_output(inputs)
    output.check_output(target, inputs, force=force)
    if quarantine_dir is not None:
        output.check_output(quarantine_dir, inputs, force=True)
    output.prepare_output(target)

    journal = Journal(target)
    records = journal.load()
    if resume == "resume" and not records:
        raise UsageError(f"there is no earlier run to resume in {target}", "drop --resume to start one")
    kept: list[UnitRecord]
    if resume == "restart":
        kept, position = [], 0
    else:
        kept, position = _plan_resume(config, files, records, target)
    kept_outputs = {name for record in kept for name in record.outputs}
    stale = {name for record in records for name in record.outputs} - kept_outputs
    stale.update(output.previous_outputs(target))
    _delete_outputs(target, stale - kept_outputs)
    journal.rewrite(kept)
    output.write_marker(target, [])

    report = RunReport()
    for record in kept:
        report.absorb(RunReport.from_state(record.report))
    done = {path for record in kept for path, _ in record.inputs}
    if config.output_format == "tree":
        todo = [item for item in files if item.relative not in done]
    else:
        todo = files[position:]
    shard_count = sum(1 for record in kept for name in record.outputs if name.startswith("data/"))
    if kept:
        logger.info("resuming: %d of %d inputs already done", len(done), len(files))

    on_result = progress(len(todo), sum(_size(item) for item in todo)) if progress is not None else None
    writer = make_writer(config, target, first_index=shard_count)
    runner = executor if executor is not None else choose_executor(config, max(1, len(todo)))
    config_hash = config.content_hash()
    by_relative = {item.relative: item for item in files}
    unit = _Unit()

    def finish_unit(name: str, outputs: list[str]) -> None:
        nonlocal unit
        journal.append(
            UnitRecord(name, tuple(unit.inputs), config_hash, tuple(outputs), unit.report.to_state())
        )
        report.absorb(unit.report)
        unit = _Unit()

    try:
        for result in runner.map(config, todo):
            if on_result is not None:
                on_result(result)
            outcome = result.outcome
            if isinstance(outcome, Document):
                finished = writer.write(outcome)
                if config.output_format == "tree":
                    unit.add(result)
                    finish_unit(finished[0], finished)
                    continue
                if finished:
                    finish_unit(finished[-1], finished)
                unit.add(result)
            else:
                if quarantine_dir is not None and outcome.path in by_relative:
                    _copy_to_quarantine(by_relative[outcome.path], quarantine_dir)
                unit.add(result)
                if config.output_format == "tree":
                    finish_unit(f"rejected:{outcome.path}", [])
        finished = writer.close()
        if finished or unit.inputs:
            finish_unit(finished[-1] if finished else "rejected:tail", finished)
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror or error}") from None
    finally:
        journal.close()

    for link in skipped:
        report.add(TaskResult(link.rejection()))
    order = {item.relative: index for index, item in enumerate(files)}
    rejections = sorted(report.rejections, key=lambda item: order.get(item.path, len(order)))
    report.rejections = rejections
    seconds = time.perf_counter() - started
    write_rejects(target, rejections)
    write_report(target, report, seconds, config.as_dict())
    return RunResult(report=report, out_dir=target, seconds=seconds, reused=len(done))
