from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .access import is_organizer

SHORT_NAMES = {"en": "EN", "zh-hans": "简", "zh-hant": "繁"}


def campaign(request):
    """The campaign's name, the languages each named in its own script, and whether the
    visitor is an organizer (the menu's link to the dashboard)."""
    user = getattr(request, "user", None)
    return {
        "is_organizer": SimpleLazyObject(lambda: bool(user and is_organizer(user))),
        "CAMPAIGN_NAME": settings.CAMPAIGN_NAME,
        # (code, name, short name): the header shows the short one on mid-size screens.
        "LANGUAGE_CHOICES": [
            (code, name, SHORT_NAMES.get(code, name)) for code, name in settings.LANGUAGES
        ],
    }
