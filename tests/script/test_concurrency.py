"""Converters are shared read-only state: threads converting to different targets at once get exactly
what a serial run gets (in the spirit of charset_normalizer's thread-safety test)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from corpus.script.convert import convert

TEXTS = [
    "他在這裡等著你，我們都很好。",
    "这个软件的系统很好用，大家都说好。",
    "他説這個問題很重要，衞生署會跟進。",
    "東京の会社に行きました。",
    "这是简体。這是繁體。\n第二行是混合的这個",
]
TARGETS = ("s", "t", "tw", "twp", "hk")


def test_threads_with_different_targets_match_a_serial_run() -> None:
    jobs = [(text, target) for _ in range(20) for text in TEXTS for target in TARGETS]
    serial = [convert(text, to=target) for text, target in jobs]  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda job: convert(job[0], to=job[1]), jobs))
    assert threaded == serial
