"""Names as people know them (issue 12, point 3), for the prisoners already stored.

Uyghur, Tibetan and other non-Han names (parts separated by a dot, or a Latin name
beside the characters that is not their pinyin) are marked `non_han`. Their English name,
when it was only the pinyin of the Chinese transliteration ("Abudouriyimu Heiyite") and
no organizer typed it, becomes the Latin name the list gives in parentheses
(阿不都日衣木·黑伊特（AbdurehimHeyit） -> "Abdurehim Heyit"), or blank when there is none.
A Latin name in parentheses leaves the Chinese name for the aliases. An address made from
the pinyin follows a non-Han prisoner's Latin name, the new one or one set before (Ilham
Tohti had the demo's English name but the list's address, yilihamu-tuheti), and the old
address is kept in FormerSlug (it redirects).

Only the pure functions of prisoners.names are used; the models are the migration's own.
"""

import re

from django.db import migrations
from django.utils.text import slugify

from prisoners import names


def _pinyin_slug(pinyin: str) -> str:
    return slugify(names.strip_tones(pinyin))[:100]


def _is_from_pinyin(slug: str, pinyin: str) -> bool:
    base = _pinyin_slug(pinyin)
    return bool(base) and bool(re.fullmatch(rf"{re.escape(base)}(-[0-9]+)?", slug))


def _unique(base: str, taken: set[str]) -> str:
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _reslug(prisoner, old_pinyin: str, taken: set[str]) -> str | None:
    """A non-Han prisoner's address made from the pinyin follows their Latin name; returns
    the address replaced, if any."""
    base = slugify(names.strip_tones(prisoner.name))[:100]
    if (
        not prisoner.non_han
        or not base
        or not _is_from_pinyin(prisoner.slug, old_pinyin)
        or re.fullmatch(rf"{re.escape(base)}(-[0-9]+)?", prisoner.slug)
    ):
        return None
    former = prisoner.slug
    prisoner.slug = _unique(base, taken)
    taken.add(prisoner.slug)
    return former


def _rename(prisoner, taken: set[str]) -> str | None:
    """Apply the rules to one prisoner; returns its replaced slug, if any."""
    original, old_pinyin = prisoner.native_name, prisoner.pinyin
    chinese_name, latin = names.split_latin_name(original)
    derived_name = prisoner.name == names.strip_tones(old_pinyin)
    if latin:
        prisoner.native_name = chinese_name
        prisoner.aliases = names.with_alias(prisoner.aliases, latin)
        if old_pinyin == names.pinyin_for(original):
            prisoner.pinyin = names.pinyin_for(chinese_name)
    prisoner.non_han = prisoner.non_han or names.looks_non_han(original)
    if prisoner.non_han and derived_name and not prisoner.name_set_by_hand:
        prisoner.name = latin
    former = _reslug(prisoner, old_pinyin, taken)
    spellings = [prisoner.native_name, prisoner.pinyin, prisoner.name, *prisoner.aliases.split(",")]
    prisoner.search_key = names.search_key(*(s.strip() for s in spellings))
    return former


def forwards(apps, schema_editor):
    Prisoner = apps.get_model("prisoners", "Prisoner")
    FormerSlug = apps.get_model("prisoners", "FormerSlug")
    taken = set(Prisoner.objects.values_list("slug", flat=True))
    taken.update(FormerSlug.objects.values_list("slug", flat=True))
    fields = ["native_name", "pinyin", "aliases", "non_han", "name", "slug", "search_key"]
    for prisoner in Prisoner.objects.order_by("pk").iterator():
        before = [getattr(prisoner, f) for f in fields]
        former = _rename(prisoner, taken)
        if [getattr(prisoner, f) for f in fields] != before:
            prisoner.save(update_fields=fields)
        if former:
            FormerSlug.objects.update_or_create(slug=former, defaults={"prisoner": prisoner})


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0005_fill_provinces")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
