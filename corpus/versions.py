"""Versions recorded in provenance: of `corpus` itself and of the OpenCC engine."""

from __future__ import annotations

import functools
from importlib import metadata

DISTRIBUTION = "corpus-zh"


@functools.cache
def corpus_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"


@functools.cache
def opencc_version() -> str | None:
    for name in ("opencc", "OpenCC"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None
