"""Site-wide views: the home page and the health check. The roof may use both apps."""

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from campaigns.coverage import coverage
from campaigns.models import Adoption
from prisoners.models import Prisoner

URGENT_ON_HOME = 6


def campaign_counters() -> dict[str, int]:
    """Headline figures; cached briefly so the home page never counts per visit."""

    def count():
        published = Prisoner.objects.published()
        defended = Adoption.objects.active().defenders().filter(prisoner__is_published=True)
        return {
            "published": published.count(),
            "held": published.held().count(),
            "defended": defended.count(),
            "needing": coverage.needing_defender(Prisoner.objects.all()).count(),
        }

    return cache.get_or_set("home:counters", count, 300)


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


@never_cache
def health(request):
    """200 when the database and Redis answer; 503 naming what is down."""
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {"status": "ok" if not down else "down", "down": down}
    body.update({name: "ok" if ok else "down" for name, ok in checks.items()})
    return JsonResponse(body, status=503 if down else 200)
