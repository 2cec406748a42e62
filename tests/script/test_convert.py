"""Specification of the script conversion step (issue 5).

Expected outputs were checked by hand against the character tables (這->这, 說->说, 著->着 as a Taiwan
particle); none was copied from the code's own output.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.document import Document, Source, apply_events
from corpus.errors import UsageError
from corpus.script.convert import ScriptConverter, analyze, changed_characters, convert, convert_with_opencc
from corpus.script.engine import converter
from corpus.script.spans import HAN, CharacterSet, tables

TARGETS = ("s", "t", "tw", "twp", "hk")
TRADITIONAL_TARGETS = ("t", "tw", "twp", "hk")


def document(text: str) -> Document:
    return Document(id="d", text=text, source=Source.of("d", text.encode("utf-8", "surrogatepass")))


# --- converting what is in the other script -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他說這個東西很好", "他说这个东西很好"),
        ("我們應該買下來。", "我们应该买下来。"),
        ("後來他們發現了問題", "后来他们发现了问题"),
    ],
    ids=["sentence", "with-full-stop", "hou-and-fa"],
)
def test_traditional_text_becomes_simplified(text: str, expected: str) -> None:
    assert convert(text) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [("t", "我們的軟件"), ("tw", "我們的軟件"), ("twp", "我們的軟體"), ("hk", "我們的軟件")],
    ids=["t", "tw", "twp", "hk"],
)
def test_simplified_text_becomes_the_requested_traditional_variant(target: str, expected: str) -> None:
    assert convert("我们的软件", to=target) == expected  # type: ignore[arg-type]


def test_taiwan_particle_zhe_is_converted_because_the_region_is_inferred() -> None:
    """t2s leaves 著 alone; Taiwan text (here marked by 裡) uses it for the particle 着 (OpenCC #555)."""
    result = analyze("他在這裡看著我們")
    assert result.text == "他在这里看着我们"
    assert result.region == "tw"
    assert result.configs == ("tw2s",)


def test_hong_kong_variants_choose_hk2s() -> None:
    result = analyze("他説這個問題很重要")
    assert result.text == "他说这个问题很重要"
    assert result.region == "hk"
    assert result.configs == ("hk2s",)


def test_traditional_without_regional_marks_uses_t2s() -> None:
    result = analyze("這是一個問題")
    assert result.region is None
    assert result.configs == ("t2s",)
    assert result.verdict == "hant"


# --- leaving alone what is already in the target script -------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["这个坏了，什么时候修？", "他看着我，笑了。", "系统里的岳飞传", "台湾的干部了解情况"],
    ids=["huai-and-shenme", "zhe-particle", "xi-li-yue", "tai-gan-le"],
)
def test_simplified_text_converted_to_simplified_is_byte_identical(text: str) -> None:
    assert convert(text) == text


@pytest.mark.parametrize("target", TRADITIONAL_TARGETS, ids=TRADITIONAL_TARGETS)
@pytest.mark.parametrize(
    "text",
    ["系統裡的岳飛傳說", "臺北的天氣很好，我們出去走走。", "著作權屬於作者"],
    ids=["xi-tong-yue", "taipei", "zhu-zuo"],
)
def test_traditional_text_converted_to_traditional_is_byte_identical(text: str, target: str) -> None:
    """s2twp would turn 系統 into 係統 and s2t 岳 into 嶽; already-Traditional text is never reconverted."""
    assert convert(text, to=target) == text  # type: ignore[arg-type]


def test_mixed_document_converts_only_the_traditional_paragraph() -> None:
    simplified = "这个坏了，我们明天再修。\n"
    traditional = "這個壞了，我們明天再修。\n"
    result = analyze(simplified + traditional + simplified)
    assert result.text == simplified * 3
    converted = [(event.start, event.end) for event in result.events]
    assert converted == [(len(simplified), len(simplified) + len(traditional) - 1)]


def test_mixed_sentence_converts_only_its_traditional_clause() -> None:
    assert convert("他说这个坏了，但是這個問題很大。") == "他说这个坏了，但是这个问题很大。"


