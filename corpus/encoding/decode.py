"""Turn raw bytes into text with the detected codec: ``decode_raw`` for the pipeline, ``decode_stream``
for files larger than memory.

Decoding never fails on data. Bytes the codec cannot read become U+FFFD and are counted in
:attr:`corpus.document.EncodingInfo.replaced`, so a document with a few damaged bytes is kept (with a
lower confidence) instead of being lost, and the report can say how many characters were guessed.
A multibyte character cut off at the very end of a file is dropped, not replaced: a truncated file is
not a damaged one. Line endings become ``\\n`` (CRLF and lone CR) and a leading BOM is removed, so that
every later step sees one text form.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO

from corpus.document import Document, EncodingInfo, RawFile, Rejection, RejectReason, Source
from corpus.encoding.detect import HEAD_BYTES, Detection, detect, detect_decoded
from corpus.encoding.repair import mojibake_bytes, undo_mojibake
from corpus.encoding.score import RESYNC, decode_hz, decode_tolerant, drop_high_bytes, is_cut_character

QUARANTINE_REASONS: dict[str, RejectReason] = {
    "binary": "binary",
    "undecidable-encoding": "undecidable-encoding",
    "unsupported-encoding": "unsupported-encoding",
}

STREAM_CHUNK = 1 << 20
"""Bytes read per step by :func:`decode_stream`: large enough that decoder overhead vanishes, small
enough that a paragraph splitter downstream holds only a few MiB."""

SCAN_LIMIT = 64 << 20
"""How far :func:`detect_stream` reads past an all-ASCII head looking for the first non-ASCII byte."""


def normalize_newlines(text: str) -> str:
    r"""CRLF and lone CR become LF.

    >>> normalize_newlines("a\r\nb\rc\n")
    'a\nb\nc\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, codec: str) -> tuple[str, int]:
    """Decode with ``codec``, undecodable bytes becoming U+FFFD; return the text and how many.

    A strict decode first, so a U+FFFD that was already in the text (valid UTF-8 can hold one) is
    not counted as damage; only when it fails, the resynchronising handler, which replaces a bad
    byte without swallowing the ASCII character after it (Python's ``replace`` would turn a stray
    lead byte and the newline after it into one U+FFFD).
    """
    try:
        return decode_tolerant(data, codec, "strict"), 0
    except UnicodeDecodeError:
        text = decode_tolerant(data, codec, RESYNC)
        return text, text.count("\ufffd")


def decode_text(
    data: bytes, detection: Detection, *, newlines: bool = True, decoded: str | None = None
) -> tuple[str, int]:
    """Decode ``data`` with the detected codec (and repair), returning the text and the U+FFFD count.

    The count is of characters the codec could not read, not of U+FFFD already present in valid text.
    ``newlines=False`` keeps CR and CRLF as they are (``corpus detect --text-dir`` writes the text
    exactly as decoded). ``decoded`` is the clean whole-file decode that
    :func:`corpus.encoding.detect.detect_decoded` may hand on; given, it replaces the decode here.
    """
    if detection.encoding is None:
        raise ValueError("cannot decode a quarantined detection")
    if detection.encoding == "hz":
        text, replaced = decode_hz(data)
        replaced += text.count("\ufffd")
        text = text[1:] if text.startswith("\ufeff") else text
        return (normalize_newlines(text) if newlines else text), replaced
    if decoded is not None:
        text, replaced = decoded, 0
    else:
        text, replaced = decode_bytes(data, detection.encoding)
    if detection.repair is not None:
        before = text.count("\ufffd")
        text = undo_mojibake(text, detection.repair)
        replaced += max(0, text.count("\ufffd") - before)
    if text.startswith("\ufeff"):
        text = text[1:]
    return (normalize_newlines(text) if newlines else text), replaced


