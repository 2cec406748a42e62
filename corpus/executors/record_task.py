"""The task for the JSONL layout: clean one input, then encode its record in the same process.

A JSONL record is the document's text and provenance as one line of JSON. Encoding it, and counting the
document for the report, is per-document work that needs the text and the events; done by the parent
it is serial work that every worker waits on, done here it scales with the workers, and the parent
only appends the bytes to the open shard in input order (shard boundaries depend only on the records'
lengths, so they fall where they would). Unlike the tree layout's task it writes nothing, so it also
runs on the workers of a Ray cluster.

Parquet shards are built from the documents themselves, so that layout keeps
:func:`corpus.executors.base.process_file`.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import dataclass, field

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.executors.base import MapResult, RecordRun, TaskResult, input_key, process_file
from corpus.executors.slim import new_run_token, slim_result
from corpus.io.readers import InputFile
from corpus.io.writers import record_json
from corpus.report import RunReport


@dataclass(frozen=True, slots=True)
class RecordTask:
    """:func:`corpus.executors.base.process_file`, then the document's JSONL record. One task object
    serves one run (its ``run`` token; see :mod:`corpus.executors.slim`)."""

    run: str = field(default_factory=new_run_token)

    def __call__(self, config: CleanConfig, item: InputFile) -> TaskResult:
        result = process_file(config, item)
        document = result.outcome
        if not isinstance(document, Document):
            return result
        started = time.perf_counter()
        record = record_json(document, config.content_hash())
        seconds = time.perf_counter() - started
        return slim_result(result, document, ("encode", seconds), run=self.run, record=record)

    def batch(self, config: CleanConfig, items: list[InputFile]) -> list[MapResult]:
        """The results of a batch as local workers send them: each run of documents in a row packed
        as one :class:`RecordRun`, each rejection as its own result between them."""
        out: list[MapResult] = []
        run: list[tuple[TaskResult, InputFile]] = []
        for item in items:
            result = self(config, item)
            if isinstance(result.outcome, Document):
                run.append((result, item))
                continue
            if run:
                out.append(_packed(run))
                run = []
            out.append(result)
        if run:
            out.append(_packed(run))
        return out


def _packed(run: list[tuple[TaskResult, InputFile]]) -> RecordRun:
    """Documents' slim results (each with its record and report state) as one run."""
    total = RunReport()
    states = []
    records = []
    for result, _ in run:
        state = result.report_state or {}
        states.append(state)
        total.absorb_state(state)
        total.add_seconds(result.step_seconds)
        records.append(result.record or b"")
    return RecordRun(
        inputs=tuple(input_key(result.outcome, item) for result, item in run),
        lengths=tuple(map(len, records)),
        records=b"".join(records),
        state=total.to_state(),
        shares=pickle.dumps(tuple(states), protocol=pickle.HIGHEST_PROTOCOL),
        step_seconds=tuple(total.step_seconds.items()),
    )
