"""Case texts written in English and Chinese, shown in the reader's language.

English lives in a model's own field (`summary`); Chinese in `summary_zh_hans` and, only
when an organizer wrote the Traditional text themselves, `summary_zh_hant`
(`chinese_versions` makes the pair). `Translated` gives `obj.summary_local`.

Why not django-modeltranslation: it rewrites reads and writes to the field of the active
language, so an importer or an organizer's form run in Chinese would write into the
Chinese column, and a fallback would not say which language it fell back to (a page must
mark it with lang=""). Traditional is not a third language to write but a script derived
from the Simplified text. Three plain fields and one descriptor say all of that openly.
"""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import chinese


class InLanguage(str):
    """A text shown to a reader, remembering its language when it is not the reader's.

    `lang` is the HTML language tag of a fallback (English on a Chinese page, Chinese on
    an English one) and empty when the text is in the reader's language; templates mark a
    fallback with {{ text|lang_attr }}.
    """

    lang = ""

    def __new__(cls, text: str, lang: str = ""):
        value = super().__new__(cls, text)
        value.lang = lang
        return value


class Translated:
    """A text written in English and Chinese: `obj.<name>_local` in the reader's language.

    English lives in the field itself (`summary`); Chinese in `summary_zh_hans` and, only
    when an organizer wrote the Traditional text themselves, `summary_zh_hant`. A reader of
    Traditional gets that text or the Simplified one converted by OpenCC; a reader of
    Simplified the reverse. With nothing in the reader's language, the other language is
    shown, marked with its `lang`.
    """

    def __init__(self, field: str):
        self.field = field

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return localized(obj, self.field, get_language())


def localized(obj, field: str, language: str | None) -> InLanguage:
    english = getattr(obj, field)
    hans = getattr(obj, f"{field}_zh_hans")
    hant = getattr(obj, f"{field}_zh_hant")
    if chinese.is_chinese(language):
        if chinese.is_traditional(language):
            text = hant or chinese.to_traditional(hans)
        else:
            text = hans or chinese.to_simplified(hant)
        return InLanguage(text) if text else InLanguage(english, "en" if english else "")
    if english:
        return InLanguage(english)
    if hans:
        return InLanguage(hans, "zh-Hans")
    return InLanguage(hant, "zh-Hant" if hant else "")


def chinese_versions(field: models.Field) -> tuple[models.Field, models.Field]:
    """The Simplified and the (optional, hand-written) Traditional version of a text field."""
    kind = type(field)
    kwargs = {"blank": True}
    if field.max_length:
        kwargs["max_length"] = field.max_length
    label = field.verbose_name
    return (
        kind(format_lazy(_("{label} in Simplified Chinese"), label=label), **kwargs),
        kind(
            format_lazy(_("{label} in Traditional Chinese"), label=label),
            help_text=_("Only if written by hand; otherwise converted from the Simplified text."),
            **kwargs,
        ),
    )