# --- never touching what is not Chinese ------------------------------------------------------------


NON_CHINESE = {
    "english": "The quick brown fox jumps over the lazy dog.",
    "code": "def f(x):\n    return {'a': [1, 2, 3]}  # comment\n",
    "url": "https://example.org/path?q=1&lang=zh-TW#section",
    "emoji": "👍🏽 🇹🇼 🀄 ❤️",
    "full-width-ascii": "ＡＢＣ１２３！＠＃",
    "corner-quotes": "「」『』（）【】《》——……",
    "japanese": "東京の会社に行きました。学校で勉強します。",
    "korean": "대한민국 國語 漢字 학교에 갑니다.",
}


@pytest.mark.parametrize("target", TARGETS, ids=TARGETS)
@pytest.mark.parametrize("text", NON_CHINESE.values(), ids=NON_CHINESE.keys())
def test_non_chinese_text_is_byte_identical(text: str, target: str) -> None:
    assert convert(text, to=target) == text  # type: ignore[arg-type]


def test_japanese_document_is_recognized_and_left_alone() -> None:
    result = analyze("東京の会社に行きました。会議は長かった。")
    assert result.verdict == "japanese"
    assert result.events == ()


def test_a_japanese_quote_inside_a_chinese_document_is_not_converted() -> None:
    chinese = "這個問題我們討論了很久，後來大家都同意了這個結論。" * 8
    quote = "他說：「ありがとう」。"
    result = convert(chinese + quote)
    assert result.endswith("他说：「ありがとう」。")
    assert "们" in result


def test_a_traditional_page_with_kana_past_its_start_skips_the_mixed_way_and_keeps_the_quote() -> None:
    """Written for this test: 300 characters of Traditional prose, then a Japanese quote, past the
    256 characters the step probes before screening the whole text. The whole screen has then found
    the kana, so the step does not try the mixed way (which gives up on kana) and plans piece by
    piece: the quote stays, the prose is converted."""
    convert_module = importlib.import_module("corpus.script.convert")
    chinese = "這個問題我們討論了很久，後來大家都同意了這個結論。" * 12
    text = chinese + "他說：「ありがとう」。"
    with mock.patch.object(convert_module, "_mixed_to_simplified", side_effect=AssertionError):
        result = ScriptConverter.for_target("s")(document(text))
    assert result.text == "这个问题我们讨论了很久，后来大家都同意了这个结论。" * 12 + "他说：「ありがとう」。"
    assert result.events == analyze(text).events


DECIDED = st.tuples(
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["hans", "hant", "ambiguous"]),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(DECIDED, max_size=12))
def test_neighbouring_pieces_with_the_same_verdict_and_decision_are_joined(
    pieces: list[tuple[int, str, bool]],
) -> None:
    """_merge joins a piece into the span before it exactly when both have the same verdict and
    decision; checked against joining the spans one piece at a time."""
    convert_module = importlib.import_module("corpus.script.convert")
    decided = []
    start = 0
    for length, verdict, converted in pieces:
        decided.append((start, start + length, verdict, converted))
        start += length
    expected: list[tuple[int, int, str, str | None]] = []
    for piece_start, piece_end, verdict, converted in decided:
        config = "t2s" if converted else None
        if expected and expected[-1][2:] == (verdict, config):
            expected[-1] = (expected[-1][0], piece_end, verdict, config)
        else:
            expected.append((piece_start, piece_end, verdict, config))
    merged = convert_module._merge(decided, "t2s")
    assert [(span.start, span.end, span.verdict, span.config) for span in merged] == expected


def test_korean_document_keeps_its_hanja() -> None:
    text = "大韓民國의 首都는 서울입니다. 學校에서 漢字를 배웁니다."
    assert analyze(text).verdict == "korean"
    assert convert(text) == text


# --- compatibility ideographs and invalid code points ----------------------------------------------


def test_compatibility_ideographs_are_normalized_with_an_event() -> None:
    """U+F900 is a compatibility form of 豈 (U+8C48); in Traditional text it stays 豈, unified."""
    text = "這是\uf900字"
    result = analyze(text, to="t")
    assert result.text == "這是\u8c48字"
    assert [(event.action, event.start, event.end) for event in result.events] == [("normalized", 2, 3)]


