"""Punctuation that joins pieces of a sentence in the active language.

A template that joins a translated phrase to a date or a name ("Life sentence, ends
7 December 2019") writes the comma itself, outside the translated strings; in Chinese
that comma must be the full-width "，" with no space around it ("无期徒刑，2019年12月7日刑满"),
and likewise the colon and the brackets. These tags pick the mark (`advocacy.typography.mark`)
for the language the page or email is rendered in:

    {% load typography %}
    {{ sentence }}{% comma %}{{ ends }}       Life sentence, ends …  |  有期徒刑，…刑满
    {{ date }}{% colon %}{{ text }}            7 May 2026: …          |  2026年5月7日：…
    {{ name }}{{ priority|in_brackets }}       Li Yu (urgent)          |  李玉（紧急）
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_noop, ngettext_lazy

from advocacy import timezones
from advocacy.typography import bracketed, mark

register = template.Library()

# Django's own strings for durations ("uncovered for 2 weeks, 3 days", |timesince),
# named here so that makemessages keeps them in locale/: the project's catalogue
# overrides Django's Chinese, which writes "2 週, 3 日" (a space, a western comma).
DJANGO_DURATIONS = (
    gettext_noop(", "),
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)


@register.simple_tag
def comma() -> str:
    """The comma between two parts of a phrase: ", " or "，"."""
    return mark("comma")


@register.simple_tag
def colon() -> str:
    """The colon before an explanation: ": " or "："."""
    return mark("colon")


@register.filter(is_safe=True, needs_autoescape=True)
def in_brackets(value, autoescape=True) -> str:
    """`value` in brackets after the word before it: " (value)" or "（value）"; escaped
    unless the template has turned escaping off (the plain-text emails)."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(bracketed(text))  # noqa: S308 - escaped above


@register.filter
def zone_name(zone: str) -> str:
    """A time zone by its name in the page's language (advocacy/timezones.py)."""
    return timezones.zone_name(zone)
