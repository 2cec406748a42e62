"""Resume: a run killed at any point and started again gives exactly the output of an uninterrupted run.

The runs are real processes (``python -m corpus clean``) killed with SIGKILL, so nothing gets a chance to
clean up: what is on disk at that moment is all the next run has.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.run import clean_paths
from tests.output_snapshot import snapshot


def make_inputs(root: Path, count: int) -> None:
    for index in range(count):
        folder = root / f"group-{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        body = f"第{index}篇文章的正文。今天的天氣很好，我們一起去公園散步。\n" * (1 + index % 5)
        encoding = ("utf-8", "gb18030", "cp950")[index % 3]
        (folder / f"doc-{index:04d}.txt").write_bytes(body.encode(encoding))
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def corpus_command(source: Path, out: Path, *extra: str, jobs: int = 1) -> list[str]:
    return [
        sys.executable,
        "-m",
        "corpus",
        "-q",
        "clean",
        str(source),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        *extra,
    ]


def cleaned_once(tmp_path: Path, count: int, config: CleanConfig) -> tuple[Path, Path]:
    """``count`` inputs under ``tmp_path/in``, cleaned once into ``tmp_path/out``."""
    source, out = tmp_path / "in", tmp_path / "out"
    make_inputs(source, count)
    clean_paths([str(source)], out, config)
    return source, out


def assert_same_as_a_fresh_run(source: Path, out: Path, tmp_path: Path, config: CleanConfig) -> None:
    fresh = tmp_path / "fresh"
    clean_paths([str(source)], fresh, config)
    assert snapshot(out) == snapshot(fresh)


def run_and_kill(command: list[str], journal: Path, after_units: int) -> bool:
    """Start the run, SIGKILL it once the journal holds ``after_units`` lines; False if it finished first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        try:
            lines = journal.read_bytes().count(b"\n")
        except FileNotFoundError:
            lines = 0
        if lines >= after_units:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.002)
    process.wait()
    return False


@pytest.mark.parametrize(
    ("layout", "jobs"),
    [
        (["--format", "jsonl", "--shard-size", "4KB"], 1),
        ([], 1),
        (["--format", "jsonl", "--shard-size", "4KB"], 2),
    ],
    ids=["jsonl", "tree", "jsonl-in-packed-runs"],
)
def test_a_run_killed_at_several_points_resumes_to_the_uninterrupted_output(
    tmp_path: Path, layout: list[str], jobs: int
) -> None:
    """With two jobs, workers hand their documents over in packed runs (RecordRun), and 4 KB shards
    end inside most of them: each shard's journal entry must still count exactly its documents, or
    the resumed run's report would count some twice or not at all."""
    source = tmp_path / "in"
    make_inputs(source, 240)
    reference = tmp_path / "reference"
    subprocess.run(corpus_command(source, reference, *layout, jobs=jobs), check=True)
    expected = snapshot(reference)

    killed_runs = 0
    for after_units in (1, 7, 40):
        out = tmp_path / f"out-{after_units}"
        killed_runs += run_and_kill(
            corpus_command(source, out, *layout, jobs=jobs),
            out / ".corpus-state" / "journal.jsonl",
            after_units,
        )
        subprocess.run(corpus_command(source, out, *layout, jobs=jobs), check=True)
        assert snapshot(out) == expected
        leftovers = [path.name for path in out.rglob("*.partial")]
        assert leftovers == []
    assert killed_runs >= 2, "the runs finished before they could be killed; make the corpus larger"


def test_every_input_is_accounted_for_exactly_once_after_a_resume(tmp_path: Path) -> None:
    source = tmp_path / "in"
    make_inputs(source, 120)
    out = tmp_path / "out"
    layout = ["--format", "jsonl", "--shard-size", "4KB"]
    run_and_kill(corpus_command(source, out, *layout), out / ".corpus-state" / "journal.jsonl", 5)
    subprocess.run(corpus_command(source, out, *layout), check=True)
    written = [
        json.loads(line)["meta"]["source"]["path"]
        for shard in sorted((out / "data").glob("part-*.jsonl"))
        for line in shard.read_text(encoding="utf-8").splitlines()
    ]
    rejected = [json.loads(line)["path"] for line in (out / "rejects.jsonl").read_text().splitlines()]
    inputs = sorted(path.relative_to(source).as_posix() for path in source.rglob("*") if path.is_file())
    assert sorted(written + rejected) == inputs


def test_a_changed_input_is_redone_and_the_rest_is_reused(tmp_path: Path) -> None:
    config = CleanConfig(jobs=1)
    source, out = cleaned_once(tmp_path, 20, config)
    changed = source / "group-3" / "doc-0003.txt"
    changed.write_text("這是改過的內容。\n", encoding="utf-8")
    again = clean_paths([str(source)], out, config)
    assert again.reused == 20  # 21 inputs (20 texts and an image), one of them changed
    assert (out / "group-3" / "doc-0003.txt").read_text(encoding="utf-8") == "这是改过的内容。\n"
    assert_same_as_a_fresh_run(source, out, tmp_path, config)


def test_a_tree_unit_journaled_without_provenance_is_redone(tmp_path: Path) -> None:
    config = CleanConfig(jobs=1)
    source, out = cleaned_once(tmp_path, 6, config)
    journal = out / ".corpus-state" / "journal.jsonl"
    lines = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    for line in lines:  # as an earlier version wrote them
        line.pop("meta", None)
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    again = clean_paths([str(source)], out, config)
    assert again.reused == 1  # only the image, rejected: its unit has no output to describe
    assert_same_as_a_fresh_run(source, out, tmp_path, config)


def test_a_changed_setting_redoes_everything(tmp_path: Path) -> None:
    source, out = cleaned_once(tmp_path, 10, CleanConfig(jobs=1))
    again = clean_paths([str(source)], out, CleanConfig(jobs=1, target="tw"))
    assert again.reused == 0
    assert "們" in (out / "group-0" / "doc-0000.txt").read_text(encoding="utf-8")


def test_restart_discards_earlier_output_and_stale_shards(tmp_path: Path) -> None:
    config = CleanConfig(jobs=1, output_format="jsonl", shard_size=2000)
    source, out = cleaned_once(tmp_path, 30, config)
    shards_before = sorted((out / "data").iterdir())
    for path in list(source.rglob("doc-00[12]*.txt")):
        path.unlink()
    result = clean_paths([str(source)], out, config, resume="restart")
    assert result.reused == 0
    shards_after = sorted((out / "data").iterdir())
    assert len(shards_after) < len(shards_before)
    assert_same_as_a_fresh_run(source, out, tmp_path, config)
