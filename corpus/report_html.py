"""Render a run's report.json data as one self-contained HTML page that a person can read.

``report.json`` is for machines; ``report.html`` is for the person who has to decide whether a run can be
trusted. It answers, at a glance: what came in (encodings, scripts), what the rules took out (rules fired,
characters per category, examples in context), what was refused and why, and where the time went.

The page is one file with no outside references: inline CSS, bar charts drawn as inline SVG here in
Python, no JavaScript, no web fonts, no network. It can be mailed, attached to an issue or opened from an
archive years later and still look the same. A Content-Security-Policy meta tag forbids scripts and
remote loads, as a second line of defence behind escaping: documents are arbitrary text, and a removed
excerpt or a file name may well contain ``<script>``.

Every string that comes from the report passes through :func:`escape_text`, which HTML-escapes it and
makes invisible control characters visible (a form feed in a removed footer should be seen, not silently
eat the line). The renderer is a pure function of the report data, so it is tested with plain
dictionaries and it renders a ``report.json`` from an older run as well as a fresh one: a missing
section shows a short "nothing here" note instead of failing.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

ValueFormat = Literal["count", "chars", "seconds"]
"""How a chart prints its numbers: plain counts, counts of characters, or seconds."""

MAX_BARS = 40
"""Bars drawn per chart; the rest are summed into one "other" bar. 40 rows stay readable on one screen
and cover every rule pack we ship (a few dozen rules)."""

LABEL_WIDTH_MAX = 260
"""Widest label column in a chart, in SVG units; longer labels are cut with an ellipsis and carry the
full text in a tooltip (``<title>``)."""

CHART_WIDTH = 960
BAR_HEIGHT = 22
BAR_GAP = 6
VALUE_WIDTH = 110
"""Room right of the longest bar for its printed value."""

CHAR_WIDTH = 7.2
"""Average advance of one narrow character at the 13px chart font; a wide (CJK) one counts twice. Used
only to size the label column: SVG cannot measure text without a script."""

PALETTE = {
    "encodings": "#3b6ea8",
    "scripts": "#2f8f6b",
    "steps": "#6a5aa8",
    "reject_reasons": "#8a6d1f",
}
"""One colour per chart, so each section is recognisable at a glance when scrolling."""

CATEGORY_COLOURS = (
    "#c0504d",
    "#4e79a7",
    "#e8883a",
    "#59a14f",
    "#b07aa1",
    "#9c755f",
    "#d4a72c",
    "#76b7b2",
    "#e17c9a",
    "#6b6ecf",
)
"""Boilerplate categories get colours of their own (Tableau-10-like hues, darkened for white text
contrast), shared by the rules chart, the characters-removed chart and the sample headings, so a rule's
bar shows which category it belongs to without a legend."""

OTHER_COLOUR = "#9a9a9a"

CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n"}
CONTROL_PICTURES[0x7F] = "\u2421"
"""C0 controls shown as their Unicode control pictures (U+2400 block): visible, and never parse errors."""

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"PingFang SC", "PingFang TC", "Hiragino Sans GB", "Microsoft YaHei", "Microsoft JhengHei", '
    '"Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)
"""System fonts only, with the usual CJK families of each platform named, so Chinese renders with a real
Chinese face everywhere without shipping a font."""

MONO_STACK = (
    'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", '
    '"Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Microsoft YaHei", monospace'
)


def escape_text(value: object) -> str:
    """HTML-escape any value for use in text or in a quoted attribute, with controls made visible.

    Lone surrogates (possible in JSON written by other tools) become U+FFFD, since they cannot be
    encoded as UTF-8 at all.

    >>> escape_text('<script>alert("x")</script>\\x0c')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;␌'
    """
    text = str(value).translate(CONTROL_PICTURES)
    if any("\ud800" <= char <= "\udfff" for char in text):
        text = "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)
    return html.escape(text, quote=True)


def _mapping(report: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = report.get(key)
    return value if isinstance(value, Mapping) else {}


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if math.isnan(value) or math.isinf(value):
        return None
    return float(value)


def _counter(report: Mapping[str, object], key: str) -> dict[str, float]:
    """A ``{label: number}`` section of the report, keeping only real, positive numbers."""
    counts: dict[str, float] = {}
    for label, value in _mapping(report, key).items():
        number = _number(value)
        if number is not None and number > 0:
            counts[str(label)] = number
    return counts


def _records(report: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = report.get(key)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def format_value(value: float, unit: ValueFormat) -> str:
    """How a chart or a summary card prints a number.

    >>> format_value(12345, "count"), format_value(0.01234, "seconds"), format_value(3, "chars")
    ('12,345', '0.012 s', '3 chars')
    """
    if unit == "seconds":
        return f"{value:,.3f} s" if value < 100 else f"{value:,.0f} s"
    text = f"{round(value):,}"
    if unit == "chars":
        return f"{text} char" if round(value) == 1 else f"{text} chars"
    return text


def format_bytes(size: float) -> str:
    """Bytes in decimal units, as disks and ``--shard-size`` count them.

    >>> format_bytes(999), format_bytes(1_234_567)
    ('999 B', '1.2 MB')
    """
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= factor:
            return f"{size / factor:,.1f} {unit}"
    return f"{size:,.0f} B"


def display_width(text: str) -> float:
    """Estimated width of ``text`` in narrow-character units: East Asian wide characters count two."""
    return sum(2.0 if ord(char) >= 0x1100 else 1.0 for char in text)


def _truncate(text: str, width: float) -> str:
    if display_width(text) <= width:
        return text
    kept = ""
    for char in text:
        if display_width(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart: the key it stands for and its value."""

    label: str
    value: float
    other_keys: int = 0
    """For the "other" bar only: how many keys were summed into it."""


