"""Render the sample corpus ``raw/`` from the texts in ``scripts/sample_texts/``.

Why a generator instead of hand-made files: ``raw/`` must hold bytes that editors, diff tools and
``git`` like to "fix" (GBK, Big5, UTF-16 without BOM, CRLF, a BOM). Keeping the texts as readable
UTF-8 and the encodings as data (``sample_texts/manifest.toml``) means every byte of ``raw/`` can be
regenerated and checked: ``tests/test_sample.py`` renders into a temporary directory and compares
with the committed tree, so the two cannot drift apart.

Every encoding is checked while rendering, not assumed: a text that does not fit its codec is an
error (never ``errors="replace"``), a ``big5`` file must also decode with Python's plain ``big5``
codec, and a ``cp950`` file must *not* (it exists to carry ETEN extension characters).

Usage::

    python scripts/make_sample.py            # rewrites raw/ next to the repository root
    python scripts/make_sample.py --out DIR  # renders somewhere else
"""

from __future__ import annotations

import argparse
import struct
import sys
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar, get_args

SCRIPTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPTS_DIR.parent
TEXTS_DIR = SCRIPTS_DIR / "sample_texts"
MANIFEST_PATH = TEXTS_DIR / "manifest.toml"
RUBY_TABLE_PATH = TEXTS_DIR / "pinyin_ruby.toml"
DEFAULT_OUT = REPO_ROOT / "raw"

Encoding = Literal["utf-8", "utf-16-le", "utf-16-be", "gbk", "gb18030", "big5", "cp950", "ascii", "binary"]
Script = Literal["hans", "hant", "mixed", "ja", "en", "none"]
Status = Literal["ok", "rejected"]
Newline = Literal["\n", "\r\n"]

# The Python codec that writes each manifest encoding. "big5" is written with cp950 because Python's
# big5 codec lacks characters that real Big5 files use; a "big5" sample is then checked to decode
# with the plain big5 codec as well, so it really is the common subset.
WRITE_CODEC: dict[str, str] = {
    "utf-8": "utf-8",
    "utf-16-le": "utf-16-le",
    "utf-16-be": "utf-16-be",
    "gbk": "gbk",
    "gb18030": "gb18030",
    "big5": "cp950",
    "cp950": "cp950",
    "ascii": "ascii",
}

_KEYS = frozenset(
    {
        "path",
        "source",
        "generator",
        "encoding",
        "bom",
        "newline",
        "pinyin_ruby",
        "decode_with",
        "script",
        "status",
        "reason",
        "unchanged",
        "boilerplate",
        "boilerplate_simplified",
        "keep_simplified",
        "notes",
    }
)


class SampleError(Exception):
    """The manifest or a source text is inconsistent; the message names the file and what to fix."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One file of ``raw/``: how to render it and what cleaning must do with it (see manifest.toml)."""

    path: str
    source: str | None
    generator: str | None
    encoding: Encoding
    bom: bool
    newline: Newline
    pinyin_ruby: bool
    decode_with: str
    script: Script
    status: Status
    reason: str
    unchanged: bool
    boilerplate: tuple[str, ...]
    boilerplate_simplified: tuple[str, ...]
    keep_simplified: tuple[str, ...]
    notes: str


T = TypeVar("T")


def _choice(value: object, allowed: tuple[T, ...], where: str) -> T:
    for option in allowed:
        if value == option:
            return option
    raise SampleError(f"{where}: {value!r} is not one of {', '.join(map(repr, allowed))}")


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SampleError(f"{where}: expected a list of strings")
    return tuple(value)


def _sample(table: dict[str, object], index: int) -> Sample:
    where = f"{MANIFEST_PATH.name} [[file]] #{index + 1} ({table.get('path', '?')})"
    unknown = set(table) - _KEYS
    if unknown:
        raise SampleError(f"{where}: unknown keys {sorted(unknown)}")
    missing = _KEYS - set(table) - {"source", "generator"}
    if missing:
        raise SampleError(f"{where}: missing keys {sorted(missing)}")
    if ("source" in table) == ("generator" in table):
        raise SampleError(f"{where}: give exactly one of 'source' and 'generator'")
    source = table.get("source")
    generator = table.get("generator")
    if source is not None and not isinstance(source, str):
        raise SampleError(f"{where}: 'source' must be a file name")
    if generator is not None and generator != "png":
        raise SampleError(f"{where}: the only generator is 'png'")
    text_fields = ("path", "decode_with", "reason", "notes")
    for key in text_fields:
        if not isinstance(table[key], str):
            raise SampleError(f"{where}: '{key}' must be a string")
    for key in ("bom", "pinyin_ruby", "unchanged"):
        if not isinstance(table[key], bool):
            raise SampleError(f"{where}: '{key}' must be true or false")
    return Sample(
        path=str(table["path"]),
        source=source,
        generator=generator if isinstance(generator, str) else None,
        encoding=_choice(table["encoding"], get_args(Encoding), where),
        bom=bool(table["bom"]),
        newline=_choice(table["newline"], get_args(Newline), where),
        pinyin_ruby=bool(table["pinyin_ruby"]),
        decode_with=str(table["decode_with"]),
        script=_choice(table["script"], get_args(Script), where),
        status=_choice(table["status"], get_args(Status), where),
        reason=str(table["reason"]),
        unchanged=bool(table["unchanged"]),
        boilerplate=_strings(table["boilerplate"], f"{where} boilerplate"),
        boilerplate_simplified=_strings(table["boilerplate_simplified"], f"{where} boilerplate_simplified"),
        keep_simplified=_strings(table["keep_simplified"], f"{where} keep_simplified"),
        notes=str(table["notes"]),
    )


