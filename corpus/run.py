"""Clean a set of input paths into an output directory: discover, execute, write, journal, report.

This is the whole of ``corpus clean`` minus argument parsing. It owns the order of things: validate inputs
and output before any work; reuse the finished units of an earlier, interrupted run (see
:mod:`corpus.io.journal`); stream results in input order to one writer; account for every input (written
or rejected); and write the rejects list and the report last.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Protocol

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.errors import InputError, OutputError, UsageError
from corpus.executors.base import Executor, RecordRun, Task, TaskResult, input_key, process_file
from corpus.executors.local import LocalExecutor
from corpus.executors.record_task import RecordTask
from corpus.executors.serial import SerialExecutor
from corpus.executors.tree_task import TreeTask
from corpus.io import output
from corpus.io.journal import Journal, UnitRecord
from corpus.io.readers import InputFile, discover
from corpus.io.rejects import write_rejects
from corpus.io.split import Chunk, plan_chunks
from corpus.io.writers import JsonlShardWriter, ParquetShardWriter, TreeWriter, Writer
from corpus.pipeline import pipeline_for
from corpus.progress import totals
from corpus.provenance import PROVENANCE_NAME, JsonValue, ProvenanceWriter, document_meta
from corpus.report import RunReport, write_report

logger = logging.getLogger(__name__)

ResumeMode = Literal["auto", "resume", "restart"]
"""``auto``: reuse whatever finished work still matches; ``resume``: the same, but there must be some;
``restart``: discard earlier output and redo everything."""


class ProgressSink(Protocol):
    """What a run tells its progress display (:class:`corpus.progress.Progress`) as results come."""

    def __call__(self, result: TaskResult, item: InputFile | None) -> None: ...

    def documents(self, items: Sequence[InputFile]) -> None: ...


ProgressFactory = Callable[[int, int], ProgressSink]
"""Given the number of input files still to do (a split file counts once) and their total bytes, make
the progress sink."""


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


def choose_executor(config: CleanConfig, file_count: int, task: Task = process_file) -> Executor:
    """Ray when asked; serial for one job or one file (no pool start-up to pay); else a process pool.

    ``task`` is what runs per input. On a Ray cluster (an ``address``) a task that writes files
    (:class:`TreeTask`) becomes :func:`process_file`, because workers on other machines may not see the
    output directory; a private local Ray instance runs on this machine, so there it is ``task`` too.
    Serially it is always :func:`process_file`: the layout tasks move per-document work out of the
    writing process, which gains nothing when that is the only process, and their hand-over (the report
    share as a state, absorbed again) cost about 35 µs per document.
    """
    if config.engine == "ray":
        from corpus.executors.ray import RayExecutor

        writes_files = isinstance(task, TreeTask)
        return RayExecutor(
            address=config.address,
            jobs=config.jobs,
            task=process_file if writes_files and config.address is not None else task,
        )
    jobs = config.jobs or available_cores()
    jobs = max(1, min(jobs, file_count))
    if jobs == 1:
        return SerialExecutor(process_file)
    return LocalExecutor(jobs, task)


def task_for(config: CleanConfig, out_dir: Path) -> Task:
    """What each worker runs per input: besides cleaning, the per-document work of the layout that
    needs the document's text (writing its file, encoding its record), so the parent does not."""
    if config.output_format == "tree":
        return TreeTask(str(out_dir))
    if config.output_format == "jsonl":
        return RecordTask()
    return process_file


def make_writer(config: CleanConfig, out_dir: Path, first_index: int = 0) -> Writer:
    if config.output_format == "jsonl":
        return JsonlShardWriter(
            out_dir, config.content_hash(), config.shard_size, config.compression, first_index
        )
    if config.output_format == "parquet":
        return ParquetShardWriter(out_dir, config.content_hash(), config.shard_size, first_index)
    return TreeWriter(out_dir)


