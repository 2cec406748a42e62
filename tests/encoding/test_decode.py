"""Specification of ``corpus.encoding.decode`` (issue 4): decode_raw, decode_text, decode_stream."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.document import Document, RawFile, Rejection
from corpus.encoding.decode import decode_raw, decode_stream, decode_text, detect_stream
from corpus.encoding.detect import detect, detect_decoded
from tests.encoding.texts import JAPANESE, SIMPLIFIED, TRADITIONAL


def _document(data: bytes) -> Document:
    outcome = decode_raw(RawFile("a.txt", data))
    assert isinstance(outcome, Document), outcome
    return outcome


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (SIMPLIFIED, "gb18030"),
        (TRADITIONAL, "cp950"),
        (SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED, "utf-16"),
        (SIMPLIFIED, "utf-16-be"),
        (SIMPLIFIED, "utf-32"),
    ],
    ids=["gb18030", "cp950", "utf-8-bom", "utf-16-bom", "utf-16-be", "utf-32-bom"],
)
def test_decoded_text_equals_the_original_without_bom(text: str, codec: str) -> None:
    document = _document(text.encode(codec))
    assert document.text == text
    assert document.encoding is not None
    assert document.encoding.encoding == codec
    assert document.chars_in == len(text)
    assert document.source.size == len(text.encode(codec))


def test_line_endings_become_lf() -> None:
    document = _document("第一行\r\n第二行\r第三行\n".encode("gb18030"))
    assert document.text == "第一行\n第二行\n第三行\n"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"], ids=["zero-bytes", "only-whitespace"])
def test_empty_files_are_rejected_as_empty(data: bytes) -> None:
    outcome = decode_raw(RawFile("e.txt", data))
    assert isinstance(outcome, Rejection)
    assert outcome.reason == "empty"
    assert outcome.size == len(data)


def test_binary_is_rejected_with_reason_binary_and_its_hash() -> None:
    outcome = decode_raw(RawFile("p.png", b"\x89PNG\r\n\x1a\n" + bytes(64)))
    assert isinstance(outcome, Rejection)
    assert outcome.reason == "binary"
    assert len(outcome.sha256) == 64


def test_japanese_shift_jis_is_decoded_as_japanese_not_chinese() -> None:
    document = _document(JAPANESE.encode("shift_jis"))
    assert document.text == JAPANESE
    assert document.encoding is not None
    assert document.encoding.encoding == "cp932"


def test_invalid_bytes_are_replaced_and_counted() -> None:
    data = SIMPLIFIED.encode("gb18030") + b"\xff\n" + SIMPLIFIED.encode("gb18030")
    document = _document(data)
    assert document.encoding is not None
    assert document.encoding.replaced == 1
    assert document.text == SIMPLIFIED + "\ufffd\n" + SIMPLIFIED


@pytest.mark.parametrize(
    ("text", "codec"), [(SIMPLIFIED, "gb18030"), (TRADITIONAL, "cp950")], ids=["gb", "big5"]
)
def test_a_stray_byte_inside_a_character_costs_only_that_spot(text: str, codec: str) -> None:
    """Without resynchronization the orphaned trail byte pairs with the next lead byte and every
    character up to the next ASCII byte decodes wrong."""
    data = bytearray(text.encode(codec))
    data[9:9] = b"\xff"  # between the lead and trail bytes of the fifth character
    document = _document(bytes(data))
    assert document.text.replace("\ufffd", "") == text
    assert document.encoding is not None
    assert document.encoding.replaced == 1


def test_mojibake_is_repaired_and_the_repair_is_recorded() -> None:
    mojibake = "".join(
        chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
        for byte in SIMPLIFIED.encode()
    )
    document = _document(mojibake.encode("utf-8"))
    assert document.text == SIMPLIFIED
    assert document.encoding is not None
    assert document.encoding.repair == "utf8-as-cp1252"


@pytest.mark.parametrize("chunk_size", [1, 3, 7, 4096], ids=["1", "3", "7", "4096"])
@pytest.mark.parametrize("codec", ["gb18030", "utf-16", "utf-8"], ids=["gb18030", "utf-16", "utf-8"])
def test_streamed_decoding_equals_whole_file_decoding(codec: str, chunk_size: int) -> None:
    text = ("第一段\r\n" + SIMPLIFIED + "\r" + "第二段\r\n") * 3
    data = text.encode(codec)
    handle = io.BytesIO(data)
    detection = detect_stream(handle)
    assert handle.tell() == 0
    streamed = "".join(decode_stream(handle, detection, chunk_size=chunk_size))
    whole, _ = decode_text(data, detect(data))
    assert streamed == whole
    assert streamed == text.replace("\r\n", "\n").replace("\r", "\n")


def test_stream_detection_looks_past_a_long_ascii_head() -> None:
    data = b"# header line\n" * 3000 + SIMPLIFIED.encode("gb18030")
    detection = detect_stream(io.BytesIO(data))
    assert detection.encoding == "gb18030"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decode_raw_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    outcome = decode_raw(RawFile("x", data))
    assert isinstance(outcome, Document | Rejection)


def _with_byte_at(data: bytes, position: int, byte: bytes) -> bytes:
    return data[:position] + byte + data[position:]


def _cp1252_mojibake(text: str) -> str:
    return "".join(
        chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
        for byte in text.encode()
    )


@pytest.mark.parametrize(
    "data",
    [
        _with_byte_at((SIMPLIFIED + "\r\n" + SIMPLIFIED).encode("hz"), 21, b"\xff"),
        _cp1252_mojibake(SIMPLIFIED * 3).encode("utf-8"),
        SIMPLIFIED.encode().decode("gb18030", errors="replace").encode("utf-8"),
    ],
    ids=["hz-with-debris", "mojibake-cp1252", "mojibake-gbk"],
)
@pytest.mark.parametrize("chunk_size", [1, 5, 4096], ids=["1", "5", "4096"])
def test_streamed_repairs_and_hz_debris_equal_whole_file_decoding(data: bytes, chunk_size: int) -> None:
    detection = detect(data)
    assert detection.encoding == "hz" or detection.repair is not None
    streamed = "".join(decode_stream(io.BytesIO(data), detection, chunk_size=chunk_size))
    assert streamed == decode_text(data, detection)[0]


_REUSE_CODECS = ["utf-8", "utf-8-sig", "gb18030", "cp950", "big5hkscs", "utf-16", "utf-16-le", "utf-32"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=SIMPLIFIED + TRADITIONAL + "abc \r\n\ufffd佢哋", min_size=1, max_size=80),
    st.sampled_from(_REUSE_CODECS),
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0),
)
def test_the_decode_detection_hands_on_equals_a_fresh_decode(
    text: str, codec: str, stray: int, seed: int
) -> None:
    """decode_raw reuses the whole-file decode that confirming the detection made, so a large file is
    decoded once; the text and the replaced count must be what a fresh decode gives, with or without
    stray bytes and with U+FFFD spelled by the file itself."""
    data = text.encode(codec, errors="ignore")
    for index in range(stray):
        position = (seed + 7919 * index) % (len(data) + 1)
        data = data[:position] + b"\xff" + data[position:]
    detection, decoded = detect_decoded(data)
    assert detection == detect(data)
    if detection.encoding is None:
        return
    assert decode_text(data, detection, decoded=decoded) == decode_text(data, detection)