def test_compatibility_ideograph_in_traditional_text_is_normalized_then_converted() -> None:
    assert convert("這是\uf900字") == "这是岂字"


@pytest.mark.parametrize("target", TARGETS, ids=TARGETS)
def test_lone_surrogates_pass_through_without_crashing(target: str) -> None:
    text = "這\ud800是\udfff说"
    out = convert(text, to=target)  # type: ignore[arg-type]
    assert "\ud800" in out and "\udfff" in out


def test_unknown_target_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        convert("漢字", to="x")  # type: ignore[arg-type]


# --- the pipeline step ------------------------------------------------------------------------------


def test_step_events_replay_to_its_output_and_record_the_script() -> None:
    text = "第一行：這裡。\nsecond line\n第三行：說話"
    converted = ScriptConverter.for_target("s")(document(text))
    assert converted.text == "第一行：这里。\nsecond line\n第三行：说话"
    events = converted.events_of("convert")
    assert apply_events(text, events) == converted.text
    assert [(event.start, event.end) for event in events] == [(0, 7), (20, 26)]
    assert converted.script is not None
    assert converted.script.verdict == "hant"
    assert converted.script.changed_chars == 4  # 這 裡 說 話
    assert converted.script.target == "s"


def test_step_is_cached_per_target_and_immutable() -> None:
    step = ScriptConverter.for_target("tw")
    assert step is ScriptConverter.for_target("tw")
    assert step is not ScriptConverter.for_target("s")
    assert step.name == "convert"
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.target = "s"  # type: ignore[misc]


def test_step_on_a_document_with_nothing_to_convert_adds_no_events() -> None:
    converted = ScriptConverter.for_target("s")(document("这是简体。"))
    assert converted.events == ()
    assert converted.script is not None and converted.script.changed_chars == 0


@pytest.mark.parametrize(
    "text",
    ["這是㑮字。", "這是㑮字，我们的软件說得很好。"],
    ids=["traditional", "mixed"],
)
def test_a_tofu_risk_character_is_converted_as_the_official_config_converts_it(text: str) -> None:
    """㑮 is a key of TSCharactersExt only (㑮 -> 𫝈); documents holding one are converted with the
    full config, whichever way they take."""
    assert "𫝈" in convert(text)
    assert "㑮" not in ScriptConverter.for_target("s")(document(text)).text


def test_changed_characters_counts_positions_that_differ() -> None:
    assert changed_characters("這裡有書", "这里有书") == 3
    assert changed_characters("abc", "abc") == 0
    assert changed_characters("ab", "abc") == 3


WHERE_SCREENED = "著於像\U00020000"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from([*"著於像的，\n", "\U00020000"]), max_size=80),
    first=st.sets(st.sampled_from([*"著於像的", "\U00020000"])),
    wanted=st.sets(st.sampled_from([*"著於像的", "\U00020000"])),
    one_pass=st.sampled_from([0, 256]),
)
def test_where_gives_the_positions_of_the_screened_characters_asked_for_in_text_order(
    text: str, first: set[str], wanted: set[str], one_pass: int
) -> None:
    """_where looks positions up per character (str.find), or several characters in one pass along
    the screen's finds (which put an astral character last; always taken with _ONE_PASS at 0), and
    remembers them; asked again, or for a character the screen did not find (的), it must give
    what a scan of every character gives."""
    convert_module = importlib.import_module("corpus.script.convert")
    characters = CharacterSet.of(WHERE_SCREENED).findall(text)
    present = frozenset(characters)
    with (
        mock.patch.object(convert_module, "_ONE_PASS", one_pass),
        mock.patch.object(convert_module, "_ONE_PASS_TEXT", 1 if one_pass == 0 else 8192),
    ):
        where = convert_module._where(text, present, characters)
        for asked in (first, wanted, wanted):
            expected = [i for i, c in enumerate(text) if c in asked and c in present]
            assert where(frozenset(asked)) == expected