def chart_bars(counts: Mapping[str, float]) -> list[Bar]:
    """Bars largest first (ties by label), at most :data:`MAX_BARS`, the rest summed into "other".

    >>> [(bar.label, bar.value) for bar in chart_bars({"b": 1, "a": 1, "c": 5})]
    [('c', 5), ('a', 1), ('b', 1)]
    """
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if len(ordered) <= MAX_BARS:
        return [Bar(label, value) for label, value in ordered]
    shown = ordered[: MAX_BARS - 1]
    rest = ordered[MAX_BARS - 1 :]
    other = Bar(f"other ({len(rest)} more)", sum(value for _, value in rest), other_keys=len(rest))
    return [*(Bar(label, value) for label, value in shown), other]


def label_column_width(labels: Iterable[str]) -> float:
    """Width of a chart's label column: room for the widest label, within 60 and :data:`LABEL_WIDTH_MAX`."""
    widest = max((display_width(label) for label in labels), default=0.0)
    return min(LABEL_WIDTH_MAX, max(60.0, widest * CHAR_WIDTH + 12))


def bar_chart(
    name: str,
    title: str,
    counts: Mapping[str, float],
    unit: ValueFormat,
    *,
    label_width: float | None = None,
    colours: Mapping[str, str] | None = None,
) -> str:
    """A horizontal bar chart as inline SVG: one ``<g class="bar" data-key=...>`` per key.

    Horizontal bars because the labels (encoding names, rule ids, file reasons) are words of very
    different lengths: written left of their bar they stay readable, where a vertical chart would need
    rotated or clipped labels. Each bar's ``<title>`` gives the full label and value as a tooltip.
    A page passes one ``label_width`` to all its charts so that their bars start on the same line;
    ``colours`` gives some keys their own colour (the default is the chart's colour).
    """
    bars = chart_bars(counts)
    if not bars:
        return ""
    colour = PALETTE.get(name, "#3b6ea8")
    if label_width is None:
        label_width = label_column_width(bar.label for bar in bars)
    label_room = (label_width - 12) / CHAR_WIDTH
    bar_room = CHART_WIDTH - label_width - VALUE_WIDTH
    largest = max(bar.value for bar in bars)
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    parts = [
        f'<svg class="chart" data-chart="{escape_text(name)}" role="img" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape_text(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        top = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        middle = top + BAR_HEIGHT / 2
        width = max(1.0, bar_room * bar.value / largest) if largest > 0 else 1.0
        value_text = format_value(bar.value, unit)
        fill = OTHER_COLOUR if bar.other_keys else (colours or {}).get(bar.label, colour)
        parts.append(
            f'<g class="bar" data-key="{escape_text(bar.label)}" data-value="{bar.value:g}">'
            f"<title>{escape_text(bar.label)}: {escape_text(value_text)}</title>"
            f'<text class="label" x="{label_width - 8:.1f}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="central">{escape_text(_truncate(bar.label, label_room))}</text>'
            f'<rect x="{label_width:.1f}" y="{top}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'rx="3" fill="{fill}"></rect>'
            f'<text class="value" x="{label_width + width + 6:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="central">{escape_text(value_text)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return f'<div class="chart-box">{"".join(parts)}</div>'


def _empty_note(text: str) -> str:
    return f'<p class="empty">{escape_text(text)}</p>'


def _section(section_id: str, title: str, body: str, note: str = "") -> str:
    lead = f'<p class="note">{escape_text(note)}</p>' if note else ""
    return (
        f'<section id="{section_id}"><h2>{escape_text(title)}</h2>{lead}'
        f'<div class="body">{body}</div></section>'
    )


@dataclass(frozen=True, slots=True)
class ChartStyle:
    """What the charts of one page share: the label column width and the colours of categories."""

    label_width: float
    category_colours: Mapping[str, str]
    rule_colours: Mapping[str, str]


def category_of(rule: str, samples: Sequence[Mapping[str, object]]) -> str:
    """A rule's category: as recorded in a sample, else the part of its id before the dot."""
    for sample in samples:
        if sample.get("rule") == rule and sample.get("category"):
            return str(sample["category"])
    return rule.split(".", 1)[0]


def chart_style(report: Mapping[str, object]) -> ChartStyle:
    labels = [
        label
        for key in (
            "encodings",
            "scripts",
            "rules",
            "removed_chars_by_category",
            "step_seconds",
            "reject_reasons",
        )
        for label in _counter(report, key)
    ]
    samples = _records(report, "samples")
    rule_categories = {rule: category_of(rule, samples) for rule in _counter(report, "rules")}
    categories = sorted(set(_counter(report, "removed_chars_by_category")) | set(rule_categories.values()))
    category_colours = {
        category: CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)] for index, category in enumerate(categories)
    }
    return ChartStyle(
        label_width=label_column_width(labels),
        category_colours=category_colours,
        rule_colours={rule: category_colours[category] for rule, category in rule_categories.items()},
    )


