"""Choose and guard the output directory.

A run writes only inside its output directory, and it refuses places where that could hurt: inside an
input root (the output would be read back as input next time, or overwrite sources), around an input
root, and a non-empty directory that `corpus` did not make (unless forced). A directory made by `corpus`
carries a marker file listing what the last run wrote, so a rerun can replace exactly those files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from corpus.errors import OutputError, UsageError
from corpus.io.atomic import PARTIAL_SUFFIX, RAW_NAMES, write_text_atomic
from corpus.io.locations import is_uri
from corpus.versions import corpus_version

MARKER_NAME = ".corpus-output"


def default_output(inputs: Sequence[str]) -> Path:
    """``raw/`` -> ``raw.clean/`` beside it; a single file ``a.txt`` -> ``a.txt.clean/``."""
    if len(inputs) != 1:
        raise UsageError("several inputs need an explicit --out DIR")
    if is_uri(inputs[0]):
        raise UsageError(f"input {inputs[0]} is a URI: give an explicit --out DIR")
    given = Path(inputs[0])
    resolved = given.resolve()
    return resolved.parent / f"{resolved.name}.clean"


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or child.is_relative_to(parent)


def check_apart(out_dir: Path, inputs: Sequence[str], option: str = "--out") -> None:
    """Refuse an output directory that is, holds, or lies inside a local input root: writing there
    could overwrite an input file, or be read back as input by the next run."""
    out_resolved = _resolved(out_dir)
    for given in inputs:
        if is_uri(given):
            continue  # another filesystem: it cannot overlap a local output directory
        root = Path(given).resolve()
        root_dir = root if root.is_dir() else root.parent
        if root.is_dir() and _inside(out_resolved, root_dir):
            raise UsageError(
                f"output directory {out_dir} is inside input {given}",
                f"give {option} a directory outside the input tree",
            )
        if _inside(root, out_resolved):
            raise UsageError(
                f"input {given} is inside output directory {out_dir}",
                f"give {option} a directory that does not contain the input",
            )


def _resolved(out_dir: Path) -> Path:
    try:
        return out_dir.resolve()
    except (OSError, RuntimeError):  # a link cycle: RuntimeError up to Python 3.12
        raise OutputError(f"cannot use output {out_dir}: it is a symbolic link loop") from None


def check_output(out_dir: Path, inputs: Sequence[str], *, force: bool, option: str = "--out") -> None:
    """Refuse an output directory that overlaps an input or holds files `corpus` did not write."""
    check_apart(out_dir, inputs, option)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output {out_dir} exists and is not a directory")
    foreign = out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER_NAME).exists()
    if foreign and not force:
        raise OutputError(
            f"output directory {out_dir} is not empty and was not made by corpus",
            "use --force to write into it anyway",
        )


def previous_outputs(out_dir: Path) -> list[str]:
    """Files the last run recorded in the marker (empty when there is none or it is unreadable)."""
    try:
        text = (out_dir / MARKER_NAME).read_text(encoding="utf-8", errors=RAW_NAMES)
    except OSError:
        return []
    return marker_files(text) or []


def marker_files(text: str) -> list[str] | None:
    """The files a marker's text lists; None when it is not a marker."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    files = data.get("files", []) if isinstance(data, dict) else []
    return [name for name in files if isinstance(name, str)]


def marker_text(files: Sequence[str]) -> str:
    """A marker listing ``files``: what made the directory, and which files it wrote there."""
    payload = {"tool": "corpus", "version": corpus_version(), "files": list(files)}
    return json.dumps(payload, ensure_ascii=False, indent=0)


def clear_previous(out_dir: Path) -> int:
    """Delete the files the previous run wrote (and only those); return how many were removed."""
    removed = 0
    base = out_dir.resolve()
    for name in previous_outputs(out_dir):
        target = (out_dir / name).resolve()
        if not target.is_relative_to(base) or target == base:
            continue
        try:
            target.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        except OSError as error:
            raise OutputError(f"cannot replace previous output {name}: {error.strerror}") from None
    return removed


def remove_partials(out_dir: Path) -> int:
    """Delete the ``.partial`` files a killed run left behind (only ours: ``.<name>.<pid>.partial``)."""
    removed = 0
    for directory, _, names in os.walk(out_dir):
        for name in names:
            if name.startswith(".") and name.endswith(PARTIAL_SUFFIX):
                Path(directory, name).unlink(missing_ok=True)
                removed += 1
    return removed


def prepare_output(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create output directory {out_dir}: {error.strerror}") from None
    if not os.access(out_dir, os.W_OK):
        raise OutputError(f"output directory {out_dir} is not writable")


def write_marker(out_dir: Path, files: Sequence[str]) -> None:
    write_text_atomic(out_dir / MARKER_NAME, marker_text(files), durable=True, errors=RAW_NAMES)
