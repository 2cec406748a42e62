"""``corpus strip``: stripped text on stdout, ``--explain`` lists removals, ``--keep`` and ``--rules``
change what goes, and every bad input is one line on stderr with the documented exit status."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CliInvoker

ARTICLE = (
    "首页 > 新闻 > 正文\n"
    "市图书馆延长夜间开放时间\n"
    "市图书馆昨天宣布，从下个月起，周一至周五的闭馆时间由晚上八点推迟到十点，方便下班后的读者借阅。\n"
    "馆方表示，延长开放所需的人手将通过招募志愿者解决，目前已有一百多人报名，首批志愿者已开始培训。\n"
    "责任编辑：王小明\n"
    "京ICP备12345678号-1\n"
)
BODY = ARTICLE.split("\n")[1:4]

USER_RULES = """
[[rule]]
id = "footer.demo-slogan"
description = "A site slogan written by a user rule file"
scope = "line"
patterns = ['^读书让城市更美好$']
strip = ["读书让城市更美好"]
keep = []
"""


def test_strip_writes_the_stripped_text_to_stdout(run_cli: CliInvoker) -> None:
    result = run_cli("strip", "-", input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    assert result.stdout == "\n".join(BODY) + "\n"
    assert result.stderr == ""


def test_explain_lists_every_removal_with_line_category_and_rule(run_cli: CliInvoker, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("strip", "--explain", str(source))
    assert result.exit_code == 0
    rows = [row.split("\t") for row in result.stdout.splitlines()]
    assert rows[0] == ["1", "nav", "nav.breadcrumb", "line", "首页 > 新闻 > 正文"]
    assert rows[1][:3] == ["5", "byline", "byline.editor-line"]
    assert rows[2][:3] == ["6", "licence", "licence.icp-number"]
    assert rows[-1] == ["# 3 lines and 0 spans removed"]


def test_keep_leaves_the_named_categories_in_place(run_cli: CliInvoker) -> None:
    result = run_cli("strip", "--keep", "byline,licence", "-", input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    assert "责任编辑：王小明" in result.stdout and "京ICP备12345678号-1" in result.stdout
    assert "首页 > 新闻 > 正文" not in result.stdout


def test_a_user_rule_file_adds_rules(run_cli: CliInvoker, tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text(USER_RULES, encoding="utf-8")
    lines = ARTICLE.split("\n")
    text = "\n".join([*lines[:3], "读书让城市更美好", *lines[3:]])
    plain = run_cli("strip", "-", input=text.encode("utf-8"))
    assert "读书让城市更美好" in plain.stdout
    result = run_cli("strip", "--rules", str(rules), "--explain", "-", input=text.encode("utf-8"))
    assert result.exit_code == 0
    assert "footer.demo-slogan" in result.stdout


def test_a_broken_rule_file_is_one_line_naming_file_and_rule_and_exit_1(
    run_cli: CliInvoker, tmp_path: Path
) -> None:
    rules = tmp_path / "broken.toml"
    rules.write_text(USER_RULES.replace("'^读书让城市更美好$'", "'^读书.*$'"), encoding="utf-8")
    result = run_cli("strip", "--rules", str(rules), "-", input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("corpus: error: ") and "broken.toml" in line and "footer.demo-slogan" in line


def test_an_unknown_category_is_a_usage_error(run_cli: CliInvoker) -> None:
    result = run_cli("strip", "--keep", "bylines", "-", input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "unknown boilerplate category: bylines" in line


def test_a_missing_file_is_a_usage_error(run_cli: CliInvoker, tmp_path: Path) -> None:
    result = run_cli("strip", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith("corpus: error: no such file")


def test_a_missing_rule_file_is_one_line_and_exit_1(run_cli: CliInvoker, tmp_path: Path) -> None:
    result = run_cli("strip", "--rules", str(tmp_path / "none.toml"), "-", input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "none.toml" in result.stderr


def test_empty_input_gives_empty_output_and_status_0(run_cli: CliInvoker, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    for args in (["strip"], ["strip", str(tmp_path / "empty.txt")]):
        result = run_cli(*args, input=b"")
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_binary_input_is_one_line_saying_it_cannot_be_stripped(run_cli: CliInvoker) -> None:
    result = run_cli("strip", "-", input=b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4)
    assert result.exit_code == 2
    assert result.stderr.startswith("corpus: error: cannot strip -: binary")
    assert result.stderr.count("\n") == 1
