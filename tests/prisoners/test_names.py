import pytest

from prisoners import names


@pytest.mark.parametrize(
    ("native", "pinyin", "english"),
    [
        ("刘晓波", "Liú Xiǎobō", "Liu Xiaobo"),
        ("曾金燕", "Zēng Jīnyàn", "Zeng Jinyan"),  # 曾 as a surname is Zēng, not céng
        ("欧阳修", "Ōuyáng Xiū", "Ouyang Xiu"),  # a two-character surname
        ("伊力哈木•土赫提", "Yīlìhāmù Tǔhètí", "Yilihamu Tuheti"),  # a Uyghur name
        ("劉曉波", "Liú Xiǎobō", "Liu Xiaobo"),  # traditional characters
    ],
)
def test_pinyin_and_english_name_are_made_from_characters(native, pinyin, english):
    assert names.pinyin_for(native) == pinyin
    assert names.english_name_for(native) == english


@pytest.mark.parametrize(
    "query",
    ["刘晓波", "劉曉波", "Liu Xiaobo", "liuxiaobo", "LIU XIAOBO", "Liú Xiǎobō", "liu-xiaobo"],
)
def test_every_spelling_folds_into_the_stored_key(query):
    key = names.search_key("刘晓波", "Liú Xiǎobō", "Liu Xiaobo")
    assert names.normalize_for_search(query) in key


def test_words_of_different_spellings_never_join():
    key = names.search_key("王丹", "Wang Dan")
    # "丹wang" would only match if the variants ran together.
    assert "丹wang" not in key
    assert key == "王丹|wangdan"
