"""The cost of Chinese throughout (issue 12): the list and a profile, rendered every time,
in English, Simplified and Traditional Chinese, against a bare view in the same run.

    DATABASE_URL=postgres:///advocacy_bench python bench/chinese.py   (make bench runs it)

The profile is written in both languages (summary, charges, a timeline of ten events),
so a Traditional reader's page converts all of it with OpenCC. The goal: Traditional no
slower than English (conversions are cached, not redone per request).
"""

import datetime
import os

import bootstrap

bootstrap.setup()

from django.core.management import call_command
from django.test import Client, override_settings
from run import throughput  # bench/run.py: the same measure as B1 and B2

from prisoners.models import CaseEvent, Prisoner, Status

SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LANGUAGES = ("en", "zh-hans", "zh-hant")
SUMMARY = (
    "He defended people whose homes were taken and whose relatives were detained. "
    "He was held incommunicado for months and tried behind closed doors."
)
SUMMARY_ZH = "他为房屋被强拆、亲属被拘押的人辩护。他被秘密关押数月，之后在不公开的庭审中受审。"


def the_profile() -> Prisoner:
    """One profile with its case in both languages (written once, kept)."""
    prisoner, _ = Prisoner.objects.get_or_create(
        slug="bench-chinese",
        defaults={"native_name": "许志永", "status": Status.SENTENCED, "is_published": True},
    )
    fields = {"summary": SUMMARY, "charges": "Subversion of state power"}
    if hasattr(prisoner, "summary_zh_hans"):  # the code before issue 12 had English only
        fields.update(summary_zh_hans=SUMMARY_ZH, charges_zh_hans="颠覆国家政权罪")
    Prisoner.objects.filter(pk=prisoner.pk).update(**fields)
    if not prisoner.events.exists():
        for n in range(10):
            event = {"text": f"Event {n}: {SUMMARY}"}
            if hasattr(CaseEvent, "text_zh_hans"):
                event["text_zh_hans"] = f"第{n}件事：{SUMMARY_ZH}"
            CaseEvent.objects.create(
                prisoner=prisoner, date=datetime.date(2020, 1, n + 1), kind="note", **event
            )
    return prisoner


def main() -> None:
    call_command("migrate", verbosity=0)
    urls = {"list": "/prisoners/", "profile": the_profile().get_absolute_url()}
    best: dict[tuple[str, str], float] = {}
    hello = 0.0
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, PAGE_CACHE_SECONDS=0):
        for _ in range(ROUNDS):  # interleaved rounds, the best of each kept
            client = Client()
            hello = max(hello, throughput(client, "/bench/hello/"))
            for language in LANGUAGES:
                client.cookies["django_language"] = language
                for page, url in urls.items():
                    rate = throughput(client, url)
                    best[page, language] = max(best.get((page, language), 0.0), rate)
    total = Prisoner.objects.count()
    print(f"\n{total:,} prisoners, rendered every time; hello: {hello:,.0f} req/s")
    for page in urls:
        english = best[page, "en"]
        for language in LANGUAGES:
            rate = best[page, language]
            print(
                f"  {page:<8} {language:<8} {rate:8,.0f} req/s  {rate / hello:5.3f} x hello"
                f"  {rate / english:5.2f} x English"
            )
        verdict = "ok" if best[page, "zh-hant"] >= 0.95 * english else "SLOWER"
        print(f"  {page}: Traditional against English (goal >= 0.95): {verdict}")


if __name__ == "__main__":
    main()
