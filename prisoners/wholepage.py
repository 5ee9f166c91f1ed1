"""Pages kept whole, from base.html down, for readers who are not signed in (issue 17).

Someone not signed in, with no message to see, gets pages with nothing of their own on
them but the address the language switcher leads back to: no CSRF token, no form (the
anonymous page cache, advocacy/pagecache.py, relies on the same). So such a page is
drawn once with a mark in that place (chrome's `site_header` takes `chrome_next` from
the context), split there, kept (fragments.kept_part), and each request puts in its own
escaped address. The mark holds a "<", which no escaped text and no escaped address can.

The key is the caller's (everything its content shows: the profile's parts, the list's
content) and `page_version()`: the templates around that content and the Python that
draws them, the translations, the static files' addresses, the settings the header and
footer show.
"""

import functools
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.utils.html import escape
from django.utils.safestring import mark_safe

from advocacy.versions import code_digest

from . import fragments

NEXT_MARK = mark_safe("<!--page-next-->")
# What every such page is drawn with besides its own templates.
PAGE_TEMPLATES = (
    "base.html",
    "_partials/_assets.html",
    "_partials/_header.html",
    "_partials/_language_switcher.html",
    "_partials/_footer.html",
    "_partials/_scripts.html",
)
# The Python that draws and words those parts (the header's tags, the context processors).
ROOT = Path(__file__).resolve().parent.parent
PAGE_SOURCES = ("advocacy/templatetags/chrome.py", "*/context_processors.py")


def may_keep(request) -> bool:
    """Whether `request`'s page may be kept whole: nobody signed in, no message to show
    (base.html shows them), not DEBUG (an edited template shows at once)."""
    return not (request.user.is_authenticated or settings.DEBUG or get_messages(request))


def kept_page(
    request, key: str, draw_page: Callable[[str], str], templates: tuple, seconds: int
) -> str:
    """The page under `key`, with this request's address put in. `draw_page(next_mark)`
    renders it with `next_mark` where the address goes; `templates`, those it is drawn
    with besides PAGE_TEMPLATES."""
    found = fragments.kept_part(
        f"{key}:{page_version(templates)}", lambda: _split(draw_page(NEXT_MARK)), seconds
    )
    return found[0] + escape(request.get_full_path()) + found[1]


def _split(html: str) -> tuple[str, str]:
    found = html.split(NEXT_MARK)
    if len(found) != 2:
        raise ValueError(f"{len(found) - 1} marks of the way back where 1 was expected")
    return found[0], found[1]


@functools.cache
def page_version(templates: tuple = ()) -> str:
    """What a page kept whole shows around its content. Forgotten when a setting changes
    (tests); a deploy is a new process."""
    return code_digest(
        PAGE_TEMPLATES + templates,
        PAGE_SOURCES,
        str(getattr(staticfiles_storage, "manifest_hash", "")),
        fragments.code_version(),  # the cards' and the profile's code
        (settings.CAMPAIGN_NAME, settings.CONTACT_EMAIL, settings.LANGUAGES),
        root=ROOT,
    )


def _forget_page_version(**kwargs) -> None:
    page_version.cache_clear()


setting_changed.connect(_forget_page_version, dispatch_uid="prisoners.wholepage.page_version")
