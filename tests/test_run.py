"""``clean_paths`` when the output cannot be written: one OutputError, and a journal a rerun can use."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.errors import OutputError
from corpus.io.writers import TreeWriter
from corpus.run import clean_paths
from tests.conftest import CliInvoker
from tests.output_snapshot import snapshot

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def make_inputs(root: Path, count: int) -> Path:
    root.mkdir()
    for index in range(count):
        (root / f"doc-{index:03d}.txt").write_text(
            f"第{index}篇文章的正文，今天天气很好。\n", encoding="utf-8"
        )
    return root


def fail(*args: object, **kwargs: object) -> None:
    raise FULL


@pytest.mark.parametrize(
    "target",
    [
        "corpus.io.atomic.os.fsync",  # every durable write: the journal, the marker, the run files
        "corpus.run.write_report",  # the last file of the run
        "corpus.run.write_rejects",
    ],
    ids=["fsync", "report", "rejects"],
)
def test_a_full_disk_is_one_output_error_line_with_status_1(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    source = make_inputs(tmp_path / "in", 3)
    monkeypatch.setattr(target, fail)
    result = run_cli("clean", str(source), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"corpus: error: cannot write to {tmp_path / 'out'}: No space left on device"
    )
    assert "unexpected" not in result.stderr


def test_a_disk_that_fills_up_mid_run_leaves_a_journal_that_the_rerun_resumes_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files written before the disk filled up are kept; the rerun, with room again, does only
    the rest and ends with the output of a run that was never interrupted."""
    source = make_inputs(tmp_path / "in", 12)
    config = CleanConfig(jobs=1)
    real_write: Callable[[TreeWriter, Document], str] = TreeWriter.write_whole
    written: list[str] = []

    def write_until_full(writer: TreeWriter, document: Document) -> str:
        if len(written) == 5:
            raise FULL
        written.append(document.id)
        return real_write(writer, document)

    with monkeypatch.context() as patch:
        patch.setattr(TreeWriter, "write_whole", write_until_full)
        with pytest.raises(OutputError, match="No space left on device"):
            clean_paths([str(source)], tmp_path / "out", config)
    result = clean_paths([str(source)], tmp_path / "out", config)
    assert result.reused == 5
    clean_paths([str(source)], tmp_path / "fresh", config)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "fresh")


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "workers"])
@pytest.mark.parametrize("change", ["deleted", "replaced-by-a-directory"])
def test_a_file_that_changes_after_it_was_listed_is_rejected_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, change: str
) -> None:
    import corpus.run as run

    source = make_inputs(tmp_path / "in", 6)
    real_discover = run.discover

    def discover_then_change(inputs: list[str]) -> object:
        listed = real_discover(inputs)
        (source / "doc-002.txt").unlink()
        if change == "replaced-by-a-directory":
            (source / "doc-002.txt").mkdir()
        return listed

    monkeypatch.setattr(run, "discover", discover_then_change)
    result = clean_paths([str(source)], tmp_path / "out", CleanConfig(jobs=jobs))
    assert [(item.path, item.reason) for item in result.report.rejections] == [("doc-002.txt", "unreadable")]
    written = sorted(path.name for path in (tmp_path / "out").glob("doc-*.txt"))
    assert written == [f"doc-{index:03d}.txt" for index in (0, 1, 3, 4, 5)]


@pytest.mark.parametrize("damage", ["state-is-a-file", "journal-is-a-directory"])
def test_a_damaged_state_directory_is_one_output_error_line(
    run_cli: CliInvoker, tmp_path: Path, damage: str
) -> None:
    source = make_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    clean_paths([str(source)], out, CleanConfig(jobs=1))
    state = out / ".corpus-state"
    for path in state.iterdir():
        path.unlink()
    if damage == "state-is-a-file":
        state.rmdir()
        state.write_text("")
    else:
        (state / "journal.jsonl").mkdir()
    result = run_cli("clean", str(source), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"corpus: error: cannot read the run journal in {out}: ")
    assert "unexpected" not in line


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {"output_format": "jsonl"}),
        ({"output_format": "jsonl"}, {}),
        ({"output_format": "jsonl"}, {"output_format": "parquet"}),
        ({"output_format": "jsonl"}, {"output_format": "jsonl", "compression": "gzip"}),
        ({"output_format": "jsonl"}, {"output_format": "jsonl", "shard_size": 64}),
    ],
    ids=["tree-then-jsonl", "jsonl-then-tree", "jsonl-then-parquet", "then-gzip", "then-smaller-shards"],
)
def test_a_rerun_into_the_same_output_with_another_layout_equals_a_fresh_run_in_that_layout(
    tmp_path: Path, first: dict[str, object], second: dict[str, object]
) -> None:
    """The layout settings change no text, so they are not in the config hash; but output of one
    layout is no output of another (a tree run's files are no JSONL shards), so none is reused."""
    pytest.importorskip("pyarrow")
    source = make_inputs(tmp_path / "in", 6)
    before, after = CleanConfig(jobs=1, **first), CleanConfig(jobs=1, **second)  # type: ignore[arg-type]
    clean_paths([str(source)], tmp_path / "out", before)
    assert clean_paths([str(source)], tmp_path / "out", after).reused == 0
    clean_paths([str(source)], tmp_path / "fresh", after)
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "fresh")


@pytest.mark.parametrize("where", ["out", "out/quarantine", "."], ids=["same", "inside", "around"])
def test_a_quarantine_dir_that_overlaps_the_output_is_a_usage_error(
    run_cli: CliInvoker, tmp_path: Path, where: str
) -> None:
    """Copies of rejected inputs among the output would be taken for output (a rejected input named
    report.json would be overwritten by the report, or overwrite it)."""
    source = make_inputs(tmp_path / "in", 2)
    (source / "report.json").write_bytes(b"\x00\x01binary")
    out = tmp_path / "runs" / "out"
    quarantine = tmp_path / "runs" / where
    result = run_cli("clean", str(source), "--out", str(out), "--quarantine-dir", str(quarantine))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "--quarantine-dir" in line and "--out" in line
    assert not out.exists()
