"""Detect the encoding of a Chinese text file: ``detect(data) -> Detection``. Never raises on data.

The order of the evidence, cheapest and surest first:

1. a binary magic number (PNG, ZIP, ELF, ...; ``data/magic.tsv``) quarantines the file as ``binary``;
2. a BOM names the codec (``utf-8-sig``, ``utf-16``, ``utf-32``: the codecs that drop the mark);
3. NUL bytes laid out as UTF-16/32 code units name the wide codec (both byte orders are scored); other
   NULs and control bytes above :data:`corpus.encoding.sniff.BINARY_CONTROL_RATIO` quarantine the file
   as ``binary`` unless they all sit in blocks of :data:`NUL_PADDING_RUN` (padding: the text between
   decides) or a decode reads clearly as Chinese;
4. a strict UTF-8 decode of the whole file wins (ASCII is UTF-8; ASCII with ``~{`` may be HZ, ASCII
   with a NUL may be UTF-16 Han; UTF-8 that is mojibake is marked for repair; a few 2-byte sequences
   only are checked against GB/Big5);
5. otherwise every Chinese candidate (UTF-8 with replacement, GB18030, CP950 or Big5-HKSCS, UTF-16
   LE/BE) decodes a bounded sample in growing stages and the decodes are ranked by how much they read
   like Chinese (:mod:`corpus.encoding.score`). GB18030 decodes nearly any bytes, so "the first codec
   that decodes" cannot work; the frequency score can. The winner decodes the whole file to confirm
   (in C, once: :func:`detect_decoded` hands that decode on, so decoding does not repeat it).
6. when the best decode reads weakly or like another language (kana, Hangul, words separated by
   spaces), chardet is asked about non-Chinese legacy encodings (:mod:`.legacy`); a Big5 win made of
   EUC-JP kana is EUC-JP; a file that nothing reads is quarantined as ``undecidable-encoding``.

``confidence`` is about the codec, not the damage: stray bytes are counted in ``replaced``. On the
generated set (scripts/bench_encoding.py) answers with confidence >= 0.9 were right 100% of the time,
those below 0.5 mostly wrong (chardet's low-confidence guesses on 16-byte fragments).

>>> detect("中文编码".encode("gb18030")).encoding
'gb18030'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from corpus.document import initialized_through_slots
from corpus.encoding.legacy import ask_chardet
from corpus.encoding.repair import RepairKind, repair_mojibake
from corpus.encoding.score import (
    Scored,
    count_han,
    decode_counted,
    decode_hz,
    decode_tolerant,
    drop_high_bytes,
    score_candidate,
    score_candidate_unless_below,
    score_text,
)
from corpus.encoding.sniff import (
    MIN_CONTROLS_FOR_BINARY,
    count_controls,
    has_controls,
    looks_binary,
    sniff_bom,
    sniff_magic,
    wide_candidates,
)

logger = logging.getLogger(__name__)

Status = Literal["ok", "quarantined"]

HEAD_BYTES = 16 * 1024
"""The most bytes scored per candidate (the last stage, reached only when the first 2 KiB leave the
decision open). It bounds the cost on huge files; the rest is only decoded, in C."""

GOOD_MEAN = 1.0
"""Mean weight per character above which a decode reads as Chinese without asking chardet. Real prose
averages about +2; Korean, Japanese and EUC-TW bytes read as GB18030 land between -1 and +1
(measured with scripts/bench_encoding.py and on ../shared/eval/encoding)."""

MIN_MEAN = 1.0
"""Below this mean no Chinese decode of 32 or more Han characters is accepted, even when chardet has
nothing better. Real GB and Big5 files score 1.5-2.3 on ../shared/eval/encoding; EUC-TW files (which
Python cannot decode) read as GB18030 score about 0.2, EUC-KR and EUC-JP 0.3-0.8."""

MIN_MEAN_SHORT = 0.0
"""The same floor for decodes with fewer than :data:`SHORT_HAN` Han characters, whose mean is noisier
(one rare name in 8 characters moves it by 0.5)."""

SHORT_HAN = 32


SPACED_HAN_SHARE = 0.05
"""Share of Han characters followed by a space and another Han character above which the text looks
like Korean (or Russian) read as GB: Korean separates words with spaces, Chinese does not."""

SPACED_HAN_SHARE_STRONG = 0.2
"""The same share for a decode that reads well: Korean read as GB has a space after every 3-4 Han
characters (25-30%); Chinese with spaces between phrases stays well below 20%."""

FOREIGN_SHARE = 0.02
"""Share of kana or Hangul among scored characters above which chardet is asked."""

MAX_REPLACED_SHARE = 0.25
"""A decode whose characters are more than a quarter U+FFFD is 'mostly undecodable': quarantined, unless
it has at most :data:`MAX_REPLACED_ALWAYS_KEPT` damaged spots (three stray bytes in a 16-byte file)."""

MAX_REPLACED_ALWAYS_KEPT = 3

CHARDET_SAMPLE_BYTES = 4096
"""Bytes handed to chardet: ample for the legacy encodings it is asked about, and its cost grows with
the input (about 10 ms for 16 KiB of Shift_JIS, 1 ms for 4 KiB)."""

CHARDET_MIN_CONFIDENCE = 0.2
"""chardet answers below this are ignored (its own scale; 7.7 gives 0.2-0.7 on short legacy text)."""

CHARDET_SURE_SINGLE_BYTE = 0.1
"""chardet confidence at which a single-byte answer may overrule a Chinese decode that is weak *and*
needs U+FFFD. 16 bytes of KOI8-R read as GB18030 are such a decode, and chardet 7.7 names KOI8-R with
0.13-0.22 (tests/encoding/test_detect.py, scripts/bench_encoding.py); on 16-18 byte Big5-HKSCS files
with three stray bytes its single-byte guesses (cp875, IBM866) come with 0.005-0.03."""

DAMAGED_BUT_SURE = 0.95
"""Confidence of a BOM, NUL-layout or HZ decision on a file with damaged bytes. The confidence is about
the codec, not the damage (which ``replaced`` counts): these signals do not weaken with a few stray
bytes, and on the generated set they were right on every damaged sample (scripts/bench_encoding.py)."""

MARGIN_SCALE = 3.0
"""Confidence of a ranked decision is 1 - 10**(-margin / MARGIN_SCALE), margin being the winner's lead
over the runner-up in summed log10 weights: a lead of 3 (one common character against one rare) gives
0.9, a lead of 6 gives 0.99."""

CERTAIN_MARGIN = 49.0
"""A lead from which that confidence is exactly 1.0 as a float: 10**(-49/3) is 4.6e-17, less than half
the spacing of floats just below 1 (2**-54, 5.6e-17), so 1 - it rounds to 1.0; so does every larger
lead. Past it the runner-up's exact total changes nothing but the runner-up fields (see
:func:`detect_decoded`'s ``runner_up``)."""


