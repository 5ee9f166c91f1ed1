"""Benchmark B5 of QUALITY.md: the organizers' dashboard against live counting.

    make bench                          # up to 1,000,000 posts (BENCH_POSTS)
    BENCH_POSTS=200000 make bench

Measures /organize/ (the whole page, as an organizer with a second factor) at 100,000
posts and again at BENCH_POSTS, and beside it the same trends computed the naive way,
with COUNT/GROUP BY over the posts and adoptions on every request. Goals: the page at
least 50 x faster than live counting at the large size, and t(large) / t(100k) <= 1.2.
Runs after bench/fanout.py, whose defenders and prisoners it reuses.
"""

import datetime
import os
import random
import time

import bootstrap

bootstrap.setup()

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.test import Client
from django.utils import timezone

from advocacy.access import ORGANIZERS
from bench.fanout import PREFIX, ensure_defenders
from bench.fanout import WANTED as DEFENDERS
from campaigns import figures, weeks
from campaigns.models import Adoption, OutgoingEmail, Post
from prisoners.models import Prisoner

WANTED = int(os.environ.get("BENCH_POSTS", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))


def ensure_posts(total: int) -> None:
    have = Post.objects.count()
    if have >= total:
        return
    pairs = list(
        Adoption.objects.active()
        .defenders()
        .filter(volunteer__email__startswith=PREFIX)
        .values_list("volunteer_id", "prisoner_id")
    )
    rng = random.Random(have)
    now = timezone.now()
    batch = []
    for i in range(have, total):
        volunteer, prisoner = rng.choice(pairs)
        when = now - datetime.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        batch.append(
            Post(
                volunteer_id=volunteer,
                prisoner_id=prisoner,
                platform="x",
                link=f"https://x.com/bench/status/{i}",
                posted_at=when,
            )
        )
        if len(batch) == 20_000:
            Post.objects.bulk_create(batch)
            batch = []
            print(f"  {i + 1:,} posts", flush=True)
    Post.objects.bulk_create(batch)
    figures.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after such a load


def live_counts() -> dict:
    """The dashboard's figures the naive way: counting the source tables every time."""
    now = timezone.now()
    tz = weeks.campaign_tz()
    this_week = datetime.datetime.combine(weeks.week_of(now), datetime.time(), tz)
    since = this_week - datetime.timedelta(weeks=11)
    posts = Post.objects.all()
    weekly_posts = list(
        posts.filter(posted_at__gte=since)
        .annotate(week=TruncWeek("posted_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("id"))
    )
    adoptions = list(
        Adoption.objects.defenders()
        .filter(Q(started_at__gte=since) | Q(ended_at__gte=since))
        .annotate(week=TruncWeek("started_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("id"), lapses=Count("id", filter=Q(end_reason="lapsed")))
    )
    active = (
        posts.filter(posted_at__gte=now - datetime.timedelta(days=30))
        .values("volunteer")
        .distinct()
        .count()
    )
    held, defended = figures.coverage_now()
    return {
        "weekly_posts": weekly_posts,
        "adoptions": adoptions,
        "active": active,
        "held": held,
        "defended": defended,
        "published": Prisoner.objects.published().count(),
        "supporters": Adoption.objects.active().filter(role="supporter").count(),
        "reminders": list(
            OutgoingEmail.objects.filter(created_at__gte=this_week)
            .values("status")
            .annotate(n=Count("id"))
        ),
        "oldest": figures.backlog_age(now),
    }


def per_second(function) -> float:
    function()  # warm up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        function()
        n += 1
    return n / (time.perf_counter() - start)


def organizer_client() -> Client:
    user, _ = get_user_model().objects.get_or_create(
        email="bench-organizer@example.org", defaults={"display_name": "Bench organizer"}
    )
    user.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    if not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    call_command("migrate", verbosity=0)
    ensure_defenders(DEFENDERS)
    client = organizer_client()

    def page():
        assert client.get("/organize/").status_code == 200

    def as_served():  # what the page does: the headline kept a minute, trends rolled up
        figures.headline()
        figures.trends()

    def recomputed():  # the same with the headline recomputed (its first visit a minute)
        figures.compute_headline()
        figures.trends()

    results = {}
    for size in sorted({min(100_000, WANTED), WANTED}):
        ensure_posts(size)
        # A later run starts with the posts of the first: it measures that size only.
        size = Post.objects.count()
        results[size] = tuple(per_second(f) for f in (page, as_served, recomputed, live_counts))
    print("\nB5 organizer dashboard (the same figures: rollups and cache vs live counting)")
    for size, (whole, served, fresh, live) in results.items():
        print(
            f"  {size:>9,} posts: as served {1000 / served:6.2f} ms ({served / live:5.0f} x "
            f"faster than live, goal >= 50 x); recomputed {1000 / fresh:6.1f} ms "
            f"({fresh / live:4.1f} x); live {1000 / live:7.1f} ms; "
            f"whole page {1000 / whole:6.1f} ms"
        )
    if len(results) > 1:
        small, large = results[min(results)][0], results[max(results)][0]
        print(f"  page t(large) / t(small) = {small / large:.2f} (goal <= 1.2)")


if __name__ == "__main__":
    main()