@dataclass(slots=True)
class _Unit:
    """The unit of output being filled: the inputs whose outcomes it holds, and their report.

    An outcome counted by its worker comes as a ``report_state``. A unit of one such document (the tree
    layout's) is journaled as that state and counted once, when the unit is added to the run's report;
    the states of a unit of many documents (a shard) are folded into the unit's report as they come,
    so each is read once.
    """

    inputs: list[tuple[str, str]] = field(default_factory=list)
    report: RunReport = field(default_factory=RunReport)
    pending: dict[str, object] | None = None
    """The report state of the unit's only document so far, not yet folded into ``report``."""
    meta: list[dict[str, JsonValue]] = field(default_factory=list)
    """Tree layout: the provenance of each document in the unit's file (see :class:`UnitRecord`)."""

    def add(self, result: TaskResult, item: InputFile | None, config_hash: str | None = None) -> None:
        """Count one result; with ``config_hash`` (tree layout) also keep a document's provenance."""
        outcome = result.outcome
        if config_hash is not None and isinstance(outcome, Document):
            self.meta.append(result.meta or document_meta(outcome, config_hash))
        self.inputs.append(input_key(outcome, item))
        self._fold()
        if result.report_state is None:
            self.report.add(result)
            return
        self.report.add_seconds(result.step_seconds)
        if len(self.inputs) == 1:
            self.pending = result.report_state
        else:
            self.report.absorb_state(result.report_state)

    def add_states(
        self,
        inputs: Sequence[tuple[str, str]],
        state: dict[str, object],
        step_seconds: Sequence[tuple[str, float]] = (),
    ) -> None:
        """Count documents whose report shares come added up (part of a :class:`RecordRun`)."""
        self._fold()
        self.inputs.extend(inputs)
        self.report.add_seconds(step_seconds)
        self.report.absorb_state(state)

    def _fold(self) -> None:
        if self.pending is not None:
            self.report.absorb_state(self.pending)
            self.pending = None

    def journal_state(self) -> dict[str, object]:
        """The unit's report as the journal stores it (timings apart)."""
        if self.pending is not None:
            return self.pending
        return self.report.to_state()

    def add_to(self, report: RunReport) -> None:
        """Add the unit's whole report, timings included, to ``report``; the state of a unit's only
        document straight from the state (a tree unit's), not folded into the unit's report first."""
        if self.pending is not None:  # then the unit's report holds only the document's timings
            report.absorb_state(self.pending)
            report.add_seconds(self.report.step_seconds.items())
            self.pending = None
            return
        report.absorb(self.report)


def plan_tasks(files: list[InputFile], config: CleanConfig) -> list[InputFile]:
    """Expand files larger than the split size into one task per chunk (see :mod:`corpus.io.split`).

    The encoding is detected on the file's first bytes here, once, so that every chunk is decoded the
    same way; a file whose head is not confidently text in a splittable encoding stays one task.
    """
    tasks: list[InputFile] = []
    for item in files:
        chunks = None
        if item.size > config.split_size:
            chunks = _chunks_of(item, config.split_size)
        if not chunks:
            tasks.append(item)
            continue
        digest = item.location.sha256()
        tasks.extend(replace(item, chunk=chunk, file_sha256=digest) for chunk in chunks)
    return tasks


HEAD_BYTES = 1 << 16
"""Bytes of a large file's start that :func:`corpus.io.split.plan_chunks` reads its BOM and code unit from."""


def _chunks_of(item: InputFile, split_size: int) -> list[Chunk] | None:
    from corpus.encoding.decode import detect_stream

    try:
        with item.location.open() as handle:
            detection = detect_stream(handle)  # a bounded sample; each chunk confirms it when decoded
            head = handle.read(HEAD_BYTES)
        if detection.status != "ok" or detection.encoding is None or detection.repair:
            return None
        return plan_chunks(item.location, item.size, detection.encoding, split_size, head)
    except OSError:
        return None


