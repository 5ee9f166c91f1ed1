"""The censorship watch's demo (campaigns/demo/censorship.toml), loaded by `load_demo`.

Each demo post is made with its whole history at once: its LinkCheck rows, its current
state on the post, and the CensorshipDay counters its checks bumped (a first check counts
the post as checked that day; a check that finds gone a post last seen online counts a
removal or a suspended account that day). Loading again makes nothing new: a post that
exists (same volunteer and link) and a volunteer's report for a platform are left as they
are, so the counters are bumped once.
"""

import datetime
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from prisoners.models import Prisoner

from .. import figures
from ..models import AccountSuspension, CensorshipDay, LinkCheck, Post, VolunteerSettings

DATA = Path(__file__).resolve().parents[1] / "demo" / "censorship.toml"
# The watch's schedule, in days after a post is logged (issue 14: at once, a day, a week,
# a month, then monthly for a year).
SCHEDULE_DAYS = (0, 1, 7, 30, *range(60, 366, 30))
# The hour (UTC) demo posts are logged at, and checked a few minutes after.
POSTED_AT = datetime.time(9, 30)
CHECK_DELAY = datetime.timedelta(minutes=7)
Status = Post.LinkStatus
GONE = {Status.REMOVED: "removed", Status.ACCOUNT_SUSPENDED: "suspended"}


@dataclass(frozen=True)
class Check:
    at: datetime.datetime
    status: str
    previous: str


def load(now: datetime.datetime | None = None, path: Path = DATA) -> str:
    """Load the demo; the line that reports what it did."""
    now = now or timezone.now()
    with path.open("rb") as file:
        data = tomllib.load(file)
    prisoners = _prisoners(data)
    made = Counter()
    volunteers = {}
    for volunteer in data["volunteers"]:
        volunteers[volunteer["key"]], created = _volunteer(volunteer)
        made["volunteers"] += created
    for post in data["posts"]:
        checks = _post(post, volunteers[post["volunteer"]], prisoners[post["prisoner"]], now)
        made["posts"] += checks is not None
        made["checks"] += len(checks or ())
    for report in data["suspensions"]:
        made["suspensions"] += _suspension(
            report, volunteers[report["volunteer"]], prisoners[report["prisoner"]], now
        )
    return (
        f"Censorship watch demo: {made['volunteers']} of {len(volunteers)} volunteers, "
        f"{made['posts']} of {len(data['posts'])} posts ({made['checks']} checks) and "
        f"{made['suspensions']} of {len(data['suspensions'])} suspended accounts created"
    )


def _prisoners(data: dict) -> dict[str, Prisoner]:
    keys = {item["prisoner"] for item in data["posts"] + data["suspensions"]}
    found = {p.import_key: p for p in Prisoner.objects.filter(import_key__in=keys)}
    if missing := keys - set(found):
        raise CommandError(f"Censorship demo: no prisoner with key {', '.join(sorted(missing))}")
    return found


def _volunteer(fields: dict):
    """A demo volunteer, who cannot sign in (no usable password)."""
    user, created = get_user_model().objects.get_or_create(
        email=fields["email"], defaults={"display_name": fields["display_name"]}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user, created


def checks_of(fields: dict, posted_at: datetime.datetime, now: datetime.datetime) -> list[Check]:
    """The checks of a demo post, in order, as its `status` and `live_checks` describe."""
    due = [posted_at + datetime.timedelta(days=d) + CHECK_DELAY for d in SCHEDULE_DAYS]
    due = [at for at in due if at <= now]
    status = fields["status"]
    if status in GONE:
        live = fields["live_checks"]
        if live >= len(due):
            raise CommandError(f"Censorship demo: {fields['link']} is not due a check {live + 1}")
        statuses = [Status.LIVE] * live + [status]
    else:
        statuses = [status] * len(due)
    previous = [Status.UNCHECKED, *statuses[:-1]]
    return [Check(at, s, p) for at, s, p in zip(due, statuses, previous, strict=False)]


def _post(fields: dict, volunteer, prisoner: Prisoner, now) -> list[Check] | None:
    """Make the post with its history; None when it exists already."""
    if Post.objects.filter(volunteer=volunteer, link=fields["link"]).exists():
        return None
    day = (now - datetime.timedelta(days=fields["days_ago"])).date()
    posted_at = datetime.datetime.combine(day, POSTED_AT, tzinfo=datetime.UTC)
    checks = checks_of(fields, posted_at, now)
    live = [c.at for c in checks if c.status == Status.LIVE]
    post = Post.objects.create(
        volunteer=volunteer,
        prisoner=prisoner,
        platform=fields["platform"],
        link=fields["link"],
        text=fields.get("text", ""),
        posted_at=posted_at,
        link_status=checks[-1].status,
        link_checked_at=checks[-1].at,
        link_live_at=live[-1] if live else None,
        link_gone_at=checks[-1].at if checks[-1].status in GONE else None,
        # Never due a check: the watch's worker must not fetch made-up links.
        link_next_check_at=None,
    )
    LinkCheck.objects.bulk_create(
        LinkCheck(post=post, checked_at=c.at, status=c.status, previous_status=c.previous)
        for c in checks
    )
    _count(post, checks)
    _logged(post)
    return checks


def _count(post: Post, checks: list[Check]) -> None:
    """Bump the daily counters as the checks themselves do."""
    bumps = [(checks[0].at.date(), "checked")]
    bumps += [
        (c.at.date(), GONE[c.status])
        for c in checks
        if c.status in GONE and c.previous == Status.LIVE
    ]
    for day, counter in bumps:
        row, _ = CensorshipDay.objects.get_or_create(
            day=day, platform=post.platform, prisoner=post.prisoner
        )
        CensorshipDay.objects.filter(pk=row.pk).update(**{counter: F(counter) + 1})


def _logged(post: Post) -> None:
    """What logging a post updates besides the post: the campaign's week, the volunteer's
    last post (services.log_post, without queueing a check)."""
    figures.bump(post.posted_at, posts=1)
    prefs, _ = VolunteerSettings.objects.get_or_create(volunteer=post.volunteer)
    if prefs.last_posted_at is None or prefs.last_posted_at < post.posted_at:
        VolunteerSettings.objects.filter(pk=prefs.pk).update(last_posted_at=post.posted_at)


def _suspension(fields: dict, volunteer, prisoner: Prisoner, now) -> bool:
    """A volunteer's report, once per volunteer and platform."""
    _, created = AccountSuspension.objects.get_or_create(
        volunteer=volunteer,
        platform=fields["platform"],
        defaults={
            "prisoner": prisoner,
            "reported_at": now - datetime.timedelta(days=fields["days_ago"]),
        },
    )
    return created
