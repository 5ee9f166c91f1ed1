"""Benchmark B6 of QUALITY.md: the weekly fan-out through the outbox, against the floor.

    make bench                        # 5,000 defenders (BENCH_FANOUT) in advocacy_bench
    BENCH_FANOUT=100000 make bench    # campaign scale (makes as many prisoners)

The floor is one process rendering every reminder and sending it over one SMTP
connection, with no outbox. The outbox run is what the workers do: the tick writes the
rows, then each broker message's chunk is sent (here one after the other in this
process, so both runs use one core). Both send to an SMTP sink in another process.
Printed: the ratio (goal <= 1.3), broker messages per email (goal ~ 1/500), and this
process's resident memory after the first chunk and after the last (goal: flat).
"""

import datetime
import gc
import os
import time
from pathlib import Path

import bootstrap

bootstrap.setup()

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from bench import smtp_sink
from bench.run import generate
from campaigns import tasks
from campaigns.models import Adoption, OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule, send
from campaigns.outbox.emails import build_message
from prisoners.models import Prisoner

WANTED = int(os.environ.get("BENCH_FANOUT", "5000"))
PREFIX = "bench-fanout-"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def ensure_defenders(total: int) -> None:
    """`total` volunteers, each defending their own prisoner, due from Monday 00:00 UTC."""
    User = get_user_model()
    have = User.objects.filter(email__startswith=PREFIX).count()
    if have >= total:
        return
    generate(max(Prisoner.objects.count(), total + 10))
    free = list(
        Prisoner.objects.exclude(pk__in=Adoption.objects.active().values("prisoner_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[: total - have]
    )
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(email=f"{PREFIX}{have + i}@example.org", display_name=f"Bench {have + i}")
                for i in range(len(free))
            ],
            batch_size=5000,
        )
        VolunteerSettings.objects.bulk_create(
            [VolunteerSettings(volunteer=u, reminder_weekday=1, reminder_hour=0) for u in users],
            batch_size=5000,
        )
        Adoption.objects.bulk_create(
            [
                Adoption(volunteer=u, prisoner_id=p, role=Adoption.Role.DEFENDER)
                for u, p in zip(users, free, strict=True)
            ],
            batch_size=5000,
        )
    # As autovacuum would soon (bench/run.py does the same for the prisoners): without
    # statistics the planner took the new adoptions for none, and every page that asks
    # "has a defender?" spent 7 ms in the wrong index in the benchmarks run after this.
    with connection.cursor() as cursor:
        for table in ("campaigns_adoption", "advocacy_user", "campaigns_volunteersettings"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  made {len(users):,} defenders", flush=True)


def floor(rows: list[OutgoingEmail]) -> float:
    start = time.perf_counter()
    mail = get_connection(fail_silently=False)
    mail.open()
    for row in rows:
        mail.send_messages([build_message(row)])
    mail.close()
    return time.perf_counter() - start


def main() -> None:
    call_command("migrate", verbosity=0)
    ensure_defenders(WANTED)
    with smtp_sink.running() as port:
        smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
        }
        with override_settings(**smtp):
            run(port)


def run(port: int) -> None:
    OutgoingEmail.objects.filter(volunteer__email__startswith=PREFIX).delete()
    adoptions = list(
        Adoption.objects.active()
        .defenders()
        .filter(volunteer__email__startswith=PREFIX)
        .select_related("volunteer", "prisoner")
        .order_by("volunteer_id")[:WANTED]
    )
    # A database made for a bigger run holds more bench defenders than wanted: pause the
    # others, so that the tick makes rows for exactly the floor's volunteers.
    bench_settings = VolunteerSettings.objects.filter(volunteer__email__startswith=PREFIX)
    bench_settings.update(paused_until=None)
    bench_settings.filter(volunteer_id__gt=adoptions[-1].volunteer_id).update(
        paused_until=datetime.date.today() + datetime.timedelta(days=60)
    )
    rows = [
        OutgoingEmail(volunteer=a.volunteer, prisoner=a.prisoner, kind="reminder", period="floor")
        for a in adoptions
    ]
    n = len(rows)
    print(f"\nB6 fan-out to {n:,} defenders (SMTP sink on port {port})", flush=True)
    t_floor = floor(rows)
    print(f"  floor (render + send, one connection): {t_floor:7.1f} s", flush=True)
    # The floor's rows are not the outbox's: let them go, so that the memory printed
    # below is what sending the chunks takes (at 100,000 they held ~700 MiB).
    del rows, adoptions
    gc.collect()

    messages: list[list[int]] = []
    original = tasks.send_reminders.apply_async
    tasks.send_reminders.apply_async = lambda args, **kw: messages.append(list(args[0]))
    try:
        start = time.perf_counter()
        result = schedule.tick()
        t_tick = time.perf_counter() - start
        memory = []
        for chunk in messages:
            send.send_chunk(chunk)
            memory.append(rss_mib())
        t_outbox = time.perf_counter() - start
    finally:
        tasks.send_reminders.apply_async = original
    sent = OutgoingEmail.objects.filter(
        volunteer__email__startswith=PREFIX, status=OutgoingEmail.Status.SENT
    ).count()
    ratio = t_outbox / t_floor
    print(f"  outbox (tick {t_tick:.1f} s + send):      {t_outbox:7.1f} s  {ratio:.2f} x floor"
          f"  {'ok' if ratio <= 1.3 else 'ABOVE GOAL'} (goal <= 1.3)")  # fmt: skip
    print(f"  rows made {sum(result.created.values()):,}, sent {sent:,}; broker messages "
          f"{len(messages):,} = 1 per {n / max(len(messages), 1):,.0f} emails "
          f"(chunk size {settings.REMINDER_CHUNK_SIZE})")  # fmt: skip
    if memory:
        print(f"  resident memory after the first chunk {memory[0]:.0f} MiB, "
              f"after the last {memory[-1]:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
