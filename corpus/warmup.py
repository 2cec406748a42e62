"""Warm a pipeline up before worker processes are forked from it, and keep the garbage collector off it.

Much of what the steps need is built on first use, not when the pipeline is made: the detector's
frequency lists, the script classifier's tables and character-class patterns, the OpenCC converter for
each region, the rule pack's lazily compiled patterns. In one process that is paid once. In a pool of
forked workers each worker paid it again on its first documents: processing the first 300 documents of
the 20 MB bench corpus took 1.01 CPU-seconds in a fresh process and 0.43 on a second pass, so about
0.6 CPU-seconds per worker went to building the same tables. Running the pipeline over a few small
documents in the parent, just before the fork, builds them once and every worker inherits them.

The documents are written for this purpose (they are not corpus text): a line or two in each script and
region the classifier tells apart, Japanese, the kinds of boilerplate the rule pack removes, and pinyin
residue, each in one of the encodings the detector tells apart. Their output is thrown away.

Once built, those tables live as long as the process, yet every full collection of the cyclic garbage
collector walked them again: 0.056 of 2.35 CPU-seconds on a pass over the 20 MB bench corpus, 0.008
with them frozen (counted with ``gc.callbacks``). ``gc.freeze()`` moves every object that exists into a
permanent generation the collector skips; in forked workers it also keeps a collection from writing to
the inherited objects' headers and so copying the pages they sit on (the measure the ``gc``
documentation gives for fork without exec).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from corpus.config import CleanConfig
from corpus.document import RawFile
from corpus.pipeline import Pipeline, pipeline_for

SAMPLES: tuple[tuple[str, str], ...] = (
    (
        "gb18030",
        "今天上午，市政府召开新闻发布会，介绍了今年城市公共交通的发展情况。"
        "记者了解到，新开通的地铁线路每天运送乘客超过十万人次，周末的客流还要更多一些。\n"
        "来源：示例日报 作者：张小明\n责任编辑：王明\n",
    ),
    (
        "big5",
        "這套軟體的網路功能經過重新設計，使用者可以在行動裝置上瀏覽資訊，也能透過印表機列印文件。"
        "工程師表示，新版本預計在下個月正式上線。\n本站所有內容，未經授權不得轉載。\n",
    ),
    (
        "big5hkscs",
        "佢哋啱啱喺地鐵站出嚟，話今日啲巴士冇得搭，要等成個鐘先有車。\n",
    ),
    ("utf-8", "政府發言人説，衞生署會盡快處理住户嘅投訴，並會派員到現場視察。\n"),
    (
        "utf-8",
        "東京の会社で働いている友達から、来週の会議についてメールが届きました。"
        "会場は駅の近くにあるそうです。\n",
    ),
    (
        "utf-8",
        "发布会上，专家指出，這項研究的結果對於改善農村的醫療服務很有幫助，"
        "相关部门将继续推进试点工作。\n"
        "發(fā)布會(huì)上，記者(zhě)提問(wèn)。\n"
        "关注我们 | 分享到微信 | 返回顶部\n"
        "Copyright © 2024 示例网 版权所有 京ICP备12345678号-1 京公网安备 11010502000001号\n",
    ),
    (
        "utf-16",
        "本報訊 這是一篇用繁體字寫成的短文，內容是關於城市裡的圖書館如何服務讀者。"
        "圖書館每天開放十二個小時，週末也照常開放。\n",
    ),
)


def warm_up(pipeline: Pipeline) -> None:
    """Run ``pipeline`` over :data:`SAMPLES` and discard the results."""
    for index, (encoding, text) in enumerate(SAMPLES):
        pipeline.process(RawFile(path=f"warm-up-{index}.txt", data=text.encode(encoding)))


@contextmanager
def warmed(config: CleanConfig) -> Iterator[None]:
    """Within the block, the pipeline for ``config`` is warmed up and everything built so far is frozen.

    Garbage from before is collected first, since a frozen cycle is never freed; the objects are
    unfrozen when the block ends. A pipeline that cannot be built is not an error here:
    :func:`corpus.executors.base.process_file` reports it per file, with its message.
    """
    with suppress(Exception):  # reported per file by process_file
        warm_up(pipeline_for(config))
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
