"""Benchmark B8 of QUALITY.md: the censorship watch checking links against a fake platform.

    make bench                       # 100,000 posts (BENCH_LINKS) in advocacy_bench
    BENCH_LINKS=2000 make bench      # a quick run

Every bench post links to a blog on a local fake server (bench/link_server.py, 200 to
all). First the server's own ceiling: requests per second from plain clients, as many
as the links worker has processes, each on a new connection per request. Then the real
thing: a Celery worker on the `links` queue (concurrency 2, LINK_CHECK_ALLOW_PRIVATE on,
politeness raised), the beat's claim handing out every post, the tasks checking them.
Printed: posts checked per second against the ceiling (goal >= 0.7 x), the links
worker's memory early and at the end (goal: flat), and the latency of a trivial task on
the reminders' queue (its own worker, as in the Procfile) before and during the run
(goal: unchanged). Uses the broker REDIS_URL (default db 12) and a result backend there.
"""

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import bootstrap

os.environ.setdefault("REDIS_URL", "redis://localhost:6379/12")
bootstrap.setup()

import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from advocacy.celery import app
from bench import link_server
from bench.run import generate
from campaigns.linkcheck import checkers, schedule
from campaigns.models import Post
from prisoners.models import Prisoner

WANTED = int(os.environ.get("BENCH_LINKS", "100000"))
CONCURRENCY = 2
CEILING_SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
TIMEOUT = float(os.environ.get("BENCH_LINKS_TIMEOUT", "3600"))
EMAIL = "bench-links@example.org"
PATH = "/bench-links/"
CELERY = str(Path(sys.executable).with_name("celery"))


def ensure_posts(total: int) -> None:
    """`total` blog posts of one bench volunteer, about 100 prisoners."""
    volunteer, _ = get_user_model().objects.get_or_create(
        email=EMAIL, defaults={"display_name": "Bench links"}
    )
    have = Post.objects.filter(volunteer=volunteer).count()
    if have >= total:
        return
    generate(max(Prisoner.objects.count(), 100))
    prisoners = list(Prisoner.objects.order_by("pk").values_list("pk", flat=True)[:100])
    for start in range(have, total, 10_000):
        Post.objects.bulk_create(
            [
                Post(
                    volunteer=volunteer,
                    prisoner_id=prisoners[i % len(prisoners)],
                    platform=Post.Platform.BLOG,
                    link=f"http://127.0.0.1:1{PATH}{i}",
                )
                for i in range(start, min(start + 10_000, total))
            ],
            batch_size=5000,
        )
        print(f"  made {min(start + 10_000, total):,} posts", flush=True)


