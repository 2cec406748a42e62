"""corpus: turn raw Chinese text files into a clean, uniform corpus.

The public API: :class:`CleanConfig`, :class:`Document`, :class:`Pipeline`, :func:`clean_paths`,
the error classes, and (from the step packages) :func:`detect` and :func:`convert`.
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
