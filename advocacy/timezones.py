"""Time zones as people know them: the zones most volunteers live in first, by name.

The IANA database has some 600 names ("Asia/Taipei", "Etc/GMT+5", "ROC"…), in English
only. A volunteer looking for their own zone in that list often gave up and stayed on
UTC, and a reminder meant for Thursday evening reached Taipei at 2 in the morning. So
the select offers the common zones first, named in the page's language by Babel's copy
of the CLDR ("台灣時間", "美国（纽约）时间"), then every zone, each with the same name
beside its IANA id. Building those names takes Babel a fifth of a second per language:
they are built once per language and process, never per request.

Sign-up proposes the browser's own zone (static/js/site.js); a zone the server does not
know, forged or from a browser newer than our tz database, becomes the campaign's zone.
"""

import functools
import zoneinfo

from babel import Locale
from babel.dates import get_timezone_location
from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# Where most volunteers live: China, Taiwan, Hong Kong, Macau, the diaspora's cities.
COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Macau",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Australia/Melbourne",
    "Pacific/Auckland",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Vancouver",
    "UTC",
)

# The first part of the ids that name a place; the others (Etc/GMT+5, US/Eastern, ROC,
# EST5EDT…) are shown by their id alone, as the CLDR has no place for them.
PLACES = {
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
}

UTC_NAME = _("Coordinated Universal Time (UTC)")


@functools.cache
def known_zones() -> frozenset[str]:
    """Every zone this machine's tz database knows (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


def campaign_zone() -> str:
    """The zone a volunteer starts in when their browser names none we know."""
    zone = settings.CAMPAIGN_TIME_ZONE
    return zone if zone in known_zones() else "UTC"


def _place(zone: str, locale: Locale) -> str | None:
    """CLDR's name of the zone's place in `locale` ("台灣時間"), if it has one."""
    if zone.split("/", 1)[0] not in PLACES:
        return None
    return get_timezone_location(zone, locale)


def _common_label(zone: str, locale: Locale) -> str:
    if zone == "UTC":
        return str(UTC_NAME)
    return _place(zone, locale) or zone


def _full_label(zone: str, locale: Locale) -> str:
    readable = zone.replace("_", " ")
    place = _place(zone, locale)
    return f"{readable} · {place}" if place else readable


@functools.cache
def _choices(language: str) -> tuple:
    """The grouped choices in `language`, built once per process and language."""
    locale = Locale.parse(translation.to_locale(language))
    with translation.override(language):
        common = (
            str(_("Common time zones")),
            tuple((z, _common_label(z, locale)) for z in COMMON_ZONES if z in known_zones()),
        )
        everything = (
            str(_("All time zones")),
            tuple((z, _full_label(z, locale)) for z in sorted(known_zones())),
        )
    return (common, everything)


@functools.cache
def _zone_name(zone: str, language: str) -> str:
    with translation.override(language):
        return _common_label(zone, Locale.parse(translation.to_locale(language)))


def zone_name(zone: str) -> str:
    """A zone as people name it, in the page's language ("台湾时间", "Taiwan Time"); the
    tz id ("America/Boise") where the CLDR has no name for its place."""
    return _zone_name(zone, page_language())


def page_language() -> str:
    """The active language if the site speaks it, else the site's default."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def timezone_choices() -> tuple:
    """The select's choices in the page's language: common zones, then all of them."""
    return _choices(page_language())


@functools.cache
def _options_html(language: str) -> str:
    """The select's <optgroup>s and <option>s in `language`, none selected yet."""
    return "".join(
        f'<optgroup label="{escape(group)}">'
        + "".join(f'<option value="{escape(z)}">{escape(label)}</option>' for z, label in options)
        + "</optgroup>"
        for group, options in _choices(language)
    )


class TimeZoneSelect(forms.Select):
    """The zone select, its options written from markup built once per language.

    Django renders each of the ~620 options through a template: 50 ms a page, for the
    same markup every time. Only the chosen option's `selected` differs, and is put in
    here. It always shows `timezone_choices()`, whatever `choices` it is given.
    """

    def render(self, name, value, attrs=None, renderer=None):
        options = _options_html(page_language())
        chosen = self.format_value(value)
        if chosen:
            tag = f'<option value="{escape(chosen[0])}">'
            options = options.replace(tag, tag[:-1] + " selected>", 1)
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every piece is escaped here or by flatatt.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308


class TimeZoneField(forms.ChoiceField):
    """A zone from the grouped select, named in the page's language.

    Strict by default (a zone we do not know is an error). With `forgiving=True` an
    unknown or empty zone becomes the campaign's zone instead: at sign-up the value
    comes from the browser, and a zone is no reason to refuse someone's account.
    """

    widget = TimeZoneSelect

    def __init__(self, *, forgiving: bool = False, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("choices", timezone_choices)
        super().__init__(**kwargs)
        self.forgiving = forgiving

    def valid_value(self, value) -> bool:
        # Every known zone is in the full list: a set lookup, not a walk of 600 choices.
        return value in known_zones()

    def clean(self, value):
        if not self.forgiving:
            return super().clean(value)
        value = self.to_python(value).strip()
        return value if self.valid_value(value) else campaign_zone()