def _chart_section(
    section_id: str,
    title: str,
    counts: Mapping[str, float],
    unit: ValueFormat,
    note: str,
    empty: str,
    style: ChartStyle,
    colours: Mapping[str, str] | None = None,
) -> str:
    chart = bar_chart(section_id, title, counts, unit, label_width=style.label_width, colours=colours)
    return _section(section_id, title, chart if chart else _empty_note(empty), note if chart else "")


def _card(label: str, value: str, detail: str = "") -> str:
    extra = f'<div class="detail">{escape_text(detail)}</div>' if detail else ""
    return (
        f'<div class="card"><div class="value">{escape_text(value)}</div>'
        f'<div class="label">{escape_text(label)}</div>{extra}</div>'
    )


def _summary(report: Mapping[str, object]) -> str:
    chars = _mapping(report, "chars")

    def count(value: object) -> str:
        number = _number(value)
        return "–" if number is None else format_value(number, "count")

    def ratio(part: object, whole: object) -> str:
        numerator, denominator = _number(part), _number(whole)
        if numerator is None or not denominator:
            return ""
        return f"{100 * numerator / denominator:.1f}% of input"

    bytes_in = _number(report.get("bytes_in"))
    seconds = _number(report.get("seconds"))
    speed = _number(report.get("megabytes_per_second"))
    cards = [
        _card("files read", count(report.get("files"))),
        _card("documents written", count(report.get("documents"))),
        _card("files rejected", count(report.get("rejected"))),
        _card(
            "bytes in",
            format_bytes(bytes_in) if bytes_in is not None else "–",
            count(bytes_in) if bytes_in is not None and bytes_in >= 1000 else "",
        ),
        _card(
            "wall time",
            format_value(seconds, "seconds") if seconds is not None else "–",
            f"{format_bytes(speed * 1e6)}/s" if speed is not None else "",
        ),
        _card("characters in", count(chars.get("in"))),
        _card("characters out", count(chars.get("out")), ratio(chars.get("out"), chars.get("in"))),
        _card(
            "characters removed",
            count(chars.get("removed")),
            ratio(chars.get("removed"), chars.get("in")),
        ),
        _card(
            "characters converted",
            count(chars.get("converted")),
            ratio(chars.get("converted"), chars.get("in")),
        ),
    ]
    return f'<div class="cards">{"".join(cards[:5])}</div><div class="cards">{"".join(cards[5:])}</div>'


