"""Chinese names: pinyin, English spelling, and the normalised text search runs on.

One normalisation serves both the stored search key and the visitor's query, so that
刘晓波, 劉曉波, "Liu Xiaobo", "liú xiǎobō" and "liuxiaobo" all meet in the middle.
"""

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from .chinese import fold_to_simplified, has_han

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
_NOT_WORD = re.compile(r"[\W_]+")


def _syllables(chars: str) -> list[str]:
    return lazy_pinyin(chars, style=Style.TONE, errors="ignore")


def _split_surname(name: str) -> tuple[str, str]:
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def name_parts_pinyin(native_name: str) -> list[str]:
    """Pinyin words with tone marks, surname first: 刘晓波 -> ["Liú", "Xiǎobō"]."""
    native_name = fold_to_simplified(native_name.strip())
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


@lru_cache(maxsize=50_000)
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
    text = strip_tones(fold_to_simplified(text)).casefold()
    return _NOT_WORD.sub("", text)


def search_key(*names: str) -> str:
    """Every spelling of a person, normalised and separated so words never join."""
    variants = dict.fromkeys(normalize_for_search(n) for n in names if n)
    return "|".join(v for v in variants if v)


# A Latin name written after the Chinese one, in full- or half-width parentheses, as the
# list writes Uyghur and Tibetan names: 阿不都日衣木·黑伊特（AbdurehimHeyit）.
_LATIN_IN_PARENTHESES = re.compile(r"^(?P<chinese>.*?)\s*[（(]\s*(?P<latin>[^（）()]*)\s*[）)]\s*$")
_LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f' .-]*$")
_CAMEL_JOIN = re.compile(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])")


def split_latin_name(native_name: str) -> tuple[str, str]:
    """(the Chinese name, the Latin name in parentheses after it, or "").

    The list runs the words of a Latin name together ("AbdurehimHeyit"); they are split
    at their capitals. A Chinese alias in parentheses (a pen name) is not a Latin name
    and stays where it is.
    """
    match = _LATIN_IN_PARENTHESES.match(native_name.strip())
    if not match or not has_han(match["chinese"]):
        return native_name, ""
    latin = " ".join(_CAMEL_JOIN.sub(" ", match["latin"]).split())
    if not _LATIN_NAME.match(latin):
        return native_name, ""
    return match["chinese"].strip(), latin


def has_name_separator(native_name: str) -> bool:
    """Chinese characters in several parts (伊力哈木•土赫提): a transliterated name."""
    parts = [p for p in NAME_SEPARATORS.split(native_name.strip()) if p]
    return len(parts) > 1 and all(has_han(p) for p in parts)


def looks_non_han(native_name: str) -> bool:
    """Whether the Chinese name looks like the transliteration of a Uyghur, Tibetan,
    Mongolian or Kazakh name: parts separated by a dot, or a Latin name beside it that is
    not its pinyin (桑珠（Samdu）). An organizer marks the others by hand."""
    chinese, latin = split_latin_name(native_name)
    if has_name_separator(chinese):
        return True
    return bool(latin) and normalize_for_search(latin) != normalize_for_search(pinyin_for(chinese))


def with_alias(aliases: str, name: str) -> str:
    """The comma-separated aliases with `name` added, unless a spelling of it is there."""
    current = [a.strip() for a in aliases.split(",") if a.strip()]
    key = normalize_for_search(name)
    if not key or any(normalize_for_search(a) == key for a in current):
        return aliases
    return ", ".join([*current, name])
