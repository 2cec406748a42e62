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
import functools
import logging
import unicodedata
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


LATIN_FALLBACK = "cp1252"
"""The single-byte code page preferred when chardet hesitates between Latin-script code pages."""

LATIN_FALLBACK_BELOW = 0.5
"""chardet confidence under which a Latin-script single-byte answer (cp1250, cp1257, iso8859-4 ...)
is replaced by cp1252 when cp1252 also reads the bytes as Latin letters. On short Western text chardet
7.7 often answers Windows-1257 with confidence 0.05-0.09 (scripts/bench_encoding.py); cp1252 is by far
the most common Western legacy code page."""


def _latin_letters(text: str) -> bool:
    letters = [char for char in text if ord(char) >= 0x80]
    return bool(letters) and all(
        unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, "")
        for char in letters
    )


def _foreign_letters(text: str) -> list[int]:
    """Positions of the letters of a script other than Latin (Greek, Cyrillic, Hebrew ...)."""
    return [
        index
        for index, char in enumerate(text)
        if ord(char) >= 0x80 and char.isalpha() and "LATIN" not in unicodedata.name(char, "")
    ]


def _inside_latin_words(text: str) -> bool:
    """True when most letters of another script touch an ASCII letter: ``fermι``, ``cфtй`` (French
    read as Windows-1253 or MacCyrillic). Greek or Russian text, HTML around it included, keeps its
    letters in words of their own script."""
    others = _foreign_letters(text)
    if not others:
        return False
    touching = sum(
        1
        for index in others
        if (index > 0 and text[index - 1].isascii() and text[index - 1].isalpha())
        or (index + 1 < len(text) and text[index + 1].isascii() and text[index + 1].isalpha())
    )
    return touching * 2 >= len(others)


def _lone_foreign_letters(text: str) -> bool:
    """True when most letters of another script stand alone, next to no letter of their own kind:
    ``it τ bonjour ╗`` (French guillemets read as cp737), ``co√te 50 א. Vi σ`` (cp862), ``у a j``
    (MacCyrillic). An accented letter is one in a word, so a misread Western text has its foreign
    letters one at a time; Greek, Russian or Hebrew words are runs of them (one-letter words such
    as Russian в and и are a minority of the letters even in a short sentence)."""
    others = _foreign_letters(text)
    if not others:
        return False
    positions = set(others)
    alone = sum(1 for index in others if index - 1 not in positions and index + 1 not in positions)
    return alone * 2 > len(others)


def _western_reading(text: str) -> bool:
    """True when every non-ASCII character is a Latin letter, punctuation (``« » … – “``), a
    currency sign or a no-break space: what cp1252 text holds besides ASCII."""
    others = [char for char in text if ord(char) >= 0x80]
    return bool(others) and all(
        unicodedata.category(char)[0] == "P"
        or unicodedata.category(char) in ("Sc", "Zs")
        or (unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, ""))
        for char in others
    )


def prefer_cp1252(sample: bytes, guess: LegacyGuess) -> LegacyGuess:
    """Replace a single-byte guess by cp1252 when cp1252 reads the bytes as Western text and the
    guess is a hesitant Latin-script one, or puts letters of another script inside Latin words, or
    hesitates and has such letters standing alone.

    The Latin-against-Latin switch asks cp1252 for letters only: Polish in cp1250 reads as ``¿`` or
    ``£`` in cp1252, which are punctuation and currency. The other two ask for Western text with its
    punctuation too: on short French chardet 7.7 answers cp737 (``«`` as τ, ``»`` as ╗), cp862 or
    MacCyrillic with confidence 0.04-0.26. On 171 generated cp1252 and Latin-1 windows of 1 to 50
    characters (helper-52's short-sample audit) this took the wrong answers from 30 to 13: 13 right,
    4 quarantined, none made worse."""
    if guess.codec is None or guess.codec == LATIN_FALLBACK:
        return guess
    try:
        guessed = sample.decode(guess.codec)
        western = sample.decode(LATIN_FALLBACK)
    except (UnicodeDecodeError, LookupError):
        return guess
    if len(guessed) != len(sample) or not _western_reading(western):
        return guess
    hesitant = guess.confidence < LATIN_FALLBACK_BELOW
    hesitant_latin = hesitant and _latin_letters(guessed) and _latin_letters(western)
    foreign_in_latin = _inside_latin_words(guessed) or (hesitant and _lone_foreign_letters(guessed))
    if not hesitant_latin and not foreign_in_latin:
        return guess
    return LegacyGuess(guess.name, LATIN_FALLBACK, guess.confidence, guess.chinese)


_ASCII_ALPHANUMERIC = b"0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@functools.cache
def reads_ascii_as_ascii(codec: str) -> bool:
    """Whether ``codec`` decodes ASCII letters, digits and space as themselves.

    EBCDIC code pages (cp037, cp273, cp424, cp500, cp875, cp1026, cp1140) do not: A is C1 there, and
    40 is the space. chardet 7.7 names them with confidence below 0.05 for a few short inputs: on
    helper-52's short-sample audit (33,551 samples of 1 to 50 characters) cp500, cp875, cp1026,
    cp273 or cp424 for 15, none of them right: 8 of random bytes, 6 Japanese windows of 1 to 10
    characters and one Chinese character (now 8 quarantined as they should be and 7 quarantined
    instead of decoded wrong). EBCDIC is no encoding this tool's corpora come in. UTF-16 and
    UTF-32 fail this test too; the caller never takes chardet's UTF answers anyway."""
    try:
        return _ASCII_ALPHANUMERIC.decode(codec) == _ASCII_ALPHANUMERIC.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def ask_chardet(sample: bytes) -> LegacyGuess | None:
    """Ask chardet about ``sample``; None when it has no answer, fails, or names a code page that
    does not read ASCII as ASCII (:func:`reads_ascii_as_ascii`)."""
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
        if not reads_ascii_as_ascii(codec):
            return None
        codec = SUPERSETS.get(codec, codec)
    return prefer_cp1252(sample, LegacyGuess(name=name, codec=codec, confidence=confidence, chinese=chinese))
