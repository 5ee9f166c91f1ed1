"""The organizers' tabs (templates/organize/_nav.html), drawn once per process, language
and current tab, then kept as the site's header is (advocacy/templatetags/chrome.py):
drawn by the engine, their nine links and labels cost more than a kept page's content."""

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from advocacy.templatetags.chrome import drawn

register = template.Library()

# The tabs that show which page is open.
TABS = ("dashboard", "posts", "import", "export_volunteers", "audit")


@register.simple_tag(takes_context=True)
def organize_nav(context):
    request = context.get("request")
    path = request.path if request is not None else ""
    prefix = get_script_prefix()
    active = path if path in _tab_urls(prefix) else ""
    key = ("organize-nav", get_language(), prefix, active)
    return mark_safe(drawn("organize/_nav.html", key, {"active": active}))  # noqa: S308 (engine's)


@functools.cache
def _tab_urls(prefix: str) -> frozenset[str]:
    """The tabs' addresses under `prefix` (the script prefix `reverse` uses now)."""
    return frozenset(reverse(f"organize:{name}") for name in TABS)
