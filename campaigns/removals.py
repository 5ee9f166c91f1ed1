"""A volunteer's posts the censorship watch found gone, as /me/ and the weekly email say
it: "Removed from X between 3 and 9 May", "Your account on X seems suspended", or, for a
link never seen online, "This link does not open — check it?"; with the one-tap links to
post it again (campaigns.sharing), in the words the volunteer logged, else the week's
suggested text.

The checks themselves (campaigns/linkcheck/) set `link_status`, `link_live_at` (last
seen online) and `link_gone_at` (the first check that found it gone since): the removal
happened between the two dates, on the volunteer's own calendar. A removal never counts
against the volunteer's week: the post stays in their log and in their streak.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from advocacy.compiled import Compiled

from . import compose, cursors, sharing, weeks
from .models import AccountSuspension, Post, VolunteerSettings

# How long a removal or a suspension report stays on /me/.
RECENT = datetime.timedelta(weeks=8)
# How many removals /me/ and the email show; the rest is on /me/removed/.
SHOWN = 3
PER_PAGE = 20
GONE = (Post.LinkStatus.REMOVED, Post.LinkStatus.ACCOUNT_SUSPENDED)


class Kind:
    REMOVED = "removed"
    SUSPENDED = "suspended"
    # The first check found it gone: maybe a typo in the link, maybe removed at once.
    NEVER_OPENED = "never_opened"


@dataclass(frozen=True)
class Removal:
    post: Post
    kind: str
    sentence: str
    # What "post it again" posts: the volunteer's own words, else the week's text.
    text: str
    share_buttons: list[dict]


def gone_posts(volunteer):
    """The volunteer's posts found gone and not seen online since, latest removal first
    (the index post_link_gone serves it)."""
    return (
        Post.objects.filter(volunteer=volunteer, link_gone_at__isnull=False, link_status__in=GONE)
        .select_related("prisoner")
        .order_by("-link_gone_at", "-id")
    )


def kind_of(post: Post) -> str:
    if post.link_live_at is None:
        return Kind.NEVER_OPENED
    if post.link_status == Post.LinkStatus.ACCOUNT_SUSPENDED:
        return Kind.SUSPENDED
    return Kind.REMOVED


def _day(moment: datetime.datetime, tz: zoneinfo.ZoneInfo) -> datetime.date:
    return timezone.localtime(moment, tz).date()


def _full() -> str:
    return pgettext("a date in a range of dates", "j F Y")


def _day_month() -> str:
    return pgettext("a day and month in a range of dates", "j F")


def _on(day: datetime.date, today: datetime.date) -> str:
    """One day, said as in a range: "9 May" this year, "9 May 2025" before."""
    return formats.date_format(day, _day_month() if day.year == today.year else _full())


def between(first: datetime.date, last: datetime.date, today: datetime.date) -> tuple[str, str]:
    """The two ends of a range as said together, with the years only when not this
    year: "3" and "9 May" within a month ("5月3日" and "9日" in Chinese: which end is
    shortened is the translation's choice), "28 April" and "9 May" across months."""
    if first.year != last.year or last.year != today.year:
        return formats.date_format(first, _full()), formats.date_format(last, _full())
    if first.month != last.month:
        return formats.date_format(first, _day_month()), formats.date_format(last, _day_month())
    return (
        formats.date_format(first, pgettext("the first day of a range within a month", "j")),
        formats.date_format(last, pgettext("the last day of a range within a month", "j F")),
    )


def say(post: Post, *, tz: zoneinfo.ZoneInfo, today: datetime.date) -> str:
    """What happened to `post`, in the active language, on the volunteer's calendar."""
    kind = kind_of(post)
    platform = post.get_platform_display()
    gone = _day(post.link_gone_at, tz)
    if kind == Kind.NEVER_OPENED:
        return _("This link does not open — check it?")
    if kind == Kind.SUSPENDED:
        return _("Your account on %(platform)s seems suspended (found on %(date)s).") % {
            "platform": platform,
            "date": _on(gone, today),
        }
    seen = _day(post.link_live_at, tz)
    if seen >= gone:
        return _("Removed from %(platform)s on %(date)s.") % {
            "platform": platform,
            "date": _on(gone, today),
        }
    first, last = between(seen, gone, today)
    return _("Removed from %(platform)s between %(first)s and %(last)s.") % {
        "platform": platform,
        "first": first,
        "last": last,
    }


def settings_url() -> str:
    return settings.SITE_URL + reverse("campaigns:settings") + "#id_settings-mastodon_instance"


def repost_buttons(text: str, link: str, *, mastodon_instance: str) -> list[dict]:
    """One-tap links that post `text` again, X first, about the profile at `link`:
    the platforms that take the whole text get it with the link (once), the others
    get the link apart. Mastodon without a server leads to the settings."""
    body = text.replace(link, " ").strip() if link else text
    links = sharing.share_links(
        body, link, mastodon_instance=mastodon_instance, settings_url=settings_url()
    )
    return [
        {
            "platform": platform,
            "label": Post.Platform(platform).label,
            "href": links[platform],
            "set_server": platform == "mastodon" and not mastodon_instance,
        }
        for platform in sharing.PLATFORMS
    ]


def removals(
    posts, *, volunteer, language: str, today: datetime.date, mastodon_instance: str
) -> list[Removal]:
    """`posts` (evaluated, with their prisoners) as the volunteer reads them."""
    tz = weeks.volunteer_tz(volunteer)
    found = []
    for post in posts:
        text = post.text.strip() or compose.suggested_post(
            post.prisoner, language=language, today=today
        )
        found.append(
            Removal(
                post=post,
                kind=kind_of(post),
                sentence=say(post, tz=tz, today=today),
                text=text,
                share_buttons=repost_buttons(
                    text, compose.profile_link(post.prisoner), mastodon_instance=mastodon_instance
                ),
            )
        )
    return found


# /me/'s two reads, compiled once per process (advocacy.compiled): the marks stand for
# the volunteer's id and the moment since when.
_ID = -7_100_019
_SINCE = datetime.datetime(1903, 4, 5, 6, 7, 8, tzinfo=datetime.UTC)
GONE_LATELY = Compiled(
    lambda volunteer_id, since: gone_posts(volunteer_id).filter(link_gone_at__gte=since)[
        : SHOWN + 1
    ],
    _ID,
    _SINCE,
)
REPORTED_LATELY = Compiled(
    lambda volunteer_id, since: AccountSuspension.objects.filter(
        volunteer_id=volunteer_id, reported_at__gte=since
    ).order_by("-reported_at")[:SHOWN],
    _ID,
    _SINCE,
)


def lately() -> datetime.datetime:
    """Since when a removal or a suspension report stays on /me/."""
    return timezone.now() - RECENT


def with_news(volunteers, since: datetime.datetime):
    """`volunteers` (a queryset of users) with `gone_lately` and `reported_lately`:
    whether `for_me` has anything to read, in a query made anyway (most volunteers have
    neither: /me/ then spends no query on them)."""
    volunteer = OuterRef("pk")
    gone = gone_posts(volunteer).filter(link_gone_at__gte=since)
    reported = AccountSuspension.objects.filter(volunteer=volunteer, reported_at__gte=since)
    return volunteers.annotate(gone_lately=Exists(gone), reported_lately=Exists(reported))


def for_me(
    volunteer,
    *,
    language: str,
    today: datetime.date,
    mastodon_instance: str,
    since: datetime.datetime | None = None,
    news=None,
) -> dict:
    """/me/'s part: the latest removals (two queries at most, whatever their number: the
    posts, and the suspension reports); none for what `news`, the volunteer read with
    `with_news(..., since)`, says there is not."""
    since = since or lately()
    posts = reports = []
    if news is None or news.gone_lately:
        posts = GONE_LATELY.run(volunteer.pk, since)
    if news is None or news.reported_lately:
        reports = REPORTED_LATELY.run(volunteer.pk, since)
    return {
        "removals": removals(
            posts[:SHOWN],
            volunteer=volunteer,
            language=language,
            today=today,
            mastodon_instance=mastodon_instance,
        ),
        "more_removals": len(posts) > SHOWN,
        "suspension_reports": reports,
    }


def since(
    volunteer, moment: datetime.datetime, *, language: str, today: datetime.date, mastodon: str
) -> list[Removal]:
    """The removals found after `moment` (the last weekly email), for the next one."""
    posts = gone_posts(volunteer).filter(link_gone_at__gt=moment)[:SHOWN]
    return removals(
        posts, volunteer=volunteer, language=language, today=today, mastodon_instance=mastodon
    )


@login_required
def removed(request):
    """All the volunteer's posts found gone, latest first, a page at a time."""
    before = request.GET.get("before", "")
    found = cursors.older_than(gone_posts(request.user), before, "link_gone_at")
    page = list(found[: PER_PAGE + 1])
    more = len(page) > PER_PAGE
    page = page[:PER_PAGE]
    prefs = VolunteerSettings.objects.filter(volunteer=request.user).first()
    listed = removals(
        page,
        volunteer=request.user,
        language=get_language(),
        today=weeks.volunteer_now(request.user).date(),
        mastodon_instance=prefs.mastodon_instance if prefs else "",
    )
    last = page[-1] if page else None
    return render(
        request,
        "campaigns/removed.html",
        {
            "removals": listed,
            "next_cursor": cursors.encode(last.link_gone_at, last.pk) if more else "",
            "is_first_page": cursors.decode(before) is None,
            # The base page's banner, from the row read above: no second query.
            "delivery_problem": prefs if prefs and prefs.undeliverable_at else None,
        },
    )
