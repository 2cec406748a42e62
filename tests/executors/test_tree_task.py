"""The tree layout's task: workers write each document's file, and the run's output does not change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.executors.base import process_file
from corpus.executors.tree_task import TreeTask
from corpus.io.readers import discover
from tests.executors.layout_runs import make_inputs, run_both_ways


def test_the_task_writes_the_documents_file_and_says_so(tmp_path: Path) -> None:
    source, out = tmp_path / "in", tmp_path / "out"
    make_inputs(source)
    out.mkdir()
    files, _ = discover([str(source)])
    result = TreeTask(str(out))(CleanConfig(), files[0])
    assert result.written == "part-0/doc-00.txt"
    assert (out / "part-0" / "doc-00.txt").read_text(
        encoding="utf-8"
    ) == "第0篇：今天的天气很好，我们一起去公园散步。\n"
    assert "write" in dict(result.step_seconds)
    # The parent gets the document's report share instead of its text and events.
    assert result.report_state is not None
    assert result.report_state["documents"] == 1
    assert result.report_state["rules"] == {"byline.editor-line": 1}
    assert isinstance(result.outcome, Document)
    assert (result.outcome.text, result.outcome.events) == ("", ())


def test_a_write_that_fails_in_the_worker_is_left_to_the_parent(tmp_path: Path) -> None:
    source = tmp_path / "in"
    make_inputs(source)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the output directory should be", encoding="utf-8")
    files, _ = discover([str(source)])
    result = TreeTask(str(blocked))(CleanConfig(), files[0])
    assert result.written is None
    assert result.outcome == process_file(CleanConfig(), files[0]).outcome


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "pool"])
def test_output_written_by_workers_equals_output_written_by_the_parent(tmp_path: Path, jobs: int) -> None:
    source = tmp_path / "in"
    make_inputs(source)
    config = CleanConfig(jobs=jobs)
    task = TreeTask(str(tmp_path / "workers"))
    by_workers, by_parent, written, expected = run_both_ways(source, tmp_path, config, task, jobs)
    assert by_workers.report.documents == by_parent.report.documents == 12
    assert written == expected  # texts, rejects and report (timings apart)
    assert len([name for name in written if name.startswith("part-")]) == 12
    assert json.loads(written["report.json"])["rules"] == {"byline.editor-line": 12}
