"""``corpus clean -``: the pipeline mode, stdin to stdout.

Input is JSON Lines when its first non-blank line is a JSON object with a string ``text`` field; each
record is cleaned and written back with every other field kept and provenance added under ``meta`` (or
``corpus_meta`` when the record already has a ``meta``). Anything else, including bytes that are not
UTF-8, is one plain-text document that goes through encoding detection like a file, and comes out as one
JSON line. Records are processed as they arrive, so memory does not grow with the stream.

A record that cannot be cleaned is not written to stdout (a downstream tool sees only clean records); it is
written to ``--rejects FILE`` when given, and otherwise reported on stderr, one line each.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from corpus.api import Result, clean_bytes, clean_text
from corpus.cli.common import write_stdout
from corpus.config import CleanConfig
from corpus.document import Rejection
from corpus.errors import OutputError


def _parse_record(line: bytes) -> dict[str, object] | None:
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(record, dict) and isinstance(record.get("text"), str):
        return record
    return None


def _lines(first: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    yield first
    yield from stream


class RejectSink:
    """Where rejected records go: a JSONL file, or one stderr line each."""

    def __init__(self, path: Path | None) -> None:
        self.count = 0
        self.path = path
        self.handle: IO[str] | None = None
        if path is not None:
            try:
                # a lone surrogate (an id that is not text) as its \udcXX escape, as on stdout
                self.handle = open(path, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
            except OSError as error:
                raise self._error(error) from None

    def add(self, rejection: Rejection) -> None:
        self.count += 1
        record = {"path": rejection.path, "reason": rejection.reason, "detail": rejection.detail}
        if self.handle is not None:
            try:
                self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            except OSError as error:
                raise self._error(error) from None
        else:
            click.echo(
                f"corpus: rejected {rejection.path}: {rejection.reason} ({rejection.detail})", err=True
            )

    def close(self) -> None:
        """Close the file; its last lines failing to reach the disk (a full one) is an error."""
        handle, self.handle = self.handle, None
        if handle is not None:
            try:
                handle.close()
            except OSError as error:
                raise self._error(error) from None

    def _error(self, error: OSError) -> OutputError:
        return OutputError(f"cannot write rejects to {self.path}: {error.strerror or error}")


def _emit(record: dict[str, object], result: Result, config: CleanConfig) -> None:
    out = dict(record)
    out["text"] = result.text
    out["corpus_meta" if "meta" in record else "meta"] = result.meta(config)
    write_stdout(json.dumps(out, ensure_ascii=False) + "\n", "backslashreplace")


def clean_stdin(config: CleanConfig, rejects_path: Path | None) -> None:
    """Read stdin, clean, write JSONL to stdout."""
    stream = sys.stdin.buffer
    sink = RejectSink(rejects_path)
    try:
        first = b""
        for line in stream:
            first = line
            if line.strip():
                break
        record = _parse_record(first) if first.strip() else None
        if record is None:
            data = first + stream.read()
            result = clean_bytes(data, config, name="-")
            if result.rejection is not None:
                sink.add(result.rejection)
            else:
                _emit({}, result, config)
            return
        for number, line in enumerate(_lines(first, stream), start=1):
            if not line.strip():
                continue
            parsed = _parse_record(line)
            name = f"-:{number}"
            if parsed is None:
                sink.add(Rejection(name, "invalid-record", "not a JSON object with a string 'text' field"))
                continue
            result = clean_text(str(parsed["text"]), config, name=str(parsed.get("id", name)))
            if result.rejection is not None:
                sink.add(result.rejection)
                continue
            _emit(parsed, result, config)
    finally:
        sink.close()