def _rejects(report: Mapping[str, object], style: ChartStyle) -> str:
    reasons = _counter(report, "reject_reasons")
    records = _records(report, "rejects")
    rejected = _number(report.get("rejected")) or float(len(records))
    if not reasons and not records:
        return _section("rejects", "Rejected files", _empty_note("No file was rejected."))
    chart = bar_chart(
        "reject_reasons", "Rejected files per reason", reasons, "count", label_width=style.label_width
    )
    rows = "".join(
        "<tr>"
        f'<td class="path">{escape_text(item.get("path", ""))}</td>'
        f'<td><span class="reason">{escape_text(item.get("reason", ""))}</span></td>'
        f'<td class="detail">{escape_text(item.get("detail", ""))}</td>'
        "</tr>"
        for item in records
    )
    table = (
        '<table class="rejects"><thead><tr><th>file</th><th>reason</th><th>detail</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    note = "Every rejected file is listed in rejects.jsonl beside this report."
    if len(records) < rejected:
        note = (
            f"The first {len(records):,} of {round(rejected):,} rejected files are listed here; "
            "all of them are in rejects.jsonl beside this report."
        )
    return _section("rejects", "Rejected files", chart + table, note)


def _context_html(before: str, removed: str, after: str) -> str:
    """One removal between its neighbours: the context grey, the removed text struck through in red.

    Each line break is shown as ``↵``, and a run of them becomes one real break, so a removed line
    still reads as a line but a blank line between paragraphs does not double the height of every
    sample. The context comes from the cleaned text, so "before" and "after" are exactly what now
    stand side by side.
    """

    def pieces(text: str) -> str:
        return "".join(
            f'<span class="newline">{"↵" * len(piece)}</span>\n'
            if piece.startswith("\n")
            else escape_text(piece)
            for piece in re.split(r"(\n+)", text)
            if piece
        )

    return (
        f'<div class="context" lang="zh"><span class="before">{pieces(before)}</span>'
        f"<del>{pieces(removed)}</del>"
        f'<span class="after">{pieces(after)}</span></div>'
    )


def _samples(report: Mapping[str, object], style: ChartStyle) -> str:
    samples = _records(report, "samples")
    rules = _counter(report, "rules")
    if not samples:
        return _section(
            "samples", "Removals in context", _empty_note("Nothing removed: no boilerplate rule fired.")
        )
    by_rule: dict[str, list[Mapping[str, object]]] = {}
    for sample in samples:
        by_rule.setdefault(str(sample.get("rule", "?")), []).append(sample)
    blocks = []
    for rule in sorted(by_rule):
        items = by_rule[rule]
        category = str(items[0].get("category", "?"))
        swatch = style.category_colours.get(category, OTHER_COLOUR)
        fired = rules.get(rule)
        shown = f"{len(items)} of {round(fired):,} shown" if fired else f"{len(items)} shown"
        entries = "".join(
            '<li class="sample">'
            f'<div class="where">{escape_text(item.get("path", ""))}</div>'
            + _context_html(
                str(item.get("before", "")), str(item.get("removed", "")), str(item.get("after", ""))
            )
            + "</li>"
            for item in items
        )
        blocks.append(
            f'<div class="rule" data-rule="{escape_text(rule)}">'
            f'<h3><code>{escape_text(rule)}</code> <span class="category">'
            f'<span class="swatch" style="background: {swatch}"></span>{escape_text(category)}</span>'
            f' <span class="shown">{escape_text(shown)}</span></h3>'
            f'<ol class="samples">{entries}</ol></div>'
        )
    note = (
        "For each rule, the first removals by file and position. Grey: the text now on either side; "
        "red and struck through: what the rule removed; ↵ marks a line break."
    )
    return _section("samples", "Removals in context", "".join(blocks), note)


def _value_cell(value: object) -> str:
    """Strings as they are, anything else as JSON (``null``, ``true``, ``["byline"]``)."""
    if isinstance(value, str):
        return escape_text(value)
    return escape_text(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _key_value_table(items: Iterable[tuple[str, object]], css_class: str) -> str:
    rows = "".join(
        f"<tr><th>{escape_text(key)}</th><td>{_value_cell(value)}</td></tr>" for key, value in items
    )
    return f'<table class="{css_class}"><tbody>{rows}</tbody></table>' if rows else ""


def _settings(report: Mapping[str, object]) -> str:
    config = _key_value_table(sorted(_mapping(report, "config").items()), "config")
    versions = _key_value_table(sorted(_mapping(report, "versions").items()), "versions")
    body = ""
    body += "<h3>Configuration</h3>" + (config or _empty_note("No configuration recorded."))
    body += "<h3>Versions</h3>" + (versions or _empty_note("No versions recorded."))
    return _section("settings", "Configuration and versions", body)


SECTIONS: Sequence[tuple[str, str]] = (
    ("summary", "Summary"),
    ("encodings", "Encodings"),
    ("scripts", "Scripts"),
    ("rules", "Rules fired"),
    ("categories", "Characters removed"),
    ("steps", "Time per step"),
    ("rejects", "Rejected files"),
    ("samples", "Removals in context"),
    ("settings", "Configuration and versions"),
)

STYLE = f"""
:root {{ color-scheme: light; --ink: #1f2328; --muted: #6a737d; --line: #d8dee4; --paper: #ffffff;
  --panel: #f6f8fa; --removed: #b42318; --removed-bg: #fde8e6; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; background: var(--panel); color: var(--ink); font: 15px/1.5 {FONT_STACK}; }}
main {{ max-width: 1100px; margin: 0 auto; padding: 24px 24px 64px; }}
header h1 {{ margin: 0 0 4px; font-size: 26px; }}
header p {{ margin: 0; color: var(--muted); }}
nav {{ margin: 16px 0 8px; display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 14px; }}
nav a {{ color: #0b61c4; text-decoration: none; }}
section {{ background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 16px 20px; margin: 16px 0; }}
h2 {{ margin: 0 0 8px; font-size: 19px; }}
h3 {{ font-size: 15px; margin: 18px 0 6px; }}
.note {{ color: var(--muted); margin: 0 0 10px; font-size: 14px; }}
.empty {{ color: var(--muted); font-style: italic; margin: 4px 0; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px;
  margin-bottom: 10px; }}
.card {{ border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--panel); }}
.card .value {{ font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }}
.card .label {{ color: var(--muted); font-size: 13px; }}
.card .detail {{ color: var(--muted); font-size: 12px; }}
.chart-box {{ overflow-x: auto; }}
svg.chart {{ display: block; max-width: 100%; min-width: 600px; height: auto; font: 13px {FONT_STACK}; }}
svg.chart text.label {{ fill: var(--ink); }}
svg.chart text.value {{ fill: var(--muted); font-variant-numeric: tabular-nums; }}
svg.chart g.bar:hover rect {{ opacity: 0.8; }}
table {{ border-collapse: collapse; width: 100%; font-size: 14px; margin-top: 10px; }}
th, td {{ text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }}
thead th {{ background: var(--panel); }}
td.path, .where {{ font-family: {MONO_STACK}; word-break: break-all; }}
td.detail {{ color: var(--muted); }}
.reason {{ background: #fff4d6; border: 1px solid #eedc9a; border-radius: 4px; padding: 0 6px;
  white-space: nowrap; }}
table.config th, table.versions th {{ width: 28%; font-weight: 500; font-family: {MONO_STACK}; }}
table.config td, table.versions td {{ font-family: {MONO_STACK}; word-break: break-all; }}
.rule {{ border-top: 1px solid var(--line); padding-top: 4px; }}
.rule:first-child {{ border-top: none; }}
.rule h3 code {{ font-family: {MONO_STACK}; }}
.category {{ background: var(--panel); border: 1px solid var(--line); border-radius: 4px;
  padding: 0 6px; font-weight: 400; font-size: 13px; }}
.swatch {{ display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 5px; }}
.shown {{ color: var(--muted); font-weight: 400; font-size: 13px; }}
ol.samples {{ list-style: none; padding: 0; margin: 0; }}
li.sample {{ margin: 6px 0 12px; }}
.where {{ color: var(--muted); font-size: 12px; }}
.context {{ white-space: pre-wrap; word-break: break-word; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; line-height: 1.7; }}
.context .before, .context .after {{ color: #6e7781; }}
.context del {{ color: var(--removed); background: var(--removed-bg); text-decoration-thickness: 1px;
  text-decoration-color: rgba(180, 35, 24, 0.55); border-radius: 3px; padding: 0 1px; }}
.newline {{ color: #a0a8b0; font-size: 12px; }}
.context del .newline {{ color: var(--removed); }}
footer {{ color: var(--muted); font-size: 13px; text-align: center; }}
@media (max-width: 640px) {{
  main {{ padding: 12px 8px 40px; }}
  section {{ padding: 12px 10px; }}
  .card .value {{ font-size: 19px; }}
}}
@media print {{
  body {{ background: #fff; }}
  nav {{ display: none; }}
  section {{ border: none; padding: 0; }}
  svg.chart, li.sample, tr {{ break-inside: avoid; }}
}}
"""

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""No scripts, no remote anything: the page needs nothing but its own inline CSS."""


def render_html(report: Mapping[str, object]) -> str:
    """The whole report page for ``report.json`` data (see :meth:`corpus.report.RunReport.as_dict`)."""
    versions = _mapping(report, "versions")
    version = versions.get("corpus")
    subtitle = f"corpus {version}" if version else "corpus"
    nav = "".join(f'<a href="#{key}">{escape_text(title)}</a>' for key, title in SECTIONS)
    style = chart_style(report)
    body = [
        _section("summary", "Summary", _summary(report)),
        _chart_section(
            "encodings",
            "Encodings",
            _counter(report, "encodings"),
            "count",
            "Documents per detected source encoding.",
            "No document was decoded.",
            style,
        ),
        _chart_section(
            "scripts",
            "Scripts",
            _counter(report, "scripts"),
            "count",
            "Documents per script verdict before conversion.",
            "No script verdicts recorded.",
            style,
        ),
        _chart_section(
            "rules",
            "Rules fired",
            _counter(report, "rules"),
            "count",
            "Removals per boilerplate rule, coloured by the rule's category (as in the next chart).",
            "Nothing removed: no boilerplate rule fired.",
            style,
            style.rule_colours,
        ),
        _chart_section(
            "categories",
            "Characters removed",
            _counter(report, "removed_chars_by_category"),
            "chars",
            "Characters removed per boilerplate category.",
            "Nothing removed.",
            style,
            style.category_colours,
        ),
        _chart_section(
            "steps",
            "Time per step",
            _counter(report, "step_seconds"),
            "seconds",
            "Seconds spent in each step, summed over all workers (so it can exceed the wall time).",
            "No step timings recorded.",
            style,
        ),
        _rejects(report, style),
        _samples(report, style),
        _settings(report),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>corpus run report</title>\n"
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<header><h1>Run report</h1><p>{escape_text(subtitle)}</p></header>\n"
        f"<nav>{nav}</nav>\n" + "\n".join(body) + "\n"
        "<footer>Written by corpus beside report.json, which holds the same numbers.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
