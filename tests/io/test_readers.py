"""Readers walk inputs in a stable order and never leave an input root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus.document import RawFile, Rejection
from corpus.errors import InputError
from corpus.io.readers import InputFile, discover, read_raw


def make_tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())


def test_directories_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path, ["b.txt", "a/z.txt", "a/b/c.txt", "A.txt"])
    files, skipped = discover([str(tmp_path)])
    assert [item.relative for item in files] == ["A.txt", "a/b/c.txt", "a/z.txt", "b.txt"]
    assert skipped == []


def test_a_single_file_is_named_by_its_file_name(tmp_path: Path) -> None:
    make_tree(tmp_path, ["deep/one.txt"])
    files, _ = discover([str(tmp_path / "deep" / "one.txt")])
    assert [item.relative for item in files] == ["one.txt"]


def test_several_roots_are_prefixed_with_their_names_so_names_never_collide(tmp_path: Path) -> None:
    make_tree(tmp_path, ["first/a.txt", "second/a.txt"])
    files, _ = discover([str(tmp_path / "first"), str(tmp_path / "second")])
    assert [item.relative for item in files] == ["first/a.txt", "second/a.txt"]


def test_a_symlink_out_of_the_root_is_skipped_and_reported(tmp_path: Path) -> None:
    make_tree(tmp_path, ["outside.txt", "root/inside.txt"])
    (tmp_path / "root" / "escape.txt").symlink_to(tmp_path / "outside.txt")
    (tmp_path / "root" / "alias.txt").symlink_to(tmp_path / "root" / "inside.txt")
    files, skipped = discover([str(tmp_path / "root")])
    assert [item.relative for item in files] == ["alias.txt", "inside.txt"]
    assert [link.relative for link in skipped] == ["escape.txt"]
    rejection = skipped[0].rejection()
    assert rejection.reason == "outside-root"


def test_a_symlinked_directory_is_not_entered(tmp_path: Path) -> None:
    make_tree(tmp_path, ["root/a.txt"])
    (tmp_path / "root" / "loop").symlink_to(tmp_path / "root")
    files, skipped = discover([str(tmp_path / "root")])
    assert [item.relative for item in files] == ["a.txt"]
    assert [link.relative for link in skipped] == ["loop"]


def test_a_missing_input_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        discover([str(tmp_path / "missing")])


def test_no_inputs_at_all_is_an_input_error() -> None:
    with pytest.raises(InputError):
        discover([])


def test_read_raw_returns_the_bytes_under_the_relative_name(tmp_path: Path) -> None:
    make_tree(tmp_path, ["x.txt"])
    raw = read_raw(InputFile(str(tmp_path / "x.txt"), "x.txt", str(tmp_path)))
    assert raw == RawFile("x.txt", b"x.txt")


def test_a_file_that_vanished_before_reading_is_rejected_as_unreadable(tmp_path: Path) -> None:
    item = InputFile(str(tmp_path / "gone.txt"), "gone.txt", str(tmp_path))
    outcome = read_raw(item)
    assert isinstance(outcome, Rejection)
    assert outcome.reason == "unreadable"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_such_as_fifos_are_not_read_but_reported(tmp_path: Path) -> None:
    make_tree(tmp_path, ["a.txt"])
    os.mkfifo(tmp_path / "pipe")
    files, skipped = discover([str(tmp_path)])
    assert [item.relative for item in files] == ["a.txt"]
    assert [entry.rejection() for entry in skipped] == [
        Rejection("pipe", "unreadable", "not a regular file (a named pipe); not read")
    ]


def test_a_subdirectory_that_cannot_be_listed_is_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree(tmp_path, ["a.txt", "locked/b.txt", "z.txt"])
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, skipped = discover([str(tmp_path)])
    assert [item.relative for item in files] == ["a.txt", "z.txt"]
    assert [entry.rejection() for entry in skipped] == [
        Rejection("locked", "unreadable", "cannot list this directory: Permission denied")
    ]


def test_a_broken_symlink_is_reported_as_unreadable(tmp_path: Path) -> None:
    make_tree(tmp_path, ["root/a.txt"])
    (tmp_path / "root" / "dangling.txt").symlink_to(tmp_path / "root" / "missing.txt")
    files, skipped = discover([str(tmp_path / "root")])
    assert [item.relative for item in files] == ["a.txt"]
    assert [link.rejection().reason for link in skipped] == ["unreadable"]


def test_a_symlink_loop_is_reported_as_unreadable_and_the_rest_is_read(tmp_path: Path) -> None:
    """A link cycle (a -> b -> a) cannot be resolved; it must not stop the walk of its root."""
    make_tree(tmp_path, ["root/a.txt"])
    (tmp_path / "root" / "loop1").symlink_to("loop2")
    (tmp_path / "root" / "loop2").symlink_to("loop1")
    files, skipped = discover([str(tmp_path / "root")])
    assert [item.relative for item in files] == ["a.txt"]
    rejections = [link.rejection() for link in skipped]
    assert [(rejection.path, rejection.reason) for rejection in rejections] == [
        ("loop1", "unreadable"),
        ("loop2", "unreadable"),
    ]
    assert all("loop" in rejection.detail for rejection in rejections)


@pytest.mark.parametrize(
    "second",
    ["root", "root/", "root/sub", "root/sub/b.txt"],
    ids=["same", "same-with-slash", "subdirectory", "file-inside"],
)
def test_an_input_given_twice_or_inside_another_input_is_an_input_error(tmp_path: Path, second: str) -> None:
    """Its files would be read twice and written twice (as root/... and root-2/...): duplicates in
    the corpus."""
    make_tree(tmp_path, ["root/a.txt", "root/sub/b.txt"])
    with pytest.raises(InputError, match=r"inside input|given twice"):
        discover([str(tmp_path / "root"), str(tmp_path / second)])


def test_two_inputs_that_only_share_a_name_prefix_are_both_read(tmp_path: Path) -> None:
    make_tree(tmp_path, ["root/a.txt", "root2/b.txt"])
    files, _ = discover([str(tmp_path / "root"), str(tmp_path / "root2")])
    assert [item.relative for item in files] == ["root/a.txt", "root2/b.txt"]
