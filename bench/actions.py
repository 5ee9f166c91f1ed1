"""Benchmarks B3 and B4 of QUALITY.md: claiming a prisoner and logging a post.

    make bench                 # in advocacy_bench, after the other benchmarks

Both are measured through the whole stack as signed-in volunteers, side by side with a
signed-in POST that does nothing. B3 claims free prisoners one volunteer each; B4 logs
posts with the Post table at its current size (a million rows after bench/dashboard.py)
and again for a volunteer with no posts of their own. Goal: >= 0.5 x the empty POST. It
prints the queries of one empty POST, one claim and one post (their SQL with
BENCH_SHOW_SQL=1).

Every request is sent urlencoded (`browser_post`), as browsers send the site's forms
(none of the claim's or the post's templates asks for multipart/form-data): Django's
test client sends multipart by default, whose parsing (~900 Python calls a post) no
volunteer's request costs.
"""

import gc
import os
import sys
import time
from urllib.parse import urlencode

import bootstrap

bootstrap.setup()

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.fanout import WANTED as DEFENDERS
from bench.fanout import ensure_defenders
from campaigns.figures import coverage
from campaigns.models import Adoption, Post
from prisoners.models import Prisoner

CLAIMS = int(os.environ.get("BENCH_CLAIMS", "300"))
GOAL = 0.5  # QUALITY.md B3 and B4: >= 0.5 x the empty POST
ROUND = 20  # requests per turn (side_by_side)
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


def browser_post(client: Client, path: str, body: str | dict):
    """POST a form urlencoded (`body` encoded already, or a dict), as a browser sends a
    form without an enctype. The message a claim or a post leaves ("Thank you…") is shown
    and dropped by the /me/ page the browser is sent to next, which is not loaded here:
    its cookie is dropped as that page would (else each request carried, decoded and
    signed again every message of the run before it)."""
    body = body if isinstance(body, str) else urlencode(body)
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    client.cookies.pop(CookieStorage.cookie_name, None)
    return response


def elapsed(calls) -> float:
    """Seconds taken by the given (client, path, data, expected status) calls (their
    bodies encoded before the clock starts, as a browser's arrive)."""
    calls = [(client, path, urlencode(data), expected) for client, path, data, expected in calls]
    start = time.perf_counter()
    for client, path, body, expected in calls:
        response = browser_post(client, path, body)
        assert response.status_code == expected, (path, response.status_code)
    return time.perf_counter() - start


def side_by_side(calls) -> tuple[float, float]:
    """(empty POSTs per second, `calls` per second), measured in turns of ROUND requests:
    the same clients' empty POSTs, then their calls. On a shared machine whose load
    comes and goes, each ratio compares requests made a moment apart."""
    noop_seconds = action_seconds = 0.0
    for start in range(0, len(calls), ROUND):
        turn = calls[start : start + ROUND]
        noop_seconds += elapsed([(call[0], "/bench/noop/", {}, 204) for call in turn])
        action_seconds += elapsed(turn)
    return len(calls) / noop_seconds, len(calls) / action_seconds


def counted(client: Client, path: str, data: dict, expected: int) -> list[str]:
    """The SQL one request runs (not timed)."""
    with CaptureQueriesContext(connection) as captured:
        response = browser_post(client, path, data)
    assert response.status_code == expected, (path, response.status_code)
    return [query["sql"] for query in captured]


def setting_up(count: int):
    """(volunteers, their signed-in clients, prisoners without a defender), `count` of
    each, in the database migrated and with bench/fanout.py's defenders."""
    call_command("migrate", verbosity=0)
    ensure_defenders(DEFENDERS)
    people = volunteers(count)
    clients = clients_for(people)
    prisoners = list(coverage.needing_defender(Prisoner.objects.all()).order_by("pk")[:count])
    if len(prisoners) < count:
        sys.exit(f"only {len(prisoners)} prisoners without a defender: run bench/run.py first")
    return people, clients, prisoners


def hand_back(people) -> None:
    """What `people` defend handed back, so that the next run finds it free again."""
    Adoption.objects.filter(volunteer__in=people, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=Adoption.EndReason.HANDED_BACK
    )


def main() -> None:
    # One more volunteer and prisoner than timed: their requests are counted, not timed.
    people, clients, prisoners = setting_up(CLAIMS + 1)
    try:
        run(people, clients, prisoners)
    finally:
        hand_back(people)


def run(people, clients, prisoners) -> None:
    stamp = time.time_ns()

    def post_data(prisoner, tag, i):
        link = f"https://x.com/bench/status/{stamp}{tag}{i:06d}"
        return {"prisoner": prisoner.pk, "link": link, "text": "bench"}

    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        elapsed([(c, "/bench/noop/", {}, 204) for c in clients])  # warm up every session
        # Each test client holds its own middleware (WhiteNoise's table of every static
        # file): hundreds of them make a full garbage collection cost tens of ms, landing
        # on whichever request is running. Freeze them out of the collector's sight.
        gc.collect()
        gc.freeze()
        one, its_prisoner = clients.pop(), prisoners.pop()
        sql = {
            "empty POST": counted(one, "/bench/noop/", {}, 204),
            "claim": counted(one, f"/prisoners/{its_prisoner.slug}/defend/", {}, 302),
            "log a post": counted(one, "/me/posts/", post_data(its_prisoner, 9, 0), 302),
        }
        pairs = list(zip(clients, prisoners, strict=True))
        claim = side_by_side([(c, f"/prisoners/{p.slug}/defend/", {}, 302) for c, p in pairs])

        def posts(tag):
            return [(c, "/me/posts/", post_data(p, tag, i), 302) for i, (c, p) in enumerate(pairs)]

        fresh, again = side_by_side(posts(1)), side_by_side(posts(2))
    total_posts = Post.objects.count()
    print(f"\nB3/B4 as {len(clients)} signed-in volunteers, in turns of {ROUND} empty POSTs")
    print(f"then {ROUND} actions (req/s: the action, the empty POST beside it)")
    for label, (noop, rate) in (
        ("B3 claim", claim),
        (f"B4 log a post (table at {total_posts:,} rows, first post)", fresh),
        ("B4 log a post (second post)", again),
    ):
        verdict = "ok" if rate >= GOAL * noop else "BELOW GOAL"
        print(
            f"  {label:<52} {rate:5,.0f} / {noop:5,.0f} req/s  {rate / noop:4.2f} x  "
            f"{verdict} (goal >= {GOAL} x)"
        )
    for label, queries in sql.items():
        print(f"  queries of one {label}: {len(queries)}")
        if os.environ.get("BENCH_SHOW_SQL"):
            for query in queries:
                print(f"      {query[:160]}")


if __name__ == "__main__":
    main()
