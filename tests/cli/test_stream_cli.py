"""`corpus clean -`: JSONL or text on stdin, JSONL on stdout, for use inside other pipelines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import CliInvoker


def records(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_jsonl_records_are_cleaned_and_their_other_fields_kept(run_cli: CliInvoker) -> None:
    lines = [
        {"id": "x1", "text": "這是正文。", "url": "https://example.org/1"},
        {"id": "x2", "text": "简体正文。", "lang": "zh"},
    ]
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    result = run_cli("clean", "-", input=stdin.encode())
    assert result.exit_code == 0, result.stderr
    out = records(result.stdout)
    assert [record["text"] for record in out] == ["这是正文。", "简体正文。"]
    assert out[0]["url"] == "https://example.org/1" and out[1]["lang"] == "zh"
    assert isinstance(out[0]["meta"], dict)


def test_an_existing_meta_field_is_kept_and_ours_goes_beside_it(run_cli: CliInvoker) -> None:
    stdin = json.dumps({"text": "正文。", "meta": {"mine": 1}}) + "\n"
    out = records(run_cli("clean", "-", input=stdin.encode()).stdout)
    assert out[0]["meta"] == {"mine": 1}
    assert "corpus_meta" in out[0]


def test_invalid_and_rejected_records_go_to_the_rejects_file_not_stdout(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    stdin = '{"text": "正文。"}\nnot json\n{"text": "京ICP备12345678号"}\n'
    rejects = tmp_path / "rejects.jsonl"
    result = run_cli("clean", "-", "--rejects", str(rejects), input=stdin.encode())
    assert result.exit_code == 0
    assert [record["text"] for record in records(result.stdout)] == ["正文。"]
    reasons = [json.loads(line)["reason"] for line in rejects.read_text().splitlines()]
    assert reasons == ["invalid-record", "empty-after-cleaning"]


def test_plain_text_in_a_legacy_encoding_is_detected_and_becomes_one_record(run_cli: CliInvoker) -> None:
    stdin = "這個產品的發佈會在臺北舉行。\n記者提問很多。\n".encode("cp950")
    result = run_cli("clean", "-", input=stdin)
    out = records(result.stdout)
    assert len(out) == 1
    assert out[0]["text"] == "这个产品的发布会在台北举行。\n记者提问很多。\n"
    meta = out[0]["meta"]
    assert isinstance(meta, dict) and meta["encoding"]["name"] == "cp950"  # type: ignore[index]


def test_dash_must_stand_alone(run_cli: CliInvoker, tmp_path: Path) -> None:
    result = run_cli("clean", "-", "--out", str(tmp_path / "o"), input=b"x")
    assert result.exit_code == 2


def test_a_closed_stdout_ends_quietly(tmp_path: Path) -> None:
    stdin = "".join(json.dumps({"text": f"第{i}行正文。"}, ensure_ascii=False) + "\n" for i in range(20000))
    command = f"{sys.executable} -m corpus clean - | head -n 1"
    done = subprocess.run(command, shell=True, input=stdin.encode(), capture_output=True, timeout=120)
    assert done.stdout.count(b"\n") == 1
    assert b"Traceback" not in done.stderr
    assert b"error" not in done.stderr


def test_a_lone_surrogate_escaped_in_a_record_stays_an_escape_so_the_output_is_valid_utf8() -> None:
    """``"\\ud800"`` is valid JSON but no character; written raw it would make the line invalid UTF-8."""
    stdin = '{"id": "s\\udcff", "text": "中文\\ud800内容，正文在这里。"}\n'.encode()
    done = subprocess.run(
        [sys.executable, "-m", "corpus", "clean", "-"], input=stdin, capture_output=True, check=True
    )
    out = json.loads(done.stdout.decode("utf-8"))
    assert out["text"] == "中文\ud800内容，正文在这里。"
    assert out["id"] == "s\udcff"


def test_a_rejected_record_whose_id_holds_a_lone_surrogate_is_written_to_the_rejects_file(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    result = run_cli("clean", "-", "--rejects", str(rejects), input=b'{"id": "s\\udcff", "text": "   "}\n')
    assert result.exit_code == 0, result.stderr
    (line,) = rejects.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["path"] == "s\udcff"


def test_a_rejects_file_that_cannot_be_written_is_one_error_line_with_status_1(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        import pytest

        pytest.skip("needs /dev/full")
    done = subprocess.run(
        [sys.executable, "-m", "corpus", "clean", "-", "--rejects", "/dev/full"],
        input=b'{"text": "   "}\n',
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert (
        done.stderr.decode() == "corpus: error: cannot write rejects to /dev/full: No space left on device\n"
    )
