"""Progress shows counts on stderr without ever changing what a run writes."""

from __future__ import annotations

import io

from corpus.document import Document, Rejection, Source
from corpus.executors.base import TaskResult
from corpus.progress import Progress


def document(size: int) -> TaskResult:
    return TaskResult(Document("a", "文", Source("a", size, ""), chars_in=1))


def test_a_non_terminal_gets_plain_lines_with_files_megabytes_rejects_and_eta() -> None:
    stream = io.StringIO()
    progress = Progress(2, 3_000_000, stream=stream, live=False)
    progress(document(1_000_000))
    progress(TaskResult(Rejection("b", "binary", "PNG", size=2_000_000)))
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("corpus: 2/2 files, 3.0 MB/3.0 MB")
    assert "1 rejected" in lines[-1]
    assert "\r" not in stream.getvalue()


def test_a_terminal_gets_one_line_redrawn_in_place() -> None:
    stream = io.StringIO()
    progress = Progress(1, 10, stream=stream, live=True)
    progress(document(10))
    assert stream.getvalue().startswith("\r\033[K1/1 files")
    assert stream.getvalue().endswith("\n")


def test_small_sizes_are_shown_in_bytes_and_kilobytes() -> None:
    stream = io.StringIO()
    progress = Progress(1, 15_842, stream=stream, live=False)
    progress(document(15_842))
    assert "15.8 kB/15.8 kB" in stream.getvalue()