@initialized_through_slots  # one per file: 1.30 -> 0.80 us a construction (timeit, medians)
@dataclass(frozen=True, slots=True)
class Detection:
    """What :func:`detect` decided about some bytes, with its evidence.

    ``encoding`` is the Python codec to decode the whole file with (the superset codec: gb18030, cp950
    or big5hkscs, never gbk or big5), or None when quarantined. ``score`` and ``runner_up_score`` are
    mean weights per evidence-carrying character (about +2 for Chinese prose, below 0 for wrong
    decodes), None where no ranking was needed.
    """

    encoding: str | None
    confidence: float
    status: Status
    reason: str
    runner_up: str | None = None
    runner_up_score: float | None = None
    repair: RepairKind | None = None
    score: float | None = None
    replaced: int = 0
    bom_length: int = 0


def quarantine(reason: str, detail: str = "") -> Detection:
    text = f"{reason}: {detail}" if detail else reason
    return Detection(encoding=None, confidence=0.0, status="quarantined", reason=text)


def detect(data: bytes) -> Detection:
    """Detect the encoding of ``data``; any failure inside becomes a quarantine, never an exception."""
    return detect_decoded(data)[0]


Decided = tuple[Detection, str | None]
"""A detection and, when deciding it took a clean decode of the whole input, that decode."""


def detect_decoded(data: bytes, *, runner_up: bool = True) -> Decided:
    """:func:`detect`, plus the whole-file decode that the decision already made, if any.

    Confirming a decision decodes the whole file with the chosen codec (in C); the text is handed on
    so that :func:`corpus.encoding.decode.decode_raw` does not decode a large file a second time. It
    is given only when that decode met no U+FFFD at all, so it is exactly the codec's strict decode
    (a character cut off at the end dropped); otherwise (damage, mojibake, HZ, a codec chardet
    named) it is None and the caller decodes.

    ``runner_up=False`` is for callers that keep only the codec, confidence, reason, repair and count
    of replacements (:func:`corpus.encoding.decode.decode_raw`): the ranking of step 5 then leaves
    out, unsummed, the UTF-8 and UTF-16 decodes that cannot come within :data:`CERTAIN_MARGIN` of the
    better of the GB18030 and CP950 ones, and its detection's ``runner_up`` and ``runner_up_score``
    are None (chardet's answers name the best Chinese decode, as they always do). The rankings that
    steps 3 and 4 run on the way (a control-heavy or NUL-padded file, ASCII with a NUL, valid UTF-8
    with few 2-byte sequences) rank in full and keep their runner-up: GB2312 text made only of
    characters like 一些伟伪位住 is valid UTF-8, and its ranked detection names UTF-8 as runner-up
    either way. Everything else is the same: a left-out decode can be neither the winner nor a
    runner-up that the confidence depends on (the confidence is 1.0 whatever it scores). That leaves
    the UTF-8 decode of GB18030 files unmade (bounded from its bytes) and the two UTF-16 decodes of
    Big5 files unsummed: decode_raw over the 20 MB bench corpus, CPU medians of 8 interleaved
    process pairs, took 60.2 -> 50.8 ms on its GB18030 files and 11.0 -> 6.8 ms on its Big5 ones.
    """
    try:
        return _detect(data, runner_up)
    except Exception as error:  # pragma: no cover - defensive: detection must never raise on data
        logger.exception("encoding detection failed")
        return quarantine("undecidable-encoding", f"internal {type(error).__name__}"), None


def _detect(data: bytes, runner_up: bool = True) -> Decided:
    if not data:
        return Detection("utf-8", 1.0, "ok", "empty"), ""
    magic = sniff_magic(data)
    if magic is not None:
        return quarantine("binary", f"{magic} magic number"), None
    bom = sniff_bom(data)
    if bom is not None:
        return _with_bom(data, *bom)
    head = data[:HEAD_BYTES]
    # Most text has no NUL or other control byte in its head, and then nothing in step 3 applies; the
    # counts are made only for the rest (has_controls makes the counting's test without building the
    # counts: 2.0 against 4.7 us per file on the heads of the 20 MB bench corpus).
    head_controls = has_controls(head)
    if head_controls:
        decided = _with_controls(data, head)
        if decided is not None:
            return decided
    utf8 = _strict_utf8(data)
    if utf8 is not None:
        decided = _from_utf8(data, utf8, head_controls)
        if decided is not None:
            return decided
    # At most MAX_REPLACED_ALWAYS_KEPT high bytes in the head (GB or Big5 text stops the match at once).
    elif _MORE_HIGH_BYTES_THAN_KEPT.match(head) is None and b"~{" in drop_high_bytes(head):
        hz = _try_hz(data)  # HZ with a few stray 8-bit bytes (even one inside the ~{ escape)
        if hz is not None:
            return hz, None
    return _ranked(data, head, head_controls=head_controls, runner_up=runner_up)


