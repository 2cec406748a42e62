"""``corpus detect PATH... [--format jsonl|table] [--text-dir OUT]``: report each file's encoding.

One record per file, in the reader's stable order: ``path`` (relative to the root it was found under;
a file given directly is named by its file name), ``encoding`` (a Python codec name, or null),
``confidence``, ``status`` (``ok`` or ``quarantined``), ``reason`` (the evidence, or the quarantine
code), plus ``runner_up``, ``runner_up_score``, ``repair`` and ``replaced``. With ``--text-dir`` each
readable file is also written there, decoded, as UTF-8 without BOM, line endings untouched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import click

from corpus.cli.common import cli, write_stdout
from corpus.document import RawFile, Rejection
from corpus.encoding.decode import decode_text
from corpus.encoding.detect import Detection, detect_decoded
from corpus.errors import OutputError
from corpus.io.readers import discover, read_raw

Format = Literal["jsonl", "table"]


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


def format_row(record: dict[str, Any]) -> str:
    encoding = record["encoding"] or "-"
    return f"{record['path']}\t{encoding}\t{record['confidence']:.3f}\t{record['status']}\t{record['reason']}"


def write_text(text_dir: Path, raw: RawFile, detection: Detection, decoded: str | None) -> None:
    target = text_dir / raw.path
    if detection.encoding is None:
        return
    text, _ = decode_text(raw.data, detection, newlines=False, decoded=decoded)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None


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
def detect_command(paths: tuple[str, ...], output_format: Format, text_dir: Path | None) -> None:
    """Detect the encoding of each file under PATH... and print one record per file."""
    # Each PATH is its own root, so names are relative to it and a file given directly is named by
    # its file name (the scorer in ../shared/eval/encoding relies on that).
    found = [discover([path]) for path in paths]
    if output_format == "table":
        write_stdout("path\tencoding\tconfidence\tstatus\treason\n")
    records: list[dict[str, Any]] = [
        rejection_record(link.rejection()) for _, skipped in found for link in skipped
    ]
    for item in (item for files, _ in found for item in files):
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


def _flush(records: list[dict[str, Any]], output_format: Format) -> list[dict[str, Any]]:
    for record in records:
        if output_format == "jsonl":
            write_stdout(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            write_stdout(format_row(record) + "\n")
    return []
