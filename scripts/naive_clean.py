"""The peer for scripts/bench_pipeline.py: a Chinese cleaning script written the way a user would.

chardet to guess the encoding, opencc-python-reimplemented to convert to Simplified, a few regexes for
the usual footers and bylines, UTF-8 out (a mirrored tree of files, or with ``--format jsonl`` one
``data.jsonl`` of ``{"path", "text"}`` records written by the parent); with ``--processes N`` the same
function runs in a ``multiprocessing.Pool``. It is deliberately plain: no batching, no caching beyond
one converter per process, which is what the scripts in the wild look like (data-juicer's
chinese_convert_mapper, the MNBVC converters). Its output is not checked for quality; it is here to be timed.

It runs in its own virtual environment (the benchmark creates ``/tmp/venv-naive``), because
opencc-python-reimplemented installs a module named ``opencc`` that would shadow the official binding
corpus uses.

    /tmp/venv-naive/bin/python scripts/naive_clean.py INPUT_DIR OUTPUT_DIR [--processes N] [--format jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from multiprocessing import Pool

import chardet
from opencc import OpenCC

BOILERPLATE = [
    re.compile(r"^.*ICP[备證证].*$", re.MULTILINE),
    re.compile(r"^.*公网安备.*$", re.MULTILINE),
    re.compile(r"^.*(版权所有|转载请注明|未经授权).*$", re.MULTILINE),
    re.compile(r"^\s*(作者|编辑|责任编辑|来源|记者)\s*[:：].*$", re.MULTILINE),
]

_converter: OpenCC | None = None


def converter() -> OpenCC:
    global _converter
    if _converter is None:
        _converter = OpenCC("t2s")
    return _converter


def clean_text(source: str) -> tuple[str, int]:
    with open(source, "rb") as handle:
        raw = handle.read()
    guess = chardet.detect(raw)
    encoding = guess["encoding"] or "utf-8"
    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    text = converter().convert(text)
    for pattern in BOILERPLATE:
        text = pattern.sub("", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", len(raw)


def clean_file(job: tuple[str, str]) -> int:
    source, target = job
    text, size = clean_text(source)
    os.makedirs(os.path.dirname(target), exist_ok=True)  # noqa: PTH103, PTH120 (as users write it)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)
    return size


def clean_record(job: tuple[str, str]) -> tuple[str, str, int]:
    text, size = clean_text(job[0])
    return job[0], text, size


def jobs(input_dir: str, output_dir: str) -> list[tuple[str, str]]:
    found = []
    for folder, _, names in os.walk(input_dir):
        for name in sorted(names):
            source = os.path.join(folder, name)  # noqa: PTH118
            found.append((source, os.path.join(output_dir, os.path.relpath(source, input_dir))))  # noqa: PTH118
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input_dir")
    parser.add_argument("output_dir")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--format", choices=("tree", "jsonl"), default="tree")
    args = parser.parse_args()
    work = jobs(args.input_dir, args.output_dir)
    if args.format == "jsonl":
        os.makedirs(args.output_dir, exist_ok=True)  # noqa: PTH103
        with open(os.path.join(args.output_dir, "data.jsonl"), "w", encoding="utf-8") as out:  # noqa: PTH118
            if args.processes == 1:
                records = map(clean_record, work)
            else:
                pool = Pool(args.processes)
                records = pool.imap(clean_record, work, chunksize=8)
            total = 0
            for path, text, size in records:
                out.write(json.dumps({"path": path, "text": text}, ensure_ascii=False) + "\n")
                total += size
            if args.processes != 1:
                pool.close()
                pool.join()
    elif args.processes == 1:
        total = sum(clean_file(job) for job in work)
    else:
        with Pool(args.processes) as pool:
            total = sum(pool.imap_unordered(clean_file, work, chunksize=8))
    print(f"{len(work)} files, {total} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
