from django.conf import settings

SHORT_NAMES = {"en": "EN", "zh-hans": "简", "zh-hant": "繁"}


def campaign(request):
    """The campaign's name, and the languages each named in its own script."""
    return {
        "CAMPAIGN_NAME": settings.CAMPAIGN_NAME,
        # (code, name, short name): the header shows the short one on mid-size screens.
        "LANGUAGE_CHOICES": [
            (code, name, SHORT_NAMES.get(code, name)) for code, name in settings.LANGUAGES
        ],
    }
