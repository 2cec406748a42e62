"""``corpus detect PATH... [--format jsonl|table] [--text-dir OUT]``: report each file's encoding.

One record per file, in the reader's stable order: ``path`` (relative to the root it was found under;
a file given directly is named by its file name), ``encoding`` (a Python codec name, or null),
``confidence``, ``status`` (``ok`` or ``quarantined``), ``reason`` (the evidence, or the quarantine
code), plus ``runner_up``, ``runner_up_score``, ``repair`` and ``replaced``. With ``--text-dir`` each
readable file is also written there, decoded, as UTF-8 without BOM, line endings untouched.

``corpus detect -`` reads stdin and prints its record (path ``-``); with ``--decode`` it prints the
decoded text instead, as UTF-8, so a pipe can start with it: ``corpus detect - --decode < page.txt |
corpus convert - | corpus strip -``. Input that is not text is then a one-line error, not output.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO, Literal

import click

from corpus.cli.common import cli, read_input_bytes, write_stdout
from corpus.document import RawFile, Rejection
from corpus.encoding.decode import decode_stream, decode_text, detect_stream
from corpus.encoding.detect import Detection, detect_decoded
from corpus.errors import InputError, OutputError, UsageError
from corpus.io.atomic import partial_path, write_text_atomic
from corpus.io.output import check_apart
from corpus.io.readers import InputFile, discover, read_raw

Format = Literal["jsonl", "table"]

STREAM_FROM_BYTES = 256 * 1024 * 1024
"""Files larger than this are detected from a bounded sample and decoded as a stream instead of being
read whole (a 2 GB file read whole took 3.9 GB of memory to detect)."""


def detection_record(path: str, detection: Detection) -> dict[str, Any]:
    return {
        "path": path,
        "encoding": detection.encoding,
        "confidence": detection.confidence,
        "status": detection.status,
        "reason": detection.reason,
        "runner_up": detection.runner_up,
        "runner_up_score": detection.runner_up_score,
        "repair": detection.repair,
        "replaced": detection.replaced,
    }


def rejection_record(rejection: Rejection) -> dict[str, Any]:
    return {
        "path": rejection.path,
        "encoding": None,
        "confidence": 0.0,
        "status": "quarantined",
        "reason": f"{rejection.reason}: {rejection.detail}",
    }


TABLE_HEADER = "path\tencoding\tconfidence\tstatus\treason\n"
"""The first line of ``--format table``: the columns :func:`format_row` writes."""


_ROW_ESCAPES = str.maketrans({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"})
"""A file name may hold the table's separators; they are written as escapes, as ``ls -b`` does."""


def format_row(record: dict[str, Any]) -> str:
    encoding = record["encoding"] or "-"
    path = str(record["path"]).translate(_ROW_ESCAPES)
    return f"{path}\t{encoding}\t{record['confidence']:.3f}\t{record['status']}\t{record['reason']}"


def write_text(text_dir: Path, raw: RawFile, detection: Detection, decoded: str | None) -> None:
    if detection.encoding is None:
        return
    text, _ = decode_text(raw.data, detection, newlines=False, decoded=decoded)
    target = text_dir / raw.path
    try:
        write_text_atomic(target, text, errors="surrogatepass")
    except OSError as error:
        raise _TextFile.error(target, error) from None


@cli.command("detect")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "table"]),
    default="table",
    show_default=True,
    help="jsonl: one JSON object per file; table: tab-separated columns for people.",
)
@click.option(
    "--text-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write each decoded file here, as UTF-8, under its relative path.",
)
@click.option(
    "--decode",
    is_flag=True,
    help="With PATH '-': print stdin's decoded text (UTF-8) instead of its record.",
)
def detect_command(
    paths: tuple[str, ...], output_format: Format, text_dir: Path | None, decode: bool
) -> None:
    """Detect the encoding of each file under PATH... (or stdin, '-') and print one record per file."""
    if "-" in paths:
        if len(paths) != 1 or text_dir is not None:
            raise UsageError("'-' reads stdin; give it alone and without --text-dir")
        _detect_stdin(output_format, decode)
        return
    if decode:
        raise UsageError("--decode prints stdin's text: use it with PATH '-'", "or use --text-dir for files")
    # Each PATH is its own root, so names are relative to it and a file given directly is named by
    # its file name (the scorer in ../shared/eval/encoding relies on that).
    found = [discover([path]) for path in paths]
    if text_dir is not None:
        check_apart(text_dir, paths, "--text-dir")
    if output_format == "table":
        write_stdout(TABLE_HEADER)
    records: list[dict[str, Any]] = [
        rejection_record(link.rejection()) for _, skipped in found for link in skipped
    ]
    for item in (item for files, _ in found for item in files):
        if item.size > STREAM_FROM_BYTES:
            records.append(_detect_large(item, text_dir))
            records = _flush(records, output_format)
            continue
        raw = read_raw(item)
        if isinstance(raw, Rejection):
            records.append(rejection_record(raw))
        else:
            detection, decoded = detect_decoded(raw.data)
            if text_dir is not None:
                write_text(text_dir, raw, detection, decoded)
            records.append(detection_record(raw.path, detection))
        records = _flush(records, output_format)
    _flush(records, output_format)