def _with_controls(data: bytes, head: bytes) -> Decided | None:
    """Step 3 of the module docstring's order, for a head with NUL or other control bytes: a UTF-16/32
    layout, NUL padding, or a control-heavy file; None when the controls decide nothing and the file
    goes on to the UTF-8 and ranking steps."""
    counts = count_controls(head)
    guesses = wide_candidates(counts)
    if guesses:
        # Han text in UTF-16 LE puts a NUL at even offsets for every U+xx00 character (一 is 00 4E),
        # just where ASCII in UTF-16 BE puts its NULs; so both byte orders are scored, not trusted.
        wide_sample = head[:WIDE_SAMPLE_BYTES]
        readable = [
            scored
            for scored in (score_candidate(wide_sample, guess) for guess in guesses)
            if _wide_readable(scored)
        ]
        if readable:
            best_wide = max(readable, key=_total)
            confidence = 0.98 if best_wide.replaced == 0 else DAMAGED_BUT_SURE
            return _confirmed(data, best_wide.codec, confidence, "nul-pattern", best_wide)
    if looks_binary(counts) and _NUL_PADDING in head:
        padded = _without_nul_padding(data)
        if padded is not None:
            return padded
    if looks_binary(counts):
        # Han text in UTF-16 without BOM has bytes 00-1F too (about one character in eight has a
        # low byte below 0x20), and some real files carry runs of stray control bytes; so a
        # control-heavy file is binary only when no decode reads clearly as Chinese.
        return _ranked(data, head, control_heavy=True)
    return None


NUL_PADDING_RUN = 16
"""NUL bytes in a row that count as padding rather than content. Text files get such blocks from
tools that preallocate or zero-fill (and from crashes that leave a file's tail zeroed); UTF-16 text
has NULs one at a time and UTF-32 two or three, never sixteen (eight U+0000 characters in a row)."""

_NUL_PADDING = b"\x00" * NUL_PADDING_RUN
_NUL_RUNS = re.compile(b"\x00{%d,}" % NUL_PADDING_RUN)


def _without_nul_padding(data: bytes) -> Decided | None:
    """Decide a file whose NULs all sit in padding blocks by what is left between them.

    Such a file looks 97% 'control bytes' (the ``NOT UTF-16!`` HTML page of Mozilla's bug 638318 is
    1,070 NULs around 38 bytes of ASCII), but it is text: the rest must be NUL-free, decide as text
    in a byte-oriented codec, and not be binary. The decision is reported with ``NUL padding`` in its
    reason; the decoded text keeps the NULs (U+0000), since the codec decodes them as such."""
    rest = _NUL_RUNS.sub(b"", data)
    if not rest or b"\x00" in rest:
        return None
    detection, _ = _detect(rest)
    if detection.encoding is None or detection.encoding.startswith(("utf-16", "utf-32")):
        return None
    padded = Detection(
        detection.encoding,
        detection.confidence,
        detection.status,
        f"{detection.reason}, NUL padding",
        runner_up=detection.runner_up,
        runner_up_score=detection.runner_up_score,
        repair=detection.repair,
        score=detection.score,
        replaced=detection.replaced,
    )
    return padded, None


WIDE_SAMPLE_BYTES = 2048
"""Bytes scored per UTF-16/32 guess: the NUL layout already points at the family, so the decode only
has to choose the byte order and confirm that the text is not garbage."""


