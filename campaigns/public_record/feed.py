"""An Atom feed of the public record's monthly figures, one entry per month.

One address per language, as the case news feeds (prisoners/feeds.py):
`/feeds/censorship.atom`, `/feeds/zh-hans/censorship.atom`, `/feeds/zh-hant/censorship.atom`.
An entry's id is its month's and language's, so a month's entry is updated in place as its
figures grow.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advocacy.typography import mark
from prisoners.feeds import LanguageFeed, feed_url, tag_uri

from . import figures
from .figures import Month


def feed_title() -> str:
    return _("%(campaign)s: censorship watch") % {"campaign": settings.CAMPAIGN_NAME}


def month_summary(month: Month) -> str:
    return figure_line(**{name: month.total(name) for name in (*figures.COUNTS, "accounts")})


def figure_line(**counts: int) -> str:
    return (
        _(
            "posts checked: %(checked)d, removed: %(removed)d, on suspended accounts: "
            "%(suspended)d; accounts reported suspended: %(accounts)d"
        )
        % counts
    )


class CensorshipFeed(LanguageFeed):
    def title(self) -> str:
        return feed_title()

    def subtitle(self) -> str:
        return _(
            "How many of our volunteers' posts were checked, removed or on suspended "
            "accounts, month by month. Counts only: never a volunteer, a handle or a link."
        )

    def author_name(self) -> str:
        return str(settings.CAMPAIGN_NAME)

    def link(self) -> str:
        return f"{settings.SITE_URL}{reverse('campaigns:censorship')}"

    def feed_url(self) -> str:
        return f"{settings.SITE_URL}{feed_url('censorship')}"

    def feed_guid(self) -> str:
        return tag_uri(f"censorship/{get_language()}")

    def items(self) -> list[Month]:
        return figures.by_month()

    def item_title(self, month: Month) -> str:
        name = formats.date_format(month.month, "YEAR_MONTH_FORMAT")
        return f"{name}{mark('colon')}{month_summary(month)}"

    def item_description(self, month: Month) -> None:
        return None  # the figures are the entry's plain-text content

    def item_link(self, month: Month) -> str:
        return f"{self.link()}#month-{month.month:%Y-%m}"

    def item_guid(self, month: Month) -> str:
        return tag_uri(f"censorship/{month.month:%Y-%m}/{get_language()}")

    def item_pubdate(self, month: Month):
        return month.updated()

    def item_updateddate(self, month: Month):
        return month.updated()

    def item_extra_kwargs(self, month: Month) -> dict:
        lines = [
            f"{row.label}{mark('colon')}"
            + figure_line(
                checked=row.checked,
                removed=row.removed,
                suspended=row.suspended,
                accounts=row.accounts,
            )
            for row in month.rows()
        ]
        return {"content": "\n".join(lines), "content_lang": self.language}
