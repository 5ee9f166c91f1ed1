"""How a prisoner is named and found again: the English name and address a non-Han
name gets, the labelled transliteration, and the addresses a prisoner had before.

A Uyghur or Tibetan name written in Chinese characters is a transliteration: its pinyin
("Yilihamu Tuheti") is how the characters sound, not what the person is called (Ilham
Tohti). It stays searchable but is never the English name nor the address when a Latin
name is known. Prisoner mixes this in; see Prisoner.fill_derived_fields and save.
"""

import re

from django.utils.text import slugify
from django.utils.translation import get_language, gettext

from . import chinese, names
from .texts import InLanguage


class PrisonerNaming:
    """Name and address derivation for prisoners.models.Prisoner.

    It remembers the slug, name and Chinese name read from the database (from_db), so that
    a save knows what changed without a query: a changed address is kept as a FormerSlug.
    """

    TRACKED_FIELDS = ("slug", "name", "native_name")
    _loaded: dict = {}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_loaded()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self._remember_loaded(fields)

    def _remember_loaded(self, fields=None) -> None:
        loaded = dict(self._loaded)
        for name in self.TRACKED_FIELDS:
            if (fields is None or name in fields) and name in self.__dict__:
                loaded[name] = self.__dict__[name]
        self._loaded = loaded

    def _changed_since_loaded(self, name: str) -> bool:
        """True for a new prisoner; False when the field was never read (deferred)."""
        if self._state.adding:
            return True
        return name in self._loaded and self._loaded[name] != getattr(self, name)

    def _keep_former_slug(self, former: str) -> None:
        """The old address keeps working (301): links in posts and emails never break."""
        former_slugs = self._former_slug_model().objects
        former_slugs.filter(slug=self.slug).delete()  # a current address is not a former one
        former_slugs.update_or_create(slug=former, defaults={"prisoner": self})

    def _former_slug_model(self):
        return self._meta.get_field("former_slugs").related_model

    def adopt_latin_name(self, latin: str) -> None:
        """A Latin name given with the Chinese one (the list's "（AbdurehimHeyit）"): always
        searchable, and the English name unless an organizer typed another."""
        self.aliases = names.with_alias(self.aliases, latin)
        if not self.name_set_by_hand:
            self.name = latin

    def _fill_name(self) -> None:
        """The English name; for a non-Han name never the pinyin of its transliteration,
        which is not what the person is called (Yilihamu Tuheti for Ilham Tohti)."""
        from_pinyin = names.strip_tones(self.pinyin)
        if self.non_han:
            if self.name == from_pinyin and not self.name_set_by_hand:
                self.name = ""
        elif not self.name:
            self.name = from_pinyin or self.native_name

    def _fill_slug(self) -> None:
        """A new prisoner's address comes from the English name (for a non-Han name
        without one, from the pinyin). An address made from the pinyin follows the name
        when the English name changes, say to the person's own Latin name, and a non-Han
        prisoner's always does; the old address then redirects (see save)."""
        base = self._slug_base()
        if not self.slug or (
            (self._changed_since_loaded("name") or self.non_han)
            and not self._changed_since_loaded("slug")
            and self._slug_is_from_pinyin()
            and not re.fullmatch(rf"{re.escape(base)}(-[0-9]+)?", self.slug)
        ):
            self.slug = self._unique_slug(base)

    def _slug_base(self) -> str:
        base = slugify(names.strip_tones(self.name)) or slugify(names.strip_tones(self.pinyin))
        return (base or "prisoner")[:100]

    def _slug_is_from_pinyin(self) -> bool:
        from_pinyin = slugify(names.strip_tones(self.pinyin))[:100]
        return bool(from_pinyin) and bool(
            re.fullmatch(rf"{re.escape(from_pinyin)}(-[0-9]+)?", self.slug)
        )

    def _unique_slug(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`…: neither another prisoner's address nor a former
        address of another prisoner (old links keep leading to the right person)."""
        pattern = rf"^{re.escape(base)}(-[0-9]+)?$"
        # The prefix lets PostgreSQL use the slug's pattern index (a regex alone reads
        # every row: an import of 50,000 new prisoners would read the table 50,000 times).
        taken = set(
            type(self)
            ._default_manager.filter(slug__startswith=base, slug__regex=pattern)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        taken.update(
            self._former_slug_model()
            .objects.filter(slug__startswith=base, slug__regex=pattern)
            .exclude(prisoner_id=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    @property
    def transliteration(self) -> str:
        """The pinyin of a non-Han name's Chinese characters, without tones: searchable and
        shown with its label, never as the person's name."""
        return names.strip_tones(self.pinyin) if self.non_han else ""

    def transliteration_label(self, language: str | None = None) -> str:
        """The word "transliteration" (translated) where an English page shows the pinyin of a
        non-Han name, so that templates can set the label apart; empty elsewhere."""
        language = language or get_language() or ""
        if not self.transliteration or chinese.is_chinese(language):
            return ""
        return gettext("transliteration")

    def localized_native_name(self, language: str | None = None) -> str:
        """The Chinese name in the reader's script (as stored for readers of English)."""
        return chinese.in_script(self.native_name, language or get_language())

    def primary_name(self, language: str | None = None) -> str:
        """The name a page or an email leads with: the Chinese name in Chinese; in English
        the English name, or for a non-Han name without a known Latin one, the Chinese
        name (marked `lang="zh"`), never the pinyin of its transliteration."""
        language = language or get_language() or ""
        if chinese.is_chinese(language) and self.native_name:
            return self.localized_native_name(language)
        if self.name or not self.native_name:
            return self.name
        return InLanguage(self.localized_native_name(language), "zh")

    def secondary_name(self, language: str | None = None) -> str:
        """The name shown under the primary one. On a Chinese page, the pinyin (for a
        non-Han name, its Latin name if known); in English, the Chinese name, or the
        labelled transliteration when the Chinese name already leads."""
        language = language or get_language() or ""
        if chinese.is_chinese(language):
            if not self.native_name:
                return ""
            return self.name if self.non_han else self.pinyin
        if self.non_han and not self.name:
            if not self.transliteration_label(language):
                return ""
            return gettext("transliteration: %(pinyin)s") % {"pinyin": self.transliteration}
        return self.localized_native_name(language)
