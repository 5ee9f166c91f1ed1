import contextlib
import zoneinfo

from django.utils import timezone
from django.utils.cache import patch_cache_control


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


# Powerful browser features the site never uses, refused to it and to anything it could
# be made to embed (neither Django nor django-csp sends this header). The clipboard stays
# allowed: the suggested post is copied with a button.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# The pages that are one person's own (a volunteer's, the account's, the signed links'
# from their emails, the organizers'), by the route they resolved to: a browser must not
# keep them on disk, nor a proxy share them. A refused or unknown address resolves to
# nothing and stays an ordinary 404.
PRIVATE_ROUTES = ("me/", "accounts/", "r/", "organize/")


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.route.startswith(PRIVATE_ROUTES):
            patch_cache_control(response, private=True, no_store=True)
        return response
