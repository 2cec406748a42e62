"""Publish a finished output directory to a filesystem URI (``s3://``, ``gs://``, ``hdfs://``, ``file://``).

A run writes to a local directory, because what makes it resumable needs a local disk: files renamed into
place and a journal appended line by line, neither of which object stores offer. With ``--out URI`` that
directory is a *staging* directory, and once the run has finished, every output file (not the journal)
is copied to the URI through ``pyarrow.fs``. An interrupted run is resumed in its staging directory by
running the same command again; a run interrupted while publishing publishes again (copies overwrite).

The destination gets a ``.corpus-output`` marker listing the files published, written last. The next
publish to the same URI deletes the files that marker lists and the new output lacks (shards of an
earlier, larger run), and nothing else; a destination that is not empty and has no marker is refused
unless ``--force``.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

from corpus.errors import InputError, OutputError
from corpus.io.atomic import PARTIAL_SUFFIX
from corpus.io.journal import STATE_DIR
from corpus.io.locations import filesystem_of, pyarrow_fs
from corpus.io.output import MARKER_NAME, marker_files, marker_text

COPY_BLOCK = 8 << 20
"""Bytes per read and write while copying: large enough for multipart uploads to run at full speed."""


def _destination(uri: str) -> tuple[Any, str]:
    try:
        return filesystem_of(uri)
    except InputError as error:  # worded for reading
        raise OutputError(f"cannot write to {uri}: {error}") from None


def _published_before(filesystem: Any, base: str) -> list[str] | None:
    """The files the destination's marker lists; None when it has no readable marker."""
    try:
        with filesystem.open_input_stream(f"{base}/{MARKER_NAME}") as handle:
            return marker_files(handle.read().decode("utf-8", "replace"))
    except OSError:
        return None


def check_destination(uri: str, *, force: bool) -> None:
    """Refuse, before any work, a destination that is a file, or holds files corpus did not publish."""
    fs = pyarrow_fs(uri)
    filesystem, base = _destination(uri)
    base = base.rstrip("/")
    try:
        info = filesystem.get_file_info(base)
        if info.type == fs.FileType.File:
            raise OutputError(f"output {uri} exists and is not a directory")
        if info.type == fs.FileType.NotFound or force:
            return
        entries = filesystem.get_file_info(fs.FileSelector(base, recursive=False))
    except OSError as error:
        raise OutputError(f"cannot write to {uri}: {error}") from None
    if entries and _published_before(filesystem, base) is None:
        raise OutputError(
            f"output {uri} is not empty and was not made by corpus", "use --force to write into it anyway"
        )


def staged_files(staging: Path) -> list[str]:
    """The output files of a finished run: everything but the journal, the marker and partial files."""
    names = []
    for path in sorted(staging.rglob("*")):
        relative = path.relative_to(staging).as_posix()
        if not path.is_file() or relative == MARKER_NAME or relative.split("/")[0] == STATE_DIR:
            continue
        if path.name.endswith(PARTIAL_SUFFIX):
            continue
        names.append(relative)
    return names


def publish(staging: Path, uri: str) -> list[str]:
    """Copy a finished run's output files from ``staging`` to ``uri``; return their names."""
    filesystem, base = _destination(uri)
    base = base.rstrip("/")
    names = staged_files(staging)
    try:
        previous = _published_before(filesystem, base) or []
        made: set[str] = set()
        for name in names:
            target = f"{base}/{name}"
            parent = target.rsplit("/", 1)[0]
            if parent not in made:
                filesystem.create_dir(parent, recursive=True)
                made.add(parent)
            with open(staging / name, "rb") as source, filesystem.open_output_stream(target) as sink:
                shutil.copyfileobj(source, sink, COPY_BLOCK)
        for stale in sorted(set(previous) - set(names)):
            try:
                filesystem.delete_file(f"{base}/{stale}")
            except FileNotFoundError:
                continue
        with filesystem.open_output_stream(f"{base}/{MARKER_NAME}") as sink:
            sink.write(marker_text(names).encode("utf-8"))
    except (OSError, UnicodeError) as error:  # UnicodeError: a file name that is not valid UTF-8
        raise OutputError(f"cannot write to {uri}: {error}") from None
    return names


def default_staging(uri: str) -> Path:
    """The staging directory of an output URI when none is given: in the system's temporary directory,
    named after the URI, so that running the same command again finds it and resumes."""
    digest = hashlib.sha256(uri.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"corpus-staging-{digest}"