# A, Ł (U+0141) and 乁 (U+4E41) share their low byte, so pairs of them differ in the high byte only;
# a, c and e differ from one another in one low bit (1 or 2) only, which the fold must carry down.
CHANGE_ALPHABET = st.sampled_from(
    list("這这說说a1ce，\n\uf900\U00020000\U0002a700\ud800\udfff\uffff\u0100AŁ乁")
)


@settings(max_examples=500, deadline=None)
@given(pairs=st.lists(st.tuples(CHANGE_ALPHABET, CHANGE_ALPHABET), max_size=40))
def test_changed_characters_equals_a_count_of_the_differing_positions(
    pairs: list[tuple[str, str]],
) -> None:
    """Equal lengths are compared in UTF-16 units when neither side goes beyond U+FFFF and in
    UTF-32 units otherwise; either way the count is that of the code points that differ, astral
    characters and lone surrogates included."""
    old = "".join(first for first, _ in pairs)
    new = "".join(second for _, second in pairs)
    expected = sum(first != second for first, second in pairs)
    assert changed_characters(old, new) == expected
    # Texts longer than the kept masks build theirs on the spot: the same count.
    with mock.patch("corpus.script.convert._CACHED_UNIT_BITS", 2):
        assert changed_characters(old, new) == expected


# --- properties -------------------------------------------------------------------------------------

HAN_SAMPLE = (
    "這这說说們们裡里著着乾干係系臺台後后發发髮麼么岳嶽了瞭坏壞的是在有我他你和不人中國国大為为"
    "\uf900\uf901\U00020000\U0002a700"
)
MIXED_ALPHABET = st.sampled_from(
    list(HAN_SAMPLE) + list("，。！？、：；「」『』\n abcXYZ123ＡＢ１あいカ한글") + ["\ud800", "\udc00"]
)
mixed_text = st.text(alphabet=MIXED_ALPHABET, max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=mixed_text, target=st.sampled_from(TARGETS))
def test_conversion_is_idempotent(text: str, target: str) -> None:
    once = convert(text, to=target)  # type: ignore[arg-type]
    assert convert(once, to=target) == once  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(text=mixed_text, target=st.sampled_from(TARGETS))
def test_events_replay_to_the_output(text: str, target: str) -> None:
    result = analyze(text, to=target)  # type: ignore[arg-type]
    assert apply_events(text, result.events) == result.text
    assert result.text == convert(text, to=target)  # type: ignore[arg-type]


def _table_alphabet() -> list[str]:
    """Every evidence character, the regional markers and compatibility ideographs, plus punctuation:
    the characters where conversion decisions are made."""
    import json
    from importlib import resources

    data = json.loads(
        resources.files("corpus.script").joinpath("data", "script_chars.json").read_text(encoding="utf-8")
    )
    characters = set(data["simplified_only"]) | set(data["traditional_only"]) | set(data["compatibility"])
    characters |= set(data["taiwan"] + data["hongkong"] + "的是在有我他你和不人中大，。「」\n ab")
    return sorted(characters)


@settings(max_examples=1000, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(_table_alphabet()), max_size=40),
    target=st.sampled_from(TARGETS),
)
def test_conversion_is_idempotent_over_every_table_character(text: str, target: str) -> None:
    once = convert(text, to=target)  # type: ignore[arg-type]
    assert convert(once, to=target) == once  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(text=st.text(), target=st.sampled_from(TARGETS))
def test_text_without_han_is_byte_identical(text: str, target: str) -> None:
    if HAN.search(text):
        text = HAN.sub("", text)
    assert convert(text, to=target) == text  # type: ignore[arg-type]


SIMPLIFIED_ONLY_ALPHABET = st.sampled_from(
    list("这说们里着干系台后发么岳了坏的是在有我他你和不人中国大为，。\n「」 ab")
)
TRADITIONAL_ONLY_ALPHABET = st.sampled_from(
    list("這說們裡著乾係臺後發髮麼嶽瞭壞的是在有我他你和不人中國大為，。\n「」 ab")
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=SIMPLIFIED_ONLY_ALPHABET, max_size=60))
def test_simplified_text_is_never_changed_by_the_simplified_target(text: str) -> None:
    assert convert(text, to="s") == text


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=TRADITIONAL_ONLY_ALPHABET, max_size=60), target=st.sampled_from(TRADITIONAL_TARGETS)
)
def test_traditional_text_is_never_changed_by_a_traditional_target(text: str, target: str) -> None:
    assert convert(text, to=target) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("config", ["tw2s", "hk2s"], ids=["tw2s", "hk2s"])
