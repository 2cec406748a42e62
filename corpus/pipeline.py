"""Step protocol and Pipeline: the ordered composition of pure cleaning steps.

A step is any callable ``Document -> Document`` that does no I/O and returns a new document with events
describing its changes. A :class:`Pipeline` turns one :class:`RawFile` into a :class:`Document` (via the
decoder) and then runs its steps in order; a document whose text is empty after cleaning becomes a
:class:`Rejection`, so nothing disappears silently.

Executors only decide *where* :meth:`Pipeline.process` runs; they never touch text.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from corpus.config import CleanConfig
from corpus.document import Document, Outcome, RawFile, Rejection

logger = logging.getLogger(__name__)


class Step(Protocol):
    """A pure cleaning step. ``name`` labels its events and its timings in the report."""

    @property
    def name(self) -> str: ...

    def __call__(self, document: Document) -> Document: ...


Decoder = Callable[[RawFile], Outcome]


@dataclass(frozen=True, slots=True)
class Pipeline:
    """A decoder followed by an ordered tuple of steps."""

    decoder: Decoder
    steps: tuple[Step, ...]

    def run(self, document: Document) -> Document:
        """Run every step over an already decoded document."""
        for step in self.steps:
            document = step(document)
        return document

    def process(self, raw: RawFile) -> Outcome:
        """Decode one raw file and clean it; never raises on bad data."""
        try:
            decoded = self.decoder(raw)
        except Exception as error:  # a decoder bug must not lose the file: reject it with the cause
            logger.exception("internal error decoding %s", raw.path)
            return _internal_error(raw, error)
        if isinstance(decoded, Rejection):
            return decoded
        return self.finish(raw, decoded, [])

    def finish(
        self,
        raw: RawFile,
        decoded: Document,
        timings: list[tuple[str, float]],
        *,
        allow_empty: bool = False,
    ) -> Outcome:
        """Run the steps over a decoded document, appending each step's seconds to ``timings``.

        A document left with no text becomes an ``empty-after-cleaning`` rejection, so that every input
        is accounted for (unless ``allow_empty``: a chunk of a large file may be all boilerplate); an
        exception inside a step becomes an ``internal-error`` rejection naming it.
        """
        document = decoded
        try:
            for step in self.steps:
                started = time.perf_counter()
                document = step(document)
                timings.append((step.name, time.perf_counter() - started))
        except Exception as error:
            logger.exception("internal error cleaning %s", raw.path)
            return _internal_error(raw, error)
        if not document.text.strip() and not allow_empty:
            return Rejection(
                path=raw.path,
                reason="empty-after-cleaning",
                detail=f"{len(decoded.text)} characters decoded, none left after cleaning",
                size=document.source.size,
                sha256=document.source.sha256,
            )
        return document


def _internal_error(raw: RawFile, error: Exception) -> Rejection:
    return Rejection(
        path=raw.path,
        reason="internal-error",
        detail=f"{type(error).__name__}: {error}",
        size=len(raw.data),
    )


def build_steps(config: CleanConfig) -> tuple[Step, ...]:
    """The steps a config asks for, in their fixed order: convert script, then strip boilerplate.

    Conversion runs first so that the rule pack, written in both scripts, sees one script per document
    and so that removal spans are reported against the text that is finally written.
    """
    steps: list[Step] = []
    if config.convert:
        from corpus.script.convert import ScriptConverter

        steps.append(ScriptConverter.for_target(config.target))
    if config.strip:
        from corpus.boilerplate.strip import BoilerplateStripper

        steps.append(BoilerplateStripper.from_config(config.keep_categories, config.rule_files))
    return tuple(steps)


@functools.cache
def pipeline_for(config: CleanConfig) -> Pipeline:
    """The pipeline for a config, built once per process (converters and rules are expensive)."""
    from corpus.encoding.decode import decode_raw

    return Pipeline(decoder=decode_raw, steps=build_steps(config))
