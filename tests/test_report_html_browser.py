"""report.html in a real headless Chromium: the charts survive a browser's parser, and the page renders.

The unit tests in test_report_html.py read the page with Python's HTML parser; this test asks a browser.
Chromium loads the file with networking switched off, ``--dump-dom`` prints the DOM it built (after its
own parsing and error recovery, so a stray ``<script>`` would show up as an element here), and
``--screenshot`` proves the page paints. Developer machines may have no Chromium, so the test is skipped
with a reason when none is on PATH; CI installs Debian's ``chromium`` package.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.report_html import render_html
from tests.html_tree import Page, parse_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome")

BROWSER_TIMEOUT = 120
"""Seconds before a hung browser fails the test instead of hanging the suite; a cold start on a busy
2-core machine takes a few seconds, so this is a guard, not a measurement."""

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = find_browser()

pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason=f"no headless browser on PATH (looked for {', '.join(BROWSERS)}); "
    "install one, e.g. `apt-get install -y chromium`, to run this test",
)


def run_browser(profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=BROWSER_TIMEOUT, check=False)


REPORT: dict[str, object] = {
    "files": 6,
    "documents": 5,
    "rejected": 1,
    "bytes_in": 4096,
    "chars": {"in": 500, "out": 450, "removed": 40, "converted": 10},
    "encodings": {"utf-8": 3, "gb18030": 1, "big5": 1},
    "scripts": {"hans": 4, "hant": 1},
    "rules": {"icp.licence-number": 2, "byline.editor-line": 1},
    "removed_chars_by_category": {"icp": 30, "byline": 10},
    "reject_reasons": {"binary": 1},
    "step_seconds": {"convert": 0.2, "strip": 0.1},
    "samples": [
        {
            "path": "<script>document.title='pwned'</script>.txt",
            "rule": "icp.licence-number",
            "category": "icp",
            "removed": "沪ICP备00000000号<script>document.title='pwned'</script>",
            "before": "正文。\n",
            "after": "",
        }
    ],
    "rejects": [{"path": "logo.png", "reason": "binary", "detail": "PNG signature"}],
    "config": {"target": "s"},
    "versions": {"corpus": "0.1.0"},
}

EXPECTED_BARS = {
    "encodings": ["utf-8", "big5", "gb18030"],
    "scripts": ["hans", "hant"],
    "rules": ["icp.licence-number", "byline.editor-line"],
    "categories": ["icp", "byline"],
    "steps": ["convert", "strip"],
    "reject_reasons": ["binary"],
}


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    target.write_text(render_html(REPORT), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def dumped(report_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Page:
    profile = tmp_path_factory.mktemp("profile")
    result = run_browser(profile, "--dump-dom", report_file.as_uri())
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    return parse_html(result.stdout.decode("utf-8"))


def test_chromium_builds_one_svg_chart_per_counter_with_one_bar_per_key(dumped: Page) -> None:
    charts = {svg.attrs["data-chart"]: svg for svg in dumped.root.find_all("svg", "chart")}
    assert set(charts) == set(EXPECTED_BARS)
    for name, keys in EXPECTED_BARS.items():
        found = charts[name].find_all("g", "bar")
        assert [bar.attrs["data-key"] for bar in found] == keys, name
        assert all(len(bar.find_all("rect")) == 1 for bar in found), name


def test_chromium_shows_the_removal_in_context_and_runs_no_script_from_the_data(dumped: Page) -> None:
    assert "script" not in dumped.start_tags
    assert dumped.root.find("head").find("title").text() == "corpus run report"
    removed = dumped.root.find("del").text()
    assert removed == "沪ICP备00000000号<script>document.title='pwned'</script>"
    assert dumped.root.find("div", "where").text().startswith("<script>")


def test_chromium_paints_the_page_to_a_png(report_file: Path, tmp_path: Path) -> None:
    screenshot = tmp_path / "report.png"
    result = run_browser(
        tmp_path / "profile",
        f"--screenshot={screenshot}",
        "--window-size=1200,2000",
        "--hide-scrollbars",
        report_file.as_uri(),
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    # IHDR holds the width and height as big-endian integers right after the chunk type
    assert int.from_bytes(data[16:20], "big") == 1200
    assert int.from_bytes(data[20:24], "big") == 2000
