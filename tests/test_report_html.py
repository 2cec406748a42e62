"""report.html: one self-contained page with a bar chart per counter, the rejects and removals in context.

The page is read back with the standard library's HTML parser (tests/html_tree.py), so these tests ask
what a browser would see: which elements exist, and what text they hold after character references are
decoded. tests/test_report_html_browser.py renders the same kind of page in a real Chromium.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.document import Document, EncodingInfo, Event, Rejection, ScriptInfo, Source
from corpus.executors.base import TaskResult
from corpus.report import RunReport, write_report
from corpus.report_html import MAX_BARS, escape_text, render_html
from tests.html_tree import Element, Page, parse_html


def full_report() -> dict[str, object]:
    """A hand-written report.json payload: small numbers whose chart should be easy to check by eye."""
    return {
        "files": 1234,
        "documents": 1230,
        "rejected": 4,
        "bytes_in": 2_500_000,
        "chars": {"in": 1000, "out": 900, "removed": 80, "converted": 20},
        "encodings": {"utf-8": 800, "gb18030": 400, "big5": 30},
        "scripts": {"hans": 1000, "hant": 230},
        "rules": {"icp.licence-number": 5, "byline.editor-line": 10},
        "categories": {"icp": 5, "byline": 10},
        "removed_chars_by_category": {"icp": 30, "byline": 50},
        "reject_reasons": {"binary": 3, "empty": 1},
        "seconds": 2.0,
        "megabytes_per_second": 1.25,
        "step_seconds": {"decode": 0.25, "convert": 1.0, "strip": 0.5},
        "samples": [
            {
                "path": "news/a.txt",
                "position": 7,
                "rule": "icp.licence-number",
                "category": "icp",
                "removed": "京ICP备12345678号\n",
                "before": "正文最后一句。\n",
                "after": "",
            },
            {
                "path": "news/b.txt",
                "position": 0,
                "rule": "byline.editor-line",
                "category": "byline",
                "removed": "（責任編輯：王小明）",
                "before": "",
                "after": "台北報導",
            },
        ],
        "rejects": [
            {"path": "img/logo.png", "reason": "binary", "detail": "PNG signature"},
            {"path": "blank.txt", "reason": "empty", "detail": "0 bytes"},
        ],
        "config": {"target": "s", "jobs": 2, "keep_categories": ["byline"]},
        "versions": {"corpus": "0.1.0", "opencc": "1.1.9"},
    }


def page_of(report: dict[str, object]) -> Page:
    return parse_html(render_html(report))


def chart(page: Page, name: str) -> Element:
    return page.root.find("svg", "chart", data_chart=name)


def bars(page: Page, name: str) -> list[Element]:
    return chart(page, name).find_all("g", "bar")


CHARTS = [
    ("encodings", {"utf-8": 800, "gb18030": 400, "big5": 30}),
    ("scripts", {"hans": 1000, "hant": 230}),
    ("rules", {"byline.editor-line": 10, "icp.licence-number": 5}),
    ("categories", {"byline": 50, "icp": 30}),
    ("steps", {"convert": 1.0, "strip": 0.5, "decode": 0.25}),
    ("reject_reasons", {"binary": 3, "empty": 1}),
]


@pytest.mark.parametrize(("name", "expected"), CHARTS, ids=[name for name, _ in CHARTS])
def test_each_chart_is_an_svg_with_one_bar_per_key_largest_first_labelled_with_its_key(
    name: str, expected: dict[str, float]
) -> None:
    found = bars(page_of(full_report()), name)
    assert [bar.attrs["data-key"] for bar in found] == list(expected)
    assert [bar.find("text", "label").text() for bar in found] == list(expected)
    assert [float(bar.attrs["data-value"]) for bar in found] == list(expected.values())
    assert all(len(bar.find_all("rect")) == 1 for bar in found)


def test_bar_lengths_are_proportional_to_their_values() -> None:
    widths = {
        bar.attrs["data-key"]: float(bar.find("rect").attrs["width"])
        for bar in bars(page_of(full_report()), "steps")
    }
    # convert 1.0 s, strip 0.5 s, decode 0.25 s: each bar half the one before (rounded to 0.1 unit)
    assert widths["strip"] == pytest.approx(widths["convert"] / 2, abs=0.1)
    assert widths["decode"] == pytest.approx(widths["convert"] / 4, abs=0.1)


@pytest.mark.parametrize(
    ("name", "key", "printed"),
    [
        ("encodings", "utf-8", "800"),
        ("steps", "convert", "1.000 s"),
        ("categories", "byline", "50 chars"),
    ],
    ids=["count", "seconds", "characters"],
)
def test_each_bar_prints_its_value_in_the_unit_of_its_chart(name: str, key: str, printed: str) -> None:
    bar = chart(page_of(full_report()), name).find("g", "bar", data_key=key)
    assert bar.find("text", "value").text() == printed


def test_a_chart_with_more_keys_than_fit_sums_the_smallest_into_one_other_bar() -> None:
    report = full_report()
    report["rules"] = {f"rule.{index:03d}": 1000 - index for index in range(MAX_BARS + 5)}
    found = bars(page_of(report), "rules")
    assert len(found) == MAX_BARS
    assert found[0].attrs["data-key"] == "rule.000"
    assert found[-1].attrs["data-key"] == "other (6 more)"
    # the six smallest rules are 039..044, worth 961 + 960 + ... + 956
    assert float(found[-1].attrs["data-value"]) == sum(range(956, 962))


def test_a_label_too_long_for_the_label_column_is_cut_but_its_tooltip_keeps_it_whole() -> None:
    long_rule = "copyright." + "very-long-rule-name-" * 5
    report = full_report()
    report["rules"] = {long_rule: 3}
    bar = bars(page_of(report), "rules")[0]
    label = bar.find("text", "label").text()
    assert label.endswith("…")
    assert len(label) < len(long_rule)
    assert bar.find("title").text() == f"{long_rule}: 3"


def test_the_summary_shows_the_totals_with_thousands_separators_and_human_sizes() -> None:
    summary = page_of(full_report()).root.find("section", id="summary")
    cards = {
        card.find("div", "label").text(): card.find("div", "value").text()
        for card in summary.find_all("div", "card")
    }
    assert cards["files read"] == "1,234"
    assert cards["documents written"] == "1,230"
    assert cards["files rejected"] == "4"
    assert cards["bytes in"] == "2.5 MB"
    assert cards["characters removed"] == "80"
    assert cards["wall time"] == "2.000 s"
    assert "1.2 MB/s" in summary.text()  # 1.25 MB/s, one decimal like the byte count
    assert "8.0% of input" in summary.text()


def test_the_rejects_table_has_one_row_per_rejected_file_with_reason_and_detail() -> None:
    rows = page_of(full_report()).root.find("table", "rejects").find("tbody").find_all("tr")
    cells = [[cell.text() for cell in row.find_all("td")] for row in rows]
    assert cells == [["img/logo.png", "binary", "PNG signature"], ["blank.txt", "empty", "0 bytes"]]


def test_when_the_report_lists_fewer_rejects_than_were_rejected_the_page_says_where_the_rest_are() -> None:
    report = full_report()
    report["rejected"] = 5000
    section = page_of(report).root.find("section", id="rejects")
    assert "The first 2 of 5,000 rejected files" in section.text()
    assert "rejects.jsonl" in section.text()


def test_removal_samples_are_grouped_by_rule_with_the_removed_text_between_its_grey_neighbours() -> None:
    section = page_of(full_report()).root.find("section", id="samples")
    rules = section.find_all("div", "rule")
    assert [rule.attrs["data-rule"] for rule in rules] == ["byline.editor-line", "icp.licence-number"]
    icp = section.find("div", "rule", data_rule="icp.licence-number")
    assert "1 of 5 shown" in icp.find("h3").text()
    context = icp.find("div", "context")
    assert context.attrs["lang"] == "zh"
    # line breaks are shown as ↵ and kept as breaks
    assert context.find("span", "before").text() == "正文最后一句。↵\n"
    assert context.find("del").text() == "京ICP备12345678号↵\n"
    assert context.find("span", "after").text() == ""
    assert icp.find("div", "where").text() == "news/a.txt"


def test_the_style_greys_the_context_and_marks_the_removed_text() -> None:
    style = page_of(full_report()).root.find("style").text()
    assert re.search(r"\.context \.before, \.context \.after \{ color: #[0-9a-f]{6}", style)
    assert re.search(r"\.context del \{ color: var\(--removed\); background: var\(--removed-bg\)", style)


def test_config_and_versions_are_listed_key_by_key() -> None:
    section = page_of(full_report()).root.find("section", id="settings")
    config = {
        row.find("th").text(): row.find("td").text() for row in section.find("table", "config").find_all("tr")
    }
    assert config == {"jobs": "2", "keep_categories": '["byline"]', "target": "s"}
    versions = section.find("table", "versions").text()
    assert "opencc" in versions
    assert "1.1.9" in versions


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize(
    "place",
    ["removed", "before", "after", "path", "rule", "reject-path", "reject-detail", "encoding", "config"],
)
def test_markup_inside_report_data_is_shown_as_text_never_run(place: str) -> None:
    report = full_report()
    samples = report["samples"]
    rejects = report["rejects"]
    assert isinstance(samples, list)
    assert isinstance(rejects, list)
    if place in ("removed", "before", "after", "path", "rule"):
        samples[0][place] = HOSTILE
    elif place == "reject-path":
        rejects[0]["path"] = HOSTILE
    elif place == "reject-detail":
        rejects[0]["detail"] = HOSTILE
    elif place == "encoding":
        report["encodings"] = {HOSTILE: 3}
    else:
        report["config"] = {HOSTILE: HOSTILE}
    html = render_html(report)
    page = parse_html(html)
    assert "script" not in page.start_tags
    assert "img" not in page.start_tags
    assert "<script>" not in html
    assert HOSTILE in page.root.text()


def test_control_characters_are_made_visible_and_lone_surrogates_replaced() -> None:
    assert escape_text("a\x00b\x0cc\x7f") == "a\u2400b\u240cc\u2421"
    assert escape_text("tab\tand\nnewline") == "tab\tand\nnewline"
    assert escape_text("bad\ud800half") == "bad\ufffdhalf"
    assert escape_text('"quoted" & <tag>') == "&quot;quoted&quot; &amp; &lt;tag&gt;"


def as_shown(text: str) -> str:
    """What the page should show for ``text``: controls as control pictures, DEL as ␡, broken halves of
    surrogate pairs as U+FFFD, and each run of line breaks as one ↵ per break followed by one break."""
    shown = []
    for index, char in enumerate(text):
        code = ord(char)
        if char == "\n":
            last_of_run = index + 1 == len(text) or text[index + 1] != "\n"
            shown.append("↵\n" if last_of_run else "↵")
        elif code < 0x20 and char != "\t":
            shown.append(chr(0x2400 + code))
        elif code == 0x7F:
            shown.append("\u2421")
        elif 0xD800 <= code <= 0xDFFF:
            shown.append("\ufffd")
        else:
            shown.append(char)
    return "".join(shown)


def test_a_blank_line_in_the_context_is_marked_twice_but_takes_one_break() -> None:
    report = full_report()
    report["samples"] = [
        {"path": "a", "rule": "r.x", "category": "r", "removed": "尾部", "before": "甲\n\n乙\n", "after": ""}
    ]
    assert page_of(report).root.find("span", "before").text() == "甲↵↵\n乙↵\n"


@given(st.text(alphabet=st.sampled_from("\n\t\x00\x7f<&>a字")) | st.text())
def test_any_removed_text_reads_back_exactly_inside_the_del_element(removed: str) -> None:
    report = full_report()
    report["samples"] = [
        {"path": "a", "rule": "r.x", "category": "r", "removed": removed, "before": "", "after": ""}
    ]
    page = page_of(report)
    assert "script" not in page.start_tags
    assert page.root.find("del").text() == as_shown(removed)


def test_an_empty_report_renders_without_charts_but_with_friendly_notes() -> None:
    page = page_of({})
    assert page.root.find_all("svg") == []
    notes = [element.text() for element in page.root.find_all("p", "empty")]
    assert "No document was decoded." in notes
    assert "Nothing removed: no boilerplate rule fired." in notes
    assert "Nothing removed." in notes
    assert "No file was rejected." in notes
    assert "No step timings recorded." in notes
    assert page.root.find_all("table", "rejects") == []
    summary = page.root.find("section", id="summary")
    assert {card.find("div", "value").text() for card in summary.find_all("div", "card")} == {"–"}
    assert summary.find_all("div", "detail") == []


def test_a_report_with_wrong_types_in_it_still_renders() -> None:
    report: dict[str, object] = {
        "files": "many",
        "encodings": {"utf-8": "three", "gbk": True, "big5": float("nan"), "cp950": 2},
        "samples": "none",
        "rejects": [1, 2],
        "chars": [],
    }
    page = page_of(report)
    assert [bar.attrs["data-key"] for bar in bars(page, "encodings")] == ["cp950"]
    assert "–" in page.root.find("section", id="summary").text()


def test_the_page_is_self_contained_utf8_with_no_scripts_links_or_remote_resources() -> None:
    html = render_html(full_report())
    page = parse_html(html)
    head = page.root.find("head")
    first = next(child for child in head.children if isinstance(child, Element))
    assert first.tag == "meta"
    assert first.attrs == {"charset": "utf-8"}
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.start_tags)
    for element in page.root.iter():
        assert "src" not in element.attrs
        assert element.attrs.get("href", "#").startswith("#")
    style = page.root.find("style").text()
    assert "@import" not in style
    assert "url(" not in style
    policy = page.root.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in policy


def test_chinese_text_is_written_as_characters_and_the_fonts_include_cjk_families() -> None:
    html = render_html(full_report())
    assert "京ICP备12345678号" in html
    assert "責任編輯" in html
    style = parse_html(html).root.find("style").text()
    assert '"Noto Sans CJK SC"' in style
    assert '"Microsoft YaHei"' in style
    assert '"PingFang SC"' in style


def test_every_navigation_link_points_at_a_section_on_the_page() -> None:
    page = page_of(full_report())
    targets = [link.attrs["href"][1:] for link in page.root.find("nav").find_all("a")]
    sections = [section.attrs["id"] for section in page.root.find_all("section")]
    assert targets == sections


def test_write_report_writes_report_html_beside_report_json_from_the_same_data(tmp_path: Path) -> None:
    report = RunReport()
    document = Document(
        id="a.txt",
        text="正文\n",
        source=Source.of("a.txt", "头部\n正文\n".encode()),
        encoding=EncodingInfo("gb18030", 0.99),
        script=ScriptInfo("hans", None, (), 0, "s"),
        events=(Event("strip", "removed", 0, 3, rule="nav.head", category="nav", excerpt="头部\n"),),
        chars_in=6,
    )
    report.add(TaskResult(document, (("strip", 0.5),)))
    report.add(TaskResult(Rejection("b.bin", "binary", "NUL bytes", size=4)))
    write_report(tmp_path, report, 1.0, {"target": "s"})
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html == render_html(data)
    page = parse_html(html)
    assert [bar.attrs["data-key"] for bar in bars(page, "encodings")] == ["gb18030"]
    assert [bar.attrs["data-key"] for bar in bars(page, "rules")] == ["nav.head"]
    assert page.root.find("del").text() == "头部↵\n"
    assert [cell.text() for cell in page.root.find("table", "rejects").find_all("td")] == [
        "b.bin",
        "binary",
        "NUL bytes",
    ]
    assert not list(tmp_path.glob("*.partial"))


def test_all_charts_of_a_page_start_their_bars_on_the_same_line() -> None:
    page = page_of(full_report())
    starts = {
        float(rect.attrs["x"]) for svg in page.root.find_all("svg", "chart") for rect in svg.find_all("rect")
    }
    assert len(starts) == 1


def test_a_rule_bar_has_the_colour_of_its_category_in_the_characters_removed_chart() -> None:
    report = full_report()
    report["rules"] = {"icp.licence-number": 5, "byline.editor-line": 10, "byline.author-line": 1}
    page = page_of(report)

    def fill(chart_name: str, key: str) -> str:
        return chart(page, chart_name).find("g", "bar", data_key=key).find("rect").attrs["fill"]

    assert fill("rules", "byline.editor-line") == fill("categories", "byline")
    assert fill("rules", "byline.author-line") == fill("categories", "byline")
    assert fill("rules", "icp.licence-number") == fill("categories", "icp")
    assert fill("categories", "byline") != fill("categories", "icp")
