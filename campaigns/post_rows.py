"""A logged post's row (templates/campaigns/_post_row.html) written in plain Python.

/me/ shows the volunteer's latest posts at every visit: drawn by the template engine, an
include and a dozen tags and filters each, they cost more than the rest of the page's
own content (issue 17). `row(post)` writes the template's very markup, with the same
filters (Django's `date`, `utc`, `truncatechars`), the same translation and escaping:
tests/campaigns/test_post_rows.py compares the two, character for character.
"""

import datetime

from django.template import defaultfilters
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import Post

TEMPLATE = "campaigns/_post_row.html"
_PK_MARK = 987_654_321_987
_PLATFORM = Post._meta.get_field("platform")


class _Shared:
    """What every row of a page writes alike, worked out once per page: the delete
    address but for the post's id, the platforms' names, the date's format, the word."""

    def __init__(self):
        self.delete = reverse("campaigns:delete_post", args=[_PK_MARK])
        self.platforms = {value: str(label) for value, label in _PLATFORM.flatchoices}
        self.shown = formats.get_format("DATETIME_FORMAT")
        self.remove = gettext("Remove")
        self.prisoners = {}

    def prisoner(self, prisoner) -> str:
        found = self.prisoners.get(prisoner.pk)
        if found is None:
            esc = conditional_escape
            found = (
                f'· <a href="{esc(prisoner.get_absolute_url())}">{esc(prisoner.primary_name())}</a>'
            )
            self.prisoners[prisoner.pk] = found
        return found


def row(post: Post, shared: _Shared | None = None) -> str:
    """The post's row, as the template draws it (its text not yet marked safe)."""
    shared = shared or _Shared()
    esc = conditional_escape
    moment = post.posted_at
    # |utc|date:"Y-m-d\TH:i:s\Z", and |date:"DATETIME_FORMAT" on the reader's clock.
    utc = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = dateformat.format(timezone.template_localtime(moment), shared.shown)
    about = getattr(post, "prisoner", None)  # as the template's {% if %}: none, none shown
    prisoner = shared.prisoner(about) if about else ""
    link = ""
    if post.link:
        link = (
            f'<p class="mb-1 small text-break"><a href="{esc(post.link)}" '
            f'rel="noopener noreferrer nofollow" target="_blank">{esc(post.link)}</a></p>'
        )
    text = ""
    if post.text:
        text = (
            f'<p class="mb-0 small post-text">'
            f"{esc(defaultfilters.truncatechars(post.text, 300))}</p>"
        )
    platform = shared.platforms.get(post.platform, post.platform)
    delete = shared.delete.replace(str(_PK_MARK), str(post.pk))
    return (
        '\n<li class="list-group-item">\n'
        '  <div class="d-flex flex-wrap justify-content-between gap-2">\n'
        "    <div>\n"
        f'      <span class="fw-semibold">{esc(platform)}</span>\n'
        f'      · <time datetime="{esc(utc)}">{esc(shown)}</time>\n'
        f"      {prisoner}\n"
        "    </div>\n"
        f'    <a class="small link-secondary" href="{esc(delete)}">{shared.remove}</a>\n'
        "  </div>\n"
        f"  {link}\n"
        f"  {text}\n"
        "</li>\n"
    )


def rows(posts) -> SafeString:
    """The rows of `posts`, one after the other, as `{% for %}` with the include."""
    if not posts:
        return mark_safe("")
    shared = _Shared()
    return mark_safe("".join(row(post, shared) for post in posts))  # noqa: S308 - escaped above
