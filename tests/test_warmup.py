"""Warm-up samples: each exercises what it is there for, so the tables a worker needs exist before fork."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path
from typing import cast

from corpus.config import CleanConfig
from corpus.document import Document, RawFile, Rejection, Source
from corpus.executors.base import TaskResult
from corpus.executors.serial import SerialExecutor
from corpus.io.readers import InputFile
from corpus.pipeline import Pipeline, pipeline_for
from corpus.warmup import SAMPLES, warm_up


def cleaned_samples() -> list[Document]:
    pipeline = pipeline_for(CleanConfig())
    outcomes = [
        pipeline.process(RawFile(f"sample-{index}.txt", text.encode(encoding)))
        for index, (encoding, text) in enumerate(SAMPLES)
    ]
    assert all(isinstance(outcome, Document) for outcome in outcomes)
    return [outcome for outcome in outcomes if isinstance(outcome, Document)]


def test_the_samples_cover_every_script_verdict_and_both_regions() -> None:
    scripts = {(d.script.verdict, d.script.region) for d in cleaned_samples() if d.script}
    assert {("hans", None), ("hant", "tw"), ("hant", "hk"), ("japanese", None), ("mixed", None)} <= scripts


def test_the_samples_are_detected_in_the_legacy_encodings_they_are_written_in() -> None:
    encodings = {d.encoding.encoding for d in cleaned_samples() if d.encoding}
    assert {"gb18030", "cp950", "big5hkscs", "utf-8", "utf-16"} <= encodings


def test_the_samples_give_the_strip_step_boilerplate_to_remove() -> None:
    categories = {event.category for d in cleaned_samples() for event in d.events if event.step == "strip"}
    assert {"byline", "pinyin"} <= categories


def test_warming_up_runs_every_sample_through_the_pipeline_in_its_encoding() -> None:
    seen: list[bytes] = []

    def recording_decoder(raw: RawFile) -> Rejection:
        seen.append(raw.data)
        return Rejection(raw.path, "empty", "recorded")

    warm_up(Pipeline(decoder=recording_decoder, steps=()))
    assert seen == [text.encode(encoding) for encoding, text in SAMPLES]


WORKER_PROBE = """
from pathlib import Path
from corpus.config import CleanConfig
from corpus.document import Document, Source
from corpus.executors.base import TaskResult
from corpus.executors.local import LocalExecutor
from corpus.io.readers import InputFile
from corpus.script import spans


def probe(config, item):
    built = spans.tables.cache_info().currsize
    return TaskResult(Document(item.relative, str(built), Source.of(item.relative, b""), chars_in=1))


if __name__ == "__main__":
    items = [InputFile(f"/nowhere/{n}", str(n), "/nowhere", 10) for n in range(4)]
    print(sorted({r.outcome.text for r in LocalExecutor(2, probe).map(CleanConfig(), items)}))
"""


def test_forked_workers_start_with_the_script_tables_already_built(tmp_path: Path) -> None:
    # A fresh interpreter: in this test process an earlier test may have built the tables already.
    script = tmp_path / "probe.py"
    script.write_text(WORKER_PROBE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['1']"


def frozen_count_task(config: CleanConfig, item: InputFile) -> TaskResult:
    """A stand-in task that reports how many objects the collector has frozen while it runs."""
    text = str(gc.get_freeze_count())
    return TaskResult(Document(item.relative, text, Source.of(item.relative, b""), chars_in=1))


def test_the_serial_executor_runs_with_the_pipeline_frozen_and_unfreezes_when_done() -> None:
    items = [InputFile(f"/nowhere/{n}", str(n), "/nowhere", 10) for n in range(3)]
    before = gc.get_freeze_count()
    outcomes = [r.outcome for r in SerialExecutor(frozen_count_task).map(CleanConfig(), items)]
    counts = [int(outcome.text) for outcome in outcomes if isinstance(outcome, Document)]
    assert len(counts) == len(items)
    assert all(count > before for count in counts)
    assert gc.get_freeze_count() == before


def test_an_abandoned_run_unfreezes_too() -> None:
    items = [InputFile(f"/nowhere/{n}", str(n), "/nowhere", 10) for n in range(3)]
    before = gc.get_freeze_count()
    results = cast(
        Generator[TaskResult, None, None], SerialExecutor(frozen_count_task).map(CleanConfig(), items)
    )
    next(results)
    assert gc.get_freeze_count() > before
    results.close()
    assert gc.get_freeze_count() == before
