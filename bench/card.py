"""The profile card (issue 13, point 7) as link previews fetch it: served from the
cache once drawn, against a bare view in the same run.

    DATABASE_URL=postgres:///advocacy_bench python bench/card.py   (make bench runs it)

`throughput` clears the cache and warms up with one request, so every measured request
is a cached card, without a query: from the process's memory of its recent cards, and
(that memory turned off) from Redis. Goal: >= 0.3 x hello.
"""

import os

import bootstrap

bootstrap.setup()

from django.core.management import call_command
from django.test import Client, override_settings
from run import throughput  # bench/run.py: the same measure as B1 and B2

from prisoners import card
from prisoners.models import Prisoner, Status

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
GOAL = 0.3


def main() -> None:
    call_command("migrate", verbosity=0)
    prisoner, _ = Prisoner.objects.get_or_create(
        slug="bench-card",
        defaults={
            "native_name": "许志永",
            "status": Status.SENTENCED,
            "detained_on": "2023-04-15",
            "is_published": True,
        },
    )
    url = f"/prisoners/{prisoner.slug}/card.png?lang=zh-hans"
    hello, rates = 0.0, {"from memory": 0.0, "from Redis": 0.0}
    recent = card.RECENT_CARDS
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        for _ in range(ROUNDS):  # interleaved rounds, the best of each kept
            client = Client()
            hello = max(hello, throughput(client, "/bench/hello/"))
            for label, kept in (("from memory", recent), ("from Redis", 0)):
                card.RECENT_CARDS = kept
                card._recent.clear()
                rates[label] = max(rates[label], throughput(client, url))
    card.RECENT_CARDS = recent
    print(f"\nThe profile card, served from the cache; hello: {hello:,.0f} req/s")
    for label, rate in rates.items():
        verdict = "ok" if rate >= GOAL * hello else "BELOW GOAL"
        print(
            f"  card.png {label:<12} {rate:8,.0f} req/s  {rate / hello:5.2f} x hello"
            f"  (goal >= {GOAL}) {verdict}"
        )


if __name__ == "__main__":
    main()
