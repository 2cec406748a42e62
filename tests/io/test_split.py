"""Large files are cut at paragraph breaks into chunks that decode on their own."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from corpus.io.locations import Location
from corpus.io.split import plan_chunks

PARAGRAPH = "这是一个用来测试切分的段落，内容重复但每段都有编号。"


def write_paragraphs(path: Path, encoding: str, count: int, bom: bytes = b"") -> str:
    text = "".join(f"{PARAGRAPH}{index}\n\n" for index in range(count))
    path.write_bytes(bom + text.encode(encoding))
    return text


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("gb18030", b""),
        ("cp950", b""),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", b""),
    ],
    ids=["utf-8", "gb18030", "cp950", "utf-16-le", "utf-16-be", "utf-32-le"],
)
def test_chunks_cut_after_blank_lines_and_decode_back_to_the_whole_text(
    tmp_path: Path, encoding: str, bom: bytes
) -> None:
    path = tmp_path / "big.txt"
    if encoding == "cp950":
        text = "".join(f"這是一個用來測試切分的段落{index}\n\n" for index in range(3000))
        path.write_bytes(text.encode(encoding))
    else:
        text = write_paragraphs(path, encoding, 3000, bom)
    data = path.read_bytes()
    chunks = plan_chunks(Location(str(path)), len(data), encoding, 20_000, data[:65536])
    assert chunks is not None and len(chunks) > 3
    assert chunks[0].start == 0 and chunks[-1].end == len(data)
    assert all(a.end == b.start for a, b in itertools.pairwise(chunks))
    pieces = [data[chunk.start : chunk.end].decode(chunk.codec) for chunk in chunks]
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])
    assert "".join(pieces) == text


def test_a_utf16_file_with_a_bom_is_split_into_explicit_endian_chunks(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    text = write_paragraphs(path, "utf-16-le", 2000, bom=b"\xff\xfe")
    data = path.read_bytes()
    chunks = plan_chunks(Location(str(path)), len(data), "utf-16", 20_000, data[:4])
    assert chunks is not None
    assert chunks[0].codec == "utf-16" and {chunk.codec for chunk in chunks[1:]} == {"utf-16-le"}
    assert "".join(data[c.start : c.end].decode(c.codec) for c in chunks) == text


def test_small_files_and_stateful_encodings_are_not_split(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    write_paragraphs(path, "utf-8", 10)
    size = path.stat().st_size
    assert plan_chunks(Location(str(path)), size, "utf-8", size, b"") is None
    hz = tmp_path / "hz.txt"
    write_paragraphs(hz, "hz", 3000)
    assert plan_chunks(Location(str(hz)), hz.stat().st_size, "hz", 20_000, b"") is None


def test_a_file_without_line_breaks_or_sentence_ends_stays_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_bytes(("字" * 50_000).encode("utf-8"))
    assert plan_chunks(Location(str(path)), path.stat().st_size, "utf-8", 20_000, b"") is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_one_long_line_is_cut_after_sentence_ends(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "one-line.txt"
    text = "".join(f"第{index}句话没有换行，整个文件只有一行。" for index in range(3000))
    path.write_bytes(text.encode(encoding))
    data = path.read_bytes()
    chunks = plan_chunks(Location(str(path)), len(data), encoding, 20_000, data[:65536])
    assert chunks is not None and len(chunks) > 3
    pieces = [data[chunk.start : chunk.end].decode(chunk.codec) for chunk in chunks]
    assert all(piece.endswith("。") for piece in pieces)
    assert "".join(pieces) == text


def test_one_long_line_in_gb18030_stays_whole(tmp_path: Path) -> None:
    """In GB18030 a trail byte and the next lead byte can spell 。 (A1 A3) by accident."""
    path = tmp_path / "one-line.txt"
    path.write_bytes(("第一句话没有换行，整个文件只有一行。" * 3000).encode("gb18030"))
    assert plan_chunks(Location(str(path)), path.stat().st_size, "gb18030", 20_000, b"") is None
