"""Results slimmed in the worker: the parent's per-document work done where the document was made.

A worker that has already used a document's text and events (written its file, encoded its record)
counts the document's share of the run report too, and sends the document back without them, nor its
encoding and script verdicts (the report share has counted them). The parent then only adds up counters
and writes bytes: unpickling a document's events alone cost it about 70 µs of the 170 µs it spent per
document (400 bench documents, 19 events each), and the parent is the one process a run cannot
multiply.

A share carries the document's first removals of each rule as report samples, and the run keeps only
the five that sort first per rule (:class:`corpus.report.RunReport`). A worker remembers the samples it
has sent (:data:`_SENT`): once five of a rule's are out, a later one that sorts after them can never be
kept, whatever the other workers send, so it is not built or sent. On the 20 MB bench corpus the
shares held about four samples per document, nearly all of them dropped by the parent.
"""

from __future__ import annotations

from dataclasses import replace

from corpus.document import Document
from corpus.executors.base import TaskResult
from corpus.provenance import JsonValue
from corpus.report import RunReport

_SENT = RunReport()
"""The report samples this process has sent, for their per-rule floors (see the module docstring).
Only samples that left in a result are here, so the floors hold for the whole run; a process that
dies takes them with it."""


def slim_result(
    result: TaskResult,
    document: Document,
    stage: tuple[str, float],
    *,
    written: str | None = None,
    record: bytes | None = None,
    meta: dict[str, JsonValue] | None = None,
) -> TaskResult:
    """``result`` with ``document``'s report share counted here and its text, events and verdicts dropped;
    ``stage`` (name, seconds) is the worker's extra step, added to the result's timings."""
    share = RunReport(floors=_SENT.floors)  # a sample the floors exclude is not even built
    share.add(result)  # its state leaves the timings out; they travel in the result
    _SENT.absorb_samples(share.samples)
    return TaskResult(
        replace(document, text="", events=(), encoding=None, script=None),
        (*result.step_seconds, stage),
        written=written,
        report_state=share.to_state(),
        meta=meta,
        record=record,
    )
