"""Chinese in the reader's script.

Simplified is what most case texts are written in; a reader of Traditional gets them
converted by OpenCC (the maintained C++ library, `opencc` on PyPI) with its Taiwan
configuration, s2tw: phrase-aware characters (发 is 發 in 发现 and 髮 in 头发) and
Taiwan's standard forms (裡, 台), plus our own small dictionary
(prisoners/opencc/transliterations.txt) for the transliterated Uyghur, Tibetan and Kazakh
names that OpenCC's general dictionaries get wrong: in 阿卜杜克里姆 the 里 is a sound,
not 裏 "inside".

Not s2twp, which also swaps mainland phrasing for Taiwan's: it rewrites proper nouns and
legal terms that must stay as written (高级人民法院 became 高階人民法院, the site
维吾尔在线 維吾爾線上, 注销 登出). Case texts are records; a reader of Traditional
gets them in Traditional characters, in the words the organizer chose.

Conversions are cached per text, so a page converts each name, place and paragraph once
per process, not once per request (see tests/prisoners/test_chinese_script.py).
"""

import json
import os
import re
import tempfile
from functools import cache, lru_cache
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent / "opencc"
TRANSLITERATIONS = HERE / "transliterations.txt"
# Language codes as Django spells them (LANGUAGES), and as HTML's lang="" wants them.
SIMPLIFIED, TRADITIONAL = "zh-hans", "zh-hant"
HTML_LANG = {"en": "en", SIMPLIFIED: "zh-Hans", TRADITIONAL: "zh-Hant"}


def has_han(text: str) -> bool:
    return bool(re.search(r"[\u3400-\u9fff\uf900-\ufaff]", text))


def is_traditional(language: str | None) -> bool:
    return (language or "").lower() in (TRADITIONAL, "zh-tw", "zh-hk", "zh-mo")


def is_chinese(language: str | None) -> bool:
    return (language or "").lower().startswith("zh")


def number(n: int, language: str | None) -> str:
    """A count as the reader writes it: "1,000" in English, "1000" in Chinese (the
    suggested posts, the weekly email and the card all say it so)."""
    return str(n) if is_chinese(language) else f"{n:,}"


def _with_our_dictionary(config_name: str) -> str:
    """OpenCC's own configuration with our dictionary first in line, as a file OpenCC reads.

    OpenCC resolves dictionary names against the configuration's folder, so the copy
    names each of the package's dictionaries by its full path.
    """
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    config = json.loads((share / f"{config_name}.json").read_text(encoding="utf-8"))

    def absolute(node):
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                node["file"] = str(share / node["file"])
            for value in node.values():
                absolute(value)
        elif isinstance(node, list):
            for value in node:
                absolute(value)

    absolute(config)
    ours = {"type": "text", "file": str(TRANSLITERATIONS)}
    config["segmentation"]["dict"]["dicts"].insert(0, ours)
    first = config["conversion_chain"][0]["dict"]
    first["dicts"].insert(0, ours)
    handle, path = tempfile.mkstemp(prefix=f"opencc-{config_name}-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(config, file)
    return path


@cache
def converter(config_name: str) -> opencc.OpenCC:
    """One converter per direction and process: building one loads its dictionaries."""
    if config_name == "s2tw":
        return opencc.OpenCC(_with_our_dictionary(config_name))
    return opencc.OpenCC(f"{config_name}.json")


# Quotation marks as Traditional text writes them: 「」, and 『』 inside.
TRADITIONAL_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
SIMPLIFIED_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


@lru_cache(maxsize=20_000)
def to_traditional(text: str) -> str:
    """Simplified (or mixed) text for a reader of Traditional, in Taiwan's standard forms."""
    if not text:
        return text
    converted = converter("s2tw").convert(text)
    # Curly quotes in a Chinese text are Chinese quotes; an English fallback keeps its own.
    return converted.translate(TRADITIONAL_QUOTES) if has_han(converted) else converted


@lru_cache(maxsize=20_000)
def to_simplified(text: str) -> str:
    """Traditional (or mixed) text for a reader of Simplified, with “” for 「」."""
    if not text:
        return text
    return converter("tw2s").convert(text).translate(SIMPLIFIED_QUOTES)


@lru_cache(maxsize=50_000)
def fold_to_simplified(text: str) -> str:
    """Character by character, no phrase changes: what search keys and filters compare."""
    return converter("t2s").convert(text) if text else text


# Characters that are Traditional in their own right though OpenCC maps them on: 里 (公里,
# and the sound in transliterations: 里約, 阿里), 干 (干涉, 烏干達), 台 (Taiwan's own 台灣).
TRADITIONAL_TOO = frozenset("里干台")


def simplified_left_in(text: str) -> list[str]:
    """Runs of `text` that OpenCC would still convert to Traditional characters.

    Characters only (Taiwan's variants, our names), not phrasing: 支持 and 消息 are
    Traditional too, though Taiwan often says 支援 and 訊息. A character counts when
    OpenCC changes it both in its phrase and on its own, so that a Traditional 表 in
    儀表板 (which a phrase rule would make 錶) is not taken for a Simplified one.
    """
    s2tw = converter("s2tw")
    converted = s2tw.convert(text)
    if converted == text:
        return []
    runs, run = [], ""
    for before, after in zip(text, converted, strict=False):
        if before != after and before not in TRADITIONAL_TOO and s2tw.convert(before) != before:
            run += before
        elif run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


def in_script(text: str, language: str | None) -> str:
    """Chinese text in the script of a reader of `language`; other readers get it as written."""
    if not text or not is_chinese(language):
        return text
    return to_traditional(text) if is_traditional(language) else to_simplified(text)
