"""process_file on chunks of a split file: decoded like whole files, and checked against the head's codec."""

from __future__ import annotations

from pathlib import Path

from corpus.config import CleanConfig
from corpus.document import Document, RawFile, Rejection
from corpus.encoding.decode import decode_raw
from corpus.executors.base import process_file
from corpus.io.readers import InputFile
from corpus.io.split import Chunk


def chunk_of(path: Path, data: bytes, codec: str, part: int = 1, parts: int = 3) -> InputFile:
    path.write_bytes(data)
    chunk = Chunk(part=part, parts=parts, start=0, end=len(data), codec=codec)
    return InputFile(str(path), path.name, str(path.parent), len(data), chunk, file_sha256="0" * 64)


def test_a_damaged_chunk_decodes_as_the_same_bytes_do_as_a_whole_file(tmp_path: Path) -> None:
    paragraph = "今天的天气很好，我们一起去公园散步，看见很多人在跑步。\n".encode("gb18030")
    data = paragraph * 5 + b"\x81\xff" + paragraph * 5  # a stray lead byte and an invalid byte
    result = process_file(CleanConfig(strip=False), chunk_of(tmp_path / "big.txt", data, "gb18030"))
    whole = decode_raw(RawFile("whole.txt", data))
    document = result.outcome
    assert isinstance(document, Document) and isinstance(whole, Document)
    assert document.text == whole.text
    assert document.encoding is not None and whole.encoding is not None
    assert document.encoding.replaced == whole.encoding.replaced > 0


def test_a_replacement_character_that_was_in_the_text_is_not_counted_as_damage(tmp_path: Path) -> None:
    data = "一段文字\ufffd還有一段。\n".encode()
    result = process_file(CleanConfig(strip=False), chunk_of(tmp_path / "big.txt", data, "utf-8"))
    document = result.outcome
    assert isinstance(document, Document)
    assert document.encoding is not None and document.encoding.replaced == 0


def test_a_chunk_that_is_not_in_the_codec_of_the_files_head_is_rejected(tmp_path: Path) -> None:
    # The head was UTF-8, but this part of the file is GB18030: most of it cannot be read as UTF-8.
    data = "這一部分其實是另一種編碼寫的，用頭部的編碼讀不出來。\n".encode("gb18030") * 20
    result = process_file(CleanConfig(), chunk_of(tmp_path / "big.txt", data, "utf-8", part=2))
    rejection = result.outcome
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "undecidable-encoding"
    assert rejection.detail.startswith("part 3 of 3: ")
    assert "utf-8" in rejection.detail