@pytest.mark.parametrize(
    "text",
    [
        "他在這裡等著你。我們都很好。",
        "他說這個問題很重要，沒有人待著不動。\n下一段沒有那個字。",
        "衞生署的報告說，這件事還沒有結果。衛星發射成功。",
        "沒有任何特別的字。",
        "著作權屬於作者；他看著窗外。",
        "這是一部名著，他看著它。",
        "他憑藉著努力，成績顯著，大家都跟著學。",
        "他看著書，說著話，怎么辦。",
        "著",
    ],
    ids=[
        "zhe-particle",
        "dai-zhe-phrase",
        "wei-variant",
        "plain",
        "zhu-zuo",
        "ming-zhu",
        "jie-zhe-and-xian-zhu",
        "zhu-shu-and-me",
        "particle-alone",
    ],
)
def test_regional_shortcut_gives_the_same_text_as_the_regional_config(text: str, config: str) -> None:
    """convert_with_opencc sends only the sentences holding 著/衞-like characters through tw2s/hk2s."""
    assert convert_with_opencc(text, config) == converter(config).convert(text)  # type: ignore[arg-type]


def test_in_a_mixed_document_an_ambiguous_clause_with_yu_is_taken_as_traditional() -> None:
    """由於 has no Traditional-only character, but next to Traditional clauses 於 is a Traditional hint."""
    text = "這個問題很複雜，由於時間不夠，我们下次再讨论这个问题。"
    assert convert(text) == "这个问题很复杂，由于时间不够，我们下次再讨论这个问题。"


def test_in_a_simplified_document_yu_in_a_name_is_kept() -> None:
    text = "这次会议由於梨华主持，大家讨论了很多问题，会议开得很成功。"
    assert convert(text) == text


# --- lone characters of the other script (names, variants, regional usage) -------------------------


@pytest.mark.parametrize(
    "text",
    [
        "日本大藏大臣三塚博昨天发表讲话，他说经济会好转。",
        "这份报告里提到了三塚博和朱文榘两个人。",
    ],
    ids=["one-variant-in-a-name", "two-variants-in-names"],
)
def test_a_lone_traditional_variant_in_a_simplified_document_is_kept(text: str) -> None:
    """t2s writes 三冢博 and 朱文矩: variants kept in names are not evidence of Traditional text."""
    assert convert(text) == text


@pytest.mark.parametrize("target", TRADITIONAL_TARGETS, ids=TRADITIONAL_TARGETS)
def test_a_lone_simplified_looking_character_in_taiwan_text_is_kept(target: str) -> None:
    """Taiwanese Hokkien writes 麻糍 (s2t would write 麻餈); one such character is not a Simplified span."""
    text = "伊去買麻糍，轉來的時陣講真好食。"
    assert convert(text, to=target) == text  # type: ignore[arg-type]


def test_a_traditional_sentence_in_a_simplified_document_is_still_converted() -> None:
    """Three distinct Traditional-only characters or more are a sentence, not a name."""
    text = "这是我们的报告。他說這個問題很重要。"
    assert convert(text) == "这是我们的报告。他说这个问题很重要。"


PARTICLE_ALPHABET = st.sampled_from(
    list("著着名作待藉慰憑顯書合昭稱於者錄述看跟說話的是么什多這裡為群床，。；\n")
)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=PARTICLE_ALPHABET, max_size=30))
def test_regional_shortcut_matches_tw2s_around_the_particle(text: str) -> None:
    """Outside its phrases tw2s writes 着 for 著 (t2s keeps 著); the shortcut does the same, and sends
    著 next to a phrase neighbour (名著, 藉著, 顯著) through tw2s itself."""
    assert convert_with_opencc(text, "tw2s") == converter("tw2s").convert(text)


