"""Versions recorded in provenance: of `corpus` itself and of the OpenCC engine.

:mod:`importlib.metadata` is imported on the first lookup, not with this module: importing it (and
the email parser it brings) cost every command about 17 ms at start (``python -X importtime``), and
the commands that write no provenance (``strip``, ``convert``, ``detect``) never look a version up.
"""

from __future__ import annotations

import functools

DISTRIBUTION = "corpus-zh"


@functools.cache
def corpus_version() -> str:
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


@functools.cache
def opencc_version() -> str | None:
    from importlib import metadata

    for name in ("opencc", "OpenCC"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None
