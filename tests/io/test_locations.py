"""Inputs named by filesystem URIs are read through pyarrow.fs and give the output of a local run.

The tests use ``file://`` URIs: pyarrow's local filesystem takes the same calls (list, open, seek) as its
S3, GCS and HDFS filesystems, which cannot be reached from a test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus.config import CleanConfig
from corpus.errors import InputError
from corpus.io.locations import Location, is_uri, list_uri
from corpus.io.readers import discover
from corpus.run import clean_paths
from tests.conftest import CliInvoker
from tests.output_snapshot import snapshot

pytest.importorskip("pyarrow")

RAW_SAMPLE = Path(__file__).resolve().parent.parent.parent / "raw"


def make_inputs(root: Path) -> None:
    for index in range(9):
        folder = root / ("a" if index % 3 else "a-b") / f"{index % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"第{index}篇：今天的天氣很好，我們一起去公園散步。\n責任編輯：王小明\n" * (1 + index)
        (folder / f"doc {index:02d}%.txt").write_bytes(text.encode(("utf-8", "gb18030", "cp950")[index % 3]))
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def make_large_input(root: Path) -> None:
    """A 2.4 MB GB18030 file of paragraphs: three chunks at a split size of 1 MB."""
    paragraph = "第{}段：今天的天氣很好，我們一起去公園散步，看見很多人在跑步鍛煉身體。\n\n"
    text = "".join(paragraph.format(index) for index in range(30_000))
    (root / "large.txt").write_bytes(text.encode("gb18030"))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("s3://bucket/raw", True),
        ("file:///tmp/raw", True),
        ("raw/a.txt", False),
        ("C:\\raw", False),
        ("-", False),
    ],
    ids=["s3", "file", "relative path", "windows path", "stdin"],
)
def test_a_uri_is_told_from_a_local_path(given: str, expected: bool) -> None:
    assert is_uri(given) is expected


def test_files_under_a_uri_are_listed_in_the_order_and_with_the_names_of_a_local_walk(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in")
    local, _ = discover([str(tmp_path / "in")])
    remote, _ = discover([(tmp_path / "in").as_uri()])
    assert [item.relative for item in remote] == [item.relative for item in local]
    assert [item.size for item in remote] == [item.size for item in local]
    assert all(item.location.root for item in remote)
    assert [item.location.read() for item in remote] == [item.location.read() for item in local]


def test_a_location_reads_a_byte_range_and_hashes_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(bytes(range(200)))
    ((inside, _, size),) = list_uri(path.as_uri())
    location = Location(inside, path.as_uri())
    assert size == 200
    assert location.read(10, 5) == bytes(range(10, 15))
    assert location.sha256() == Location(str(path)).sha256()


def test_a_missing_uri_and_an_unknown_scheme_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        discover([(tmp_path / "missing").as_uri()])
    with pytest.raises(InputError, match="cannot read nosuchfs://"):
        discover(["nosuchfs://bucket/raw"])


@pytest.mark.parametrize("layout", ["tree", "jsonl"])
def test_a_run_over_a_uri_writes_what_a_run_over_the_local_path_writes(tmp_path: Path, layout: str) -> None:
    make_inputs(tmp_path / "in")
    make_large_input(tmp_path / "in")
    config = CleanConfig(output_format=layout, jobs=2, split_size=1_000_000)  # type: ignore[arg-type]
    local = clean_paths([str(tmp_path / "in")], tmp_path / "local", config)
    remote = clean_paths([(tmp_path / "in").as_uri()], tmp_path / "remote", config)
    assert remote.report.documents == local.report.documents == 9 + 3  # the large file in 3 chunks
    assert remote.report.rejected == local.report.rejected == 1
    assert snapshot(tmp_path / "remote") == snapshot(tmp_path / "local")


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "corpus", *arguments], capture_output=True, text=True)


def test_a_quarantine_directory_must_be_local(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in")
    result = run_cli(
        "clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quarantine-dir", "s3://b/q"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "corpus: error: --quarantine-dir must be a local directory, not s3://b/q"
    assert not Path("s3:").exists()


def test_a_uri_input_needs_an_explicit_output_directory(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in")
    result = run_cli("clean", (tmp_path / "in").as_uri())
    assert result.returncode == 2
    assert "give an explicit --out DIR" in result.stderr


def test_without_pyarrow_a_uri_is_a_one_line_error_naming_the_extra(
    run_cli: CliInvoker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.fs", None)
    reading = run_cli("clean", (tmp_path / "in").as_uri(), "--out", str(tmp_path / "out"))
    writing = run_cli("clean", str(RAW_SAMPLE), "--out", "s3://bucket/clean")
    for result in (reading, writing):
        assert result.exit_code == 2
        assert "filesystem URIs need pyarrow" in result.stderr and "corpus-zh[remote]" in result.stderr
        assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