MIXED_DOCUMENT_ALPHABET = st.sampled_from(
    list("這们說说裡里著着於于乾干么麼計计想像象群床温户説衞髮發的是在人大，。！；、\n")
)


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=MIXED_DOCUMENT_ALPHABET, max_size=50))
def test_converting_a_mixed_document_whole_gives_the_text_of_the_piece_by_piece_plan(text: str) -> None:
    """convert() converts a mixed document in one call and undoes the few changes that fall in kept
    pieces; analyze() decides every piece; the two must agree."""
    assert convert(text) == analyze(text).text


def test_a_region_is_settled_only_when_every_count_of_the_open_markers_gives_it() -> None:
    """_settled_region answers from four corners; checked here against every score in the box."""
    from corpus.script.convert import _region_of_scores, _settled_region

    span = range(-2, 3)
    for taiwan in span:
        for hongkong in span:
            for bounds in itertools.product((-2, -1, 0), (0, 1, 2), (-2, -1, 0), (0, 1, 2)):
                outcomes = {
                    _region_of_scores(taiwan + tw, hongkong + hk)
                    for tw in range(bounds[0], bounds[1] + 1)
                    for hk in range(bounds[2], bounds[3] + 1)
                }
                expected = outcomes.pop() if len(outcomes) == 1 else False
                assert _settled_region(taiwan, hongkong, bounds) == expected, (taiwan, hongkong, bounds)


COUNT_ALPHABET = st.sampled_from(list("這們說这们说的是在，"))


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=COUNT_ALPHABET, max_size=120))
def test_counting_evidence_a_block_at_a_time_keeps_the_verdict_and_the_majority(text: str) -> None:
    """compared_counts may stop counting the commoner script early; with tiny blocks every stopping
    point is tried, and what the step reads from the counts must be that of the full counts."""
    # The package exports the function convert, which hides the module of the same name.
    convert_module = importlib.import_module("corpus.script.convert")
    traditional, simplified = tables().traditional_only, tables().simplified_only
    full = (len(traditional.findall(text)), len(simplified.findall(text)))
    with mock.patch.object(convert_module, "COUNT_BLOCK", 4):
        counted = convert_module.compared_counts(text, traditional, simplified)
    assert convert_module._count_outcome(*counted) == convert_module._count_outcome(*full)


LINES_COUNT_ALPHABET = st.sampled_from(list("這們說这们说的是在，\n"))


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=LINES_COUNT_ALPHABET, max_size=160))
def test_counting_traditional_characters_on_their_lines_keeps_the_verdict_and_the_majority(
    text: str,
) -> None:
    """A document whose first block reads as Simplified has its Traditional-only characters counted
    on the lines that hold one; with tiny blocks (the first block then often reads as Simplified)
    what the step reads from the counts must be that of the full counts."""
    convert_module = importlib.import_module("corpus.script.convert")
    traditional, simplified = tables().traditional_only, tables().simplified_only
    full = (len(traditional.findall(text)), len(simplified.findall(text)))
    with mock.patch.object(convert_module, "COUNT_BLOCK", 4):
        counted = convert_module._Decisions(text).counts()
    assert convert_module._count_outcome(*counted) == convert_module._count_outcome(*full)