def load_manifest(path: Path = MANIFEST_PATH) -> tuple[Sample, ...]:
    """Read and validate the manifest; paths must be unique, relative and inside ``raw/``."""
    with path.open("rb") as handle:
        tables = tomllib.load(handle).get("file", [])
    samples = tuple(_sample(table, index) for index, table in enumerate(tables))
    seen: set[str] = set()
    for sample in samples:
        parts = Path(sample.path).parts
        if Path(sample.path).is_absolute() or ".." in parts or not parts:
            raise SampleError(f"{path.name}: path {sample.path!r} must be relative and stay inside raw/")
        if sample.path in seen:
            raise SampleError(f"{path.name}: path {sample.path!r} is listed twice")
        seen.add(sample.path)
        if len(sample.boilerplate) != len(sample.boilerplate_simplified):
            raise SampleError(
                f"{path.name}: {sample.path}: boilerplate and boilerplate_simplified differ in length"
            )
    return samples


def load_ruby_table(path: Path = RUBY_TABLE_PATH) -> dict[str, str]:
    """Character -> tone-marked pinyin, for the content-farm sample (see pinyin_ruby.toml)."""
    with path.open("rb") as handle:
        readings = tomllib.load(handle).get("readings", {})
    for char, reading in readings.items():
        if len(char) != 1 or not isinstance(reading, str) or not reading:
            raise SampleError(f"{path.name}: entry {char!r} = {reading!r} must map one character to pinyin")
    return dict(readings)


def add_pinyin_ruby(text: str, readings: dict[str, str]) -> str:
    """Glue ``(pinyin)`` after every listed character, as a flattened ruby annotation would.

    >>> add_pinyin_ruby("發布會", {"發": "fā", "會": "huì"})
    '發(fā)布會(huì)'
    """
    return "".join(f"{char}({readings[char]})" if char in readings else char for char in text)


def source_text(sample: Sample) -> str:
    """The text of a sample as it will stand in the file, before line endings and encoding."""
    if sample.source is None:
        raise SampleError(f"{sample.path}: generated samples have no source text")
    # newline=None: a checkout that turned the sources into CRLF still reads as "\n".
    text = (TEXTS_DIR / sample.source).read_text(encoding="utf-8")
    if sample.pinyin_ruby:
        text = add_pinyin_ruby(text, load_ruby_table())
    return text


def png_bytes(width: int = 16, height: int = 16) -> bytes:
    """A valid RGB PNG: a diagonal two-colour gradient, so its bytes are not all alike.

    The zlib stream is written by hand as one *stored* (uncompressed) deflate block: ``zlib.compress``
    output may differ between zlib builds (zlib-ng, different levels), and raw/ must be byte-stable.
    """
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type 0 (None) for this scanline
        for x in range(width):
            rows += bytes((x * 255 // (width - 1), y * 255 // (height - 1), 160))
    if len(rows) > 0xFFFF:
        raise SampleError("png_bytes: image too large for a single stored deflate block")
    block = b"\x01" + struct.pack("<HH", len(rows), len(rows) ^ 0xFFFF) + bytes(rows)
    stream = b"\x78\x01" + block + struct.pack(">I", zlib.adler32(bytes(rows)))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def encode_sample(sample: Sample) -> bytes:
    """The exact bytes of one sample file, with every encoding claim checked."""
    if sample.generator == "png":
        return png_bytes()
    text = source_text(sample).replace("\n", sample.newline)
    if sample.bom:
        text = "\ufeff" + text
    codec = WRITE_CODEC[sample.encoding]
    try:
        data = text.encode(codec)
    except UnicodeEncodeError as error:
        raise SampleError(
            f"{sample.path}: {text[error.start : error.end]!r} does not fit {sample.encoding}"
        ) from None
    if sample.encoding == "big5":
        try:
            data.decode("big5")
        except UnicodeDecodeError:
            raise SampleError(f"{sample.path}: uses CP950 extensions; call it cp950, not big5") from None
    if sample.encoding == "cp950":
        try:
            data.decode("big5")
        except UnicodeDecodeError:
            pass
        else:
            raise SampleError(f"{sample.path}: has no ETEN extension character; call it big5")
    return data


def render(out_dir: Path) -> list[Path]:
    """Write every sample under ``out_dir`` (created if needed); return the paths written, sorted.

    Files in ``out_dir`` that the manifest does not list are left alone; :func:`stale_files` finds
    them, and the test fails on them, so a renamed sample cannot leave its old copy in ``raw/``.
    """
    written: list[Path] = []
    for sample in load_manifest():
        target = out_dir / sample.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encode_sample(sample))
        written.append(target)
    return sorted(written)


def stale_files(out_dir: Path) -> list[Path]:
    """Files under ``out_dir`` that the manifest does not produce."""
    expected = {out_dir / sample.path for sample in load_manifest()}
    return sorted(path for path in out_dir.rglob("*") if path.is_file() and path not in expected)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the sample corpus from scripts/sample_texts/.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: raw/)")
    args = parser.parse_args(argv)
    try:
        written = render(args.out)
    except (SampleError, OSError) as error:
        print(f"make_sample: error: {error}", file=sys.stderr)
        return 1
    total = sum(path.stat().st_size for path in written)
    print(f"make_sample: wrote {len(written)} files, {total} bytes, under {args.out}", file=sys.stderr)
    stale = stale_files(args.out)
    if stale:
        names = ", ".join(str(path.relative_to(args.out)) for path in stale)
        print(f"make_sample: error: not in the manifest, delete them: {names}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
