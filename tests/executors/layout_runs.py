"""For the layout-task tests: small inputs, and a run with the task in the workers and one without."""

from __future__ import annotations

from pathlib import Path

from corpus.config import CleanConfig
from corpus.executors.base import Task
from corpus.executors.local import LocalExecutor
from corpus.executors.serial import SerialExecutor
from corpus.run import RunResult, clean_paths
from tests.output_snapshot import snapshot


def make_inputs(root: Path) -> None:
    """Twelve short documents in three folders, UTF-8 and GB18030, each with an editor line."""
    for index in range(12):
        folder = root / f"part-{index % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"第{index}篇：今天的天氣很好，我們一起去公園散步。\n責任編輯：王小明\n"
        (folder / f"doc-{index:02d}.txt").write_bytes(text.encode(("utf-8", "gb18030")[index % 2]))


def run_both_ways(
    source: Path, tmp_path: Path, config: CleanConfig, task: Task, jobs: int
) -> tuple[RunResult, RunResult, dict[str, bytes], dict[str, bytes]]:
    """The same run with ``task`` in the workers (into ``workers/``) and with plain ``process_file``
    (into ``parent/``), serially or with a pool of ``jobs``; their results and output snapshots."""
    worker_executor = SerialExecutor(task) if jobs == 1 else LocalExecutor(jobs, task)
    by_workers = clean_paths([str(source)], tmp_path / "workers", config, executor=worker_executor)
    parent_executor = SerialExecutor() if jobs == 1 else LocalExecutor(jobs)
    by_parent = clean_paths([str(source)], tmp_path / "parent", config, executor=parent_executor)
    return by_workers, by_parent, snapshot(tmp_path / "workers"), snapshot(tmp_path / "parent")