def reset(port: int) -> list[int]:
    """The first WANTED bench posts, unchecked, on this run's port and due; no other
    post of the bench database is due (their links are on the internet)."""
    ids = list(
        Post.objects.filter(volunteer__email=EMAIL)
        .order_by("pk")
        .values_list("pk", flat=True)[:WANTED]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE campaigns_post SET link_next_check_at = NULL")
        cursor.execute("DELETE FROM campaigns_linkcheck WHERE post_id = ANY(%s)", [ids])
        cursor.execute(
            """UPDATE campaigns_post
                  SET link = regexp_replace(link, '^http://127\\.0\\.0\\.1:[0-9]+/',
                                            'http://127.0.0.1:' || %s || '/'),
                      link_status = 'unchecked', link_checked_at = NULL,
                      link_live_at = NULL, link_gone_at = NULL, link_check_failures = 0,
                      link_next_check_at = %s
                WHERE id = ANY(%s)""",
            [str(port), timezone.now(), ids],
        )
    return ids


def worker(name: str, queue: str, concurrency: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy.settings",
        "LINK_CHECK_ALLOW_PRIVATE": "true",
        "LINK_CHECK_PER_HOST_PER_MINUTE": str(10**9),
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(  # noqa: S603 - our own celery, our arguments
        [
            *(CELERY, "-A", "advocacy", "--result-backend", settings.REDIS_URL, "worker"),
            *("--queues", queue, "--concurrency", str(concurrency), "--pool", "prefork"),
            *("-n", f"{name}@%h", "-l", "WARNING"),
            *("--without-mingle", "--without-gossip", "--without-heartbeat"),
        ],
        cwd=bootstrap.ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def memory_mib(process: subprocess.Popen) -> tuple[float, float]:
    """The pool's largest resident memory now, and its largest peak (VmHWM), in MiB."""
    found = {"VmRSS:": 0.0, "VmHWM:": 0.0}
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    for pid in children:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except FileNotFoundError:
            continue
        for line in lines:
            key = line.split()[0]
            if key in found:
                found[key] = max(found[key], int(line.split()[1]) / 1024)
    return found["VmRSS:"], found["VmHWM:"]


def reminder_latency() -> float:
    """Seconds for a trivial task on the default (reminders') queue to run and answer."""
    start = time.perf_counter()
    app.send_task("celery.accumulate", args=(1,), queue="celery").get(timeout=120)
    return time.perf_counter() - start


def sample_latency(stop_at: threading.Event, into: list[float]) -> None:
    while not stop_at.is_set():
        into.append(reminder_latency())
        stop_at.wait(1)


def checked(ids: list[int]) -> int:
    """How many of the posts (the first bench posts, by id) have been checked."""
    mine = Post.objects.filter(volunteer__email=EMAIL, pk__lte=ids[-1])
    return mine.filter(link_checked_at__isnull=False).count()


def main() -> None:
    call_command("migrate", verbosity=0)
    ensure_posts(WANTED)
    app.conf.result_backend = settings.REDIS_URL
    broker = redis.Redis.from_url(settings.REDIS_URL)
    broker.delete("links", "celery")  # leftovers of an interrupted run
    try:
        checkers.check("http://127.0.0.1:9/", Post.Platform.BLOG)
    except NotImplementedError:
        print("  NOTE: campaigns/linkcheck/checkers.py is a stub: every check is an error;"
              " this measures the scheduling and writing only", flush=True)  # fmt: skip
    except Exception:  # noqa: S110 - a real checker answering; nothing listens there
        pass
    logs = Path(os.environ.get("BENCH_LOGS", "/tmp"))  # noqa: S108 - bench logs
    with link_server.running() as port:
        base = f"http://127.0.0.1:{port}{PATH}"
        ceiling = link_server.ceiling(base.rstrip("/"), CONCURRENCY, CEILING_SECONDS)
        ids = reset(port)
        print(f"\nB8 censorship watch: {len(ids):,} posts on {base}", flush=True)
        print(f"  fake server's ceiling ({CONCURRENCY} clients), before: {ceiling:6.0f} requests/s")
        reminders = worker("bench-reminders", "celery", 1, logs / "bench-reminders.log")
        links = worker("bench-links", "links", CONCURRENCY, logs / "bench-links.log")
        try:
            rate = run(ids, links)
        finally:
            stop(links)
            stop(reminders)
        # The ceiling again after the run: the mean of both is what the run is held to,
        # so that a machine busier at the start than later does not flatter or blame it.
        after = link_server.ceiling(base.rstrip("/"), CONCURRENCY, CEILING_SECONDS)
        ceiling = (ceiling + after) / 2
        print(f"  fake server's ceiling after the run:  {after:8.0f} requests/s")
        print(f"  posts checked per second:              {rate:8.0f}  {rate / ceiling:.2f} x "
              f"ceiling (mean of before and after)  "
              f"{'ok' if rate / ceiling >= 0.7 else 'BELOW GOAL'} (goal >= 0.7)")  # fmt: skip


def run(ids: list[int], links: subprocess.Popen) -> float:
    """Checks all `ids` through the links worker; posts checked per second."""
    before = [reminder_latency() for _ in range(10)]  # also: the workers are up
    while not Path(f"/proc/{links.pid}/task/{links.pid}/children").read_text().split():
        time.sleep(0.1)
    during: list[float] = []
    done = threading.Event()
    sampler = threading.Thread(target=sample_latency, args=(done, during), daemon=True)
    start = time.perf_counter()
    schedule.check_due(limit=len(ids))
    handed = time.perf_counter() - start
    sampler.start()
    early = middle = None
    total = len(ids)
    n = 0
    while n < total and time.perf_counter() - start < TIMEOUT:
        time.sleep(0.5)
        n = checked(ids)
        if early is None and n >= total * 0.05:
            early = memory_mib(links)
        if middle is None and n >= total * 0.5:
            middle = memory_mib(links)
    elapsed = time.perf_counter() - start
    end = memory_mib(links)
    done.set()
    sampler.join()
    rate = n / elapsed
    print(f"  handed out by the beat's claim in {handed:.1f} s; checked {n:,} of {total:,}"
          f" in {elapsed:.1f} s")  # fmt: skip
    if early:
        half = f"at 50% {middle[0]:.0f} MiB, " if middle else ""
        print(f"  links worker memory (largest pool process): at 5% {early[0]:.0f} MiB"
              f" (peak {early[1]:.0f}), {half}at the end {end[0]:.0f} MiB"
              f" (peak {end[1]:.0f})")  # fmt: skip
    if during:
        print(f"  reminder queue latency: before {statistics.median(before) * 1000:.0f} ms "
              f"(median), during {statistics.median(during) * 1000:.0f} ms (median), "
              f"{max(during) * 1000:.0f} ms (worst of {len(during)})")  # fmt: skip
    return rate


if __name__ == "__main__":
    main()
