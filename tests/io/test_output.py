"""The output directory is guarded: no overlap with inputs, no clobbering of foreign files."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import OutputError, UsageError
from corpus.io.output import (
    MARKER_NAME,
    check_output,
    clear_previous,
    default_output,
    remove_partials,
    write_marker,
)


def test_default_output_is_a_sibling_named_after_the_input(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    assert default_output([str(tmp_path / "raw")]) == tmp_path / "raw.clean"
    assert default_output([str(tmp_path / "raw") + "/"]) == tmp_path / "raw.clean"


def test_several_inputs_need_an_explicit_output() -> None:
    with pytest.raises(UsageError):
        default_output(["a", "b"])


def test_an_output_inside_the_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="inside input"):
        check_output(tmp_path / "sub" / "out", [str(tmp_path)], force=True)


def test_an_output_that_contains_the_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    with pytest.raises(UsageError, match="inside output"):
        check_output(tmp_path, [str(tmp_path / "raw")], force=True)


def test_an_output_that_is_a_symbolic_link_loop_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "again")
    (tmp_path / "again").symlink_to(tmp_path / "out")
    with pytest.raises(OutputError, match="symbolic link loop"):
        check_output(tmp_path / "out", [str(tmp_path / "raw")], force=True)


def test_a_foreign_non_empty_directory_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "precious.txt").write_text("mine")
    with pytest.raises(OutputError, match="--force"):
        check_output(out, [str(tmp_path / "raw")], force=False)
    check_output(out, [str(tmp_path / "raw")], force=True)


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    with pytest.raises(OutputError, match="not a directory"):
        check_output(tmp_path / "out", [str(tmp_path / "raw")], force=True)


def test_a_directory_made_by_corpus_is_reused_and_only_its_own_files_are_cleared(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("from last run")
    (out / "user-notes.txt").write_text("not ours")
    write_marker(out, ["old.txt", "../escape.txt"])
    (tmp_path / "escape.txt").write_text("outside")
    check_output(out, [str(tmp_path / "raw")], force=False)
    assert clear_previous(out) == 1
    assert not (out / "old.txt").exists()
    assert (out / "user-notes.txt").exists()
    assert (tmp_path / "escape.txt").exists()
    assert (out / MARKER_NAME).exists()


def test_partial_files_left_by_a_killed_run_are_removed_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".a.txt.1234.partial").write_text("torn")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / ".part-00001.jsonl.partial").write_text("torn")
    (tmp_path / "sub" / "a.txt").write_text("whole")
    (tmp_path / "notes.partial").write_text("a user's file, not hidden: not ours")
    assert remove_partials(tmp_path) == 2
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "notes.partial",
        "sub/a.txt",
    ]
