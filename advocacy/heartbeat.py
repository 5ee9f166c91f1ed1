"""Beat's heartbeat as the site reads it: /health/ and the organizers' dashboard.

advocacy/beat.py writes it from beat's own process, where Django's apps are not loaded;
this module reads it through the model.
"""

from django.conf import settings
from django.utils import timezone

from .beat import BEAT
from .models import Heartbeat


def last_tick(name: str = BEAT):
    """When beat last ticked, or None if it never did on this database (one query)."""
    return Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()


def state(last) -> str:
    """ "ok", "down" (older than BEAT_STALE_AFTER_SECONDS) or "never" (no tick yet)."""
    if last is None:
        return "never"
    age = (timezone.now() - last).total_seconds()
    return "ok" if age <= settings.BEAT_STALE_AFTER_SECONDS else "down"
