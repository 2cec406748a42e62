"""chardet as the fallback for legacy encodings outside the Chinese candidate set.

The Chinese candidates (GB18030, CP950, Big5-HKSCS, HZ, UTF-8/16/32) are decided by
:mod:`corpus.encoding.detect` itself. When the bytes do not read as Chinese, chardet is asked, and its
answer is used only when it names a codec outside the Chinese family that decodes the bytes (almost)
cleanly: Japanese, Korean, Cyrillic and Western files are then decoded with the right codec, and never
as Chinese garbage. chardet's names are widened to the vendor superset that real files use (Shift_JIS
files use cp932's NEC/IBM extensions, EUC-KR files use cp949's extra Hangul).
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

SUPERSETS = {
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "iso8859-1": "cp1252",
    "ascii": "utf-8",
}
"""chardet answer (as ``codecs.lookup(...).name``) -> the superset codec that decodes the same files."""

CHINESE_FAMILY = frozenset(
    {"gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs", "hz", "euc-tw", "euc_tw", "iso2022_cn"}
)
"""Names that mean chardet thinks the text is Chinese: that question is ours, not chardet's."""


@dataclass(frozen=True, slots=True)
class LegacyGuess:
    """chardet's answer, normalized: ``codec`` is None when Python has no codec for its name."""

    name: str
    codec: str | None
    confidence: float
    chinese: bool


def _lookup(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def ask_chardet(sample: bytes) -> LegacyGuess | None:
    """Ask chardet about ``sample``; None when it has no answer or fails."""
    try:
        import chardet

        answer = chardet.detect(sample)
    except Exception:  # a detector bug must not stop detection; our caller quarantines instead
        logger.debug("chardet failed", exc_info=True)
        return None
    name = answer.get("encoding")
    if not isinstance(name, str) or not name:
        return None
    confidence = float(answer.get("confidence") or 0.0)
    lowered = name.lower().replace("_", "-")
    codec = _lookup(name)
    normalized = codec if codec is not None else lowered
    chinese = normalized in CHINESE_FAMILY or lowered in CHINESE_FAMILY
    if codec is not None:
        codec = SUPERSETS.get(codec, codec)
    return LegacyGuess(name=name, codec=codec, confidence=confidence, chinese=chinese)
