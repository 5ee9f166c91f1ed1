from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .access import is_organizer

SHORT_NAMES = {"en": "EN", "zh-hans": "简", "zh-hant": "繁"}


def campaign(request):
    """The campaign's name and contact address, the languages each named in its own
    script, and whether the visitor is an organizer (the menu's link to the dashboard)."""
    user = getattr(request, "user", None)
    return {
        "is_organizer": SimpleLazyObject(lambda: bool(user and is_organizer(user))),
        "CAMPAIGN_NAME": settings.CAMPAIGN_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        # (code, name, short name, spoken name): the header shows the short name on
        # mid-size screens; the spoken name starts with it, so that someone who says what
        # they see ("EN") to voice control names the button (WCAG 2.5.3).
        "LANGUAGE_CHOICES": [
            (code, name, short, name if name.startswith(short) else f"{short} – {name}")
            for code, name in settings.LANGUAGES
            for short in [SHORT_NAMES.get(code, name)]
        ],
    }
