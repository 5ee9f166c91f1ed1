"""Chinese names: pinyin, English spelling, and the normalised text search runs on.

One normalisation serves both the stored search key and the visitor's query, so that
刘晓波, 劉曉波, "Liu Xiaobo", "liú xiǎobō" and "liuxiaobo" all meet in the middle.
"""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

from .chinese import fold_to_simplified, to_traditional

# Surnames of two characters; the rest of the name is the given name.
COMPOUND_SURNAMES = frozenset(
    (
        "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 司徒 夏侯 轩辕 "
        "端木 澹台 万俟 申屠 呼延 独孤 南宫 西门 百里 东郭 闻人 公羊 赫连 拓跋 钟离"
    ).split()
)
# Characters read differently when they are a surname (曾 is Zēng, not céng).
SURNAME_READINGS = {
    "曾": "zēng",
    "单": "shàn",
    "区": "ōu",
    "仇": "qiú",
    "解": "xiè",
    "查": "zhā",
    "朴": "piáo",
    "乐": "yuè",
    "盖": "gě",
    "缪": "miào",
    "覃": "qín",
    "翟": "zhái",
    "秘": "bì",
    "尉迟": "yùchí",
    "万俟": "mòqí",
    "长孙": "zhǎngsūn",
    "沈": "shěn",
    "柏": "bǎi",
    "任": "rén",
    "种": "chóng",
    "员": "yùn",
}
# Separators inside transliterated (mostly Uyghur and Tibetan) names: 伊力哈木•土赫提.
NAME_SEPARATORS = re.compile(r"[•·・‧.\s]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[\W_]+")


to_simplified = fold_to_simplified
__all__ = ["to_simplified", "to_traditional"]


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def _syllables(chars: str) -> list[str]:
    return lazy_pinyin(chars, style=Style.TONE, errors="ignore")


def _split_surname(name: str) -> tuple[str, str]:
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def name_parts_pinyin(native_name: str) -> list[str]:
    """Pinyin words with tone marks, surname first: 刘晓波 -> ["Liú", "Xiǎobō"]."""
    native_name = to_simplified(native_name.strip())
    parts = [p for p in NAME_SEPARATORS.split(native_name) if p]
    if len(parts) == 1 and has_han(parts[0]):
        surname, given = _split_surname(parts[0])
        surname_pinyin = SURNAME_READINGS.get(surname) or "".join(_syllables(surname))
        words = [surname_pinyin, "".join(_syllables(given))]
    else:
        # A transliterated foreign name: each part is one word.
        words = ["".join(_syllables(part)) if has_han(part) else part for part in parts]
    return [w[:1].upper() + w[1:] for w in words if w]


def pinyin_for(native_name: str) -> str:
    return " ".join(name_parts_pinyin(native_name))


def strip_tones(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def english_name_for(native_name: str) -> str:
    """The name as usually written in English: pinyin without tone marks."""
    return strip_tones(pinyin_for(native_name))


def normalize_for_search(text: str) -> str:
    """Fold a name or a query to the form the search key is stored in.

    Traditional characters become simplified, width and case are folded, tone marks
    and all spaces and punctuation are dropped: "Liú Xiǎobō" -> "liuxiaobo".
    """
    text = unicodedata.normalize("NFKC", text)
    text = strip_tones(to_simplified(text)).casefold()
    return _NOT_WORD.sub("", text)


def search_key(*names: str) -> str:
    """Every spelling of a person, normalised and separated so words never join."""
    variants = dict.fromkeys(normalize_for_search(n) for n in names if n)
    return "|".join(v for v in variants if v)