class _Digests:
    """Current sha256 of input files, each file read at most once."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}

    def matches(self, item: InputFile, digest: str) -> bool:
        if not digest:
            return False
        if item.path not in self.known:
            try:
                self.known[item.path] = item.location.sha256()
            except OSError:
                self.known[item.path] = ""
        return self.known[item.path] == digest


def journal_hash(config: CleanConfig) -> str:
    """What a journaled unit must have been made with to be reused: the content hash, and for the
    shard layouts the settings their files depend on.

    The layout settings change no text, so they stay out of :meth:`CleanConfig.content_hash` (and
    the provenance); but a tree run's files are no JSONL shard, nor a gzip shard a plain one, and
    shards cut at another size would leave this run's shards unlike a fresh run's. A tree unit keeps
    the bare content hash, so its journals from before this rule are still reused.
    """
    content = config.content_hash()
    if config.output_format == "tree":
        return content
    compression = config.compression if config.output_format == "jsonl" else "none"
    return f"{content}:{config.output_format}:{compression}:{config.shard_size}"


def _plan_resume(
    config: CleanConfig, tasks: list[InputFile], records: list[UnitRecord], out_dir: Path
) -> tuple[list[UnitRecord], int]:
    """Which earlier units can be kept, and from which task (index) work must start again.

    A unit is kept only if it was made with the same configuration, each of its inputs is a task of this
    run whose file still has the same sha256, and its output files are there. In the tree layout any such
    unit is kept. In shard layouts units are kept as a prefix, in input order, for as long as each one's
    inputs are exactly the next tasks of this run; the first mismatch ends the prefix, because every later
    shard's boundaries depend on it.
    """
    config_hash = journal_hash(config)
    digests = _Digests()
    by_key = {task.key: task for task in tasks}

    def still_valid(record: UnitRecord) -> bool:
        if record.config_hash != config_hash:
            return False
        if config.output_format == "tree" and record.outputs and not record.meta:
            return False  # journaled without its provenance (by an earlier version): redo it
        for key, digest in record.inputs:
            task = by_key.get(key)
            if task is None or not digests.matches(task, digest):
                return False
        return all((out_dir / name).is_file() for name in record.outputs)

    if config.output_format == "tree":
        return [record for record in records if still_valid(record)], 0
    kept: list[UnitRecord] = []
    position = 0
    for record in records:
        expected = [task.key for task in tasks[position : position + len(record.inputs)]]
        if expected != [key for key, _ in record.inputs] or not still_valid(record):
            break
        kept.append(record)
        position += len(record.inputs)
    return kept, position


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
        if item.location.root:
            target.write_bytes(item.location.read())
        else:
            shutil.copyfile(item.path, target, follow_symlinks=True)
    except OSError as error:
        logger.warning("could not copy %s to the quarantine: %s", item.relative, error)


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """An ``OSError`` while the run writes its own files (a full disk, a directory that became
    read-only) is the output's problem: an :class:`OutputError` naming the output directory."""
    try:
        yield
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror or error}") from None


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
        output.check_output(quarantine_dir, inputs, force=True, option="--quarantine-dir")
        quarantine, out = quarantine_dir.resolve(), target.resolve()  # both checked: no link loop
        if quarantine.is_relative_to(out) or out.is_relative_to(quarantine):
            raise UsageError(
                f"--quarantine-dir {quarantine_dir} overlaps --out {target}",
                "give them separate directories",
            )
    output.prepare_output(target)
    pipeline_for(config)  # a broken engine or rule file stops the run here, with its own message
    tasks = plan_tasks(files, config)

    journal = Journal(target)
    try:
        records = journal.load()
    except OSError as error:  # e.g. .corpus-state is a file: not ours to remove
        raise OutputError(
            f"cannot read the run journal in {target}: {error.strerror or error}",
            "remove the output directory, or use another --out",
        ) from None
    if resume == "resume" and not records:
        raise UsageError(f"there is no earlier run to resume in {target}", "drop --resume to start one")
    kept: list[UnitRecord]
    if resume == "restart":
        kept, position = [], 0
    else:
        kept, position = _plan_resume(config, tasks, records, target)
    kept_outputs = {name for record in kept for name in record.outputs}
    stale = {name for record in records for name in record.outputs} - kept_outputs
    stale.update(output.previous_outputs(target))
    with _writing(target):
        _delete_outputs(target, stale - kept_outputs)
        if records or (target / output.MARKER_NAME).exists():
            output.remove_partials(target)
        journal.rewrite(kept)
        output.write_marker(target, [])

    report = RunReport()
    for record in kept:
        report.absorb(RunReport.from_state(record.report))
    done = {key for record in kept for key, _ in record.inputs}
    if config.output_format == "tree":
        todo = [task for task in tasks if task.key not in done]
    else:
        todo = tasks[position:]
    shard_count = sum(1 for record in kept for name in record.outputs if name.startswith("data/"))
    if kept:
        logger.info("resuming: %d of %d tasks already done", len(done), len(tasks))

    on_result = progress(*totals(todo)) if progress is not None else None
    writer = make_writer(config, target, first_index=shard_count)
    task = task_for(config, target)
    runner = executor if executor is not None else choose_executor(config, max(1, len(todo)), task)
    config_hash = config.content_hash()
    unit_hash = journal_hash(config)
    by_key = {task.key: task for task in tasks}
    unit = _Unit()
    tree = config.output_format == "tree"
    positions = {task.key: index for index, task in enumerate(tasks)}  # input order, for provenance
    provenance = _provenance_writer(writer, kept, positions) if isinstance(writer, TreeWriter) else None
    if not tree:
        (target / PROVENANCE_NAME).unlink(missing_ok=True)  # a tree run's, earlier in this directory

    def finish_unit(name: str, outputs: list[str]) -> None:
        nonlocal unit
        if provenance is not None and unit.meta:
            provenance.add(positions.get(unit.inputs[0][0], len(positions)), unit.meta)
        journal.append(
            UnitRecord(
                name,
                tuple(unit.inputs),
                unit_hash,
                tuple(outputs),
                unit.journal_state(),
                tuple(unit.meta),
            )
        )
        unit.add_to(report)
        unit = _Unit()

    def add_run(run: RecordRun) -> None:
        """Write a packed run of documents and count it; where a shard ends inside the run, each
        side counts its own documents' shares (see :class:`RecordRun`)."""
        if on_result is not None:
            on_result.documents([by_key[key] for key, _ in run.inputs])
        if not isinstance(writer, JsonlShardWriter):
            raise TypeError("packed runs are only made for JSONL shards")
        ends = writer.write_records(run.records, run.lengths)
        if not ends:  # most runs: the whole run belongs to the open shard
            unit.add_states(run.inputs, run.state, run.step_seconds)
            return
        shares: tuple[dict[str, object], ...] = pickle.loads(run.shares)
        begin = 0
        for end, finished in [*ends, (len(run.inputs), [])]:
            for index in range(begin, end):
                unit.add_states(run.inputs[index : index + 1], shares[index])
            if finished:
                finish_unit(finished[-1], finished)
            begin = end
        unit.report.add_seconds(run.step_seconds)  # timings are the run's, not any one shard's

    try:
        for result in runner.map(config, todo):
            if isinstance(result, RecordRun):
                add_run(result)
                continue
            outcome = result.outcome
            item = by_key.get(outcome.id if isinstance(outcome, Document) else outcome.path)
            if on_result is not None:
                on_result(result, item)
            if isinstance(outcome, Document):
                if result.written is not None and isinstance(writer, TreeWriter):
                    finished = writer.written(result.written)
                elif result.record is not None and isinstance(writer, JsonlShardWriter):
                    finished = writer.write_record(result.record, outcome)
                else:
                    finished = writer.write(outcome)
                if tree:
                    unit.add(result, item, config_hash)
                    if finished:
                        finish_unit(finished[-1], finished)
                    continue
                if finished:
                    finish_unit(finished[-1], finished)
                unit.add(result, item)
                continue
            if quarantine_dir is not None and item is not None and item.chunk is None:
                _copy_to_quarantine(item, quarantine_dir)
            unit.add(result, item)
            if tree:
                last_chunk = (
                    item is not None and item.chunk is not None and item.chunk.part == item.chunk.parts - 1
                )
                if item is None or item.chunk is None:
                    finish_unit(f"rejected:{outcome.path}", [])
                elif last_chunk:
                    finished = writer.close()
                    finish_unit(finished[-1] if finished else f"rejected:{outcome.path}", finished)
        finished = writer.close()
        if finished or unit.inputs:
            finish_unit(finished[-1] if finished else "rejected:tail", finished)
        if provenance is not None:
            provenance.close()
            provenance = None
        journal.close()  # here too, so that its last lines not reaching the disk is an error
    except OSError as error:
        raise OutputError(f"cannot write to {target}: {error.strerror or error}") from None
    finally:
        with suppress(OSError):  # the run already failed; the error being raised is the one to show
            journal.close()
        if provenance is not None:
            with suppress(OSError):
                provenance.abandon()

    for link in skipped:
        report.add(TaskResult(link.rejection()))
    order = {item.relative: index for index, item in enumerate(files)}
    rejections = sorted(report.rejections, key=lambda item: order.get(item.path, len(order)))
    report.rejections = rejections
    seconds = time.perf_counter() - started
    with _writing(target):
        write_rejects(target, rejections)
        write_report(target, report, seconds, config.as_dict())
    return RunResult(report=report, out_dir=target, seconds=seconds, reused=len(done))


def _provenance_writer(
    writer: TreeWriter, kept: list[UnitRecord], positions: dict[str, int]
) -> ProvenanceWriter:
    """The tree layout's provenance file, with the kept units of an earlier run to merge in."""
    return ProvenanceWriter(
        writer.out_dir,
        [(positions[record.inputs[0][0]], record.meta) for record in kept if record.meta],
        writer.output_name,
    )
