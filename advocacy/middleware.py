import contextlib
import zoneinfo

from django.utils import timezone


class UserTimezoneMiddleware:
    """Show times in the signed-in volunteer's own time zone (stored as UTC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        zone = getattr(user, "timezone", "") if user and user.is_authenticated else ""
        timezone.deactivate()
        if zone:
            # An unknown zone (they are validated on save) falls back to UTC.
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
