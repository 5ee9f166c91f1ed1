"""Benchmarks B1 and B2 of QUALITY.md: prisoner list and detail against a bare view.

    make bench                      # 50,000 prisoners in the database advocacy_bench
    BENCH_PRISONERS=5000 make bench

Generates the data once (kept between runs), then measures each page's throughput
through the whole middleware stack, side by side with a "hello" view in the same run,
and prints the ratios against the goals. No timed assertion lives in the test suite.
"""

import os
import random
import time

import bootstrap

bootstrap.setup()

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from prisoners import names, regions
from prisoners.models import CaseEvent, Prisoner, Status

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文斌宇浩凯鹏晓波丹"
REGIONS = ["北京", "上海", "广东", "四川", "新疆", "西藏", "湖北", "福建", "重庆", "辽宁"]
WANTED = int(os.environ.get("BENCH_PRISONERS", "50000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))


def generate(total: int) -> None:
    have = Prisoner.objects.count()
    rng = random.Random(have)
    batch = []
    for i in range(have, total):
        native = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
        pinyin = names.pinyin_for(native)
        name = names.strip_tones(pinyin)
        batch.append(
            Prisoner(
                native_name=native,
                pinyin=pinyin,
                name=name,
                slug=f"bench-{i}",
                region=(region := rng.choice(REGIONS)),
                province=regions.code_for(region),
                status=rng.choice([Status.DETAINED, Status.SENTENCED, Status.UNKNOWN]),
                priority=rng.choice((0, 0, 0, 1, 2)),
                is_published=True,
                search_key=names.search_key(native, pinyin, name),
            )
        )
        if len(batch) == 5000:
            Prisoner.objects.bulk_create(batch)
            batch = []
            print(f"  generated {i + 1:,} prisoners", flush=True)
    Prisoner.objects.bulk_create(batch)
    # Prisoners generated before they had provinces: the region filter reads the
    # province, and without one B1's "page 1" (region=北京) was an error page listing none.
    updated = sum(
        Prisoner.objects.filter(slug__startswith="bench-", province="", region=region).update(
            province=regions.code_for(region)
        )
        for region in REGIONS
    )
    if total > have or updated:
        # As autovacuum would soon: without statistics the planner takes 50,000 rows for
        # a few hundred and sorts them all instead of reading the urgency index, and
        # without the visibility map an index-only scan still reads every heap page.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE prisoners_prisoner")


def throughput(client: Client, url: str, clear_cache: bool = True) -> float:
    """Requests a second for SECONDS, after one to warm up; from an empty cache unless
    clear_cache is False (bench/rendered.py keeps its card fragments)."""
    if clear_cache:
        cache.clear()
    client.get(url)  # warm up
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    call_command("migrate", verbosity=0)
    generate(WANTED)
    detail = Prisoner.objects.order_by("pk").first()
    if not detail.events.exists():
        CaseEvent.objects.create(prisoner=detail, date="2020-01-01", text="Bench event")
    total = Prisoner.objects.count()
    per_page = settings.PRISONERS_PER_PAGE
    deep_page = min(400, total // per_page)
    client = Client()
    urls = {
        "B1 list, page 1": "/prisoners/?status=detained&region=北京",
        f"B1 list, page {deep_page}": f"/prisoners/?page={deep_page}",
        "B1 list, search": "/prisoners/?q=wangwei",
        "B2 detail": detail.get_absolute_url(),
    }
    # As served to anonymous visitors (the page cache on, PAGE_CACHE_SECONDS), then
    # rendered every time: what a signed-in volunteer or the first visitor waits. Goals
    # (QUALITY B1, B2): as served >= 0.35 x hello; rendered, the list >= 0.15 x and the
    # detail >= 0.25 x; a deep page within 1.2 x page 1's time, rendered (as served, page
    # 1 comes from the page cache and a page past PAGE_CACHE_MAX_PAGE never does).
    for title, seconds in (("as served (page cache on)", 60), ("rendered every time", 0)):
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, PAGE_CACHE_SECONDS=seconds):
            hello = throughput(client, "/bench/hello/")
            results = {label: throughput(client, url) for label, url in urls.items()}
        print(f"\n{total:,} prisoners, {title}; hello: {hello:,.0f} req/s")
        for label, rate in results.items():
            goal = 0.35 if seconds else (0.25 if label.startswith("B2") else 0.15)
            verdict = "ok" if rate >= goal * hello else "BELOW GOAL"
            print(
                f"  {label:<22} {rate:8,.0f} req/s  {rate / hello:5.2f} x hello"
                f"  (goal >= {goal:.2f})  {verdict}"
            )
        first, deep = results["B1 list, page 1"], results[f"B1 list, page {deep_page}"]
        verdict = "ok" if first / deep <= 1.2 else "BELOW GOAL"
        goal = "" if seconds else f"  (goal <= 1.2)  {verdict}"
        print(f"  page {deep_page} takes {first / deep:.2f} x page 1's time{goal}")


if __name__ == "__main__":
    main()
