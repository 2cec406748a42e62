"""The Ray engine: the same output as the serial engine, byte for byte, on a local Ray instance (issue 8).

These tests need the ray extra (``pip install 'corpus-zh[ray]'``) and are skipped without it; the one
test that checks the error for a missing extra runs everywhere.
"""

from __future__ import annotations

import builtins
import json
import logging
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from corpus.config import CleanConfig, OutputFormat
from corpus.document import Document
from corpus.errors import EngineError
from corpus.executors.base import RecordRun
from corpus.executors.serial import SerialExecutor
from corpus.io.readers import InputFile
from corpus.run import clean_paths
from tests.executors.test_local import upper_task

HAVE_RAY = find_spec("ray") is not None
needs_ray = pytest.mark.skipif(
    not HAVE_RAY, reason="ray is not installed; the ray engine tests need: pip install 'corpus-zh[ray]'"
)

RUN_DEPENDENT_REPORT_FIELDS = ("seconds", "megabytes_per_second", "step_seconds")
"""Report fields that measure the run (time taken), not its output."""

RUN_ONLY_CONFIG_FIELDS = ("jobs", "engine", "address")
"""Config fields that say where the run happened; they are echoed in the report and differ by design."""

ARTICLE = (
    "今年春天，江南的雨水比往年多了不少。老街上的茶馆照常开门，掌柜说客人反而比晴天时更多，"
    "大家躲雨、喝茶、聊天，一坐就是一个下午。\n"
    "镇上的小学把操场边的旧仓库改成了图书室，孩子们放学后可以在这里看书、写作业。\n"
)
TRADITIONAL = (
    "這家麵包店開了二十多年，每天清晨五點就亮燈。老闆說，發酵的時間不能省，"
    "做出來的麵包才會有麥子的香味。\n附近的學生常在這裡買早餐，再趕去搭公車。\n"
)
FOOTER = "版权所有 © 2024 晨光新闻网\n京ICP备12345678号-1\n"


