"""Site-wide views: the home page and the health check. The roof may use both apps."""

import functools
import hashlib
import time

import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from django.views.static import serve

from campaigns.figures import COUNTERS_SECONDS, backlog_age, campaign_counters, coverage
from prisoners.fragments import code_version, kept_part
from prisoners.models import Prisoner

from . import heartbeat
from .pagecache import generation

URGENT_ON_HOME = 6
HOME_CONTENT = "_home_content.html"


def home(request):
    """Home's content holds nothing of the reader (no form, no token): it is drawn once
    per language and kept (issue 17) under the page generation, which every change to
    what it shows moves on (a prisoner saved, a claim, a post), and for at most
    COUNTERS_SECONDS, the counters' own lifetime (the week and the last 30 days move on
    without a change). Only base.html is drawn per request."""
    language = get_language()
    period = int(time.time() // COUNTERS_SECONDS)
    key = f"home:content:{_home_version()}:{language}:{generation()}:{period}"
    content = kept_part(key, _home_content, COUNTERS_SECONDS)
    return render(request, "home.html", {"content": mark_safe(content)})  # noqa: S308


def _home_content() -> str:
    urgent = coverage.needing_defender(Prisoner.objects.all()).most_urgent_first()
    context = {"counters": campaign_counters(), "urgent": list(urgent[:URGENT_ON_HOME])}
    return render_to_string(HOME_CONTENT, context)


@functools.lru_cache(maxsize=1)
def _home_version() -> str:
    """What home's content is drawn with: its template, and the cards' code version."""
    source = get_template(HOME_CONTENT).template.source
    return hashlib.sha256(f"{code_version()}:{source}".encode()).hexdigest()[:16]


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


def beat_state(database_ok: bool = True) -> str:
    """ "ok" when beat ticked within BEAT_STALE_AFTER_SECONDS, "never" before its first
    tick on this database (a fresh install is not down), "down" when its last tick is
    older, "unknown" while the database cannot say (the check that fails is "database")."""
    if not database_ok:
        return "unknown"
    try:
        return heartbeat.state(heartbeat.last_tick())
    except DatabaseError:
        return "unknown"


@never_cache
def health(request):
    """200 when the database, Redis, the outbox and beat are fine; 503 naming what is not."""
    database = _database_ok()
    checks = {"database": database, "redis": _redis_ok(), "outbox": _outbox_ok(database)}
    beat_now = beat_state(database)
    down = [name for name, ok in checks.items() if not ok]
    if beat_now == "down":
        down.append("beat")
    body = {"status": "ok" if not down else "down", "down": down}
    body.update({name: "ok" if ok else "down" for name, ok in checks.items()})
    body["beat"] = beat_now
    return JsonResponse(body, status=503 if down else 200)


def photo(request, path):
    """A prisoner's photo; MEDIA_ROOT is read per request, so it follows the settings."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@csrf_exempt
def switch_language(request):
    """Django's set_language, CSRF-exempt: a forged switch only changes the language of
    the next page, and a token in the switcher would keep the public pages from being
    cached (advocacy/pagecache.py).

    Someone signed in also keeps the choice in their profile, so that their emails come
    in it too; that changes stored data, so it needs the form's CSRF token (the switcher
    carries one for signed-in people, whose pages are never cached).
    """
    response = set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and CsrfViewMiddleware(lambda r: None).process_view(request, _checked, (), {}) is None
    ):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


def _checked(request):
    """A stand-in view without csrf_exempt, for the CSRF check above."""
