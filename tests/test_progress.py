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


def test_a_split_file_counts_once_and_each_chunk_adds_only_its_own_bytes() -> None:
    from corpus.io.readers import InputFile
    from corpus.io.split import Chunk
    from corpus.progress import totals

    whole = InputFile("/in/big.txt", "big.txt", "/in", size=3_000_000)
    chunks = [
        InputFile(
            "/in/big.txt",
            "big.txt",
            "/in",
            3_000_000,
            Chunk(part, 3, part * 1_000_000, (part + 1) * 1_000_000, "utf-8"),
        )
        for part in range(3)
    ]
    small = InputFile("/in/a.txt", "a.txt", "/in", size=500_000)
    assert totals([*chunks, small]) == (2, 3_500_000)
    stream = io.StringIO()
    progress = Progress(*totals([*chunks, small]), stream=stream, live=False)
    for chunk in chunks:
        progress(document(whole.size), chunk)
    progress(document(small.size), small)
    assert stream.getvalue().splitlines()[-1].startswith("corpus: 2/2 files, 3.5 MB/3.5 MB")
