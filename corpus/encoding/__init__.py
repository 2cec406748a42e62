"""Encoding detection and decoding: raw bytes in, text (or a reasoned quarantine) out.

``detect`` looks at bytes and says which codec reads them; ``decode_raw`` turns a :class:`RawFile` into
a :class:`Document` or a :class:`Rejection`; ``decode_stream`` decodes a file too large for memory.
"""

from __future__ import annotations

from corpus.encoding.decode import decode_raw, decode_stream, decode_text
from corpus.encoding.detect import Detection, detect

__all__ = ["Detection", "decode_raw", "decode_stream", "decode_text", "detect"]
