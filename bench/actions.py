"""Benchmarks B3 and B4 of QUALITY.md: claiming a prisoner and logging a post.

    make bench                 # in advocacy_bench, after the other benchmarks

Both are measured through the whole stack as signed-in volunteers, side by side with a
signed-in POST that does nothing. B3 claims free prisoners one volunteer each; B4 logs
posts with the Post table at its current size (a million rows after bench/dashboard.py)
and again for a volunteer with no posts of their own. Goal: >= 0.7 x the empty POST.
"""

import os
import sys
import time

import bootstrap

bootstrap.setup()

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from bench.fanout import WANTED as DEFENDERS
from bench.fanout import ensure_defenders
from campaigns.figures import coverage
from campaigns.models import Adoption, Post
from prisoners.models import Prisoner

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "300"))
PREFIX = "bench-claim-"


def volunteers(count: int) -> list:
    """`count` verified volunteers who defend nobody (made once, reused)."""
    User = get_user_model()
    free = list(
        User.objects.filter(email__startswith=PREFIX)
        .exclude(adoptions__ended_at__isnull=True, adoptions__role="defender")
        .order_by("pk")[:count]
    )
    missing = count - len(free)
    if missing > 0:
        start = User.objects.filter(email__startswith=PREFIX).count()
        made = User.objects.bulk_create(
            [
                User(email=f"{PREFIX}{start + i}@example.org", display_name=f"C{i}")
                for i in range(missing)
            ]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in made]
        )
        free += made
    return free


def clients_for(users) -> list[Client]:
    result = []
    for user in users:
        client = Client()
        client.force_login(user)
        result.append(client)
    return result


def timed(calls) -> float:
    """Requests per second over the given (client, path, data, expected status) calls."""
    start = time.perf_counter()
    for client, path, data, expected in calls:
        response = client.post(path, data)
        assert response.status_code == expected, (path, response.status_code)
    return len(calls) / (time.perf_counter() - start)


def main() -> None:
    call_command("migrate", verbosity=0)
    ensure_defenders(DEFENDERS)
    people = volunteers(CLAIMS)
    clients = clients_for(people)
    prisoners = list(coverage.needing_defender(Prisoner.objects.all()).order_by("pk")[:CLAIMS])
    if len(prisoners) < CLAIMS:
        sys.exit(f"only {len(prisoners)} prisoners without a defender: run bench/run.py first")
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        timed([(c, "/bench/noop/", {}, 204) for c in clients])  # warm up every session
        noop = timed([(c, "/bench/noop/", {}, 204) for c in clients])
        pairs = list(zip(clients, prisoners, strict=True))
        claim = timed([(c, f"/prisoners/{p.slug}/defend/", {}, 302) for c, p in pairs])
        now = timezone.now().strftime("%Y-%m-%dT%H:%M")
        post = {"text": "bench", "posted_at": now}
        stamp = time.time_ns()

        def posts(tag):
            calls = []
            for i, (c, p) in enumerate(pairs):
                link = f"https://x.com/bench/status/{stamp}{tag}{i:06d}"
                data = {**post, "prisoner": p.pk, "link": link}
                calls.append((c, "/me/posts/", data, 302))
            return calls

        fresh, again = timed(posts("1")), timed(posts("2"))
    total_posts = Post.objects.count()
    print(f"\nB3/B4 as {len(clients)} signed-in volunteers; an empty POST: {noop:,.0f} req/s")
    for label, rate in (
        ("B3 claim", claim),
        (f"B4 log a post (table at {total_posts:,} rows, first post)", fresh),
        ("B4 log a post (second post)", again),
    ):
        verdict = "ok" if rate >= 0.7 * noop else "BELOW GOAL"
        print(f"  {label:<52} {rate:6,.0f} req/s  {rate / noop:4.2f} x  {verdict} (goal >= 0.7 x)")
    # Hand the prisoners back so that the next run finds them free again.
    Adoption.objects.filter(volunteer__in=people, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=Adoption.EndReason.HANDED_BACK
    )


if __name__ == "__main__":
    main()