def _detect_stdin(output_format: Format, decode: bool) -> None:
    data = read_input_bytes("-")
    detection, decoded = detect_decoded(data)
    if decode:
        if detection.encoding is None:
            raise InputError(f"stdin is not text: {detection.reason}")
        text, _ = decode_text(data, detection, newlines=False, decoded=decoded)
        write_stdout(text)
        return
    if output_format == "table":
        write_stdout(TABLE_HEADER)
    _flush([detection_record("-", detection)], output_format)


def _detect_large(item: InputFile, text_dir: Path | None) -> dict[str, Any]:
    """A file too large to read whole: detected on a bounded sample, then decoded as a stream.

    The stream counts the characters the codec could not read (here any U+FFFD in the output, since
    there is no whole-file strict decode to tell damage from a U+FFFD that was in the text), and with
    ``--text-dir`` writes the text as it goes, so memory stays at a few MiB for any file size.
    """
    sink: _TextFile | None = None
    try:
        with item.location.open() as handle:
            detection = detect_stream(handle)
            if detection.encoding is None:
                return detection_record(item.relative, detection)
            if text_dir is not None:
                sink = _TextFile(text_dir / item.relative)
            replaced = 0
            for block in decode_stream(handle, detection, newlines=False):
                replaced += block.count("\ufffd")
                if sink is not None:
                    sink.write(block)
        if sink is not None:
            sink.commit()
    except OSError as error:  # reading: _TextFile raises OutputError for its own failures
        return rejection_record(Rejection(item.relative, "unreadable", error.strerror or str(error)))
    finally:
        if sink is not None:
            sink.abandon()
    reason = f"{detection.reason}; detected on the first bytes, the rest decoded in a stream"
    return detection_record(item.relative, replace(detection, replaced=replaced, reason=reason))


class _TextFile:
    """One decoded file of ``--text-dir`` written as a stream (a large file), under a temporary name
    and renamed into place, as :func:`corpus.io.atomic.write_text_atomic` writes a whole text.

    So a failed write (a full disk) leaves no torn file behind, and a symbolic link already at the
    name is replaced, not written through to wherever it points. Every ``OSError`` is an
    :class:`OutputError` naming the file.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.partial = partial_path(target)
        self.sink: BinaryIO | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.sink = open(self.partial, "wb")  # noqa: SIM115 (closed in commit or abandon)
        except OSError as error:
            raise self.error(self.target, error) from None

    def write(self, text: str) -> None:
        if self.sink is None:
            raise ValueError("write to a text file already committed or abandoned")
        try:
            self.sink.write(text.encode("utf-8", errors="surrogatepass"))
        except OSError as error:
            raise self.error(self.target, error) from None

    def commit(self) -> None:
        sink, self.sink = self.sink, None
        if sink is None:
            return
        try:
            sink.close()
            os.replace(self.partial, self.target)
        except OSError as error:
            self.partial.unlink(missing_ok=True)
            raise self.error(self.target, error) from None

    def abandon(self) -> None:
        """Drop the temporary file unless committed (the run is failing; its own error is shown)."""
        sink, self.sink = self.sink, None
        if sink is not None:
            with suppress(OSError):
                sink.close()
            self.partial.unlink(missing_ok=True)

    @staticmethod
    def error(target: Path, error: OSError) -> OutputError:
        return OutputError(f"cannot write {target}: {error.strerror or error}")


def _flush(records: list[dict[str, Any]], output_format: Format) -> list[dict[str, Any]]:
    for record in records:
        if output_format == "jsonl":
            write_stdout(json.dumps(record, ensure_ascii=False) + "\n", "backslashreplace")
        else:
            write_stdout(format_row(record) + "\n", "surrogateescape")
    return []