LONE_ALPHABET = st.sampled_from(list("這說裡这们说的是，\n"))


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=LONE_ALPHABET, max_size=80), block=st.sampled_from([4, 2048]))
def test_lone_characters_looked_for_on_their_lines_give_the_whole_text_answer(text: str, block: int) -> None:
    """_Decisions.only_lone_characters looks for the distinct Traditional-only characters on their
    lines when the first block reads as Simplified; the answer must be _only_lone_characters' over
    the whole text (a block of 4 makes that first block short and often Simplified)."""
    convert_module = importlib.import_module("corpus.script.convert")
    traditional, simplified = tables().traditional_only, tables().simplified_only
    expected = convert_module._only_lone_characters(text, traditional, simplified)
    with mock.patch.object(convert_module, "COUNT_BLOCK", block):
        assert convert_module._Decisions(text).only_lone_characters() == expected


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.sampled_from(["这里的床", "這裡的床", "的床", ""]), min_size=1, max_size=12),
    every=st.integers(min_value=1, max_value=7),
)
def test_positions_kept_are_those_on_lines_with_a_traditional_character(lines: list[str], every: int) -> None:
    """maybe_converted keeps the positions on the lines holding a Traditional-only character (here
    the lines 這裡的床), whether it walks the positions (fewer than those lines) or slices them line
    by line (more), in order."""
    convert_module = importlib.import_module("corpus.script.convert")
    text = "\n".join(lines)
    line_starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    traditional = [
        range(start, start + len(line))
        for start, line in zip(line_starts, lines, strict=True)
        if line == "這裡的床"
    ]
    positions = list(range(0, len(text), every))
    with (
        mock.patch.object(convert_module, "_MANY_OPEN_MARKERS", 0),
        mock.patch.object(convert_module._Decisions, "ambiguous_kept", return_value=True),
    ):
        kept = convert_module._Decisions(text).maybe_converted(positions)
    assert kept == [p for p in positions if any(p in line for line in traditional)]


def assert_the_step_reports_what_analyze_reports(text: str) -> None:
    """Text, events, verdict, region, configs and the changed count of the step (to Simplified) are
    those of analyze(), which decides every piece."""
    planned = analyze(text)
    result = ScriptConverter.for_target("s")(document(text))
    assert result.text == planned.text
    assert result.events == planned.events
    assert result.script is not None
    reported = (result.script.verdict, result.script.region, result.script.configs)
    assert reported == (planned.verdict, planned.region, planned.configs)
    assert result.script.changed_chars == planned.changed_chars


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=MIXED_DOCUMENT_ALPHABET, max_size=60))
def test_the_step_reports_on_a_mixed_document_what_the_piece_by_piece_plan_reports(text: str) -> None:
    """The step converts a mixed document in one call and splits only its changed lines into pieces
    for the events; analyze() decides every piece. Text, events, verdict, region, configs and the
    changed count must all agree."""
    assert_the_step_reports_what_analyze_reports(text)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=MIXED_DOCUMENT_ALPHABET, max_size=80))
def test_positions_on_lines_without_traditional_characters_are_skipped_only_where_kept(
    text: str,
) -> None:
    """Given many positions to decide, the mixed way first drops those on lines without a
    Traditional-only character when ambiguous pieces are kept; with the threshold at zero that
    filter runs on every document, and convert() and the step must still agree with analyze()."""
    convert_module = importlib.import_module("corpus.script.convert")
    planned = analyze(text)
    with mock.patch.object(convert_module, "_MANY_OPEN_MARKERS", 0):
        converted = convert(text)
        result = ScriptConverter.for_target("s")(document(text))
    assert converted == planned.text
    assert result.text == planned.text
    assert result.events == planned.events
    assert result.script is not None
    assert (result.script.verdict, result.script.region) == (planned.verdict, planned.region)


SIMPLIFIED_LINE = st.text(
    alphabet=st.sampled_from(list("们说这里么计会为时个发问题着于干想象床户温的是在，。")),
    min_size=30,
    max_size=60,
)
TRADITIONAL_LINE = st.lists(
    st.sampled_from(list("們說這裡麼計會為時個發問題著於乾像衞髮")), min_size=3, max_size=8, unique=True
).map("".join)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_step_on_a_mostly_simplified_document_reports_what_the_piece_by_piece_plan_reports(
    data: st.DataObject,
) -> None:
    """A Simplified page with a few Traditional lines keeps its ambiguous pieces, so the step converts
    only the lines holding a Traditional-only character; text, events, verdict, region, configs and
    the changed count must still be those of analyze()."""
    lines = data.draw(st.lists(SIMPLIFIED_LINE, min_size=4, max_size=10))
    lines += data.draw(st.lists(TRADITIONAL_LINE, min_size=1, max_size=3))
    assert_the_step_reports_what_analyze_reports("\n".join(data.draw(st.permutations(lines))))