def write_sample(root: Path) -> Path:
    """A small corpus of our own text in the encodings the engine meets, plus files it must reject."""
    source = root / "input"
    (source / "news" / "2024").mkdir(parents=True)
    (source / "forum").mkdir()
    (source / "news" / "2024" / "spring.txt").write_bytes((ARTICLE + FOOTER).encode("utf-8"))
    (source / "news" / "2024" / "spring-gb.txt").write_bytes((ARTICLE + FOOTER).encode("gb18030"))
    (source / "news" / "bakery-big5.txt").write_bytes(TRADITIONAL.encode("cp950"))
    (source / "news" / "bakery-utf16.txt").write_bytes(TRADITIONAL.encode("utf-16"))
    (source / "forum" / "thread.txt").write_bytes(
        "".join(f"{index}楼：{line}\r\n" for index, line in enumerate(ARTICLE.splitlines(), 1)).encode()
    )
    (source / "forum" / "english.txt").write_bytes(b"Plain English stays as it is.\n")
    (source / "forum" / "empty.txt").write_bytes(b"")
    (source / "forum" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    for index in range(40):  # enough files for several batches on two workers
        text = f"第{index}篇：{ARTICLE}"
        (source / "forum" / f"post-{index:02d}.txt").write_bytes(text.encode("gb18030"))
    return source


def comparable(out_dir: Path) -> dict[str, Any]:
    """Every output file's bytes, except that report.json is compared without its timing and
    run-only config fields, and report.html (a rendering of the same report, timings included) not at all."""
    files: dict[str, Any] = {}
    for path in sorted(out_dir.rglob("*")):
        if not path.is_file() or path.name == "report.html":
            continue
        name = path.relative_to(out_dir).as_posix()
        if name == "report.json":
            report = json.loads(path.read_text(encoding="utf-8"))
            for field in RUN_DEPENDENT_REPORT_FIELDS:
                report.pop(field)
            for field in RUN_ONLY_CONFIG_FIELDS:
                report["config"].pop(field)
            files[name] = report
        else:
            files[name] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One local Ray instance for the module: two CPUs, no dashboard."""
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    try:
        yield
    finally:
        ray.shutdown()


@needs_ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray's own, raised inside Ray Data
@pytest.mark.parametrize("output_format", ["tree", "jsonl"], ids=["tree-layout", "jsonl-shards"])
def test_the_ray_engine_writes_the_same_bytes_as_the_serial_engine(
    tmp_path: Path, local_ray: None, output_format: OutputFormat
) -> None:
    source = write_sample(tmp_path)
    local_config = CleanConfig(output_format=output_format, jobs=1)
    ray_config = CleanConfig(output_format=output_format, engine="ray", jobs=2)
    serial = clean_paths([str(source)], tmp_path / "serial", local_config, executor=SerialExecutor())
    clean_paths([str(source)], tmp_path / "ray", ray_config)
    assert serial.report.documents > 40
    assert serial.report.rejected >= 2  # the empty file and the PNG at least
    assert comparable(tmp_path / "ray") == comparable(tmp_path / "serial")


@needs_ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_file_split_into_chunks_comes_out_of_ray_as_it_does_locally(
    tmp_path: Path, local_ray: None
) -> None:
    source = tmp_path / "input"
    source.mkdir()
    paragraphs = "".join(f"第{index}段。{ARTICLE}\n" for index in range(6000))  # about 1.3 MB in GB18030
    (source / "long.txt").write_bytes(paragraphs.encode("gb18030"))
    local_config = CleanConfig(output_format="jsonl", jobs=1, split_size=1_000_000)
    ray_config = CleanConfig(output_format="jsonl", engine="ray", jobs=2, split_size=1_000_000)
    serial = clean_paths([str(source)], tmp_path / "serial", local_config, executor=SerialExecutor())
    clean_paths([str(source)], tmp_path / "ray", ray_config)
    assert serial.report.documents >= 2  # the file really was split: one record per chunk
    assert comparable(tmp_path / "ray") == comparable(tmp_path / "serial")


@needs_ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_results_stream_back_in_input_order_across_many_batches(tmp_path: Path, local_ray: None) -> None:
    from corpus.executors.ray import RayExecutor

    names = [f"file-{index:03d}.txt" for index in range(200)]
    items = [InputFile(str(tmp_path / name), name, str(tmp_path), 1_000_000) for name in names]
    results = list(RayExecutor(jobs=2, task=upper_task).map(CleanConfig(), items))
    assert [r.outcome.id for r in results if isinstance(r.outcome, Document)] == names
    assert results == list(SerialExecutor(task=upper_task).map(CleanConfig(), items))


@needs_ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_ray_actors_hand_jsonl_documents_back_packed_as_local_workers_do(
    tmp_path: Path, local_ray: None
) -> None:
    from corpus.executors.local import LocalExecutor
    from corpus.executors.ray import RayExecutor
    from corpus.executors.record_task import RecordTask
    from corpus.io.readers import discover

    files, _ = discover([str(write_sample(tmp_path))])
    config = CleanConfig(output_format="jsonl")
    by_ray = list(RayExecutor(jobs=2, task=RecordTask()).map(config, files))
    by_local = list(LocalExecutor(2, RecordTask()).map(config, files))
    assert any(isinstance(result, RecordRun) for result in by_ray)
    assert [type(result) for result in by_ray] == [type(result) for result in by_local]
    ray_runs = [result for result in by_ray if isinstance(result, RecordRun)]
    local_runs = [result for result in by_local if isinstance(result, RecordRun)]
    assert [(run.inputs, run.records) for run in ray_runs] == [
        (run.inputs, run.records) for run in local_runs
    ]


@needs_ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_clean_command_accepts_engine_ray(tmp_path: Path, local_ray: None, run_cli: Any) -> None:
    source = write_sample(tmp_path)
    result = run_cli("clean", str(source), "--out", str(tmp_path / "out"), "--engine", "ray", "-q")
    assert result.exit_code == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["config"]["engine"] == "ray"
    assert (
        (tmp_path / "out" / "news" / "2024" / "spring-gb.txt")
        .read_text(encoding="utf-8")
        .startswith("今年春天")
    )


def test_without_the_ray_extra_the_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_ray(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "ray" or name.startswith("ray."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    from corpus.executors.ray import RayExecutor

    with pytest.raises(EngineError) as caught:
        RayExecutor(address=None)
    assert str(caught.value) == "the ray engine needs the ray extra (pip install 'corpus-zh[ray]')"
