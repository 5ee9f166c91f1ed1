"""What a volunteer posts: the suggested texts in their language, the week's reasons
to post leading them, each text's length as X counts it (static/js/suggested-post.js
does the same sum in the browser), and the links that post it in one tap
(campaigns.sharing).

The texts rotate week by week: the volunteer's week (the ISO week of their today)
picks which comes first, so that a defender posting every week does not post the
same words twice in a row.
"""

import datetime
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prisoners import chinese
from prisoners.models import Prisoner

from . import reasons, sharing
from .models import Post, VolunteerSettings
from .weeks import monday

# X (Twitter) counts most of the world's scripts as 2 and Latin and punctuation as 1
# (twitter-text's weighted ranges), every link as 23, and allows 280 in all.
X_LIMIT = 280
X_LINK_WEIGHT = 23
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)

# The suggested texts: each as said when the days in detention are known, and when not.
TEXTS = (
    (
        gettext_lazy(
            "%(name)s has been held for %(days)s days for speaking out. Do not forget them."
        ),
        gettext_lazy("Remember %(name)s, a political prisoner in China."),
    ),
    (
        gettext_lazy(
            "Day %(days)s in detention for %(name)s, jailed for peaceful speech. "
            "I will keep saying this name until they are free."
        ),
        gettext_lazy(
            "%(name)s is jailed in China for peaceful speech. "
            "I will keep saying this name until they are free."
        ),
    ),
    (
        gettext_lazy(
            "%(name)s: %(days)s days behind bars. Every week I post about them "
            "so that they are not forgotten. Please share."
        ),
        gettext_lazy(
            "Every week I post about %(name)s, a political prisoner in China, "
            "so that they are not forgotten. Please share."
        ),
    ),
    (
        gettext_lazy(
            "%(days)s days: that is how long %(name)s has been held in China. "
            "Read their story and speak up."
        ),
        gettext_lazy("%(name)s is held in China for speaking out. Read their story and speak up."),
    ),
)


def x_weighted_length(text: str) -> int:
    """The length X shows for a post; static/js/suggested-post.js does the same sum."""
    links = _LINK.findall(text)
    rest = _LINK.sub("", text)
    weight = sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT_RANGES) else 2 for c in rest)
    return weight + X_LINK_WEIGHT * len(links)


def rotation(today: datetime.date) -> int:
    """Which text comes first in the week of `today`: weeks counted from one Monday to
    the next, so two weeks in a row never start alike, across a new year too."""
    return monday(today).toordinal() // 7 % len(TEXTS)


def _bodies(prisoner: Prisoner, *, language: str, today: datetime.date, lead: str) -> list[str]:
    """The texts without the profile link, in this week's order, in `language`."""
    with translation.override(language):
        name = prisoner.primary_name(language)
        days = prisoner.days_detained(today)
        values = {"name": name}
        if days is not None:
            values["days"] = chinese.number(days, language)
        tags = " ".join(f"#{t}" for t in (prisoner.hashtag, _("PoliticalPrisoners")) if t)
        # Chinese sentences follow each other without a space.
        join = "" if language.lower().startswith("zh") else " "
        first = rotation(today)
        bodies = []
        for known, unknown in TEXTS[first:] + TEXTS[:first]:
            # A reason leading the text says the day itself: no second, different count
            # ("day 1000 is on Friday" and "999 days" on Thursday).
            sentence = str(known if days is not None and not lead else unknown) % values
            bodies.append(f"{lead}{join if lead else ''}{sentence} {tags}")
        return bodies


def profile_link(prisoner: Prisoner) -> str:
    return settings.SITE_URL + prisoner.get_absolute_url()


def suggested_post(prisoner: Prisoner, *, language: str, today: datetime.date | None = None) -> str:
    """This week's first suggested text: a reason to post (if the week has one), name,
    days detained, hashtags, and the link to the profile."""
    today = today or timezone.localdate()
    lead = _lead(prisoner, language=language, today=today)
    body = _bodies(prisoner, language=language, today=today, lead=lead)[0]
    return f"{body} {profile_link(prisoner)}"


def _lead(prisoner: Prisoner, *, language: str, today: datetime.date) -> str:
    found = reasons.reasons_in_week(prisoner, today=today)
    return reasons.say(found[0], prisoner, today=today, language=language) if found else ""


def mastodon_instance(volunteer) -> str:
    found = VolunteerSettings.objects.filter(volunteer=volunteer)
    return found.values_list("mastodon_instance", flat=True).first() or ""


def share_context(
    prisoner: Prisoner,
    *,
    volunteer,
    language: str,
    today: datetime.date,
    mastodon: str | None = None,
) -> dict:
    """Everything a page or an email shows to post about `prisoner` in one tap:
    `suggestions` (text, X length, over the limit, share links, `others`: the
    links after X as label and address), `reasons` (sentences),
    `x_limit`, `profile_link`, `mastodon_instance`, `mastodon_settings_url`, and
    `share_buttons` (each platform's button, X first). A page that read the volunteer's
    settings already passes their Mastodon server as `mastodon` (one query less)."""
    found = reasons.reasons_in_week(prisoner, today=today)
    said = [reasons.say(r, prisoner, today=today, language=language) for r in found]
    link = profile_link(prisoner)
    instance = mastodon_instance(volunteer) if mastodon is None else mastodon
    settings_url = (
        settings.SITE_URL + reverse("campaigns:settings") + "#id_settings-mastodon_instance"
    )
    suggestions = []
    for body in _bodies(prisoner, language=language, today=today, lead=said[0] if said else ""):
        text = f"{body} {link}"
        length = x_weighted_length(text)
        links = sharing.share_links(
            body, link, mastodon_instance=instance, settings_url=settings_url
        )
        suggestions.append(
            {"text": text, "length": length, "over": length > X_LIMIT, "links": links}
        )
    buttons = _buttons(suggestions[0]["links"], link, instance)
    for suggestion in suggestions:
        # Each text's own links after "Post on X", for choosing without JavaScript.
        suggestion["others"] = [
            {"label": b["label"], "href": suggestion["links"][b["platform"]]}
            for b in buttons[1:]
            if b["base"]
        ]
    return {
        "suggestions": suggestions,
        "reasons": said,
        "x_limit": X_LIMIT,
        "profile_link": link,
        "mastodon_instance": instance,
        "mastodon_settings_url": settings_url,
        "share_buttons": buttons,
    }


def _buttons(links: dict, link: str, instance: str) -> list[dict]:
    """The share buttons, X first: label, the first text's link, and what
    static/js/suggested-post.js rebuilds the link from when another text is chosen
    (nothing for Mastodon without a server: its button goes to the settings)."""
    bases = sharing.bases(link, mastodon_instance=instance)
    return [
        {
            "platform": platform,
            "label": Post.Platform(platform).label,
            "href": links[platform],
            "base": bases.get(platform, ("", False))[0],
            "whole": bases.get(platform, ("", False))[1],
        }
        for platform in sharing.PLATFORMS
    ]
