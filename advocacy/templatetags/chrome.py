"""The site's header and footer, drawn once per process and kind of page, then kept.

Every page wears the same header (the menu and the language switcher) and footer; drawn
by the template engine they cost more than many a page's own content (issue 17). What
they show depends on little: the language, whether the reader is signed in, whether
they organize, which menu item is the current page, and the campaign's name. So each
variant is drawn once with two marks in it, and each request only puts its own CSRF
token and its own address (the switcher's way back) in place of the marks.

    {% load chrome %}
    {% site_header %}   templates/_partials/_header.html (+ _language_switcher.html)
    {% site_footer %}   templates/_partials/_footer.html
    {% site_assets %}   templates/_partials/_assets.html (style sheets, icons, manifest)
    {% site_scripts %}  templates/_partials/_scripts.html

Those templates see only the variables passed here. With DEBUG on, nothing is kept, so
that an edited template shows at once; a changed setting (tests) forgets every copy.
"""

import threading

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

CSRF_MARK = "chrome-csrf-mark-3b1f"
NEXT_MARK = "chrome-next-mark-3b1f"

_kept: dict[tuple, str] = {}
_lock = threading.Lock()


def forget(**kwargs) -> None:
    with _lock:
        _kept.clear()


setting_changed.connect(forget, dispatch_uid="advocacy.chrome.forget")


def active_item(request) -> str:
    """Which menu item is the page being shown ("" for none)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.app_name == "organize":
        return "organize"
    if match.url_name in {"list", "find", "me", "settings"}:
        return match.url_name
    return ""


def _drawn(name: str, key: tuple, context: dict) -> str:
    if settings.DEBUG:
        return get_template(name).render(context)
    html = _kept.get(key)
    if html is None:
        html = get_template(name).render(context)
        with _lock:
            _kept[key] = html
    return html


def drawn(name: str, key: tuple, context: dict) -> str:
    """`name` drawn with `context` once per process and `key` (a key naming all that
    `context` holds), then kept; every time with DEBUG on. For other apps' kept chrome."""
    return _drawn(name, key, context)


def _common(context) -> dict:
    return {
        "CAMPAIGN_NAME": context.get("CAMPAIGN_NAME", settings.CAMPAIGN_NAME),
        "LANGUAGE_CHOICES": context.get("LANGUAGE_CHOICES", ()),
    }


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    organizer = bool(signed_in and context.get("is_organizer"))
    active = active_item(request)
    common = _common(context)
    key = ("header", get_language(), str(common["CAMPAIGN_NAME"]), signed_in, organizer, active)
    html = _drawn(
        "_partials/_header.html",
        key,
        {
            **common,
            "signed_in": signed_in,
            "organizer": organizer,
            "active": active,
            "csrf_mark": CSRF_MARK,
            "next_mark": NEXT_MARK,
        },
    )
    if signed_in:
        html = html.replace(CSRF_MARK, get_token(request))
    # A page kept whole for every reader (prisoners/profile.py) puts each one's own
    # address in place of its own mark (`chrome_next`, safe, with a "<" no text can hold).
    back = context.get("chrome_next")
    if back is not None:
        back = conditional_escape(back)
    else:
        back = escape(request.get_full_path()) if request is not None else ""
    # The template engine's own output, with a token and an escaped address put in.
    return mark_safe(html.replace(NEXT_MARK, back))  # noqa: S308


@register.simple_tag(takes_context=True)
def site_footer(context):
    common = _common(context)
    key = ("footer", get_language(), str(common["CAMPAIGN_NAME"]))
    return mark_safe(_drawn("_partials/_footer.html", key, common))  # noqa: S308 (engine's)


@register.simple_tag
def site_assets():
    return mark_safe(_drawn("_partials/_assets.html", ("assets",), {}))  # noqa: S308 (engine's)


@register.simple_tag
def site_scripts():
    return mark_safe(_drawn("_partials/_scripts.html", ("scripts",), {}))  # noqa: S308 (engine's)
