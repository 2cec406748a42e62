"""`corpus clean`: every exit path gives one line on stderr and the documented exit status.

Exit statuses (corpus/cli/__init__.py): 0 the run completed (rejections included), 1 the run could not
complete, 2 usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from tests.conftest import CliInvoker


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("corpus: error: ")
    assert "Traceback" not in stderr
    return lines[0]


def small_input(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("今天天气很好，我们去公园散步。\n", encoding="utf-8")
    (root / "sub" / "b.txt").write_bytes("这是第二个文件的正文内容。\n".encode("gb18030"))
    return root


def test_a_missing_input_is_a_usage_error(run_cli: CliInvoker, tmp_path: Path) -> None:
    result = run_cli("clean", str(tmp_path / "nope"))
    assert result.exit_code == EXIT_USAGE
    assert "no such file or directory" in one_error_line(result.stderr)


def test_no_input_at_all_is_a_usage_error(run_cli: CliInvoker) -> None:
    result = run_cli("clean")
    assert result.exit_code == EXIT_USAGE
    assert "Missing argument" in one_error_line(result.stderr)


def test_an_empty_directory_is_a_usage_error(run_cli: CliInvoker, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_cli("clean", str(tmp_path / "empty"))
    assert result.exit_code == EXIT_USAGE
    assert "no files found" in one_error_line(result.stderr)


def test_an_output_inside_the_input_is_refused(run_cli: CliInvoker, tmp_path: Path) -> None:
    root = small_input(tmp_path)
    result = run_cli("clean", str(root), "--out", str(root / "out"))
    assert result.exit_code == EXIT_USAGE
    assert "inside input" in one_error_line(result.stderr)
    assert not (root / "out").exists()


def test_a_file_where_the_output_directory_should_be_is_an_error(run_cli: CliInvoker, tmp_path: Path) -> None:
    root = small_input(tmp_path)
    (tmp_path / "out").write_text("not a directory")
    result = run_cli("clean", str(root), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_FAILURE
    assert "not a directory" in one_error_line(result.stderr)


def test_a_foreign_non_empty_output_needs_force(run_cli: CliInvoker, tmp_path: Path) -> None:
    root = small_input(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("someone else's file")
    result = run_cli("clean", str(root), "--out", str(out))
    assert result.exit_code == EXIT_FAILURE
    assert "--force" in one_error_line(result.stderr)
    assert run_cli("clean", str(root), "--out", str(out), "--force").exit_code == EXIT_OK
    assert (out / "keep.txt").read_text() == "someone else's file"


@pytest.mark.parametrize(
    "args",
    [["--jobs", "0"], ["--jobs", "many"], ["--to", "jp"], ["--format", "xml"], ["--shard-size", "lots"]],
    ids=["zero-jobs", "word-jobs", "unknown-target", "unknown-format", "bad-size"],
)
def test_bad_options_are_usage_errors(run_cli: CliInvoker, tmp_path: Path, args: list[str]) -> None:
    root = small_input(tmp_path)
    result = run_cli("clean", str(root), "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == EXIT_USAGE
    one_error_line(result.stderr)


def test_an_unexpected_exception_is_one_line_pointing_to_debug(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("corpus.cli.clean.clean_paths", explode)
    result = run_cli("clean", str(small_input(tmp_path)), "--out", str(tmp_path / "out"))
    assert result.exit_code == EXIT_FAILURE
    line = one_error_line(result.stderr)
    assert "disk on fire" in line and "--debug" in line


def test_without_out_the_output_is_a_sibling_named_after_the_input(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    root = small_input(tmp_path)
    result = run_cli("clean", str(root), "--jobs", "1")
    assert result.exit_code == EXIT_OK, result.stderr
    assert str(tmp_path / "in.clean") in result.stderr
    assert (tmp_path / "in.clean" / "a.txt").exists()
    assert (tmp_path / "in.clean" / "sub" / "b.txt").read_text(
        encoding="utf-8"
    ) == "这是第二个文件的正文内容。\n"


def test_unreadable_and_broken_inputs_are_rejected_and_the_run_still_succeeds(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    root = small_input(tmp_path)
    (root / "broken.txt").symlink_to(root / "missing.txt")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = run_cli("clean", str(root), "--out", str(out), "--jobs", "1")
    assert result.exit_code == EXIT_OK, result.stderr
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert {(item["path"], item["reason"]) for item in rejects} == {
        ("broken.txt", "unreadable"),
        ("image.png", "binary"),
    }
    report = json.loads((out / "report.json").read_text())
    assert report["files"] == 4
    assert report["documents"] + report["rejected"] == 4


def test_quiet_prints_nothing_on_success(run_cli: CliInvoker, tmp_path: Path) -> None:
    result = run_cli("clean", str(small_input(tmp_path)), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == EXIT_OK
    assert result.stderr == ""


def test_settings_come_from_corpus_toml_and_flags_override_them(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus.toml").write_text('to = "tw"\nkeep = ["byline"]\njobs = 2\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = run_cli("config", "--show")
    assert shown.exit_code == EXIT_OK, shown.stderr
    assert 'target = "tw"' in shown.stdout
    assert 'keep_categories = ["byline"]' in shown.stdout
    assert "jobs = 2" in shown.stdout
    overridden = run_cli("config", "--show", "--to", "hk")
    assert 'target = "hk"' in overridden.stdout


def test_an_unknown_setting_in_corpus_toml_is_a_usage_error(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "corpus.toml").write_text('colour = "blue"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("config", "--show")
    assert result.exit_code == EXIT_USAGE
    assert "unknown setting 'colour'" in one_error_line(result.stderr)


def test_the_config_printed_by_show_reads_back_to_the_same_config(
    run_cli: CliInvoker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shown = run_cli("config", "--show", "--to", "twp", "--no-strip", "--keep", "nav,ad")
    (tmp_path / "corpus.toml").write_text(shown.stdout, encoding="utf-8")
    again = run_cli("config", "--show")
    assert again.stdout.splitlines()[1:] == shown.stdout.splitlines()[1:]


def test_quarantine_dir_receives_a_copy_of_every_rejected_file(run_cli: CliInvoker, tmp_path: Path) -> None:
    root = small_input(tmp_path)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    (root / "sub" / "image.png").write_bytes(png)
    (root / "empty.txt").write_bytes(b"")
    quarantine = tmp_path / "quarantine"
    result = run_cli(
        "clean", str(root), "--out", str(tmp_path / "out"), "--quarantine-dir", str(quarantine), "--jobs", "1"
    )
    assert result.exit_code == EXIT_OK, result.stderr
    assert (quarantine / "sub" / "image.png").read_bytes() == png
    assert (quarantine / "empty.txt").read_bytes() == b""
    assert not (quarantine / "a.txt").exists()
    assert (root / "sub" / "image.png").read_bytes() == png  # the input is never moved or changed


def test_zstd_shards_decompress_to_the_same_records_as_plain_ones(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    zstandard = pytest.importorskip("zstandard")
    root = small_input(tmp_path)
    for compression in ("none", "zstd"):
        args = ["clean", str(root), "--out", str(tmp_path / compression), "--format", "jsonl"]
        assert run_cli(*args, "--compression", compression, "--jobs", "1").exit_code == EXIT_OK
    plain = (tmp_path / "none" / "data" / "part-00000.jsonl").read_bytes()
    packed = (tmp_path / "zstd" / "data" / "part-00000.jsonl.zst").read_bytes()
    assert zstandard.ZstdDecompressor().decompressobj().decompress(packed) == plain


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["IN", "--resume", "--restart"], None, "--resume"),
        (["IN", "--restart", "--resume"], None, "--restart"),
        (["IN", "--rejects", "REJECTS"], None, "--rejects"),
        (["-", "--quarantine-dir", "QUARANTINE"], "中文正文。\n", "--quarantine-dir"),
        (["IN", "--address", "auto"], None, "--address"),
        (["-", "--force"], "中文正文。\n", "--force"),
        (["-", "--staging", "QUARANTINE"], "中文正文。\n", "--staging"),
        (["-", "--format", "tree"], "中文正文。\n", "--format"),
        (["-", "--shard-size", "1MB"], "中文正文。\n", "--shard-size"),
        (["-", "--compression", "gzip"], "中文正文。\n", "--compression"),
    ],
    ids=[
        "resume-then-restart",
        "restart-then-resume",
        "rejects-without-stdin",
        "quarantine-with-stdin",
        "address-without-ray",
        "force-with-stdin",
        "staging-with-stdin",
        "tree-format-with-stdin",
        "shard-size-with-stdin",
        "compression-with-stdin",
    ],
)
def test_options_that_contradict_each_other_or_the_input_are_usage_errors(
    run_cli: CliInvoker, tmp_path: Path, args: list[str], stdin: str | None, message: str
) -> None:
    """Silently dropping one of them would run something the user did not ask for: redo a finished
    run, or leave rejected inputs uncopied and no rejects file where one was named."""
    root = small_input(tmp_path)
    names = {"IN": str(root), "REJECTS": str(tmp_path / "r.jsonl"), "QUARANTINE": str(tmp_path / "q")}
    given = [names.get(arg, arg) for arg in args]
    out = [] if given[0] == "-" else ["--out", str(tmp_path / "out")]  # pipeline mode takes no --out
    result = run_cli("clean", *given, *out, input=stdin)
    assert result.exit_code == EXIT_USAGE
    assert message in one_error_line(result.stderr)
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "r.jsonl").exists()
    assert not (tmp_path / "q").exists()


def test_stdin_mode_takes_format_jsonl_since_it_writes_jsonl(run_cli: CliInvoker) -> None:
    result = run_cli("clean", "-", "--format", "jsonl", input="中文正文。\n")
    assert result.exit_code == EXIT_OK
    assert json.loads(result.stdout.splitlines()[0])["text"] == "中文正文。\n"


def test_a_quarantine_dir_inside_the_input_is_refused_naming_that_option(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    root = small_input(tmp_path)
    result = run_cli("clean", str(root), "--out", str(tmp_path / "out"), "--quarantine-dir", str(root / "q"))
    assert result.exit_code == EXIT_USAGE
    line = one_error_line(result.stderr)
    assert "inside input" in line and "--quarantine-dir" in line
    assert not (root / "q").exists()


def _children(pid: int) -> set[int]:
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children.update(int(child) for child in (task / "children").read_text().split())
    return children


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process children from /proc")
@pytest.mark.parametrize(
    ("signal_name", "status", "stderr"),
    [("SIGTERM", 143, "corpus: error: terminated\n"), ("SIGKILL", -9, "")],
    ids=["terminated", "killed"],
)
def test_a_run_stopped_by_a_signal_to_its_main_process_leaves_no_worker_behind(
    tmp_path: Path, signal_name: str, status: int, stderr: str
) -> None:
    """``kill PID`` (or ``timeout``, a service manager) signals only the main process, unlike a
    terminal's Ctrl-C; its workers must not live on, and TERM ends the run like Ctrl-C does."""
    import os
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "in"
    root.mkdir()
    for index in range(3000):
        (root / f"{index:05d}.txt").write_text(f"第{index}篇，正文在这里。\n" * 20, encoding="utf-8")
    journal = tmp_path / "out" / ".corpus-state" / "journal.jsonl"
    command = [sys.executable, "-m", "corpus", "-q", "clean", str(root), "--out", str(tmp_path / "out")]
    # stderr to a file, not a pipe: a worker left behind would hold a pipe open, and reading it hang
    with (
        (tmp_path / "stderr").open("wb") as errors,
        subprocess.Popen([*command, "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=errors) as process,
    ):
        workers: set[int] = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            workers |= _children(process.pid)
            if len(workers) >= 2 and journal.exists() and journal.stat().st_size:
                break
            time.sleep(0.01)
        assert process.poll() is None, "the run ended before it could be stopped"
        process.send_signal(getattr(signal, signal_name))
        returned = process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # this test's own strays, so that a failure does not leave them running
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert returned == status
    assert (tmp_path / "stderr").read_text().lstrip("\n") == stderr
    rerun = subprocess.run(command, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
