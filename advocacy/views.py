"""Site-wide views: the home page and the health check. The roof may use both apps."""

import redis
from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from campaigns.coverage import coverage
from campaigns.reminders import backlog_age
from campaigns.stats import campaign_counters
from prisoners.models import Prisoner

URGENT_ON_HOME = 6


def home(request):
    urgent = coverage.needing_defender(Prisoner.objects.all()).most_urgent_first()
    return render(
        request,
        "home.html",
        {"counters": campaign_counters(), "urgent": list(urgent[:URGENT_ON_HOME])},
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _redis_ok() -> bool:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _outbox_ok(database_ok: bool) -> bool:
    """No reminder has waited longer than REMINDER_BACKLOG_ALERT_SECONDS to be sent."""
    if not database_ok:
        return False
    age = backlog_age()
    return age is None or age.total_seconds() <= settings.REMINDER_BACKLOG_ALERT_SECONDS


@never_cache
def health(request):
    """200 when the database, Redis and the outbox are fine; 503 naming what is not."""
    database = _database_ok()
    checks = {"database": database, "redis": _redis_ok(), "outbox": _outbox_ok(database)}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "down", "down": down}
    body.update({name: "ok" if ok else "down" for name, ok in checks.items()})
    return JsonResponse(body, status=503 if down else 200)
