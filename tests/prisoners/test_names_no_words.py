"""A name with no words in it (blank, or only separators) has no pinyin, rather than failing."""

import pytest

from prisoners import names


@pytest.mark.parametrize("native", ["", "   ", "•", " · "])
def test_a_name_of_no_words_has_no_pinyin(native):
    assert names.name_parts_pinyin(native) == []
    assert names.pinyin_for(native) == ""
    assert names.english_name_for(native) == ""