def _wide_readable(scored: Scored) -> bool:
    """A UTF-16/32 decode chosen by NUL layout is kept unless it is damaged or reads as garbage.

    The Chinese score need not be high: the NUL layout is the evidence, and the text may be Russian or
    plain ASCII (which scores 0). But it must not be mostly U+FFFD, controls, Hangul or unassigned
    code points, which is what random bytes with a couple of NULs decode into."""
    damaged = scored.error_runs > max(MAX_REPLACED_ALWAYS_KEPT, scored.scored_chars // 20)
    if damaged or scored.controls > scored.scored_chars // 100:
        return False
    # UTF-32 is all but self-proving (every unit must be below 0x110000, i.e. two NUL-ish high bytes),
    # so a decode of rare characters still counts; UTF-16 must also read as something.
    return scored.codec.startswith("utf-32") or scored.clean_mean >= 0.0


def _with_bom(data: bytes, codec: str, bom_length: int) -> Decided:
    text, replaced = decode_counted(data, codec)
    confidence = 1.0 if replaced == 0 else DAMAGED_BUT_SURE
    detection = Detection(codec, confidence, "ok", "bom", replaced=replaced, bom_length=bom_length)
    return detection, text if replaced == 0 else None


def _strict_utf8(data: bytes) -> str | None:
    """Decode as UTF-8 strictly, except that a multibyte character cut off at the very end is dropped.

    A cut-off character is UTF-8 evidence only when something else is: UTF-8 before it, or at least
    a lead byte *and* a continuation byte. A lone byte C2-F4 after ASCII is no such evidence: it is
    the last letter of Western text (``café`` in cp1252 ends in E9) or the last byte of UTF-16 Han
    (我们 in UTF-16 BE is 62 11 4E EC) as often as a UTF-8 file cut one byte into its only non-ASCII
    character. Taking it for a cut gave ASCII with the last letter dropped, at confidence 1.0, and
    ``'á'`` alone became an empty file. Such bytes go on to the ranking, where no Chinese decode
    finds evidence in them either (:func:`_ranked`'s ``no_evidence``). On 33,551 generated samples
    of 1 to 50 characters (GB, Big5, UTF-8/16/32, Western, Japanese, Korean, binary) this turned 106
    wrong answers right (76 UTF-16 Han, 28 random bytes, 2 Western) and 12 Western ones into
    quarantines, and 16 right answers (ASCII then a GB, Big5 or UTF-16 character cut after one
    byte) into quarantines and 4 into a Latin code page at confidence 0.1-0.15.

    Nor is a file that is nothing but the start of one character: 驅 in GBK is F2 8C and 解 in
    UTF-16 LE is E3 89, both an empty text that way (4 more samples of the same set right)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        cut_at_end = error.end == len(data) and len(data) - error.start < 4
        if error.reason == "unexpected end of data" and cut_at_end:
            before = data[: error.start]
            if before.isascii() and (len(data) - error.start == 1 or not before):
                return None
            return before.decode("utf-8", errors="strict")
        return None


def _from_utf8(data: bytes, text: str, head_controls: bool) -> Decided | None:
    """Decide a file that is valid UTF-8; None when short 'UTF-8' looks more like a GB/Big5 accident.

    ``text`` is the strict decode, handed on with the decision (U+FFFD in it is genuine: the file
    spells it); ``head_controls`` is :func:`corpus.encoding.sniff.has_controls` of the head, which
    :func:`_detect` has already asked (asking again cost an ASCII file 18 us per 16 KiB head)."""
    if text.isascii():
        if b"~{" in data:
            hz = _try_hz(data)
            if hz is not None:
                return hz, None
        head = data[:HEAD_BYTES]
        if head_controls and _utf16_possible(head):
            # A NUL or another control byte (STX, SO, DC1 ...) in 'ASCII' without any run of
            # printable text: Han characters in UTF-16 whose bytes all happen to be below 0x80 (在机场
            # 第一次看到 in UTF-16 LE is 28 57 3A 67 ... 00 4E ...; 后 in UTF-16 BE is 54 0E). Taken
            # only when a UTF-16 decode reads well. Text does not hold such bytes, and one in 8 Han
            # characters has a UTF-16 byte in 00-1F.
            ranked, ranked_text = _ranked(data, head)
            if (ranked.encoding or "").startswith("utf-16") and (ranked.score or 0.0) >= GOOD_MEAN:
                return ranked, ranked_text
        if len(data) <= SHORT_ASCII_BYTES and _reads_as_utf16_han(data):
            return Detection("utf-8", SHORT_ASCII_CONFIDENCE, "ok", "ascii, or UTF-16 Han"), text
        return Detection("utf-8", 1.0, "ok", "ascii"), text
    repaired = repair_mojibake(text[:MOJIBAKE_SAMPLE_CHARS])
    if repaired is not None:
        return Detection("utf-8", 0.9, "ok", f"mojibake {repaired.kind}", repair=repaired.kind), text
    multibyte = _count_utf8_leads(data)
    if multibyte < UTF8_ACCIDENT_LIMIT and _UTF8_3_OR_4_BYTE_LEAD.search(data) is None:
        # 2-byte sequences only: GB/Big5 pairs with a C2-DF lead and an 80-BF trail look like that
        # too (一 is D2 BB in GB18030, Cyrillic һ in UTF-8). A Chinese decode takes over only when it
        # reads clearly as Chinese ("Näyhä" in GB18030 is two rare Han characters: stays UTF-8).
        ranked, ranked_text = _ranked(data, data[:HEAD_BYTES])
        if ranked.encoding not in (None, "utf-8") and (ranked.score or 0.0) >= GOOD_MEAN:
            return ranked, ranked_text
        return Detection("utf-8", 0.8, "ok", "strict utf-8, few multibyte"), text
    confidence = 0.99 if multibyte >= 4 else 0.9
    return Detection("utf-8", confidence, "ok", "strict utf-8"), text


SHORT_ASCII_BYTES = 8
"""ASCII files up to this size are checked for a UTF-16 reading (see :func:`_reads_as_utf16_han`)."""

SHORT_ASCII_CONFIDENCE = 0.5
"""Confidence of ASCII that also reads as Chinese in UTF-16: nothing in a few bytes chooses between
the two, and 0.5 says so. A Han character's UTF-16 bytes are both printable ASCII about one time in
five (high byte 4E-7E for 60% of the CJK block, low byte 20-7E for 37%), so one to three characters
in UTF-16 without BOM often are. On helper-52's short-sample audit (33,551 samples of 1 to 50
characters) 'ascii' at confidence 1.0 was 434 of the 486 wrong answers with confidence 0.9 or more,
all of them UTF-16 Han; this takes 400 of them to 0.5 (341 whole, 59 with their last character
cut), along with 13 of the 210 ASCII samples. Longer ASCII rarely reads so (0.22**4 for four
characters) and keeps 1.0."""


def _reads_as_utf16_han(data: bytes) -> bool:
    """Whether ``data`` (ASCII) decodes in UTF-16 LE or BE to Han characters only, reading as Chinese
    (mean weight at least :data:`GOOD_MEAN`); an odd last byte is left out, as a character cut off
    at the end is everywhere else."""
    units = data[: len(data) // 2 * 2]
    if not units:
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        text = units.decode(codec, errors="replace")
        if count_han(text) == len(text) and score_text(text, codec).clean_mean >= GOOD_MEAN:
            return True
    return False


def _count_utf8_leads(data: bytes) -> int:
    """Lead bytes of multibyte UTF-8 sequences in ``data``, counted up to :data:`UTF8_ACCIDENT_LIMIT`:
    past that the exact count never matters. Chinese UTF-8 has its sixteenth lead within about 50
    bytes of its first, where the regular expression stops (it was a count over the first 16 KiB)."""
    if _ACCIDENT_LIMIT_LEADS.match(data) is not None:
        return UTF8_ACCIDENT_LIMIT
    return len(data) - len(data.translate(None, _UTF8_LEADS))


_UTF8_LEADS = bytes(range(0xC0, 0x100))

UTF8_ACCIDENT_LIMIT = 16
"""GB18030 or Big5 text is valid UTF-8 only when every character happens to be a C2-DF lead with an
80-BF trail: about one character in five, so 16 in a row happen about once in 10**11. Below that
many 2-byte sequences, the Chinese decodes are ranked against the UTF-8 one."""
_ACCIDENT_LIMIT_LEADS = re.compile(rb"(?:[\x00-\xbf]*+[\xc0-\xff]){%d}" % UTF8_ACCIDENT_LIMIT)
_UTF8_3_OR_4_BYTE_LEAD = re.compile(rb"[\xe0-\xf4]")
_MORE_HIGH_BYTES_THAN_KEPT = re.compile(rb"(?:[\x00-\x7f]*+[\x80-\xff]){%d}" % (MAX_REPLACED_ALWAYS_KEPT + 1))

MOJIBAKE_SAMPLE_CHARS = 1024
"""Characters of a UTF-8 file examined for mojibake: a misread file is misread from its start."""


def _try_hz(data: bytes) -> Detection | None:
    """HZ-GB-2312 is 7-bit: GB2312 pairs with the high bit cleared between ``~{`` and ``~}``."""
    text, dropped = decode_hz(data[:HEAD_BYTES])
    scored = score_text(text, "hz")
    if scored.han == 0 or scored.clean_mean < GOOD_MEAN:
        return None
    damage = scored.error_runs + dropped
    if damage > max(MAX_REPLACED_ALWAYS_KEPT, scored.han // 20):
        return None
    confidence = 0.99 if damage == 0 else DAMAGED_BUT_SURE
    replaced = scored.replaced + dropped
    return Detection(
        "hz", confidence, "ok", "hz escapes", score=round(scored.clean_mean, 3), replaced=replaced
    )


def _sample_for_ranking(data: bytes, head: bytes) -> bytes:
    """The head from its first non-ASCII byte on (less 64 bytes of context, aligned to 4 bytes so that
    UTF-16/32 code units stay aligned); when the head is all ASCII, the same from the first non-ASCII
    byte of the file. HTML and XML files often spend their first kilobytes on ASCII markup."""
    match = _NON_ASCII.search(head) or _NON_ASCII.search(data)
    if match is None:
        return head
    start = max(0, (match.start() - 64) & ~3)
    return data[start : start + HEAD_BYTES]


_NON_ASCII = re.compile(rb"[\x80-\xff]")


STAGES = (512, 2048)
"""Bytes every candidate decodes first, then next. When the winner leads by :data:`DECISIVE_MARGIN`
and reads well, the rest of the sample is not scored: most files are decided on their first half
kilobyte of non-ASCII text (about 250 Han characters); the whole sample is scored only when the
evidence stays thin."""

DECISIVE_MARGIN = 30.0
"""Lead in summed log10 weights that ends the ranking early: ten characters that are common in the
winner's decode and garbage in the runner-up's."""


_ASCII_TEXT_RUN = b"a" * 16
_PRINTABLE_AS_A = bytes(0x61 if 0x20 <= byte <= 0x7E else 0 for byte in range(256))


def _utf16_possible(sample: bytes) -> bool:
    """UTF-16 without NUL bytes is Han-only text; 16 printable ASCII bytes in a row would need eight
    Han characters in a row whose both bytes fall in 20-7E (about one in a million per position). So a
    NUL-free sample with such a run (any HTML, code or English) is not UTF-16, and its two UTF-16 decodes,
    the costliest to score, are skipped."""
    if len(sample) < 2:
        return False
    # The run looked for in C: printable ASCII becomes "a", all else NUL (a regular expression trying
    # every position took 4 us on 512 bytes of GB18030 text, this 0.5 us).
    return b"\x00" in sample or _ASCII_TEXT_RUN not in sample.translate(_PRINTABLE_AS_A)


def _looks_foreign(best: Scored, *, weak: bool) -> bool:
    """Whether a Chinese decode looks like another language read with a Chinese codec.

    Kana or Hangul always count. A decode that reads weakly (mean below :data:`GOOD_MEAN`) also counts
    when Han 'words' are separated by spaces (Korean, Russian) or a Han character is followed by ASCII
    punctuation and a space (Western text). A decode that reads well needs many more spaces before it
    counts: Chinese reviews and forum posts put spaces between phrases too (宾馆环境 一般，大堂 一般)."""
    if best.kana_hangul > best.scored_chars * FOREIGN_SHARE:
        return True
    spaced = best.spaced_han
    if weak and best.han_ascii_punctuation:
        return True
    if spaced == 0:
        return False
    han = best.han
    return han >= 4 and spaced > han * (SPACED_HAN_SHARE if weak else SPACED_HAN_SHARE_STRONG)


def _rank(sample: bytes, controls: bool = True, runner_up: bool = True) -> list[Scored]:
    """Every candidate decode of ``sample``, best first; the first two as a full scoring ranks them.

    GB18030 and CP950 are scored first; UTF-8 and UTF-16 decodes whose total is sure to stay below
    both (:func:`corpus.encoding.score.score_candidate_unless_below`) are not summed and are left out
    of the list, which changes nothing in its first two places. Where they could matter after all (a
    Big5-HKSCS decode that lowers the third slot, or a weak leader that the damage rule below may
    replace), they are scored in full and the ranking is the full one.

    ``runner_up=False`` also leaves out the decodes sure to stay :data:`CERTAIN_MARGIN` below the
    better of the two: the first place is the same, and the second is the full ranking's second
    wherever the lead over it is below :data:`CERTAIN_MARGIN` (a left-out decode is further behind)."""
    gb18030 = score_candidate(sample, "gb18030", controls=controls)
    cp950 = score_candidate(sample, "cp950", controls=controls)
    floor = min(gb18030.total, cp950.total)
    if not runner_up:
        floor = max(floor, max(gb18030.total, cp950.total) - CERTAIN_MARGIN)
    utf16 = ["utf-16-le", "utf-16-be"] if _utf16_possible(sample) else []
    # Candidate order matters: max() and sorted() keep the first of equal totals.
    names = ["utf-8", "gb18030", "cp950", *utf16]
    found: list[Scored | None] = [
        score_candidate_unless_below(sample, "utf-8", floor, controls=controls),
        gb18030,
        cp950,
        *(score_candidate_unless_below(sample, codec, floor, controls=controls) for codec in utf16),
    ]
    candidates = [scored for scored in found if scored is not None]
    # A left-out decode is below CP950, so it cannot be the maximum either.
    leads = cp950 is max(candidates, key=_total)
    lowered = False
    if cp950.replaced and (leads or cp950.clean_mean >= GOOD_MEAN or len(sample) <= SHORT_SAMPLE):
        # Big5-HKSCS only when CP950 cannot decode: scored when CP950 leads, reads as Chinese apart
        # from the bytes it could not decode, or the sample is so short that one Cantonese character
        # is all the evidence there is.
        # Fewer U+FFFD wins; so does a better reading with as many (stray bytes next to an HKSCS-only
        # character throw CP950's pairing off, so its count of U+FFFD need not be higher).
        hkscs = score_candidate(sample, "big5hkscs", controls=controls)
        if hkscs.replaced < cp950.replaced or (
            hkscs.replaced == cp950.replaced and hkscs.total > cp950.total
        ):
            found[2] = hkscs
            candidates = [scored for scored in found if scored is not None]
            lowered = hkscs.total < cp950.total
    ranking = sorted(candidates, key=_total, reverse=True)
    if len(candidates) < len(found) and (lowered or ranking[0].clean_mean < GOOD_MEAN):
        candidates = [
            scored if scored is not None else score_candidate(sample, codec, controls=controls)
            for scored, codec in zip(found, names, strict=True)
        ]
        ranking = sorted(candidates, key=_total, reverse=True)
    if ranking[0].clean_mean < GOOD_MEAN:
        # A decode that reads well apart from a few damaged spots beats one that reads weakly without
        # damage: UTF-16 turns stray bytes into characters instead of U+FFFD, so on a short damaged
        # Big5 file it can lead on the sum alone.
        for index, scored in enumerate(ranking[1:], start=1):
            if scored.clean_mean >= GOOD_MEAN and 0 < scored.error_runs <= MAX_REPLACED_ALWAYS_KEPT:
                return [scored, *ranking[:index], *ranking[index + 1 :]]
    return ranking


SHORT_SAMPLE = 256
"""Samples up to this many bytes always get a Big5-HKSCS decode when CP950 fails somewhere (cheap)."""


def _total(scored: Scored) -> float:
    return scored.total


def _ranked(
    data: bytes,
    head: bytes,
    *,
    control_heavy: bool = False,
    head_controls: bool = True,
    runner_up: bool = True,
) -> Decided:
    """Rank the candidate decodes of a sample of ``data`` and decide. ``head_controls=False`` says
    that ``head`` has no control bytes, so neither has a sample of a file that is all head;
    ``runner_up`` is :func:`detect_decoded`'s."""
    sample = _sample_for_ranking(data, head)
    # Any decode of the sample can contain C0 controls only if its bytes have some (UTF-16 makes them
    # only from NUL bytes, which count too).
    controls = (head_controls or len(data) > len(head)) and has_controls(sample)
    for size in (*STAGES, len(sample)):
        ranking = _rank(sample[:size], controls, runner_up)
        decisive = ranking[0].total - ranking[1].total >= DECISIVE_MARGIN
        hopeless = size > STAGES[0] and ranking[0].clean_mean < MIN_MEAN_SHORT  # no Chinese reading at all
        if (
            size >= len(sample)
            or hopeless
            or (decisive and (ranking[0].clean_mean >= GOOD_MEAN or size > STAGES[0]))
        ):
            break
    best, second = ranking[0], ranking[1]
    best_mean = best.clean_mean
    needed_han = min(SHORT_HAN // 2, len(sample) // 4)
    if control_heavy and (best_mean < GOOD_MEAN or best.han < needed_han):
        counts = count_controls(head)
        return quarantine("binary", f"{counts.control_ratio:.0%} control bytes"), None
    # No evidence at all: every non-ASCII byte failed to decode (a Western file with two accented
    # letters). Nothing speaks for a Chinese codec then, so this counts as below the floor.
    # The same when the only non-ASCII byte is a character cut off at the end, which every candidate
    # drops (``caf`` + E9: cp1252 ``café``, or GB18030 cut after the first byte of its one character);
    # there chardet's answer must reach CHARDET_SURE_SINGLE_BYTE, since one byte is all it saw.
    cut_only = best.scored_chars == 0 and not sample[:size].isascii()
    no_evidence = best.scored_chars - best.replaced - best.controls <= 0 and (best.replaced > 0 or cut_only)
    weak = best_mean < GOOD_MEAN or no_evidence
    foreign = _looks_foreign(best, weak=weak)
    floor = MIN_MEAN_SHORT if best_mean >= MIN_MEAN or best.han < SHORT_HAN else MIN_MEAN
    if no_evidence:
        floor = float("inf")
    # A decode that is mostly U+FFFD reads 'well' on the few characters it could decode (10 bytes of
    # Shift_JIS kana read as CP950: ��空��很�), and is kept when its damage is in at most
    # MAX_REPLACED_ALWAYS_KEPT spots, which in a short file is all of it: chardet is asked first.
    mostly_replaced = best.replaced > best.scored_chars * MAX_REPLACED_SHARE
    if weak or foreign or mostly_replaced:
        # chardet's confidence is only trusted to overrule a decode that reads well; and a single-byte
        # answer (which decodes any bytes) only wins when the Chinese decode is unacceptable, or weak
        # and shaped like another language, or weak or mostly U+FFFD, and damaged, while chardet is
        # fairly sure.
        legacy = _legacy(
            data,
            sample,
            best,
            minimum=CHARDET_SURE_SINGLE_BYTE if cut_only else 0.0 if weak else CHARDET_MIN_CONFIDENCE,
            single_byte=best_mean < floor or (weak and foreign),
            single_byte_if_sure=(weak or mostly_replaced) and best.error_runs > 0,
        )
        if legacy is not None:
            return legacy, None
    damaged = (
        best.error_runs > MAX_REPLACED_ALWAYS_KEPT and best.replaced > best.scored_chars * MAX_REPLACED_SHARE
    )
    if best_mean < floor or damaged:
        counts = count_controls(sample)
        if counts.controls >= MIN_CONTROLS_FOR_BINARY:
            quarantined = quarantine("binary", f"no codec reads it; {counts.control_ratio:.1%} control bytes")
            return quarantined, None
        return quarantine("undecidable-encoding", f"best {best.codec} scored {best_mean:.2f}"), None
    if best.codec in ("cp950", "big5hkscs"):
        kana = _euc_jp_kana(sample)
        if kana is not None:
            return kana, None
    margin = best.total - second.total
    confidence = 1.0 - 10 ** (-margin / MARGIN_SCALE)
    if weak:
        confidence *= 0.6
    if foreign:
        confidence *= 0.5
    return _confirmed(data, best.codec, confidence, "ranked", best, second, runner_up=runner_up)


def _legacy(
    data: bytes,
    sample: bytes,
    best: Scored,
    *,
    minimum: float,
    single_byte: bool,
    single_byte_if_sure: bool = False,
) -> Detection | None:
    """Ask chardet; accept a non-Chinese codec that decodes the sample almost cleanly."""
    # The file's own start when it already holds non-ASCII bytes: chardet reads an XML or HTML
    # charset declaration there at once (0.2 ms instead of 1.5-3.5 ms on the eval set's Shift_JIS
    # feeds), which the ranking sample, cut to start near the first non-ASCII byte, leaves out.
    start = data[:CHARDET_SAMPLE_BYTES]
    guess = ask_chardet(start if not start.isascii() else sample[:CHARDET_SAMPLE_BYTES])
    if guess is None or guess.chinese or guess.confidence < minimum:
        return None
    sure = single_byte_if_sure and guess.confidence >= CHARDET_SURE_SINGLE_BYTE
    if not (single_byte or sure) and guess.codec is not None and _is_single_byte(guess.codec):
        return None
    if guess.codec is None:
        return quarantine("unsupported-encoding", f"chardet says {guess.name}, which Python cannot decode")
    if guess.codec.startswith(("utf-16", "utf-32", "utf-8")):
        return None
    text, replaced = decode_counted(sample, guess.codec)
    if replaced > max(1, len(text) // 200) or not _reads_as_language_of(guess.codec, text):
        return None
    confidence = min(0.95, guess.confidence) * (1.0 if replaced == 0 else 0.7)
    # chardet's own scale; on short text it answers with 0.01-0.1 and is then often wrong (a Latin
    # code page for Big5 with ASCII), so it is passed through, not raised.
    return Detection(
        guess.codec,
        round(confidence, 3),
        "ok",
        f"chardet {guess.name}",
        runner_up=best.codec,
        runner_up_score=round(best.clean_mean, 3),
        replaced=replaced,
    )


_JAPANESE_CODECS = frozenset(
    {"cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213"}
)
_KOREAN_CODECS = frozenset({"cp949", "euc_kr", "johab"})
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

JAPANESE_MIN_KANA = 0.05
"""Share of kana among non-ASCII characters below which a Japanese answer from chardet is refused.
Japanese prose is a third or more kana; Chinese text (EUC-TW, which Python cannot decode) read as
EUC-JP has none, and must be quarantined rather than decoded as Japanese."""

KOREAN_MIN_HANGUL = 0.3
"""The same for Korean answers and Hangul syllables."""


LATIN_MAX_NON_ASCII_SHARE = 0.5
"""Share of non-ASCII characters above which a decode into Latin letters and symbols is refused.
Western European prose has a few accented letters in a hundred (the French sentence in
tests/encoding/texts.py: 9%); Shift_JIS or other double-byte text read with a Latin code page is
non-ASCII throughout (``ÇÕÇ∆ÇƒÇ‡ääÇËÇ‚Ç∑``, chardet's MacRoman answer for 16 bytes of kana).
Cyrillic, Greek, Hebrew, Arabic or Thai code pages are not checked: their prose is non-ASCII."""


def _latin_overload(text: str) -> bool:
    """True when more than half of the non-space characters are non-ASCII and none of them is a
    letter of a non-Latin script."""
    visible = [char for char in text if not char.isspace()]
    foreign = [char for char in visible if ord(char) >= 0x80]
    if len(foreign) <= len(visible) * LATIN_MAX_NON_ASCII_SHARE:
        return False
    return not any(
        unicodedata.category(char).startswith("L") and "LATIN" not in unicodedata.name(char, "LATIN")
        for char in foreign
    )


EUC_JP_MIN_KANA = 6
"""Kana needed before a Big5 reading gives way to EUC-JP (see :func:`_euc_jp_kana`)."""

EUC_JP_MIN_DISTINCT_KANA = 4
"""Different kana needed too: a Big5 review that repeats 不錯 (A4A3 BFF9) reads as ぃ錯ぃ錯... in
EUC-JP, half kana but one kana only (scripts/bench_encoding.py, a 47-byte sample)."""


def _euc_jp_kana(sample: bytes) -> Detection | None:
    """EUC-JP when the bytes a Big5 decode won are mostly EUC-JP kana.

    EUC-JP puts hiragana and katakana at A4A1-A5F6, which Big5 reads as its commonest characters
    (は雨が降っていま becomes 反惚互嫦勻化中引), so short Japanese text can outscore every other
    reading as Big5. In real Big5 text 7.8% of the characters fall in A4A1-A5F6 (the Traditional
    reviews of scripts/bench_encoding.py), and none of 59,426 16-byte windows of them passed this
    test. So a strict EUC-JP decode with at least :data:`EUC_JP_MIN_KANA` kana, of at least
    :data:`EUC_JP_MIN_DISTINCT_KANA` kinds, that are half its non-ASCII characters is Japanese."""
    try:
        text = decode_tolerant(sample, "euc_jp", "strict")
    except UnicodeDecodeError:
        return None
    found = _KANA.findall(text)
    kana = len(found)
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if kana < EUC_JP_MIN_KANA or kana * 2 < non_ascii or len(set(found)) < EUC_JP_MIN_DISTINCT_KANA:
        return None
    return Detection("euc_jp", 0.9, "ok", "euc-jp kana")


_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f\x7f-\x9f]")
"""C0 controls other than whitespace, ESC and SUB (as :data:`corpus.encoding.sniff.TEXT_CONTROLS`
allows), DEL, and the C1 controls 80-9F."""


def _reads_as_language_of(codec: str, text: str) -> bool:
    """A Japanese or Korean codec must produce Japanese or Korean text; a single-byte code page must
    not produce control characters, nor, for a Latin one, text that is mostly accented letters and
    symbols; other codecs are not checked.

    C1 controls are what an ISO 8859 code page reads bytes 80-9F as, and no text holds them (Windows
    code pages put letters and punctuation there); bytes that decode to them, or to C0 controls, are
    not text in that code page. chardet 7.7 names ISO-8859-5, ISO-8859-7 or TIS-620 (confidence
    below 0.02) for random 16-byte strings that read so (``)TιΡkΡ0¬(Y\x89'\x93να\x8d``)."""
    if codec not in _JAPANESE_CODECS and codec not in _KOREAN_CODECS:
        if not _is_single_byte(codec):
            return True
        return _CONTROL_CHARACTERS.search(text) is None and not _latin_overload(text)
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if codec in _JAPANESE_CODECS:
        return len(_KANA.findall(text)) >= max(1.0, non_ascii * JAPANESE_MIN_KANA)
    return len(_HANGUL.findall(text)) >= max(1.0, non_ascii * KOREAN_MIN_HANGUL)


def _is_single_byte(codec: str) -> bool:
    try:
        return len(bytes(range(0x80, 0x100)).decode(codec, errors="replace")) == 0x80
    except LookupError:
        return False


def _confirmed(
    data: bytes,
    codec: str,
    confidence: float,
    reason: str,
    scored: Scored,
    second: Scored | None = None,
    *,
    runner_up: bool = True,
) -> Decided:
    """Decode the whole file with the chosen codec (in C) to count replacements beyond the sample;
    for CP950, switch to Big5-HKSCS when only that decodes the rest. Only the sample was scored: the
    rest costs one decode, whose text is handed on when it is clean. With the runner-up ``second``
    of a ranking, the detection reports both scores (the winner's only, with ``runner_up=False``)."""
    text, replaced = decode_counted(data, codec)
    if codec == "cp950" and replaced:
        hkscs_text, hkscs = decode_counted(data, "big5hkscs")
        if hkscs < replaced:
            codec, replaced, text = "big5hkscs", hkscs, hkscs_text
    if replaced > scored.replaced:
        confidence *= max(0.2, 1.0 - 10 * replaced / max(1, len(data) // 2))
    shown = second if runner_up else None
    detection = Detection(
        codec,
        round(min(1.0, max(0.0, confidence)), 3),
        "ok",
        reason,
        runner_up=None if shown is None else shown.codec,
        runner_up_score=None if shown is None else round(shown.clean_mean, 3),
        score=None if second is None else round(scored.clean_mean, 3),
        replaced=replaced,
    )
    return detection, text if replaced == 0 else None


__all__ = ["Detection", "detect", "detect_decoded"]
