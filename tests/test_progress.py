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


def test_a_packed_run_of_documents_counts_as_its_tasks_one_by_one() -> None:
    from corpus.io.readers import InputFile
    from corpus.io.split import Chunk

    tasks = [
        InputFile("/in/a.txt", "a.txt", "/in", size=400_000),
        InputFile("/in/big.txt", "big.txt", "/in", 2_000_000, Chunk(0, 2, 0, 1_000_000, "utf-8")),
        InputFile("/in/big.txt", "big.txt", "/in", 2_000_000, Chunk(1, 2, 1_000_000, 2_000_000, "utf-8")),
    ]
    packed, single = io.StringIO(), io.StringIO()
    Progress(2, 2_400_000, stream=packed, live=False).documents(tasks)
    one_by_one = Progress(2, 2_400_000, stream=single, live=False)
    for task in tasks:
        one_by_one(document(0), task)
    assert packed.getvalue().startswith("corpus: 2/2 files, 2.4 MB/2.4 MB, ")
    assert "0 rejected" in packed.getvalue()
    assert packed.getvalue().split(", ")[:2] == single.getvalue().splitlines()[-1].split(", ")[:2]
