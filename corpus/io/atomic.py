"""Atomic file writes: write beside the target under a temporary name, then rename over it.

A reader (or a resumed run) therefore sees either the old file or the complete new one, never a torn
write; a crash leaves only a ``.partial`` file that the next run ignores and replaces.
"""

from __future__ import annotations

import os
from pathlib import Path

PARTIAL_SUFFIX = ".partial"

RAW_NAMES = "surrogateescape"
"""The error handler for files only ``corpus`` reads back (the journal, the output marker) that
hold input names: a name that is not valid UTF-8 (a stray GBK byte) is stored as its raw bytes, so
that the next run's names match it exactly."""


def partial_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def write_bytes_atomic(target: Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` to ``target`` atomically, creating parent directories as needed.

    The rename alone survives a killed process. ``durable`` also fsyncs before the rename, which is what
    survives a power loss; it costs a disk flush per call, so per-document files skip it and shards and
    run files use it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = partial_path(target)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomic(target: Path, text: str, *, durable: bool = False, errors: str = "strict") -> None:
    """UTF-8 text, atomically; ``errors`` as for :meth:`str.encode` (see :data:`RAW_NAMES`)."""
    write_bytes_atomic(target, text.encode("utf-8", errors), durable=durable)
