"""The task for the tree layout: clean one input, then write its output file in the same process.

In the tree layout every whole input file becomes its own output file, so the writes need no order and
no shared state. Left to the parent process they were its largest cost (about a fifth of its samples in
a py-spy profile of ``--jobs 2`` on the 20 MB bench corpus: open, write, rename per document), and the
parent is the one process a run cannot multiply. Written where the document is made, they scale with the
workers. The parent still journals each file in input order, and only after the worker has renamed it
into place, so a resumed run trusts exactly what is on disk.

The worker also counts the document's share of the run report and makes its provenance record, which
is what the journal stores for it, and sends the document back without its text and events
(:mod:`corpus.executors.slim`). The parent's work per document is what limits a run with many workers
(on the 16-core device machine, 16 workers ran 6x faster than one before this change).

Chunks of a split file are still appended by the parent, which receives them in order. A document whose
write fails here (an unwritable directory, a name that would leave the output) goes back unwritten, and
the parent's writer meets the same error and reports it as it always has.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.errors import OutputError
from corpus.executors.base import TaskResult, process_file
from corpus.executors.slim import new_run_token, slim_result
from corpus.io.readers import InputFile
from corpus.io.writers import TreeWriter
from corpus.provenance import document_meta


@dataclass(frozen=True, slots=True)
class TreeTask:
    """:func:`corpus.executors.base.process_file`, then the document's file under ``out_dir``."""

    out_dir: str
    run: str = field(default_factory=new_run_token)
    """One task object serves one run (see :mod:`corpus.executors.slim`)."""

    def __call__(self, config: CleanConfig, item: InputFile) -> TaskResult:
        result = process_file(config, item)
        document = result.outcome
        if not isinstance(document, Document) or document.source.part is not None:
            return result
        started = time.perf_counter()
        try:
            name = TreeWriter(Path(self.out_dir)).write_whole(document)
        except (OutputError, OSError):
            return result
        seconds = time.perf_counter() - started
        return slim_result(
            result,
            document,
            ("write", seconds),
            run=self.run,
            written=name,
            meta=document_meta(document, config.content_hash()),
        )
