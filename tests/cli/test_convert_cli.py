"""``corpus convert``: reads a file or stdin, writes the converted text to stdout (issue 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run_corpus(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "corpus", "convert", *args], input=stdin, capture_output=True, check=False
    )


def test_stdin_traditional_is_written_to_stdout_as_simplified() -> None:
    result = run_corpus(stdin="他說這個東西很好\n".encode())
    assert result.returncode == 0
    assert result.stdout.decode() == "他说这个东西很好\n"


def test_a_file_is_converted_to_the_requested_target(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("我们的软件\n", encoding="utf-8")
    result = run_corpus("--to", "tw", str(path))
    assert result.returncode == 0
    assert result.stdout.decode() == "我們的軟件\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [(["no-such-file.txt"], "no such file"), (["--to", "xx", "-"], "--to")],
    ids=["missing-file", "unknown-target"],
)
def test_bad_input_is_one_line_on_stderr_with_exit_status_2(args: list[str], message: str) -> None:
    result = run_corpus(*args)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert result.stdout == b""


def test_a_big5_file_is_decoded_and_written_as_simplified_utf8(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes("這是一篇繁體中文的文章，我們用大五碼存檔。\n".encode("big5"))
    result = run_corpus(str(path))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == "这是一篇繁体中文的文章，我们用大五码存档。\n"


def test_a_japanese_file_comes_back_unchanged(tmp_path: Path) -> None:
    text = "東京の会社に行きました。会議は長かったです。\n"
    path = tmp_path / "ja.txt"
    path.write_text(text, encoding="utf-8")
    result = run_corpus("--to", "s", str(path))
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == text


def test_empty_input_gives_empty_output_and_status_0_as_in_a_pipe(tmp_path: Path) -> None:
    """``corpus detect - --decode < empty | corpus convert - | corpus strip -``: the first step
    passes an empty text on (status 0), so the next ones must too, as cat or tr would."""
    (tmp_path / "empty.txt").write_bytes(b"")
    for args in ([], [str(tmp_path / "empty.txt")]):
        result = run_corpus(*args)
        assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_binary_input_is_one_line_naming_the_reason_with_exit_status_2() -> None:
    result = run_corpus(stdin=b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("corpus: error: cannot convert -: binary")
    assert result.stderr.count(b"\n") == 1
    assert result.stdout == b""
