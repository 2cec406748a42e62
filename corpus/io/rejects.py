"""``rejects.jsonl``: every input that did not become output, with its reason and detail."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from corpus.document import Rejection
from corpus.io.atomic import write_bytes_atomic
from corpus.io.json_lines import json_line

REJECTS_NAME = "rejects.jsonl"


def rejection_record(rejection: Rejection) -> dict[str, str | int]:
    return {
        "path": rejection.path,
        "reason": rejection.reason,
        "detail": rejection.detail,
        "size": rejection.size,
        "sha256": rejection.sha256,
    }


def write_rejects(out_dir: Path, rejections: Iterable[Rejection]) -> Path:
    """Write the rejects list (in input order) atomically; an empty run still gets an empty file.
    Lines as the shard records' (:func:`corpus.io.json_lines.json_line`): compact, and a file name
    that is not valid UTF-8 written as ``\\udcXX`` escapes."""
    target = out_dir / REJECTS_NAME
    lines = b"".join(json_line(rejection_record(item)) for item in rejections)
    write_bytes_atomic(target, lines, durable=True)
    return target