def test_the_step_converts_only_the_traditional_lines_of_a_mostly_simplified_document() -> None:
    """Written for this test: twenty Simplified lines and one Traditional line (three distinct
    Traditional-only characters, under 5% of the evidence): the step hands OpenCC that line alone."""
    convert_module = importlib.import_module("corpus.script.convert")
    simplified = "我们这里说的话，着实让人觉得温暖。"
    text = "\n".join([simplified] * 10 + ["他說這裡很好。"] + [simplified] * 10)
    calls: list[str] = []
    original = convert_module.convert_run

    def spy(run: str, *args: object, **kwargs: object) -> str:
        calls.append(run)
        converted: str = original(run, *args, **kwargs)
        return converted

    with mock.patch.object(convert_module, "convert_run", spy):
        result = ScriptConverter.for_target("s")(document(text))
    assert calls == ["他說這裡很好。"]
    assert result.text == text.replace("他說這裡很好。", "他说这里很好。")
    assert result.script is not None and result.script.verdict == "hans"
    assert [event.excerpt for event in result.events] == ["他說這裡很好。"]


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s"], ids=["t2s", "tw2s", "hk2s"])
def test_leftover_candidates_are_the_characters_a_config_leaves_when_each_is_converted_alone(
    config: str,
) -> None:
    """The candidates come from one OpenCC call over every Traditional-only character, one a line;
    they must be the characters whose conversion alone still holds Traditional-only evidence (fails
    if a line's output is matched to the wrong character)."""
    module = importlib.import_module("corpus.script.convert")
    engine, evidence = converter(config), tables().traditional_only
    alone = {c for c in tables().traditional_only_characters if evidence.found(engine.convert(c))}
    assert module._leftover_candidates(config) == alone
    assert alone  # t2s leaves 衞, 簷 and seven others; tw2s leaves 衞, hk2s 簷


# Characters for the long-line properties below: Simplified-only (这, 说, 们), Traditional-only (這,
# 說, 們), shared (我, 的, 人), Latin, and every kind of piece end (clause, sentence, closing quote,
# line break).
_PIECE_ALPHABET = "这说们這說們我的人ab，、：。！？”」\n"


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=_PIECE_ALPHABET, min_size=1, max_size=120),
    asked=st.lists(st.integers(min_value=0, max_value=119), min_size=1, max_size=30),
)
def test_clause_ends_and_pieces_are_answered_as_a_fresh_search_would_in_any_order(
    text: str, asked: list[int]
) -> None:
    """The remembered stretches (_clause_end) and the listed pieces (_piece over a long stretch)
    answer every position, asked in any order, exactly as searching afresh does. The listing is
    forced on every stretch here by setting its length threshold to 0."""
    module = importlib.import_module("corpus.script.convert")
    positions = [position % len(text) for position in asked]
    decisions = module._Decisions(text)
    for position in positions:
        found = module._CLAUSE_END.search(text, position)
        assert decisions._clause_end(position) == (found.start() if found else len(text))
    with mock.patch.object(module, "_LISTED_PIECES", 0):
        listed = module._Decisions(text)
        for pattern in module._LEVELS[1:]:
            for position in positions:
                expected = next(
                    (
                        piece
                        for piece in module.script_spans.pieces(pattern, text, 0, len(text))
                        if piece[1] > position
                    ),
                    (0, len(text)),
                )
                assert listed._piece(pattern, 0, len(text), position) == expected


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=_PIECE_ALPHABET, min_size=1, max_size=200))
def test_listing_the_pieces_of_long_stretches_changes_no_decision(text: str) -> None:
    """Every position's decision is the same whether pieces are listed (threshold 0) or read from
    the stretch's start each time (threshold above the text's length)."""
    module = importlib.import_module("corpus.script.convert")
    with mock.patch.object(module, "_LISTED_PIECES", 0):
        listed = [module._Decisions(text).converted(position) for position in range(len(text))]
    with mock.patch.object(module, "_LISTED_PIECES", len(text) + 1):
        read = [module._Decisions(text).converted(position) for position in range(len(text))]
    assert listed == read
