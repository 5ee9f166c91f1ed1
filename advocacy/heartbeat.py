"""Beat's heartbeat as the site reads it: /health/ and the organizers' dashboard.

advocacy/beat.py writes it from beat's own process, where Django's apps are not loaded;
this module reads it through the model.
"""

from django.conf import settings
from django.utils import timezone

from .beat import BEAT
from .compiled import Compiled
from .models import Heartbeat


def last_tick(name: str = BEAT):
    """When beat last ticked, or None if it never did on this database (one query, its
    SQL compiled once per process and name: the organizers' dashboard asks every visit)."""
    query = _ticks.get(name)
    if query is None:
        query = _ticks[name] = Compiled(lambda: Heartbeat.objects.filter(name=name)[:1])
    found = query.fetch().rows
    return found[0].at if found else None


_ticks: dict[str, Compiled] = {}


def state(last) -> str:
    """ "ok", "down" (older than BEAT_STALE_AFTER_SECONDS) or "never" (no tick yet)."""
    if last is None:
        return "never"
    age = (timezone.now() - last).total_seconds()
    return "ok" if age <= settings.BEAT_STALE_AFTER_SECONDS else "down"
