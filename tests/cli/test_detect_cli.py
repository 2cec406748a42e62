"""Specification of ``corpus detect`` (issue 4): one record per file, paths relative to the root."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import CliInvoker
from tests.encoding.texts import SIMPLIFIED, TRADITIONAL


def _tree(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "gb.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    (root / "sub" / "big5.txt").write_bytes(TRADITIONAL.encode("cp950"))
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))


def test_jsonl_has_one_record_per_file_with_paths_relative_to_the_root(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    _tree(tmp_path / "in")
    result = run_cli("detect", str(tmp_path / "in"), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = {record["path"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert set(records) == {"gb.txt", "sub/big5.txt", "image.png"}
    assert records["gb.txt"]["encoding"] == "gb18030"
    assert records["sub/big5.txt"]["encoding"] == "cp950"
    assert records["image.png"]["status"] == "quarantined"
    assert records["image.png"]["reason"].startswith("binary")
    assert records["image.png"]["encoding"] is None
    assert 0.0 <= records["gb.txt"]["confidence"] <= 1.0


def test_a_file_given_directly_is_named_by_its_file_name(run_cli: CliInvoker, tmp_path: Path) -> None:
    _tree(tmp_path)
    result = run_cli("detect", str(tmp_path / "sub" / "big5.txt"), "--format", "jsonl")
    assert json.loads(result.stdout)["path"] == "big5.txt"


def test_text_dir_receives_each_decoded_file_as_utf8(run_cli: CliInvoker, tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    (tmp_path / "in" / "crlf.txt").write_bytes("一行\r\n两行\r\n".encode("gb18030"))
    result = run_cli("detect", str(tmp_path / "in"), "--format", "jsonl", "--text-dir", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "sub" / "big5.txt").read_text(encoding="utf-8") == TRADITIONAL
    assert (tmp_path / "out" / "crlf.txt").read_bytes() == "一行\r\n两行\r\n".encode()
    assert not (tmp_path / "out" / "image.png").exists()


def test_table_format_has_a_header_and_one_row_per_file(run_cli: CliInvoker, tmp_path: Path) -> None:
    _tree(tmp_path)
    result = run_cli("detect", str(tmp_path))
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["path", "encoding", "confidence", "status", "reason"]
    assert len(lines) == 4


def test_a_missing_path_is_a_usage_error_on_one_line(run_cli: CliInvoker, tmp_path: Path) -> None:
    result = run_cli("detect", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_file_larger_than_the_stream_threshold_is_sampled_and_decoded_as_a_stream(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("corpus.cli.detect.STREAM_FROM_BYTES", 1000)
    text = (TRADITIONAL + "\r\n") * 40  # several KB, well over the lowered threshold
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_bytes(text.encode("cp950") + b"\xff")  # one undecodable byte
    (tmp_path / "in" / "small.txt").write_bytes(b"ok")
    result = run_cli("detect", str(tmp_path / "in"), "--format", "jsonl", "--text-dir", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    records = {record["path"]: record for record in map(json.loads, result.stdout.splitlines())}
    assert records["big.txt"]["encoding"] == "cp950"
    assert records["big.txt"]["reason"].endswith("the rest decoded in a stream")
    assert records["big.txt"]["replaced"] == 1
    assert (tmp_path / "out" / "big.txt").read_bytes() == (text + "\ufffd").encode()
    assert "stream" not in records["small.txt"]["reason"]


def test_stdin_gets_one_record_named_dash(run_cli: CliInvoker) -> None:
    result = run_cli("detect", "-", "--format", "jsonl", input="發布會上，記者提問。".encode("big5"))
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["path"], record["encoding"], record["status"]) == ("-", "cp950", "ok")


def test_decode_prints_stdins_text_as_utf8_with_its_line_endings(run_cli: CliInvoker) -> None:
    result = run_cli("detect", "-", "--decode", input="發布會上，\r\n記者提問。\r\n".encode("big5"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "發布會上，\r\n記者提問。\r\n"


def test_decode_refuses_binary_stdin_with_a_one_line_error(run_cli: CliInvoker) -> None:
    result = run_cli("detect", "-", "--decode", input=b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "corpus: error: stdin is not text: binary: png magic number"


@pytest.mark.parametrize(
    "arguments",
    [["-", "raw"], ["raw", "--decode"], ["-", "--text-dir", "out"]],
    ids=["dash with a path", "decode without dash", "dash with text dir"],
)
def test_stdin_options_that_cannot_go_together_are_usage_errors(
    run_cli: CliInvoker, arguments: list[str]
) -> None:
    result = run_cli("detect", *arguments, input=b"")
    assert result.exit_code == 2
    assert result.stderr.startswith("corpus: error:")


def test_a_file_read_as_a_stream_can_come_from_a_uri(
    run_cli: CliInvoker, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    import corpus.cli.detect
    from corpus.io.locations import filesystem_of

    monkeypatch.setattr(corpus.cli.detect, "STREAM_FROM_BYTES", 10)  # every file takes the stream path
    # pyarrow's in-memory filesystem: its paths exist nowhere on disk, as an object store's would not
    filesystem, _ = filesystem_of("mock:///in")
    filesystem.create_dir("in")
    with filesystem.open_output_stream("in/a.txt") as sink:
        sink.write("發布會上，記者提問。\n".encode("big5") * 50)
    result = run_cli("detect", "mock:///in", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["path"], record["encoding"], record["status"]) == ("a.txt", "cp950", "ok")
    assert "the rest decoded in a stream" in record["reason"]


@pytest.mark.parametrize(
    "text_dir",
    ["in", "in/sub/text", "."],
    ids=["the-input-itself", "inside-the-input", "around-the-input"],
)
def test_text_dir_that_overlaps_an_input_is_refused_and_no_input_file_changes(
    run_cli: CliInvoker, tmp_path: Path, text_dir: str
) -> None:
    """Decoded copies written into the input tree would overwrite the raw files (a GB18030 file
    replaced by its UTF-8 text) or be read back as input by the next run."""
    _tree(tmp_path / "in")
    before = {path: path.read_bytes() for path in (tmp_path / "in").rglob("*") if path.is_file()}
    result = run_cli("detect", str(tmp_path / "in"), "--text-dir", str(tmp_path / text_dir))
    assert result.exit_code == 2
    assert result.stderr.startswith("corpus: error: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""
    after = {path: path.read_bytes() for path in (tmp_path / "in").rglob("*") if path.is_file()}
    assert after == before


@pytest.mark.parametrize("streamed", [False, True], ids=["read-whole", "streamed"])
def test_a_text_dir_that_cannot_be_written_is_one_error_line_with_status_1(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    """A full disk shows as the file's last step (put in place) failing with ENOSPC."""
    import errno

    _tree(tmp_path / "in")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if streamed:
        monkeypatch.setattr("corpus.cli.detect.STREAM_FROM_BYTES", 0)
    monkeypatch.setattr(os, "replace", full)
    result = run_cli("detect", str(tmp_path / "in"), "--text-dir", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.endswith(": No space left on device\n")
    assert result.stderr.startswith("corpus: error: cannot write ") and result.stderr.count("\n") == 1
    assert not [path for path in (tmp_path / "out").rglob("*") if path.is_file()]


def test_text_dir_replaces_a_link_at_a_file_name_instead_of_writing_through_it(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    _tree(tmp_path / "in")
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere.txt").write_text("not corpus's to change")
    (tmp_path / "out" / "gb.txt").symlink_to(tmp_path / "elsewhere.txt")
    result = run_cli("detect", str(tmp_path / "in"), "--text-dir", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "elsewhere.txt").read_text() == "not corpus's to change"
    assert (tmp_path / "out" / "gb.txt").read_text(encoding="utf-8") == SIMPLIFIED


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_keeps_jsonl_valid_and_the_table_raw(tmp_path: Path) -> None:
    """A GBK-era name: JSONL writes it as a \\udcXX escape, as rejects.jsonl does, so the line is
    valid UTF-8 and JSON; the table, for people and shell tools, gives the name's bytes as ls does."""
    import subprocess
    import sys

    root = tmp_path / "in"
    root.mkdir()
    name = b"\xd6\xd0\xce\xc4.txt"  # 中文.txt in GBK
    with open(os.fsencode(root) + b"/" + name, "wb") as handle:
        handle.write(SIMPLIFIED.encode("utf-8"))
    command = [sys.executable, "-m", "corpus", "detect", str(root)]
    jsonl = subprocess.run([*command, "--format", "jsonl"], capture_output=True, check=True).stdout
    assert json.loads(jsonl.decode("utf-8"))["path"] == os.fsdecode(name)
    table = subprocess.run(command, capture_output=True, check=True).stdout
    assert table.splitlines()[1].split(b"\t")[0] == name


def test_a_tab_or_newline_in_a_file_name_does_not_break_the_table_row(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a\tb\nc.txt").write_text(SIMPLIFIED, encoding="utf-8")
    result = run_cli("detect", str(tmp_path / "in"))
    _header, row = result.stdout.splitlines()
    assert row.split("\t")[:2] == ["a\\tb\\nc.txt", "utf-8"]
