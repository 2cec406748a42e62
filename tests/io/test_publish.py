"""An --out URI: the run is built in a local staging directory, then its output files are copied there.

``file://`` URIs stand for object stores: pyarrow's local filesystem takes the same calls.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.errors import OutputError
from corpus.io.publish import check_destination, publish

pytest.importorskip("pyarrow")


def make_inputs(root: Path, count: int) -> None:
    for index in range(count):
        folder = root / f"group-{index % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"第{index}篇：今天的天氣很好，我們一起去公園散步。\n責任編輯：王小明\n" * 20
        (folder / f"doc-{index:02d}.txt").write_bytes(text.encode(("utf-8", "gb18030")[index % 2]))


def corpus(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "corpus", "-q", "clean", *arguments, "--jobs", "1"]
    return subprocess.run(command, capture_output=True, text=True)


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).as_posix().startswith(".corpus-")
    }


@pytest.mark.parametrize("layout", ["jsonl", "tree"])
def test_the_files_at_the_uri_are_those_of_a_local_run(tmp_path: Path, layout: str) -> None:
    make_inputs(tmp_path / "in", 12)
    local, remote = tmp_path / "local", tmp_path / "bucket" / "clean"
    assert corpus(str(tmp_path / "in"), "--out", str(local), "--format", layout).returncode == 0
    result = corpus(
        str(tmp_path / "in"), "--out", remote.as_uri(), "--format", layout, "--staging", str(tmp_path / "st")
    )
    assert result.returncode == 0, result.stderr
    published, expected = files_under(remote), files_under(local)
    report = json.loads(published.pop("report.json"))
    assert report["documents"] == json.loads(expected.pop("report.json"))["documents"] == 12
    published.pop("report.html"), expected.pop("report.html")  # timings differ
    assert published == expected
    marker = json.loads((remote / ".corpus-output").read_text("utf-8"))
    assert "report.json" in marker["files"] and not any(".corpus-state" in name for name in marker["files"])


def test_publishing_a_smaller_run_removes_the_stale_shards_of_the_earlier_one(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 12)
    remote = tmp_path / "bucket" / "clean"
    shards = ["--format", "jsonl", "--shard-size", "4KB", "--staging", str(tmp_path / "st")]
    assert corpus(str(tmp_path / "in"), "--out", remote.as_uri(), *shards).returncode == 0
    before = sorted(path.name for path in (remote / "data").iterdir())
    for path in sorted((tmp_path / "in").rglob("*.txt"))[4:]:
        path.unlink()
    assert corpus(str(tmp_path / "in"), "--out", remote.as_uri(), *shards).returncode == 0
    after = sorted(path.name for path in (remote / "data").iterdir())
    assert len(after) < len(before)
    written = [
        json.loads(line) for name in after for line in (remote / "data" / name).read_text().splitlines()
    ]
    assert len(written) == 4


def test_a_destination_with_files_corpus_did_not_publish_is_refused_unless_forced(tmp_path: Path) -> None:
    remote = tmp_path / "bucket"
    remote.mkdir()
    (remote / "notes.txt").write_text("someone else's file", encoding="utf-8")
    with pytest.raises(OutputError, match="not empty and was not made by corpus"):
        check_destination(remote.as_uri(), force=False)
    check_destination(remote.as_uri(), force=True)
    make_inputs(tmp_path / "in", 2)
    result = corpus(str(tmp_path / "in"), "--out", remote.as_uri(), "--staging", str(tmp_path / "st"))
    assert result.returncode == 1
    assert result.stderr.startswith("corpus: error: output file://")
    assert (remote / "notes.txt").read_text(encoding="utf-8") == "someone else's file"


def test_running_again_resumes_in_the_staging_directory(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 6)
    remote = tmp_path / "bucket" / "clean"
    arguments = [str(tmp_path / "in"), "--out", remote.as_uri(), "--staging", str(tmp_path / "st")]
    assert corpus(*arguments).returncode == 0
    again = subprocess.run(
        [sys.executable, "-m", "corpus", "clean", *arguments], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert "resumed: 6 inputs were already done" in again.stderr
    assert "published" in again.stderr


def test_staging_is_only_for_an_output_uri(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 1)
    result = corpus(str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--staging", str(tmp_path / "st"))
    assert result.returncode == 2
    assert "--staging is for an --out URI" in result.stderr


def test_publish_leaves_out_the_journal(tmp_path: Path) -> None:
    staging = tmp_path / "st"
    (staging / ".corpus-state").mkdir(parents=True)
    (staging / ".corpus-state" / "journal.jsonl").write_text("{}\n", encoding="utf-8")
    (staging / "a.txt").write_text("文\n", encoding="utf-8")
    assert publish(staging, (tmp_path / "out").as_uri()) == ["a.txt"]
    assert not (tmp_path / "out" / ".corpus-state").exists()
