"""What a volunteer posts: the suggested text in their language, and its length as X
counts it (static/js/suggested-post.js does the same sum in the browser)."""

import datetime
import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from prisoners.models import Prisoner

# X (Twitter) counts most of the world's scripts as 2 and Latin and punctuation as 1
# (twitter-text's weighted ranges), every link as 23, and allows 280 in all.
X_LIMIT = 280
X_LINK_WEIGHT = 23
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


def x_weighted_length(text: str) -> int:
    """The length X shows for a post; static/js/suggested-post.js does the same sum."""
    links = _LINK.findall(text)
    rest = _LINK.sub("", text)
    weight = sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT_RANGES) else 2 for c in rest)
    return weight + X_LINK_WEIGHT * len(links)


def suggested_post(prisoner: Prisoner, *, language: str, today: datetime.date | None = None) -> str:
    """A short post in the volunteer's language: name, days detained, hashtag, link."""
    with translation.override(language):
        name = prisoner.primary_name(language)
        days = prisoner.days_detained(today)
        if days is not None:
            text = _(
                "%(name)s has been held for %(days)s days for speaking out. Do not forget them."
            ) % {"name": name, "days": f"{days:,}"}
        else:
            text = _("Remember %(name)s, a political prisoner in China.") % {"name": name}
        tags = " ".join(f"#{t}" for t in (prisoner.hashtag, _("PoliticalPrisoners")) if t)
        link = settings.SITE_URL + prisoner.get_absolute_url()
        return f"{text} {tags} {link}"
