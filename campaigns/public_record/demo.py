"""The censorship watch's demo (campaigns/demo/censorship.toml), loaded by `load_demo`.

Each demo post is checked on the watch's own schedule from the day it was logged up to
today, each check written by the watch's own code (campaigns.linkcheck.record: the
LinkCheck history, the post's state, the CensorshipDay counters), with the status the
demo gives instead of a fetch. Then it is never due again: the links worker must not
fetch made-up links. Loading again makes nothing new: a post that exists (same volunteer
and link) and a volunteer's report for a platform are left as they are.
"""

import datetime
import tomllib
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from prisoners.models import Prisoner

from .. import figures
from ..linkcheck import record, schedule
from ..linkcheck.outcome import Outcome
from ..models import AccountSuspension, Post, VolunteerSettings

DATA = Path(__file__).resolve().parents[1] / "demo" / "censorship.toml"
# The hour (UTC) demo posts are logged at.
POSTED_AT = datetime.time(9, 30)
Status = Post.LinkStatus


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
        made["checks"] += checks or 0
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


def statuses(fields: dict, checks: int) -> list[str]:
    """What each of a demo post's `checks` checks finds, as `status` and `live_checks` say:
    online `live_checks` times, then `status` (a post removed stays removed)."""
    live = fields.get("live_checks", 0) if fields["status"] in record.GONE else 0
    if live >= checks:
        raise CommandError(f"Censorship demo: {fields['link']} is not due a check {live + 1}")
    return [Status.LIVE] * live + [fields["status"]] * (checks - live)


def moments(created_at: datetime.datetime, now: datetime.datetime) -> list[datetime.datetime]:
    """When the watch checks a post logged at `created_at`, up to `now`."""
    found, at = [], created_at
    while at is not None and at <= now:
        found.append(at)
        at = schedule.regular_after(created_at, at)
    return found


def _post(fields: dict, volunteer, prisoner: Prisoner, now) -> int | None:
    """Make the post and check it up to `now`: the number of checks, None when it exists."""
    if Post.objects.filter(volunteer=volunteer, link=fields["link"]).exists():
        return None
    day = (now - datetime.timedelta(days=fields["days_ago"])).date()
    posted_at = datetime.datetime.combine(day, POSTED_AT, tzinfo=datetime.UTC)
    post = Post.objects.create(
        volunteer=volunteer,
        prisoner=prisoner,
        platform=fields["platform"],
        link=fields["link"],
        text=fields.get("text", ""),
        posted_at=posted_at,
        link_next_check_at=posted_at,  # due at once, as when logged
    )
    # Logged then, not now: the schedule counts from created_at.
    Post.objects.filter(pk=post.pk).update(created_at=posted_at)
    taken = record.Taken(
        post.pk, post.link, post.platform, prisoner.pk, posted_at, Status.UNCHECKED,
        None, None, None, 0, posted_at,
    )  # fmt: skip
    when = moments(posted_at, now)
    for at, status in zip(when, statuses(fields, len(when)), strict=True):
        # Written as a worker writes a check, under the lease the row holds.
        result = record.judge(taken, Outcome(status), at)
        record.write([result])
        taken = record.Taken(
            post.pk, post.link, post.platform, prisoner.pk, posted_at, result.status,
            result.checked_at, result.live_at, result.gone_at, result.failures, result.next_at,
        )  # fmt: skip
    Post.objects.filter(pk=post.pk).update(link_next_check_at=None)
    _logged(post)
    return len(when)


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
