"""The JSONL layout's task: workers encode each document's record, and the run's output does not change."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.document import Document, Rejection
from corpus.executors.base import RecordRun, TaskResult, process_file
from corpus.executors.local import LocalExecutor
from corpus.executors.record_task import RecordTask
from corpus.executors.serial import SerialExecutor
from corpus.io.readers import discover
from tests.executors.layout_runs import make_inputs, run_both_ways


def make_inputs_with_an_empty_file(root: Path) -> None:
    make_inputs(root)
    (root / "empty.txt").write_bytes(b"")


def test_the_task_encodes_the_record_and_sends_the_report_share_instead_of_the_text(tmp_path: Path) -> None:
    source = tmp_path / "in"
    make_inputs_with_an_empty_file(source)
    files, _ = discover([str(source)])
    result = RecordTask()(CleanConfig(output_format="jsonl"), files[1])
    assert result.record is not None and result.record.endswith(b"\n")
    record = json.loads(result.record)
    assert record["text"] == "第0篇：今天的天气很好，我们一起去公园散步。\n"
    assert record["meta"]["source"]["path"] == "part-0/doc-00.txt"
    assert [removed["rule"] for removed in record["meta"]["removed"]] == ["byline.editor-line"]
    assert "encode" in dict(result.step_seconds)
    assert result.report_state is not None and result.report_state["documents"] == 1
    assert isinstance(result.outcome, Document)
    assert (result.outcome.text, result.outcome.events) == ("", ())


def test_a_rejected_input_comes_back_as_process_file_returns_it(tmp_path: Path) -> None:
    source = tmp_path / "in"
    make_inputs_with_an_empty_file(source)
    files, _ = discover([str(source)])
    empty = next(item for item in files if item.relative == "empty.txt")
    result = RecordTask()(CleanConfig(output_format="jsonl"), empty)
    assert result.record is None and result.report_state is None
    assert result.outcome == process_file(CleanConfig(output_format="jsonl"), empty).outcome


def test_a_batch_packs_documents_in_a_row_and_keeps_each_rejection_in_its_place(tmp_path: Path) -> None:
    source = tmp_path / "in"
    make_inputs(source)
    (source / "part-1" / "doc-04b.txt").write_bytes(b"")  # sorts between doc-04 and doc-07
    files, _ = discover([str(source)])
    config = CleanConfig(output_format="jsonl")
    task = RecordTask()
    results = task.batch(config, files)
    assert [type(result).__name__ for result in results] == ["RecordRun", "TaskResult", "RecordRun"]
    before, rejected, after = results
    assert isinstance(before, RecordRun) and isinstance(after, RecordRun) and isinstance(rejected, TaskResult)
    assert isinstance(rejected.outcome, Rejection) and rejected.outcome.path == "part-1/doc-04b.txt"
    names = [key for key, _ in before.inputs + after.inputs]
    assert names == [item.relative for item in files if item.relative != "part-1/doc-04b.txt"]
    assert names[len(before.inputs) - 1] == "part-1/doc-04.txt"
    for run in (before, after):
        # the records, one per document and in order, are the ones the task makes one at a time
        one_by_one = [
            task(config, next(item for item in files if item.relative == key)) for key, _ in run.inputs
        ]
        assert run.records == b"".join(result.record or b"" for result in one_by_one)
        assert run.lengths == tuple(len(result.record or b"") for result in one_by_one)
        assert [key for key, _ in run.inputs] == [result.outcome.id for result in one_by_one]
        shares = pickle.loads(run.shares)
        assert [share["documents"] for share in shares] == [1] * len(run.inputs)
        assert run.state["documents"] == run.state["files"] == len(run.inputs)
        assert run.state["rules"] == {"byline.editor-line": len(run.inputs)}


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "pool"])
def test_shards_of_records_encoded_by_workers_equal_shards_encoded_by_the_parent(
    tmp_path: Path, jobs: int
) -> None:
    source = tmp_path / "in"
    make_inputs_with_an_empty_file(source)
    config = CleanConfig(jobs=jobs, output_format="jsonl", shard_size=600)
    by_workers, by_parent, written, expected = run_both_ways(source, tmp_path, config, RecordTask(), jobs)
    assert by_workers.report.documents == by_parent.report.documents == 12
    assert written == expected  # shards, rejects and report (timings apart)
    assert len([name for name in written if name.startswith("data/")]) > 1
    assert json.loads(written["report.json"])["rules"] == {"byline.editor-line": 12}


def test_one_job_runs_plain_process_file_and_a_pool_runs_the_layout_task() -> None:
    from corpus.run import choose_executor

    serial = choose_executor(CleanConfig(jobs=1, output_format="jsonl"), 10, RecordTask())
    pool = choose_executor(CleanConfig(jobs=2, output_format="jsonl"), 10, RecordTask())
    assert isinstance(serial, SerialExecutor) and serial.task is process_file
    assert isinstance(pool, LocalExecutor) and isinstance(pool.task, RecordTask)
