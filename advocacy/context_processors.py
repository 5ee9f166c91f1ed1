from django.conf import settings


def campaign(request):
    """The campaign's name, and the languages each named in its own script."""
    return {"CAMPAIGN_NAME": settings.CAMPAIGN_NAME, "LANGUAGE_CHOICES": settings.LANGUAGES}
