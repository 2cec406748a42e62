"""Specification of ``corpus.encoding.legacy``: chardet's answers, widened and checked."""

from __future__ import annotations

import pytest

from corpus.encoding.legacy import LegacyGuess, ask_chardet, prefer_cp1252, reads_ascii_as_ascii


def _guess(codec: str, confidence: float) -> LegacyGuess:
    return LegacyGuess(name=codec, codec=codec, confidence=confidence, chinese=False)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Il a dit « bonjour »", "cp737"),
        ("le billet coûte 50 €. Vi å", "cp862"),
        ("Il va à Paris, elle est à Lyon.", "mac-cyrillic"),
    ],
    ids=["guillemets-as-greek", "euro-as-hebrew", "accent-as-cyrillic"],
)
def test_a_hesitant_guess_with_lone_letters_of_another_script_becomes_cp1252(text: str, codec: str) -> None:
    """French guillemets read as cp737 are τ and ╗ between Latin words; cp1252 reads them as they are."""
    data = text.encode("cp1252")
    assert data.decode(codec) != text
    assert prefer_cp1252(data, _guess(codec, 0.12)).codec == "cp1252"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Я и ты в парке, а он дома.", "koi8_r"),
        ("Η Αθήνα είναι η πρωτεύουσα.", "cp1253"),
        ('<a href="http://example.com/page">Привет</a>', "cp1251"),
    ],
    ids=["russian-one-letter-words", "greek", "russian-in-markup"],
)
def test_words_of_another_script_keep_their_code_page_however_hesitant(text: str, codec: str) -> None:
    """Russian, Greek or Hebrew words are runs of letters of their script, not lone letters."""
    data = text.encode(codec)
    assert prefer_cp1252(data, _guess(codec, 0.12)).codec == codec


def test_a_sure_guess_with_lone_letters_of_another_script_is_kept() -> None:
    """Only a hesitant chardet is overruled: at confidence 0.5 and up its answer stands."""
    data = "x = α + β".encode("cp1253")
    assert prefer_cp1252(data, _guess("cp1253", 0.6)).codec == "cp1253"


def test_polish_in_cp1250_is_not_replaced_by_cp1252_punctuation() -> None:
    """ż and Ł are ¿ and £ in cp1252: punctuation and currency, so the Latin-against-Latin switch,
    which asks cp1252 for letters only, leaves a hesitant cp1250 answer alone."""
    data = "żaba i Łukasz".encode("cp1250")
    assert prefer_cp1252(data, _guess("cp1250", 0.12)).codec == "cp1250"


@pytest.mark.parametrize("codec", ["cp037", "cp273", "cp500", "cp875", "cp1026"])
def test_ebcdic_code_pages_do_not_read_ascii_as_ascii(codec: str) -> None:
    assert not reads_ascii_as_ascii(codec)


@pytest.mark.parametrize("codec", ["cp1252", "cp437", "koi8_r", "cp932", "cp949", "euc_jp"])
def test_ascii_compatible_code_pages_read_ascii_as_ascii(codec: str) -> None:
    assert reads_ascii_as_ascii(codec)


def test_an_ebcdic_answer_from_chardet_is_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """chardet 7.7 calls some short Japanese and random inputs cp500 with confidence below 0.05."""
    import chardet

    monkeypatch.setattr(chardet, "detect", lambda data: {"encoding": "cp500", "confidence": 0.03})
    assert ask_chardet("遊んでいます".encode("cp932")) is None
