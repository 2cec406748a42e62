"""Results slimmed in the worker: the parent's per-document work done where the document was made.

A worker that has already used a document's text and events (written its file, encoded its record)
counts the document's share of the run report too, and sends the document back without them, nor its
encoding and script verdicts (the report share has counted them). The parent then only adds up counters
and writes bytes: unpickling a document's events alone cost it about 70 µs of the 170 µs it spent per
document (400 bench documents, 19 events each), and the parent is the one process a run cannot
multiply.

A share carries the document's first removals of each rule as report samples, and the run keeps only
the five that sort first per rule (:class:`corpus.report.RunReport`). A worker remembers the samples it
has sent in a run (:func:`sent_in`): once five of a rule's are out, a later one that sorts after them
can never be kept, whatever the other workers send, so it is not built or sent. On the 20 MB bench
corpus the shares held about four samples per document, nearly all of them dropped by the parent.
The memory belongs to one run (the task's ``run`` token), because a process may serve several: the
in-process executor does, and so may the workers of a Ray cluster.
"""

from __future__ import annotations

import uuid

from corpus.document import Document
from corpus.executors.base import TaskResult
from corpus.provenance import JsonValue
from corpus.report import RunReport

_SENT: dict[str, RunReport] = {}
"""The report samples this process has sent, by run token, for their per-rule floors (see the module
docstring). Only samples that left in a result are here, so the floors hold for that whole run."""


def new_run_token() -> str:
    """A token naming one run, for the tasks that slim its results."""
    return uuid.uuid4().hex


def sent_in(run: str) -> RunReport:
    """The samples this process has sent in ``run``. The memory of any other run is dropped: a
    process serves one run at a time, and fewer floors only means more samples are sent."""
    sent = _SENT.get(run)
    if sent is None:
        _SENT.clear()
        sent = _SENT[run] = RunReport()
    return sent


def slim_result(
    result: TaskResult,
    document: Document,
    stage: tuple[str, float],
    *,
    run: str,
    written: str | None = None,
    record: bytes | None = None,
    meta: dict[str, JsonValue] | None = None,
) -> TaskResult:
    """``result`` with ``document``'s report share counted here and its text, events and verdicts dropped;
    ``stage`` (name, seconds) is the worker's extra step, added to the result's timings; ``run`` is the
    token of the run the result belongs to."""
    sent = sent_in(run)
    share = RunReport(floors=sent.floors)  # a sample the floors exclude is not even built
    share.add(result)  # its state leaves the timings out; they travel in the result
    sent.absorb_samples(share.samples)
    bare = Document(document.id, "", document.source, chars_in=document.chars_in)
    return TaskResult(
        bare,
        (*result.step_seconds, stage),
        written=written,
        report_state=share.to_state(),
        meta=meta,
        record=record,
    )
