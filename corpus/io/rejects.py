"""``rejects.jsonl``: every input that did not become output, with its reason and detail."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from corpus.document import Rejection
from corpus.io.atomic import write_text_atomic

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
    """Write the rejects list (in input order) atomically; an empty run still gets an empty file."""
    lines = [json.dumps(rejection_record(item), ensure_ascii=False) + "\n" for item in rejections]
    target = out_dir / REJECTS_NAME
    # a file name that is not valid UTF-8 is written as \udcXX escapes, as in the JSONL shards
    write_text_atomic(target, "".join(lines), durable=True, errors="backslashreplace")
    return target