def decode_raw(raw: RawFile) -> Document | Rejection:
    """Detect and decode one file: a :class:`Document`, or a :class:`Rejection` with a reason code.

    >>> decode_raw(RawFile("a.txt", "中文\\r\\n".encode("gb18030"))).text
    '中文\\n'
    """
    source = Source.of(raw.path, raw.data)

    def reject(reason: RejectReason, detail: str) -> Rejection:
        return Rejection(raw.path, reason, detail, size=source.size, sha256=source.sha256)

    if not raw.data:
        return reject("empty", "0 bytes")
    # A document keeps no runner-up: the ranking may leave far-behind decodes unsummed.
    detection, decoded = detect_decoded(raw.data, runner_up=False)
    if detection.status == "quarantined" or detection.encoding is None:
        code = detection.reason.split(":", 1)[0]
        return reject(QUARANTINE_REASONS.get(code, "undecidable-encoding"), detection.reason)
    text, replaced = decode_text(raw.data, detection, decoded=decoded)
    if not text or text.isspace():  # what ``not text.strip()`` says, without copying a large text
        return reject("empty", f"only whitespace ({len(raw.data)} bytes, {detection.encoding})")
    info = EncodingInfo(
        encoding=detection.encoding,
        confidence=detection.confidence,
        reason=detection.reason,
        repair=detection.repair,
        replaced=replaced,
    )
    return Document(id=raw.path, text=text, source=source, encoding=info, chars_in=len(text))


def detect_stream(handle: IO[bytes]) -> Detection:
    """Detect from a bounded sample of a seekable binary file, then seek back to where it was.

    The sample is the first :data:`HEAD_BYTES`; when those are all ASCII, the scan goes on (up to
    :data:`SCAN_LIMIT`) to the first non-ASCII byte and adds the bytes from there, so that a long
    ASCII preamble does not hide a GB18030 body.
    """
    start = handle.tell()
    head = handle.read(HEAD_BYTES)
    sample = head
    if head.isascii() and len(head) == HEAD_BYTES:
        scanned = len(head)
        while scanned < SCAN_LIMIT:
            block = handle.read(STREAM_CHUNK)
            if not block:
                break
            if not block.isascii():
                position = next(index for index, byte in enumerate(block) if byte >= 0x80)
                window = block[max(0, position - 64) & ~3 :]
                sample = head + window[:HEAD_BYTES] + handle.read(max(0, HEAD_BYTES - len(window)))
                break
            scanned += len(block)
    handle.seek(start)
    return detect(sample)


def decode_stream(
    handle: IO[bytes], detection: Detection, chunk_size: int = STREAM_CHUNK, *, newlines: bool = True
) -> Iterator[str]:
    """Yield the decoded text of a binary file chunk by chunk, in bounded memory.

    Uses an incremental decoder, so a multibyte character split across two chunks decodes whole; a CR
    at the end of a chunk is held back until the next chunk shows whether an LF follows. Mojibake
    repair (if the detection found some) re-encodes each chunk and feeds an incremental UTF-8 decoder,
    so it is stream-safe too. Concatenating the chunks gives what :func:`decode_text` gives for the
    whole file (with ``newlines=False``, line endings are left as they are, as there).
    """
    if detection.encoding is None:
        raise ValueError("cannot decode a quarantined detection")
    if chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    decoder = codecs.getincrementaldecoder(detection.encoding)(errors=RESYNC)
    repair_decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    first = True
    pending_cr = False
    while True:
        block = handle.read(chunk_size)
        final = not block
        if not final:
            text = decoder.decode(
                drop_high_bytes(block) if detection.encoding == "hz" else block, final=False
            )
        else:
            pending = decoder.getstate()[0]
            cut = is_cut_character(pending, detection.encoding)
            text = "" if cut else decoder.decode(b"", final=True)
        if detection.repair is not None:
            text = repair_decoder.decode(mojibake_bytes(text, detection.repair), final=final)
        if first and text:
            if text.startswith("\ufeff"):
                text = text[1:]
            first = False
        if newlines:
            if pending_cr:
                text = "\r" + text
                pending_cr = False
            if text.endswith("\r") and not final:
                text = text[:-1]
                pending_cr = True
            text = normalize_newlines(text)
        if text:
            yield text
        if final:
            return
