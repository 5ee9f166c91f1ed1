"""Punctuation that joins pieces of a sentence, as the reader's language writes it.

Where code or a template joins a translated phrase to a date, a name or a count itself
("Fixed term, ends 7 December 2019", "Xinjiang (3)"), the mark it writes is outside the
translated strings; Chinese writes it full-width, with no space around it ("有期徒刑，
2019年12月7日刑满", "新疆（3）"). `mark()` picks it for a language; the template tags of
`advocacy/templatetags/typography.py` use it for the page's language.
"""

from django.utils.translation import get_language

# The marks by language: English (and any other language) first, then Chinese.
MARKS = {
    "comma": (", ", "，"),
    # Between the items of a list that may hold commas themselves, as English dates do
    # ("Sept. 17, 2026; 2019"; "2026年9月17日、2019年").
    "list": ("; ", "、"),
    "colon": (": ", "："),
    "open": (" (", "（"),
    "close": (")", "）"),
}


def is_chinese(language: str | None = None) -> bool:
    """Whether `language` (by default the active one) is written in Chinese characters."""
    return (language or get_language() or "").lower().startswith("zh")


def mark(name: str, language: str | None = None) -> str:
    """The punctuation mark `name` (comma, list, colon, open, close) as `language` writes it."""
    western, chinese = MARKS[name]
    return chinese if is_chinese(language) else western


def bracketed(text: object, language: str | None = None) -> str:
    """`text` in brackets after the word before it: " (3)" or "（3）" (not escaped)."""
    return f"{mark('open', language)}{text}{mark('close', language)}"
