"""The shared CLI plumbing: how a command ends when its stdout cannot be written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _tree(root: Path, count: int) -> Path:
    root.mkdir()
    for index in range(count):
        (root / f"{index:05d}.txt").write_text(f"第{index}篇，正文在这里。\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "arguments",
    [["detect", "--format", "jsonl"], ["detect", "--format", "table"]],
    ids=["detect-jsonl", "detect-table"],
)
def test_a_reader_that_closes_stdout_early_ends_the_command_quietly_with_status_0(
    tmp_path: Path, arguments: list[str]
) -> None:
    """``corpus detect dir | head -1``: the pipe closing is a normal end, as for any Unix tool."""
    root = _tree(tmp_path / "in", 3000)
    with subprocess.Popen(
        [sys.executable, "-m", "corpus", *arguments, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == 0
    assert first
    assert stderr == b""


def test_a_full_stdout_is_one_error_line_and_status_1(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    (tmp_path / "a.txt").write_text("发布会上，记者提问。\n" * 5000, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "corpus", "convert", str(tmp_path / "a.txt")],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == "corpus: error: cannot write to stdout: No space left on device\n"
