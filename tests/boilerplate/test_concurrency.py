"""One process may strip with several configurations at once: no step shares mutable state."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from corpus.boilerplate.strip import BoilerplateStripper
from corpus.document import Document, Source

TEXT = (
    "首页 > 新闻 > 正文\n"
    "市图书馆延长夜间开放时间\n"
    "市图书馆昨天宣布，从下个月起，周一至周五的闭馆时间由晚上八点推迟到十点，方便下班后的读者借阅。\n"
    "责任编辑：王小明\n"
    "京ICP备12345678号-1\n"
)
CONFIGS = [frozenset(), frozenset({"byline"}), frozenset({"nav", "licence"}), frozenset({"byline", "nav"})]


def _strip(keep: frozenset[str]) -> str:
    step = BoilerplateStripper.from_config(keep, ())
    return step(Document(id="a", text=TEXT, source=Source.of("a.txt", TEXT.encode()))).text


def test_threads_with_different_configurations_get_the_serial_answers() -> None:
    expected = {keep: _strip(keep) for keep in CONFIGS}
    assert len(set(expected.values())) == len(CONFIGS)
    jobs = CONFIGS * 25
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_strip, jobs))
    assert results == [expected[keep] for keep in jobs]
