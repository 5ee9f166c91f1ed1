from django.conf import settings


def campaign(request):
    """The campaign's name, for the page title and header of every page."""
    return {"CAMPAIGN_NAME": settings.CAMPAIGN_NAME}
