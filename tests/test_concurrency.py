"""No shared mutable state: many threads cleaning with different configs get the serial answers.

In the spirit of charset_normalizer's thread-safety test, and a guard against Data-Juicer's bug where one
module-level converter was swapped between modes under concurrent use.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import product

from corpus.api import clean_text
from corpus.config import CleanConfig

TEXTS = [
    "這個產品的發佈會在臺北舉行。\n記者：王小明\n",
    "这个产品的发布会在北京举行，软件更新了。\n",
    "香港的天氣很好，我們去了維多利亞港。\n",
    "今日は本屋に行きました。東京の天気は晴れです。\n",
]
CONFIGS = [CleanConfig(target=target) for target in ("s", "t", "tw", "twp", "hk")] + [
    CleanConfig(strip=False),
    CleanConfig(convert=False),
]


def test_threads_with_different_configs_agree_with_serial_runs() -> None:
    cases = list(product(range(len(TEXTS)), range(len(CONFIGS)))) * 8
    expected = {(text, config): clean_text(TEXTS[text], CONFIGS[config]).text for text, config in set(cases)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda case: clean_text(TEXTS[case[0]], CONFIGS[case[1]]).text, cases))
    assert results == [expected[case] for case in cases]
    assert len({expected[(0, config)] for config in range(5)}) > 1  # the targets really differ
