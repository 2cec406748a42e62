"""corpus: turn raw Chinese text files into a clean, uniform corpus.

The public API: :func:`clean_text`, :func:`clean_bytes` and :func:`clean_texts` (text in memory,
each giving a :class:`Result`), :class:`Cleaner` (for ``datasets.map``), :func:`clean_paths` (files,
what ``corpus clean`` runs), :class:`CleanConfig`, :class:`Document`, :class:`Pipeline`, the error
classes, and (from the step packages) :func:`detect`, :func:`convert` and :func:`analyze`.
"""

from __future__ import annotations

import logging

from corpus.api import Cleaner, Result, clean_bytes, clean_text, clean_texts
from corpus.config import CleanConfig
from corpus.document import Document, Event, RawFile, Rejection, Source
from corpus.encoding import Detection, detect
from corpus.errors import CorpusError, EngineError, InputError, OutputError, RuleError, UsageError
from corpus.pipeline import Pipeline, pipeline_for
from corpus.run import RunResult, clean_paths
from corpus.script.convert import analyze, convert
from corpus.versions import corpus_version

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> str:
    """``corpus.__version__``, read from the package metadata when first asked for rather than at
    import (see :mod:`corpus.versions`)."""
    if name == "__version__":
        return corpus_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CleanConfig",
    "Cleaner",
    "CorpusError",
    "Detection",
    "Document",
    "EngineError",
    "Event",
    "InputError",
    "OutputError",
    "Pipeline",
    "RawFile",
    "Rejection",
    "Result",
    "RuleError",
    "RunResult",
    "Source",
    "UsageError",
    "__version__",
    "analyze",
    "clean_bytes",
    "clean_paths",
    "clean_text",
    "clean_texts",
    "convert",
    "detect",
    "pipeline_for",
]
